/**
 * A synthetic history of a province's party organisation (or of several provinces, up to the whole
 * country), deterministic by seed: the organisation tree (province → district-level committees →
 * grassroots committees, sub-committees and grassroots cells → cells), members with realistic ages,
 * gender and ethnicity mixes, and decades of candidates, admissions, probations, recognitions,
 * transfers, temporary transfers, exemptions, ratings, discipline, badges, exits, deaths and
 * readmissions; yearly admission targets; the 2025 restructuring (district level dissolved,
 * grassroots re-parented to the province, provinces merged pairwise); and late entries (events
 * recorded months after they occurred).
 *
 * It emits only histories the rule book accepts, as NDJSON lines in a valid file order for
 * `Import.run`: every organisation event first (in date order), then member by member, each stream
 * in date order, a sponsor's whole stream before the streams that name them. Lines are produced
 * lazily, member by member; memory grows with the organisation tree and the largest grassroots
 * organisation, not with the number of members. No clock and no `Math.random`: the same options
 * give the same lines.
 *
 * @since 0.1.0
 */
import type { Envelope } from "@dangvien/core/Envelope"
import * as Names from "./internal/names.ts"
import { candidate, imported } from "./internal/provinceLife.ts"
import type { PoolEntry, World } from "./internal/provinceMember.ts"
import * as Rng from "./internal/provinceRandom.ts"
import { build, type Config, orgLines, planned, provinceCodes, type Rates } from "./internal/provinceTree.ts"

/**
 * `Config`: the options with every default filled in (what `config` returns); `Rates`: the yearly
 * probabilities of a member's incidents.
 *
 * @category models
 * @since 0.1.0
 */
export type { Config, Rates } from "./internal/provinceTree.ts"

/**
 * The shape of the organisation tree: totals over the whole history (split evenly between
 * provinces). Defaults follow the national ratios: about 18 members a branch, 15% of branches
 * grassroots cells, 10 cells a grassroots committee, 2,500 members a district-level committee.
 * Lai Châu on 31/12/2021, for instance, is `{ uppers: 12, grassrootsCommittees: 185,
 * grassrootsCells: 341, cells: 1908, subCommittees: 3 }`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Shape {
  /** District-level committees (cấp trên trực tiếp của cơ sở: huyện ủy, thị ủy…). */
  readonly uppers?: number
  /** Grassroots committees (đảng bộ cơ sở). */
  readonly grassrootsCommittees?: number
  /** Grassroots cells (chi bộ cơ sở). */
  readonly grassrootsCells?: number
  /** Cells under grassroots committees (chi bộ trực thuộc). */
  readonly cells?: number
  /** Sub-committees (đảng bộ bộ phận), each holding half the cells of its grassroots committee. */
  readonly subCommittees?: number
}

