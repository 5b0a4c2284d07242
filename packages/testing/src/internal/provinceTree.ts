/**
 * The organisation tree of a generated province history and its organisation events: provinces →
 * upper (district-level) committees → grassroots committees (with a few sub-committees) and
 * grassroots cells → cells; each branch's planned headcount over the years; the yearly admission
 * targets; branch congresses; and the 2025 restructuring (grassroots re-parented to the province,
 * the district level dissolved, provinces merged pairwise).
 */
import * as Names from "./names.ts"
import { dayText, isoMinutes, officeMs, type Rng, ymd } from "./provinceRandom.ts"

/** The resolved options (see `ProvinceHistory.Options` for their meaning). */
export interface Config {
  readonly seed: number
  readonly members: number
  readonly from: number
  readonly to: number
  readonly provinces: number
  readonly uppers: number
  readonly grassrootsCommittees: number
  readonly grassrootsCells: number
  readonly cells: number
  readonly subCommittees: number
  readonly openingShare: number
  /** The opening roster's party-age bands `[weight, [from, to]]` (years), or the default curve. */
  readonly openingPartyAge: ReadonlyArray<readonly [number, readonly [number, number]]> | undefined
  readonly femaleShareOfAdmissions: number
  readonly femaleShareOfOpening: number
  readonly ethnicMinorityShare: number
  readonly minorities: ReadonlyArray<readonly [number, string]>
  /** Share of people with a religion; undefined: by ethnic group (`Names.styles`). */
  readonly religiousShare: number | undefined
  readonly admissionsPerYear: ReadonlyMap<number, number> | undefined
  readonly admissionTargets: ReadonlyMap<number, number> | undefined
  readonly planAttainment: readonly [number, number]
  readonly halfYearRatingsFrom: number | undefined
  readonly restructuring: boolean
  readonly lateShare: number
  readonly rates: Rates
}

/** Yearly probabilities of a member's incidents (see `ProvinceHistory.defaultRates`). */
export interface Rates {
  /** Multiplies the death curve by age (0.8% a year at 60, 4% at 80, 10% at 90; women 0.7×). */
  readonly mortality: number
  /** An official transfer, under 60. */
  readonly transfer: number
  /** Of the transfers: the share to another branch of the dataset… */
  readonly transferWithin: number
  /** …and abroad (half come back); the rest leave the dataset. */
  readonly abroad: number
  /** Members arriving from outside the dataset (`MemberImported`, `transferIn`), per member of a branch. */
  readonly arrivals: number
  /** A temporary transfer (work or study), under 55. */
  readonly temporaryTransfer: number
  readonly discipline: number
  readonly struckOff: number
  readonly allowedToLeave: number
  /** Probationary members not recognised at the end of probation (struck off, PRB-04). */
  readonly notRecognized: number
  /** Of the exits that allow it (RDM-02), the share readmitted 37–96 months later. */
  readonly readmission: number
  /** Exemption for age, from 70. */
  readonly ageExemption: number
  /** Exemption for health, any age (half of them end after 1–3 years). */
  readonly healthExemption: number
  /** Yearly rating levels (the rest is `good`); `excellent` is capped by RAT-04 from 2023. */
  readonly excellent: number
  readonly completed: number
  readonly notCompleted: number
}

export interface Province {
  readonly id: string
  readonly code: string
  readonly name: string
  /** Index of the province this one is merged into on the restructuring date. */
  readonly mergedInto: number | undefined
}
export interface Upper {
  readonly id: string
  readonly province: number
  readonly name: string
}
export interface Grassroots {
  readonly id: string
  readonly kind: "grassrootsCommittee" | "grassrootsCell"
  readonly upper: number
  readonly province: number
  readonly name: string
  readonly branches: Array<number>
}
export interface Sub {
  readonly id: string
  readonly grassroots: number
  readonly name: string
}
export interface Branch {
  readonly id: string
  readonly kind: "cell" | "grassrootsCell"
  readonly grassroots: number
  /** Parent: a grassroots committee, a sub-committee, or (grassroots cell) the upper committee. */
  readonly parentId: string
  readonly name: string
  /** Members on the opening day. */
  readonly opening: number
  /** Planned members at the end of the last year. */
  readonly target: number
}

