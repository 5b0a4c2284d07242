/**
 * Dòng thời gian của đảng viên: a compact history of one member, built in one pass over the
 * member's events in stream order, that answers "on date d" in O(log n).
 *
 * The pass folds the events in date order (an `OfficialRecognized` recorded after later events takes
 * effect on its own date, STR-02) with `Member`'s own semantics (`Member.evolveWithoutHistory`) and keeps,
 * for every date on which something changed, the state at the end of that day: status, home
 * organisation (`homeOrg`: set by `CandidateRegistered` / `MemberImported` / `TransferredIn`, cleared
 * by `TransferredOut`, untouched by temporary transfers), the sending organisation while in transit,
 * and the exemption in force. It also keeps the person's fixed facts, the party-age membership,
 * ratings by period, the disciplines in force, and the `marks`: the events the statistics count,
 * each with the organisation it counts in on its day.
 *
 * Organisations are raw ids: a merge moves members without any event of theirs, so it is resolved at
 * query time through an `OrganizationRegistry` (`homeOrgOn`), never by rewriting timelines.
 *
 * Retractions and annulments neutralise the event they name: it is left out of the pass, as if it
 * never happened. Knowledge time is honoured by building from the envelopes known at an instant
 * (`knownAt`): later events, and later retractions, are ignored.
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "./Calendar.ts"
import type { Envelope } from "./Envelope.ts"
import type { MemberId, OrgId } from "./Ids.ts"
import { knownEvents } from "./internal/memberHistory.ts"
import * as Member from "./Member.ts"
import type { MemberEvent, RatingLevel } from "./MemberEvent.ts"
import type { Registry } from "./OrganizationRegistry.ts"
import * as PartyAge from "./PartyAge.ts"
import type { Person } from "./Person.ts"

/**
 * The member's situation at the end of a day, from `from` on until the next point.
 *
 * @category models
 * @since 0.1.0
 */
export interface Point {
  readonly from: CalendarDate
  readonly status: Member.Status
  /** The home branch (raw id, merges not resolved); undefined in transit and after an exit. */
  readonly home: OrgId | undefined
  /** The sending branch while in transit (TRF-03). */
  readonly transitFrom: OrgId | undefined
  /** In transit to a destination outside the dataset (`Member.sendsOutside`). */
  readonly transitOutside: boolean
  readonly exempted: boolean
}

/**
 * An event the statistics count, with the organisation it counts in on its day (raw id): the
 * receiving org of an arrival or admission, the sending org of a departure or exit.
 *
 * @category models
 * @since 0.1.0
 */
export interface Mark {
  readonly on: CalendarDate
  readonly org: OrgId
  readonly event: MemberEvent
}

/**
 * A member's timeline.
 *
 * @category models
 * @since 0.1.0
 */
export interface Timeline {
  readonly memberId: MemberId
  /** The points, by strictly increasing `from`. */
  readonly points: ReadonlyArray<Point>
  /** The person as last corrected (gender, ethnicity, religion, birth date…). */
  readonly person: Person | undefined
  /** What party age is computed from (undefined if never admitted). */
  readonly membership: PartyAge.Membership | undefined
  /** The latest `QualityRated` level by period (a later `NotRated` for the period supersedes). */
  readonly ratings: ReadonlyMap<string, RatingLevel>
  /** The latest `NotRated` reason by period. */
  readonly notRated: ReadonlyMap<string, string>
  /** Disciplines in force (not annulled), in date order. */
  readonly disciplines: ReadonlyArray<Member.Discipline>
  /** Counted events in stream order. */
  readonly marks: ReadonlyArray<Mark>
}

/**
 * Options of `make`: `knownAt` (an ISO instant) ignores envelopes recorded after it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly knownAt?: string | undefined
}

/**
 * Was this envelope recorded by `knownAt` (always, without one)?
 *
 * @category predicates
 * @since 0.1.0
 */
export const isKnownAt = (e: Envelope, knownAt: string | undefined): boolean =>
  knownAt === undefined || Date.parse(e.recordedAt) <= Date.parse(knownAt)