/**
 * Options of a generated history. Every field is optional.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The seed (default 1): the same options give the same lines. */
  readonly seed?: number
  /**
   * About how many party members the organisations hold at the end of the last year (default
   * 10,000: a district). Each branch plans its headcount from the opening roster to its share of
   * this number and admits what keeps it on plan; the result is within a few per cent.
   */
  readonly members?: number
  /** First year (default 1995): the opening roster is imported on 1 January. */
  readonly from?: number
  /** Last year (default 2025): no event after 31 December. */
  readonly to?: number
  /** Provinces (default 1). From 2, odd-numbered provinces merge into the one before on 2025-07-01. */
  readonly provinces?: number
  readonly shape?: Shape
  /** The opening roster as a share of the final headcount (default 0.45). */
  readonly openingShare?: number
  /**
   * The party-age mix of the opening roster: bands of years of party age on the first day, by
   * weight, each drawn uniformly within `[from, to)` (e.g. Duy Tiên's old rural membership:
   * `[[25, 0, 10], [15, 10, 25], [10, 25, 30], [8, 30, 35], [42, 35, 65]]`). Bands are clamped to
   * 0–70 years; a member who would be 92 or older is drawn again (up to six times). Default: an
   * exponential with a mean of 13 years, capped at 60 (a roster as young as today's national one).
   */
  readonly openingPartyAge?: ReadonlyArray<readonly [weight: number, from: number, to: number]>
  /** Share of women among the admitted and the arrivals (default 0.42). */
  readonly femaleShareOfAdmissions?: number
  /** Share of women in the opening roster (default 0.22). */
  readonly femaleShareOfOpening?: number
  /** Share of ethnic minorities among everyone generated (default 0.12). */
  readonly ethnicMinorityShare?: number
  /** The minorities' mix, by weight (default: Tày, Thái, Mường, Khmer, Mông, Nùng, Dao, Ê Đê). */
  readonly minorities?: ReadonlyArray<readonly [weight: number, ethnicity: string]>
  /**
   * Share of people with a religion (tôn giáo) among everyone generated, each drawn from the
   * religions of their ethnic group (Phật giáo for a group with none listed). Default: by ethnic
   * group (one Kinh person in ten; six Khmer in ten).
   */
  readonly religiousShare?: number
  /**
   * Admissions per year over the whole history (e.g. `{ 2021: 1022 }`), spread over the branches by
   * their size. A year listed here overrides the headcount plan for that year.
   */
  readonly admissionsPerYear?: Readonly<Record<number, number>>
  /** The plan (`AdmissionTargetSet`) per year over the whole history, split by expected admissions. */
  readonly admissionTargets?: Readonly<Record<number, number>>
  /** Range of the plan attainment drawn when no target is given (default [0.92, 1.15]). */
  readonly planAttainment?: readonly [number, number]
  /**
   * From this year on, members are also rated for the first half-year (`YYYY-H1`, in late June), as
   * some provinces do (Duy Tiên's 2021-H1 figures); default: yearly ratings only.
   */
  readonly halfYearRatingsFrom?: number
  /** The 2025 restructuring (default: true when the history reaches 2025). */
  readonly restructuring?: boolean
  /** Share of member events recorded 30–300 days after they occurred (default 0.02; deaths 4×). */
  readonly lateShare?: number
  readonly rates?: Partial<Rates>
}

/**
 * Yearly rates of the incidents of a member's life, by default.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultRates: Rates = {
  mortality: 2,
  transfer: 0.015,
  transferWithin: 0.6,
  abroad: 0.03,
  arrivals: 0.004,
  temporaryTransfer: 0.01,
  discipline: 0.004,
  struckOff: 0.0008,
  allowedToLeave: 0.0001,
  notRecognized: 0.01,
  readmission: 0.1,
  ageExemption: 0.1,
  healthExemption: 0.002,
  excellent: 0.14,
  completed: 0.1,
  notCompleted: 0.008
}

const toMap = (r: Readonly<Record<number, number>> | undefined) =>
  r === undefined ? undefined : new Map(Object.entries(r).map(([y, n]) => [Number(y), n]))

/** The bands clamped to 0–70 years, without weightless ones; none left: the default curve. */
const partyAgeBands = (bands: Options["openingPartyAge"]): Config["openingPartyAge"] => {
  const kept = (bands ?? []).flatMap(([weight, a, b]) => {
    const from = Math.min(70, Math.max(0, a))
    return weight > 0 ? [[weight, [from, Math.min(70, Math.max(from, b))]] as const] : []
  })
  return kept.length > 0 ? kept : undefined
}

/**
 * The options with every default filled in.
 *
 * @category constructors
 * @since 0.1.0
 */
