/**
 * Arbitraries of organisation histories (§11 of the rule book): a small party tree — a province,
 * district-level committees (`upper`), a commune committee (`grassrootsCommittee`) with its cells,
 * sometimes a sub-committee, and a grassroots cell — founded before 1990, then renamed, given
 * committees and admission targets, sometimes with a cell founded late and merged away, and
 * sometimes restructured on 01/07/2025 (the district level abolished). Every event is decided by
 * the `OrganizationDecider` with the registry of the events before it, so every history is valid.
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Calendar from "@dangvien/core/Calendar"
import * as Envelope from "@dangvien/core/Envelope"
import { eventId, type OrgId, orgId, orgStream, parseStream } from "@dangvien/core/Ids"
import * as Organization from "@dangvien/core/Organization"
import * as OrganizationDecider from "@dangvien/core/OrganizationDecider"
import * as OrganizationRegistry from "@dangvien/core/OrganizationRegistry"
import type { OrgKind } from "@dangvien/core/OrgEvent"
import type { RuleViolation } from "@dangvien/core/RuleViolation"
import { Result } from "effect"
import type * as fc from "fast-check"
import { type Draw, draw } from "./internal/draw.ts"
import { iso, recordingMs } from "./internal/instant.ts"
import * as Names from "./internal/names.ts"
import * as Ulid from "./internal/ulid.ts"

/**
 * A generated organisation history: the recorded envelopes of every organisation stream in one
 * valid global order (each stream in its own order), the registry folded from them, the province
 * and its two-digit code (used in card numbers), and the branch-level units (chi bộ) members can
 * belong to.
 *
 * @category models
 * @since 0.1.0
 */
export interface OrgTree {
  readonly events: ReadonlyArray<Envelope.OrgEnvelope>
  readonly registry: OrganizationRegistry.Registry
  readonly provinceId: OrgId
  readonly provinceCode: string
  /** Every `cell` and `grassrootsCell` ever founded (some may be merged away later). */
  readonly branchIds: ReadonlyArray<OrgId>
  /** Commands the decider refused while generating (empty unless the generator or decider is wrong). */
  readonly refused: ReadonlyArray<{ readonly command: OrganizationDecider.Command; readonly violation: RuleViolation }>
}

/**
 * Options of `orgTree`: whether to restructure on 01/07/2025 (`"sometimes"` by default).
 *
 * @category models
 * @since 0.1.0
 */
export interface OrgTreeOptions {
  readonly restructure?: "never" | "sometimes" | "always"
}

interface Planned {
  readonly id: OrgId
  readonly command: OrganizationDecider.Command
  readonly order: number
}

const between = (d: Draw, from: CalendarDate, to: CalendarDate): CalendarDate =>
  Calendar.fromDayNumber(
    d.int(Calendar.toDayNumber(from), Math.max(Calendar.toDayNumber(from), Calendar.toDayNumber(to)))
  )

const cmd = <K extends OrganizationDecider.CommandTag>(
  _tag: K,
  occurredOn: CalendarDate,
  data: OrganizationDecider.CommandOf<K>["data"]
): OrganizationDecider.Command => ({ _tag, occurredOn, data }) as OrganizationDecider.Command