/** The organisation a member event counts in, or undefined if it is not counted. */
const markOrg = (before: Member.State, after: Member.State, e: MemberEvent): OrgId | undefined => {
  switch (e.type) {
    case "AdmissionDecided":
    case "MemberImported":
    case "OfficialRecognized":
    case "CardIssued":
      return after.orgId
    case "BadgeAwarded":
      // BDG-04: a posthumous badge counts in the branch the member died in (the sending one when
      // the member died in transit).
      return after.orgId ?? (after.status === "dead" ? after.diedInOrgId : undefined)
    case "TransferredIn":
      return Member.isMember(after) ? after.orgId : undefined
    case "TransferredOut":
    case "StruckOff":
    case "AllowedToLeave":
    case "Died":
      // Only members leave a headcount; a candidate's death or transfer is not counted.
      return Member.isMember(before) ? before.orgId : undefined
    case "Disciplined":
      return before.orgId
    default:
      return undefined
  }
}

/**
 * Builds the timeline of one member from envelopes of that member's stream, in stream order
 * (envelopes of other streams are skipped; with `knownAt`, so are envelopes recorded after it).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (memberId: MemberId, envelopes: Iterable<Envelope>, options: Options = {}): Timeline => {
  const known = knownEvents(memberId, envelopes, options.knownAt)
  const points: Array<Point> = []
  const marks: Array<Mark> = []
  let state = Member.initialState
  // The lean fold keeps no past ratings: the latest rating or reason of each period is kept here.
  const ratings = new Map<string, RatingLevel>()
  const notRated = new Map<string, string>()
  for (const e of known) {
    if (e.type === "QualityRated") {
      ratings.set(e.data.period, e.data.level)
      notRated.delete(e.data.period)
    } else if (e.type === "NotRated") {
      notRated.set(e.data.period, e.data.reason)
      ratings.delete(e.data.period)
    }
    const before = state
    state = Member.evolveWithoutHistory(state, e)
    const org = markOrg(before, state, e)
    if (org !== undefined) marks.push({ on: e.occurredOn, org, event: e })
    const point: Point = {
      from: e.occurredOn,
      status: state.status,
      home: state.orgId,
      transitFrom: state.transit?.from,
      transitOutside: state.transit?.outside === true,
      exempted: state.exemption !== undefined
    }
    // One point per day (the end of the day), and only where something changed.
    if (points[points.length - 1]?.from === point.from) points.pop()
    const last = points[points.length - 1]
    if (last === undefined || !samePlace(last, point)) points.push(point)
  }
  return {
    memberId,
    points,
    person: state.person,
    membership: Member.membership(state),
    ratings,
    notRated,
    disciplines: state.disciplines,
    marks
  }
}

const samePlace = (a: Point, b: Point): boolean =>
  a.status === b.status && a.home === b.home && a.transitFrom === b.transitFrom &&
  a.transitOutside === b.transitOutside && a.exempted === b.exempted

const none: Point = {
  from: "0000-01-01",
  status: "none",
  home: undefined,
  transitFrom: undefined,
  transitOutside: false,
  exempted: false
}

/**
 * The member's situation at the end of date `d` (binary search; status `none` before the stream).
 *
 * @category getters
 * @since 0.1.0
 */
export const on = (t: Pick<Timeline, "points">, d: CalendarDate): Point => {
  let lo = 0
  let hi = t.points.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t.points[mid]!.from <= d) lo = mid + 1
    else hi = mid
  }
  return lo === 0 ? none : t.points[lo - 1]!
}

/**
 * Is the person a party member (probationary or official) on `d` (in transit included)?
 *
 * @category predicates
 * @since 0.1.0
 */
export const isMemberOn = (t: Timeline, d: CalendarDate): boolean => {
  const s = on(t, d).status
  return s === "probationary" || s === "official"
}

/**
 * `homeOrg(m, d)`: the live branch the member belongs to on `d`, following merges (and the
 * `membersMovedTo` of a dissolution) through the registry; undefined in transit or outside the Party.
 *
 * @category getters
 * @since 0.1.0
 */
export const homeOrgOn = (t: Timeline, d: CalendarDate, registry: Registry): OrgId | undefined => {
  const home = on(t, d).home
  return home === undefined ? undefined : registry.resolve(home, d)
}

/**
 * Full years of party age on `d` (0 if never admitted).
 *
 * @category getters
 * @since 0.1.0
 */
export const partyAgeYears = (t: Pick<Timeline, "membership">, d: CalendarDate): number =>
  t.membership === undefined ? 0 : PartyAge.years(t.membership, d)