export const config = (options: Options = {}): Config => {
  const members = Math.max(10, Math.round(options.members ?? 10_000))
  const from = options.from ?? 1995
  const to = Math.max(from, options.to ?? 2025)
  const provinces = Math.max(1, Math.round(options.provinces ?? 1))
  const branches = Math.max(1, Math.round(members / 18))
  const grassrootsCells = options.shape?.grassrootsCells ?? Math.round(0.15 * branches)
  const cells = options.shape?.cells ?? Math.max(1, branches - grassrootsCells)
  const grassrootsCommittees = options.shape?.grassrootsCommittees ?? Math.max(1, Math.round(cells / 10))
  return {
    seed: options.seed ?? 1,
    members,
    from,
    to,
    provinces,
    uppers: options.shape?.uppers ?? Math.max(1, Math.round(members / 2500)),
    grassrootsCommittees,
    grassrootsCells,
    cells,
    subCommittees: options.shape?.subCommittees ?? Math.round(grassrootsCommittees * 0.016),
    openingShare: options.openingShare ?? 0.45,
    openingPartyAge: partyAgeBands(options.openingPartyAge),
    femaleShareOfAdmissions: options.femaleShareOfAdmissions ?? 0.42,
    femaleShareOfOpening: options.femaleShareOfOpening ?? 0.22,
    ethnicMinorityShare: options.ethnicMinorityShare ?? 0.12,
    minorities: options.minorities ?? Names.ethnicities.filter(([, e]) => e !== "Kinh"),
    religiousShare: options.religiousShare,
    admissionsPerYear: toMap(options.admissionsPerYear),
    admissionTargets: toMap(options.admissionTargets),
    planAttainment: options.planAttainment ?? [0.92, 1.15],
    halfYearRatingsFrom: options.halfYearRatingsFrom,
    restructuring: (options.restructuring ?? true) && to >= 2025 && from <= 2025,
    lateShare: options.lateShare ?? 0.02,
    rates: { ...defaultRates, ...options.rates }
  }
}

/**
 * What a history held, filled in while its lines are read: events, member streams, events by
 * type, and (once every line was read) the members in a branch at the end.
 *
 * @category models
 * @since 0.1.0
 */
export interface Stats {
  events: number
  organizations: number
  members: number
  membersAtEnd: number
  readonly byType: Map<string, number>
}

/**
 * A generated history: iterate it for its NDJSON lines (each iteration generates them again,
 * identically); `batches` gives the same lines a stream at a time (the organisation events in
 * chunks, then one member's stream per batch), which is cheaper for bulk consumers; `stats` fills
 * in while iterating.
 *
 * @category models
 * @since 0.1.0
 */
export interface History extends Iterable<string> {
  readonly config: Config
  readonly stats: Stats
  readonly batches: () => Iterable<ReadonlyArray<string>>
}

/**
 * A history of the given options.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options = {}): History => {
  const cfg = config(options)
  const stats: Stats = { events: 0, organizations: 0, members: 0, membersAtEnd: 0, byType: new Map() }
  return {
    config: cfg,
    stats,
    batches: () => ({ [Symbol.iterator]: () => generate(cfg, stats) }),
    [Symbol.iterator]: () => new Lines(generate(cfg, stats))
  }
}

/**
 * The NDJSON lines of a history (no trailing newlines), lazily.
 *
 * @category constructors
 * @since 0.1.0
 */
export const lines = (options: Options = {}): Iterable<string> => make(options)

/**
 * The envelopes of a history, lazily (each line parsed; the lines are valid envelopes).
 *
 * @category constructors
 * @since 0.1.0
 */
export const envelopes = (options: Options = {}): Iterable<Envelope> => ({
  *[Symbol.iterator]() {
    for (const l of make(options)) yield JSON.parse(l) as Envelope
  }
})

const done: IteratorReturnResult<undefined> = { done: true, value: undefined }

/** The lines of the batches, one by one (a plain iterator: cheaper than a generator per line). */
class Lines implements Iterator<string> {
  private batch: ReadonlyArray<string> = []
  private i = 0
  private readonly batches: Iterator<ReadonlyArray<string>>
  constructor(batches: Iterator<ReadonlyArray<string>>) {
    this.batches = batches
  }
  next(): IteratorResult<string> {
    while (this.i >= this.batch.length) {
      const n = this.batches.next()
      if (n.done === true) return done
      this.batch = n.value
      this.i = 0
    }
    return { done: false, value: this.batch[this.i++]! }
  }
}

