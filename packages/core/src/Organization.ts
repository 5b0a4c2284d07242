/**
 * One party organisation (tổ chức đảng) as the fold of its stream `org-<OrgId>`: its kind, place in
 * the tree, committee and admission targets, with a dated history of its shape so that "what was it
 * on date d" is a binary search (§11 of the rule book, ORG-01 … ORG-05). Also the kind table of
 * ORG-01 and the `OrgContext` through which a decider sees other organisations.
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "./Calendar.ts"
import type { Recorded } from "./Decider.ts"
import { type OrgId, parseStream } from "./Ids.ts"
import type { OrgEvent, OrgKind } from "./OrgEvent.ts"

// ---------------------------------------------------------------------------
// Kinds (ORG-01)
// ---------------------------------------------------------------------------

/**
 * Every organisation kind, from the top of the tree down (ORG-01).
 *
 * @category constants
 * @since 0.1.0
 */
export const kinds: ReadonlyArray<OrgKind> = [
  "province",
  "upper",
  "grassrootsCommittee",
  "grassrootsCell",
  "subCommittee",
  "cell"
]

/**
 * The kinds an organisation of each kind may sit under (cấp trên trực tiếp, ORG-01). A `province`
 * has no parent.
 *
 * @category constants
 * @since 0.1.0
 */
export const parentKinds: { readonly [K in OrgKind]: ReadonlyArray<OrgKind> } = {
  province: [],
  upper: ["province"],
  grassrootsCommittee: ["upper", "province"],
  grassrootsCell: ["upper", "province"],
  subCommittee: ["grassrootsCommittee"],
  cell: ["grassrootsCommittee", "subCommittee"]
}

/**
 * May an organisation of `parentKind` be the direct parent of one of `childKind` (ORG-01)?
 *
 * @category predicates
 * @since 0.1.0
 */
export const canParent = (parentKind: OrgKind, childKind: OrgKind): boolean =>
  parentKinds[childKind].includes(parentKind)

/**
 * The kinds an organisation of `kind` may hold as direct children (ORG-01).
 *
 * @category getters
 * @since 0.1.0
 */
export const childKinds = (kind: OrgKind): ReadonlyArray<OrgKind> => kinds.filter((k) => canParent(kind, k))

/**
 * Is this a branch-level unit (chi bộ: `cell` or `grassrootsCell`), the only kind that holds members?
 *
 * @category predicates
 * @since 0.1.0
 */
export const isBranchLevel = (kind: OrgKind): boolean => kind === "cell" || kind === "grassrootsCell"

/**
 * Is this a grassroots party organisation (tổ chức cơ sở đảng, TCCSĐ: `grassrootsCommittee` or
 * `grassrootsCell`)?
 *
 * @category predicates
 * @since 0.1.0
 */
export const isGrassroots = (kind: OrgKind): boolean => kind === "grassrootsCommittee" || kind === "grassrootsCell"

const viLabels: { readonly [K in OrgKind]: string } = {
  province: "Đảng bộ tỉnh, thành phố",
  upper: "Cấp trên trực tiếp của tổ chức cơ sở đảng",
  grassrootsCommittee: "Đảng bộ cơ sở",
  grassrootsCell: "Chi bộ cơ sở",
  subCommittee: "Đảng bộ bộ phận",
  cell: "Chi bộ trực thuộc"
}

/**
 * The Vietnamese name of a kind, e.g. `Chi bộ cơ sở`.
 *
 * @category getters
 * @since 0.1.0
 */
export const labelVi = (kind: OrgKind): string => viLabels[kind]

// ---------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------

/**
 * The shape of an organisation from `from` on, until the next version (name, kind, parent).
 *
 * @category models
 * @since 0.1.0
 */
export interface Version {
  readonly from: CalendarDate
  readonly name: string
  readonly kind: OrgKind
  readonly parentId: OrgId | null
}

/**
 * An elected committee (cấp ủy): a chi ủy or a lone secretary (bí thư), ORG-04.
 *
 * @category models
 * @since 0.1.0
 */
export interface Committee {
  readonly kind: "chiUy" | "secretary"
  readonly size: number | undefined
  readonly electedOn: CalendarDate
}

/**
 * The state of a stream with no founding event yet.
 *
 * @category models
 * @since 0.1.0
 */
export interface NotFounded {
  readonly founded: false
  readonly id: OrgId | undefined
}

/**
 * The state of a founded organisation (tổ chức đảng đã thành lập). `name`, `kind` and `parentId`
 * are the latest; `history` holds every shape by date, in date order.
 *
 * @category models
 * @since 0.1.0
 */