/** Builds the tree from random choices. */
const drawOrgTree = (d: Draw, options: OrgTreeOptions = {}): OrgTree => {
  const entropy = d.bits(50) << 30n
  let idCounter = 0n
  const newId = (on: CalendarDate): OrgId =>
    orgId(Ulid.make(Envelope.startOfDayInstant(on), entropy + (idCounter += 1n) * 7919n + BigInt(d.int(0, 7000))))
  const plan: Array<Planned> = []
  const places = [...Names.places]
  const place = (): string => places.splice(d.int(0, places.length - 1), 1)[0] ?? "Mới"
  /** Founding and end (merge) dates, so that no command is planned outside an organisation's life. */
  const life = new Map<OrgId, { readonly from: CalendarDate; until?: CalendarDate }>()
  const add = (id: OrgId, command: OrganizationDecider.Command): void => {
    const l = life.get(id)
    if (l !== undefined && (command.occurredOn < l.from || (l.until !== undefined && command.occurredOn >= l.until))) {
      return
    }
    plan.push({ id, command, order: plan.length })
  }
  const found = (name: string, kind: OrgKind, parentId: OrgId | null, on: CalendarDate, code?: string): OrgId => {
    const id = newId(on)
    add(id, cmd("Found", on, { name, kind, parentId, ...(code === undefined ? {} : { code }) }))
    life.set(id, { from: on })
    return id
  }

  const [code, provinceName] = d.pick(Names.provinces)
  const provinceOn = between(d, "1930-02-03", "1960-12-31")
  const provinceId = found(`Đảng bộ ${provinceName}`, "province", null, provinceOn, code)
  const uppers: Array<OrgId> = []
  const grassroots: Array<OrgId> = []
  const branches: Array<OrgId> = []
  const committees: Array<OrgId> = []
  const firstCells: Array<OrgId> = []
  const upperCount = d.chance(0.5) ? 2 : 1
  for (let u = 0; u < upperCount; u++) {
    const upperOn = between(d, provinceOn, Calendar.addYears(provinceOn, 10))
    const upper = found(`Đảng bộ huyện ${place()}`, "upper", provinceId, upperOn)
    uppers.push(upper)
    if (u === 0 || d.chance(0.6)) {
      const committeeOn = between(d, upperOn, Calendar.addYears(upperOn, 10))
      const commune = place()
      const committee = found(`Đảng bộ xã ${commune}`, "grassrootsCommittee", upper, committeeOn)
      grassroots.push(committee)
      committees.push(committee)
      const cells = u === 0 ? d.int(2, 4) : d.int(1, 2)
      for (let c = 0; c < cells; c++) {
        const kind = d.pick(["thôn", "bản", "Trường Tiểu học", "Trạm Y tế", "Hợp tác xã"])
        const cell = found(
          `Chi bộ ${kind} ${place()}`,
          "cell",
          committee,
          between(d, committeeOn, Calendar.addYears(committeeOn, 8))
        )
        branches.push(cell)
        if (u === 0) firstCells.push(cell)
      }
      if (d.chance(0.3)) {
        const subOn = between(d, committeeOn, Calendar.addYears(committeeOn, 5))
        const sub = found(`Đảng bộ bộ phận ${commune} ${d.int(1, 3)}`, "subCommittee", committee, subOn)
        branches.push(found(`Chi bộ xóm ${place()}`, "cell", sub, between(d, subOn, Calendar.addYears(subOn, 3))))
      }
    }
  }
  const gcellParent = d.pick(uppers)
  const gcell = found(
    `Chi bộ cơ sở ${d.pick(["Trường THPT", "Công ty Cổ phần", "Bệnh viện Đa khoa", "Trung tâm Y tế"])} ${place()}`,
    "grassrootsCell",
    gcellParent,
    between(d, "1975-04-30", "1989-12-31")
  )
  grassroots.push(gcell)
  branches.push(gcell)

  // A cell founded late, sometimes merged into an older one.
  const mainCommittee = committees[0]!
  if (d.chance(0.4)) {
    const lateOn = between(d, "1995-01-01", "2008-12-31")
    const late = found(`Chi bộ khu dân cư ${place()}`, "cell", mainCommittee, lateOn)
    branches.push(late)
    if (d.chance(0.5)) {
      const mergedOn = between(d, "2010-01-01", "2022-12-31")
      add(late, cmd("Merge", mergedOn, { intoOrgId: d.pick(firstCells) }))
      life.set(late, { from: lateOn, until: mergedOn })
    }
  }
  // Committees (cấp ủy) elected at the congresses, admission targets, a rename.
  for (const unit of [...branches, ...committees]) {
    for (const year of [2010, 2015, 2020, 2025]) {
      if (!d.chance(0.6)) continue
      const chiUy = d.chance(0.4)
      add(
        unit,
        cmd(
          "ElectCommittee",
          between(d, `${year}-03-01`, `${year}-06-30`),
          chiUy ? { kind: "chiUy", size: d.int(3, 7) } : { kind: "secretary" }
        )
      )
    }
  }
  for (const committee of committees) {
    for (let year = 2015; year <= 2026; year++) {
      if (d.chance(0.5)) {
        add(
          committee,
          cmd("SetAdmissionTarget", between(d, `${year}-01-05`, `${year}-03-31`), { year, target: d.int(1, 12) })
        )
      }
    }
  }
  if (d.chance(0.3)) {
    const renamed = d.pick(branches)
    add(
      renamed,
      cmd("Rename", between(d, Calendar.max("2000-01-01", life.get(renamed)!.from), "2020-12-31"), {
        name: `Chi bộ ${place()}`
      })
    )
  }
  // 01/07/2025: the district level is abolished; grassroots organisations come directly under the province.
  const restructure = options.restructure ?? "sometimes"
  if (restructure === "always" || (restructure === "sometimes" && d.chance(0.5))) {
    for (const g of grassroots) add(g, cmd("Reparent", "2025-07-01", { parentId: provinceId }))
    for (const u of uppers) add(u, cmd("Dissolve", "2025-07-01", {}))
  }

  // Decide everything in date order (ties keep planning order).
  const ordered = [...plan].sort((a, b) =>
    a.command.occurredOn < b.command.occurredOn
      ? -1
      : a.command.occurredOn > b.command.occurredOn
      ? 1
      : a.order - b.order
  )
  const events: Array<Envelope.OrgEnvelope> = []
  const refused: Array<{ command: OrganizationDecider.Command; violation: RuleViolation }> = []
  const states = new Map<OrgId, Organization.State>()
  let registry = OrganizationRegistry.empty
  let lastMs = Number.NEGATIVE_INFINITY
  let counter = 0n
  const eventEntropy = d.bits(50) << 30n
  for (const { command, id } of ordered) {
    const state = states.get(id) ?? Organization.initialFor(id)
    const decided = OrganizationDecider.decide(command, state, registry.contextFor(id))
    if (Result.isFailure(decided)) {
      refused.push({ command, violation: decided.failure })
      continue
    }
    for (const event of decided.success) {
      lastMs = recordingMs(d, event.occurredOn, lastMs)
      const envelope = Envelope.make(
        {
          id: eventId(Ulid.make(lastMs, eventEntropy + (counter += 1n))),
          stream: orgStream(id),
          schemaVersion: 1,
          recordedAt: iso(lastMs)
        },
        event
      )
      events.push(envelope)
      states.set(id, Organization.evolve(state, envelope))
      registry = registry.add([envelope])
    }
  }
  return { events, registry, provinceId, provinceCode: code, branchIds: branches, refused }
}