/** Decision days cluster before the anniversaries admission ceremonies are held on (3/2, 19/5, 2/9, 22/12). */
const ANNIVERSARIES: ReadonlyArray<readonly [number, number]> = [[2, 3], [5, 19], [9, 2], [12, 22]]

function* generate(cfg: Config, stats: Stats): Generator<ReadonlyArray<string>> {
  Object.assign(stats, { events: 0, organizations: 0, members: 0, membersAtEnd: 0 })
  stats.byType.clear()
  const rng = Rng.make(cfg.seed)
  const ulid = Rng.ulids(cfg.seed)
  const tree = build(cfg, rng, ulid)
  stats.organizations = tree.provinces.length + tree.uppers.length + tree.grassroots.length + tree.subs.length +
    tree.branches.filter((b) => b.kind === "cell").length
  let chunk: Array<string> = []
  for (const l of orgLines(tree, cfg, rng, ulid)) {
    stats.events++
    chunk.push(l)
    if (chunk.length === 1_000) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
  const years = cfg.to - cfg.from + 1
  const counters = new Map<string, number>()
  const usedCodes = new Set(provinceCodes.slice(0, cfg.provinces))
  const codes = tree.provinces.map((p) => p.code)
  const nextCard = (province: number): string => {
    let code = codes[province]!
    let n = (counters.get(code) ?? 0) + 1
    if (n > 999_999) {
      // A province beyond a million cards: continue under a code no province uses.
      code = provinceCodes.find((c) => !usedCodes.has(c)) ?? code
      usedCodes.add(code)
      codes[province] = code
      n = (counters.get(code) ?? 0) + 1
    }
    counters.set(code, n)
    return `${code}.${String(n).padStart(6, "0")}`
  }
  const w: World = {
    cfg,
    tree,
    rng,
    ulid,
    horizon: Rng.ymd(cfg.to, 12, 31),
    deltas: new Int32Array(tree.branches.length * years),
    quota: new Int32Array(tree.grassroots.length * years * 2),
    nextCard,
    counts: stats.byType
  }
  const totalTarget = tree.branches.reduce((n, b) => n + b.target, 0)
  const first = tree.openingDay + 20
  const admissionDay = (year: number) => {
    const day = rng.chance(0.7)
      ? Rng.ymd(year, ...rng.pick(ANNIVERSARIES)) - rng.int(3, 30)
      : Rng.ymd(year, 1, 1) + rng.int(0, 364)
    return Math.min(w.horizon, Math.max(first, day))
  }
  const counted = (member: ReadonlyArray<string>) => {
    if (member.length > 0) stats.members++
    stats.events += member.length
    return member
  }
  for (const g of tree.grassroots) {
    // Sponsors come from the same grassroots organisation (ADM-05): its members so far.
    const pool: Array<PoolEntry> = []
    for (const bi of g.branches) {
      const b = tree.branches[bi]!
      for (let k = 0; k < b.opening; k++) {
        yield counted(imported(w, pool, bi, tree.openingDay, "openingBalance"))
      }
      for (let y = cfg.from; y <= cfg.to; y++) {
        let headcount = 0
        for (let i = 0; i <= y - cfg.from; i++) headcount += w.deltas[bi * years + i]!
        const given = cfg.admissionsPerYear?.get(y)
        const admissions = given !== undefined
          ? rng.round((given * b.target) / totalTarget)
          : Math.max(0, rng.round(planned(b, cfg, y) - headcount))
        const arrivals = rng.round(headcount * cfg.rates.arrivals)
        for (let k = 0; k < arrivals; k++) {
          const day = Math.min(w.horizon, Math.max(tree.openingDay + 1, Rng.ymd(y, 1, 1) + rng.int(0, 340)))
          yield counted(imported(w, pool, bi, day, "transferIn"))
        }
        for (let k = 0; k < admissions; k++) {
          const member = counted(candidate(w, pool, bi, admissionDay(y)))
          if (member.length > 0) yield member
        }
      }
    }
  }
  stats.membersAtEnd = w.deltas.reduce((n, d) => n + d, 0)
}