export interface Founded {
  readonly founded: true
  /** Known when the events came in envelopes (from their stream) or from `initialFor`. */
  readonly id: OrgId | undefined
  readonly name: string
  readonly kind: OrgKind
  readonly parentId: OrgId | null
  readonly code: string | undefined
  readonly foundedOn: CalendarDate
  /** The latest `occurredOn` of the stream (STR-02). */
  readonly lastOccurredOn: CalendarDate
  /** Giải thể. */
  readonly dissolvedOn: CalendarDate | undefined
  readonly membersMovedTo: OrgId | undefined
  /** Sáp nhập: the organisation this one was merged into, and when. */
  readonly mergedInto: OrgId | undefined
  readonly mergedOn: CalendarDate | undefined
  /** The latest committee elected. */
  readonly committee: Committee | undefined
  /** Every committee elected, in date order. */
  readonly committees: ReadonlyArray<Committee>
  /** Chỉ tiêu kết nạp đảng viên by year; a later setting for a year supersedes. */
  readonly admissionTargets: { readonly [year: number]: number }
  readonly history: ReadonlyArray<Version>
}

/**
 * The state of one organisation stream.
 *
 * @category models
 * @since 0.1.0
 */
export type State = NotFounded | Founded

/**
 * The state of an empty stream.
 *
 * @category constructors
 * @since 0.1.0
 */
export const initialState: State = { founded: false, id: undefined }

/**
 * The state of an empty stream whose organisation id is known.
 *
 * @category constructors
 * @since 0.1.0
 */
export const initialFor = (id: OrgId): State => ({ founded: false, id })