/**
 * A small valid organisation tree (see the module description), generated through the
 * `OrganizationDecider`.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const orgTree = (options: OrgTreeOptions = {}): fc.Arbitrary<OrgTree> => draw((d) => drawOrgTree(d, options))

/**
 * The branch-level units (chi bộ) live on a date.
 *
 * @category getters
 * @since 0.1.0
 */
export const liveBranchesOn = (tree: OrgTree, date: CalendarDate): ReadonlyArray<OrgId> =>
  tree.branchIds.filter((id) => {
    const snap = tree.registry.on(id, date)
    return snap !== undefined && snap.live && Organization.isBranchLevel(snap.kind)
  })

/**
 * The committee that decides admissions for a branch on a date (the district-level `upper`
 * committee; after the district level is abolished, the grassroots committee or the province).
 *
 * @category getters
 * @since 0.1.0
 */
export const admittingCommitteeOn = (tree: OrgTree, branch: OrgId, date: CalendarDate): OrgId | undefined => {
  const ancestors = tree.registry.ancestorsOn(branch, date)
  const kindOf = (id: OrgId) => tree.registry.on(id, date)?.kind
  return ancestors.find((a) => kindOf(a) === "upper") ??
    ancestors.find((a) => kindOf(a) === "grassrootsCommittee") ??
    ancestors[ancestors.length - 1]
}

/**
 * The `org` function of a member decider's context backed by the tree: the kind of an
 * organisation live on a date, or `undefined`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const orgFacts = (tree: OrgTree) => (id: OrgId, on: CalendarDate): { readonly kind: OrgKind } | undefined => {
  const snap = tree.registry.on(id, on)
  return snap !== undefined && snap.live ? { kind: snap.kind } : undefined
}

/**
 * Replays organisation envelopes (in a valid global order) through the `OrganizationDecider`, each
 * judged with the registry of the envelopes before it: the first refused envelope with its index,
 * or the final registry.
 *
 * @category replaying
 * @since 0.1.0
 */
export const replay = (
  envelopes: Iterable<Envelope.OrgEnvelope>
): Result.Result<OrganizationRegistry.Registry, { readonly index: number; readonly violation: RuleViolation }> => {
  let registry = OrganizationRegistry.empty
  const states = new Map<OrgId, Organization.State>()
  let index = 0
  for (const e of envelopes) {
    const parsed = parseStream(e.stream)
    if (parsed?.kind !== "org") {
      index++
      continue
    }
    const state = states.get(parsed.id) ?? Organization.initialFor(parsed.id)
    const refused = OrganizationDecider.check(e, state, registry.contextFor(parsed.id))
    if (refused !== undefined) return Result.fail({ index, violation: refused })
    states.set(parsed.id, Organization.evolve(state, e))
    registry = registry.add([e])
    index++
  }
  return Result.succeed(registry)
}