export interface Tree {
  readonly provinces: ReadonlyArray<Province>
  readonly uppers: ReadonlyArray<Upper>
  readonly grassroots: ReadonlyArray<Grassroots>
  readonly subs: ReadonlyArray<Sub>
  readonly branches: ReadonlyArray<Branch>
  /** The first day (opening roster, foundings) and the restructuring day, as day numbers. */
  readonly openingDay: number
  readonly restructuringDay: number
}

/** The restructuring date (Quy định 294, Kết luận 127/137: district level abolished, provinces merged). */
export const RESTRUCTURING = "2025-07-01"

/** `total` split into `n` near-equal integer parts. */
const split = (total: number, n: number, i: number) => Math.floor(((i + 1) * total) / n) - Math.floor((i * total) / n)

/** Two-digit card prefixes: the real provincial codes first, then the other numbers. */
export const provinceCodes: ReadonlyArray<string> = (() => {
  const real = Names.provinces.map(([c]) => c)
  const rest = Array.from({ length: 99 }, (_, i) => String(i + 1).padStart(2, "0")).filter((c) => !real.includes(c))
  return [...real, ...rest]
})()

/** The planned headcount of a branch at the end of `year` (the opening roster before `from`). */
export const planned = (b: Branch, cfg: Config, year: number): number => {
  if (year < cfg.from) return b.opening
  const span = cfg.to - cfg.from + 1
  const t = (year - cfg.from + 1) / span
  return b.opening * Math.pow(Math.max(b.target, 1) / Math.max(b.opening, 1), t)
}

/** The expected admissions of a branch in a year: growth plus replacement of about 2% losses. */
export const expectedAdmissions = (b: Branch, cfg: Config, year: number): number => {
  const before = planned(b, cfg, year - 1)
  return Math.max(0, planned(b, cfg, year) - before + 0.02 * before)
}

/** A place name, numbered once the list is used up. */
const place = (i: number) =>
  `${Names.places[i % Names.places.length]}${
    i < Names.places.length ? "" : ` ${1 + Math.floor(i / Names.places.length)}`
  }`