/** Index of the last element whose key is ≤ date, or -1. */
const lastAtOrBefore = <A>(xs: ReadonlyArray<A>, key: (a: A) => CalendarDate, date: CalendarDate): number => {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (key(xs[mid] as A) <= date) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

const insertByDate = <A>(xs: ReadonlyArray<A>, key: (a: A) => CalendarDate, x: A): ReadonlyArray<A> => {
  const i = lastAtOrBefore(xs, key, key(x)) + 1
  return i === xs.length ? [...xs, x] : [...xs.slice(0, i), x, ...xs.slice(i)]
}

const versionFrom = (v: Version): CalendarDate => v.from
const committeeFrom = (c: Committee): CalendarDate => c.electedOn

const streamId = (event: Recorded<OrgEvent>): OrgId | undefined => {
  const stream = (event as { readonly stream?: unknown }).stream
  if (typeof stream !== "string") return undefined
  const parsed = parseStream(stream)
  return parsed?.kind === "org" ? parsed.id : undefined
}

const reshape = (s: Founded, from: CalendarDate, patch: Partial<Omit<Version, "from">>): Founded => {
  const version: Version = { from, name: s.name, kind: s.kind, parentId: s.parentId, ...patch }
  return {
    ...s,
    name: version.name,
    kind: version.kind,
    parentId: version.parentId,
    history: insertByDate(s.history, versionFrom, version)
  }
}

// Shared by every state without committees or targets (most organisations of a country): a state
// is never changed in place.
const noCommittees: ReadonlyArray<Committee> = Object.freeze([])
const noTargets: { readonly [year: number]: number } = Object.freeze({})

/**
 * Applies one recorded event. Total and lenient: a second founding, and any event before the
 * founding, are ignored (the decider refuses them, STR-01).
 *
 * @category folding
 * @since 0.1.0
 */
export const evolve = (state: State, event: Recorded<OrgEvent>): State => {
  const id = state.id ?? streamId(event)
  const on = event.occurredOn
  if (!state.founded) {
    if (event.type !== "OrganizationFounded") return state.id === id ? state : { founded: false, id }
    const { kind, name, parentId } = event.data
    return {
      founded: true,
      id,
      name,
      kind,
      parentId,
      code: event.data.code,
      foundedOn: on,
      lastOccurredOn: on,
      dissolvedOn: undefined,
      membersMovedTo: undefined,
      mergedInto: undefined,
      mergedOn: undefined,
      committee: undefined,
      committees: noCommittees,
      admissionTargets: noTargets,
      history: [{ from: on, name, kind, parentId }]
    }
  }
  const s: Founded = { ...state, id, lastOccurredOn: on > state.lastOccurredOn ? on : state.lastOccurredOn }
  switch (event.type) {
    case "OrganizationFounded":
      return state
    case "OrganizationRenamed":
      return reshape(s, on, { name: event.data.name })
    case "OrganizationReparented":
      return reshape(s, on, { parentId: event.data.parentId })
    case "OrganizationKindChanged":
      return reshape(s, on, { kind: event.data.kind })
    case "OrganizationMerged":
      return { ...s, mergedInto: event.data.intoOrgId, mergedOn: on }
    case "OrganizationDissolved":
      return { ...s, dissolvedOn: on, membersMovedTo: event.data.membersMovedTo }
    case "CommitteeElected": {
      const committee: Committee = { kind: event.data.kind, size: event.data.size, electedOn: on }
      const committees = insertByDate(s.committees, committeeFrom, committee)
      return { ...s, committees, committee: committees[committees.length - 1] }
    }
    case "AdmissionTargetSet":
      return { ...s, admissionTargets: { ...s.admissionTargets, [event.data.year]: event.data.target } }
  }
}

// ---------------------------------------------------------------------------
// Questions on a date
// ---------------------------------------------------------------------------

/**
 * The date from which the organisation no longer exists (dissolved or merged away), if any.
 *
 * @category getters
 * @since 0.1.0
 */
export const endedOn = (state: State): CalendarDate | undefined =>
  state.founded ? (state.dissolvedOn ?? state.mergedOn) : undefined

/**
 * Does the organisation exist on `date`: founded on or before it, and not dissolved or merged on or
 * before it?
 *
 * @category predicates
 * @since 0.1.0
 */
export const isLiveOn = (state: State, date: CalendarDate): boolean => {
  if (!state.founded || date < state.foundedOn) return false
  const end = endedOn(state)
  return end === undefined || date < end
}

/**
 * The shape (name, kind, parent) in force on `date`, or `undefined` before the founding. After the
 * end, the last shape.
 *
 * @category getters
 * @since 0.1.0
 */
export const versionOn = (state: State, date: CalendarDate): Version | undefined => {
  if (!state.founded) return undefined
  const i = lastAtOrBefore(state.history, versionFrom, date)
  return i < 0 ? undefined : state.history[i]
}

/**
 * The committee in office on `date` (the last elected on or before it).
 *
 * @category getters
 * @since 0.1.0
 */
export const committeeOn = (state: State, date: CalendarDate): Committee | undefined => {
  if (!state.founded) return undefined
  const i = lastAtOrBefore(state.committees, committeeFrom, date)
  return i < 0 ? undefined : state.committees[i]
}

/**
 * The admission target (chỉ tiêu kết nạp) of a year, if set.
 *
 * @category getters
 * @since 0.1.0
 */
export const admissionTargetOf = (state: State, year: number): number | undefined =>
  state.founded ? state.admissionTargets[year] : undefined

/**
 * An organisation as it stood on a date.
 *
 * @category models
 * @since 0.1.0
 */
export interface Snapshot {
  readonly id: OrgId | undefined
  readonly name: string
  readonly kind: OrgKind
  /** The parent as recorded in this stream (a merged parent is not followed here). */
  readonly parentId: OrgId | null
  readonly code: string | undefined
  readonly foundedOn: CalendarDate
  readonly live: boolean
  /** Set when dissolved on or before the date. */
  readonly dissolvedOn: CalendarDate | undefined
  readonly membersMovedTo: OrgId | undefined
  /** Set when merged away on or before the date. */
  readonly mergedInto: OrgId | undefined
}

/**
 * The organisation as it stood on `date`, or `undefined` before its founding.
 *
 * @category getters
 * @since 0.1.0
 */
export const snapshotOn = (state: State, date: CalendarDate): Snapshot | undefined => {
  const v = versionOn(state, date)
  if (v === undefined || !state.founded) return undefined
  const dissolved = state.dissolvedOn !== undefined && state.dissolvedOn <= date
  const merged = state.mergedOn !== undefined && state.mergedOn <= date
  return {
    id: state.id,
    name: v.name,
    kind: v.kind,
    parentId: v.parentId,
    code: state.code,
    foundedOn: state.foundedOn,
    live: !dissolved && !merged,
    dissolvedOn: dissolved ? state.dissolvedOn : undefined,
    membersMovedTo: dissolved ? state.membersMovedTo : undefined,
    mergedInto: merged ? state.mergedInto : undefined
  }
}

// ---------------------------------------------------------------------------
// Context: what a decider may ask about other organisations
// ---------------------------------------------------------------------------

/**
 * Another organisation as the registry saw it on a date.
 *
 * @category models
 * @since 0.1.0
 */
export interface OrgInfo {
  readonly kind: OrgKind
  /** Founded on or before the date and not dissolved or merged away. */
  readonly live: boolean
  /** Its ancestors on the date, nearest first, merged parents resolved. */
  readonly ancestors: ReadonlyArray<OrgId>
  /** Set when it was merged away on or before the date. */
  readonly mergedInto?: OrgId
}

/**
 * Facts from other streams that the organisation decider needs, all answered "on date d", so that
 * `decide` stays pure. `OrganizationRegistry.contextFor` builds one. The optional questions are
 * skipped when absent (their checks are not made).
 *
 * @category models
 * @since 0.1.0
 */
export interface OrgContext {
  /** The id of the organisation the command is for, when the state does not know it yet. */
  readonly self?: OrgId
  /** Another organisation on a date, or `undefined` if unknown or not yet founded. */
  readonly orgOn: (id: OrgId, date: CalendarDate) => OrgInfo | undefined
  /** The live direct children of an organisation on a date. */
  readonly liveChildrenOn?: (id: OrgId, date: CalendarDate) => ReadonlyArray<OrgId>
  /** The number of members of a branch-level unit on a date (from the member streams). */
  readonly memberCountOn?: (id: OrgId, date: CalendarDate) => number
}