/** Builds the tree (ids, names, planned sizes). */
export const build = (cfg: Config, rng: Rng, ulid: (ms: number) => string): Tree => {
  const openingDay = ymd(cfg.from, 1, 1)
  const foundedMs = () => officeMs(rng, openingDay)
  const provinces: Array<Province> = []
  const uppers: Array<Upper> = []
  const grassroots: Array<Grassroots> = []
  const subs: Array<Sub> = []
  const branches: Array<Branch> = []
  for (let p = 0; p < cfg.provinces; p++) {
    const code = provinceCodes[p % provinceCodes.length]!
    const real = Names.provinces.find(([c]) => c === code)
    provinces.push({
      id: ulid(foundedMs()),
      code,
      name: `Đảng bộ ${real?.[1] ?? `tỉnh Thử nghiệm ${code}`}`,
      mergedInto: cfg.restructuring && p % 2 === 1 ? p - 1 : undefined
    })
    const nUppers = Math.max(1, split(cfg.uppers, cfg.provinces, p))
    const nCommittees = Math.max(1, split(cfg.grassrootsCommittees, cfg.provinces, p))
    const nGrassrootsCells = split(cfg.grassrootsCells, cfg.provinces, p)
    const nCells = Math.max(nCommittees, split(cfg.cells, cfg.provinces, p))
    const nSubs = Math.min(nCommittees, split(cfg.subCommittees, cfg.provinces, p))
    const firstUpper = uppers.length
    for (let u = 0; u < nUppers; u++) {
      uppers.push({ id: ulid(foundedMs()), province: p, name: `Huyện ủy ${place(uppers.length)}` })
    }
    const upperOf = () => firstUpper + rng.int(0, nUppers - 1)
    const firstCommittee = grassroots.length
    for (let g = 0; g < nCommittees; g++) {
      const upper = firstUpper + (g < nUppers ? g : rng.int(0, nUppers - 1))
      grassroots.push({
        id: ulid(foundedMs()),
        kind: "grassrootsCommittee",
        upper,
        province: p,
        name: `Đảng bộ ${rng.pick(["xã", "xã", "phường", "thị trấn", "cơ quan", "trường"])} ${
          place(grassroots.length)
        }`,
        branches: []
      })
    }
    // Cells: one per committee, the rest spread at random.
    const cellsOf: Array<number> = Array.from({ length: nCommittees }, () => 1)
    for (let c = nCommittees; c < nCells; c++) cellsOf[rng.int(0, nCommittees - 1)]!++
    const subOf = new Map<number, Sub>()
    for (let s = 0; s < nSubs; s++) {
      const g = firstCommittee + Math.floor((s * nCommittees) / nSubs)
      const sub = { id: ulid(foundedMs()), grassroots: g, name: `Đảng bộ bộ phận ${s + 1} ${grassroots[g]!.name}` }
      subs.push(sub)
      subOf.set(g, sub)
    }
    const meanSize = cfg.members / cfg.provinces / Math.max(1, nCells + nGrassrootsCells)
    const size = (cap: number) => Math.min(cap, meanSize * (0.35 + 1.3 * rng.next()))
    const drafts: Array<{ kind: Branch["kind"]; grassroots: number; parentId: string; name: string; size: number }> = []
    for (let g = 0; g < nCommittees; g++) {
      const gi = firstCommittee + g
      const sub = subOf.get(gi)
      for (let c = 0; c < cellsOf[g]!; c++) {
        drafts.push({
          kind: "cell",
          grassroots: gi,
          parentId: sub !== undefined && c % 2 === 1 ? sub.id : grassroots[gi]!.id,
          name: `Chi bộ ${rng.pick(["thôn", "bản", "tổ dân phố", "khu", "phòng"])} ${c + 1}`,
          size: size(Number.POSITIVE_INFINITY)
        })
      }
    }
    for (let g = 0; g < nGrassrootsCells; g++) {
      const upper = upperOf()
      const gi = grassroots.length
      grassroots.push({
        id: ulid(foundedMs()),
        kind: "grassrootsCell",
        upper,
        province: p,
        name: `Chi bộ ${rng.pick(["Trường", "Công ty", "Trạm Y tế", "Chi cục", "Ban Quản lý"])} ${place(gi)}`,
        branches: []
      })
      drafts.push({ kind: "grassrootsCell", grassroots: gi, parentId: uppers[upper]!.id, name: "", size: size(29) })
    }
    // Scale the planned sizes to the province's share of the members, less the 7% that transfers
    // into branches generated earlier add unplanned (measured: 6–8% at 2,000–50,000 members).
    const want = split(cfg.members, cfg.provinces, p) / 1.07
    const sum = drafts.reduce((n, d) => n + d.size, 0)
    for (const d of drafts) {
      const target = Math.max(3, (d.size * want) / Math.max(sum, 1))
      const g = grassroots[d.grassroots]!
      const branch: Branch = {
        id: d.kind === "grassrootsCell" ? g.id : ulid(foundedMs()),
        kind: d.kind,
        grassroots: d.grassroots,
        parentId: d.parentId,
        name: d.name,
        opening: Math.max(3, rng.round(target * cfg.openingShare)),
        target
      }
      g.branches.push(branches.length)
      branches.push(branch)
    }
  }
  return { provinces, uppers, grassroots, subs, branches, openingDay, restructuringDay: ymd(2025, 7, 1) }
}

/** One NDJSON line; `data` is JSON already. */
export const line = (
  id: string,
  stream: string,
  type: string,
  occurredOn: string,
  recordedAt: string,
  data: string
): string =>
  `{"id":"${id}","stream":"${stream}","type":"${type}","schemaVersion":1,"occurredOn":"${occurredOn}","recordedAt":"${recordedAt}","data":${data}}`

/**
 * The organisation events in date order: foundings, then year by year the admission targets
 * (January), branch congresses (every five years, April) and, in 2025, the restructuring.
 */
export function* orgLines(tree: Tree, cfg: Config, rng: Rng, ulid: (ms: number) => string): Generator<string> {
  const emit = (orgId: string, type: string, day: number, data: string) => {
    const ms = officeMs(rng, day)
    return line(ulid(ms), `org-${orgId}`, type, dayText(day), isoMinutes(ms), data)
  }
  const founded = (id: string, name: string, kind: string, parentId: string | null, code?: string) =>
    emit(
      id,
      "OrganizationFounded",
      tree.openingDay,
      JSON.stringify({ name, kind, parentId, ...(code === undefined ? {} : { code }) })
    )
  for (const p of tree.provinces) yield founded(p.id, p.name, "province", null, p.code)
  for (const u of tree.uppers) yield founded(u.id, u.name, "upper", tree.provinces[u.province]!.id)
  for (const g of tree.grassroots) {
    yield founded(
      g.id,
      g.name,
      g.kind,
      g.kind === "grassrootsCell" ? tree.uppers[g.upper]!.id : tree.uppers[g.upper]!.id
    )
  }
  for (const s of tree.subs) yield founded(s.id, s.name, "subCommittee", tree.grassroots[s.grassroots]!.id)
  for (const b of tree.branches) if (b.kind === "cell") yield founded(b.id, b.name, "cell", b.parentId)

  // Expected admissions per upper committee and year, for the plans.
  const years = cfg.to - cfg.from + 1
  const upperExpected = new Float64Array(tree.uppers.length * years)
  for (const b of tree.branches) {
    const u = tree.grassroots[b.grassroots]!.upper
    for (let y = 0; y < years; y++) upperExpected[u * years + y]! += expectedAdmissions(b, cfg, cfg.from + y)
  }
  const restructured = cfg.restructuring && cfg.to >= 2025
  for (let y = cfg.from; y <= cfg.to; y++) {
    const yi = y - cfg.from
    const planDay = ymd(y, 1, 10)
    const afterRestructuring = restructured && y > 2025
    const provinceExpected = new Float64Array(tree.provinces.length)
    for (const [u, upper] of tree.uppers.entries()) provinceExpected[upper.province]! += upperExpected[u * years + yi]!
    const given = cfg.admissionTargets?.get(y)
    const totalExpected = provinceExpected.reduce((n, x) => n + x, 0)
    const [lo, hi] = cfg.planAttainment
    const plan = (expected: number) =>
      given !== undefined
        ? Math.round((given * expected) / Math.max(totalExpected, 1e-9))
        : Math.max(1, Math.round(expected / (lo + (hi - lo) * rng.next())))
    for (const [pi, p] of tree.provinces.entries()) {
      if (afterRestructuring && p.mergedInto !== undefined) continue
      let expected = provinceExpected[pi]!
      if (afterRestructuring) {
        for (const [qi, q] of tree.provinces.entries()) if (q.mergedInto === pi) expected += provinceExpected[qi]!
      }
      yield emit(p.id, "AdmissionTargetSet", planDay, `{"year":${y},"target":${plan(expected)}}`)
    }
    if (!afterRestructuring) {
      for (const [u, upper] of tree.uppers.entries()) {
        yield emit(
          upper.id,
          "AdmissionTargetSet",
          planDay,
          `{"year":${y},"target":${plan(upperExpected[u * years + yi]!)}}`
        )
      }
    }
    if (y % 5 === 0) {
      // Branch congresses (đại hội chi bộ): a chi ủy from 9 official members, else a secretary (ORG-04).
      // The official members at the congress: about 95% of the headcount planned for the year
      // before (probationary members are about 5% of a province's members).
      for (const b of tree.branches) {
        const size = 0.95 * (y === cfg.from ? b.opening : (planned(b, cfg, y - 1)))
        const day = ymd(y, rng.int(3, 5), rng.int(1, 28))
        yield emit(
          b.id,
          "CommitteeElected",
          day,
          size >= 9 ? `{"kind":"chiUy","size":${size >= 20 ? 5 : 3}}` : `{"kind":"secretary"}`
        )
      }
    }
    if (restructured && y === 2025) {
      const day = tree.restructuringDay
      for (const g of tree.grassroots) {
        yield emit(g.id, "OrganizationReparented", day, `{"parentId":"${tree.provinces[g.province]!.id}"}`)
      }
      for (const u of tree.uppers) yield emit(u.id, "OrganizationDissolved", day, "{}")
      for (const p of tree.provinces) {
        if (p.mergedInto !== undefined) {
          yield emit(p.id, "OrganizationMerged", day, `{"intoOrgId":"${tree.provinces[p.mergedInto]!.id}"}`)
        }
      }
    }
  }
}

/**
 * Who decides an admission in a branch on a day: the district-level committee before the
 * restructuring; after it, the grassroots committee (for a cell) or the province (for a grassroots
 * cell, the surviving province after a merge).
 */
export const admittingOrg = (tree: Tree, cfg: Config, branch: Branch, day: number): string => {
  const g = tree.grassroots[branch.grassroots]!
  if (!cfg.restructuring || day < tree.restructuringDay) return tree.uppers[g.upper]!.id
  if (g.kind === "grassrootsCommittee") return g.id
  const p = tree.provinces[g.province]!
  return tree.provinces[p.mergedInto ?? g.province]!.id
}
