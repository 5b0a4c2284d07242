/**
 * A member's state (hồ sơ đảng viên) folded from their stream, and `evolve`. The state is what the
 * decider needs to judge the next fact: status, home organisation, the admission in progress,
 * probation, exits, gaps for party age, ratings, disciplines, card and badges.
 *
 * Retractions (`EventRetracted`) and annulments (`DisciplineAnnulled`) neutralise the event they name
 * "as if it never happened": the state is folded again from the history without it.
 *
 * @since 0.1.0
 */
import * as BadgeModule from "./Badge.ts"
import * as Calendar from "./Calendar.ts"
import type { CalendarDate } from "./Calendar.ts"
import type { Recorded } from "./Decider.ts"
import type { EventId, OrgId } from "./Ids.ts"
import type { DisciplineForm, MemberEvent, Milestone, RatingLevel, Sponsor } from "./MemberEvent.ts"
import type * as PartyAge from "./PartyAge.ts"
import * as PartyAgeModule from "./PartyAge.ts"
import * as Person from "./Person.ts"

/**
 * A member's status: quần chúng (candidate), đảng viên dự bị, đảng viên chính thức, or an exit:
 * xóa tên, cho ra khỏi Đảng, khai trừ, từ trần. `none` before the stream starts.
 *
 * @category models
 * @since 0.1.0
 */
export type Status =
  | "none"
  | "candidate"
  | "probationary"
  | "official"
  | "struckOff"
  | "allowedToLeave"
  | "expelled"
  | "dead"

/**
 * How a membership ended (the last exit).
 *
 * @category models
 * @since 0.1.0
 */
export interface Exit {
  readonly kind: "struckOff" | "allowedToLeave" | "expelled"
  readonly on: CalendarDate
  readonly reason?: string
  readonly specialFamilyHardship?: boolean
  readonly grounds?: string
  /** The branch the member belonged to when leaving (a readmitted member returns to it). */
  readonly fromOrgId?: OrgId
}

/**
 * A discipline in force (not annulled).
 *
 * @category models
 * @since 0.1.0
 */
export interface Discipline {
  readonly eventId: EventId
  readonly form: DisciplineForm
  readonly on: CalendarDate
}

/**
 * A badge held (or returned, BDG-06).
 *
 * @category models
 * @since 0.1.0
 */
export interface Badge {
  readonly milestone: Milestone
  readonly on: CalendarDate
  readonly posthumous: boolean
  readonly early: boolean
  readonly returned: boolean
}

/**
 * The state of one member stream.
 *
 * @category models
 * @since 0.1.0
 */
export interface State {
  readonly status: Status
  readonly person: Person.Person | undefined
  /** The branch (chi bộ) the member belongs to; undefined while in transit (TRF-03). */
  readonly orgId: OrgId | undefined
  /**
   * The sending organisation and letter date while in transit, the receiving organisation when the
   * letter names one of this dataset, and `outside` when it names a destination outside the dataset
   * instead (a `destination` and no `toOrgId`, or going abroad): the arrival is then recorded
   * elsewhere, so the sending side follows it no further (no TRF-02 finding, no badge due in the
   * sending branch).
   */
  readonly transit:
    | { readonly from: OrgId; readonly since: CalendarDate; readonly toOrgId?: OrgId; readonly outside?: true }
    | undefined
  readonly registeredOn: CalendarDate | undefined
  readonly lastOccurredOn: CalendarDate | undefined
  /** The application in progress (first admission or readmission). */
  readonly application: {
    readonly courseCompletedOn?: CalendarDate
    readonly sponsorsAssignedOn?: CalendarDate
    readonly sponsors?: ReadonlyArray<Sponsor>
    readonly resolutionOn?: CalendarDate
  }
  readonly admissionKind: "first" | "readmission" | undefined
  readonly admissionDecidedOn: CalendarDate | undefined
  readonly firstAdmissionDecidedOn: CalendarDate | undefined
  readonly ceremonyOn: CalendarDate | undefined
  readonly officialOn: CalendarDate | undefined
  readonly recognitionResolutionOn: CalendarDate | undefined
  readonly readmissions: number
  readonly exit: Exit | undefined
  readonly diedOn: CalendarDate | undefined
  /**
   * The branch (chi bộ) the member died in: the home branch, or the sending branch when the member
   * died in transit (TRF-03) — where a posthumous badge (truy tặng, BDG-04) is counted.
   */
  readonly diedInOrgId: OrgId | undefined
  /** Intervals outside the Party (AGE-02): imported gaps and exits followed by readmission. */
  readonly gaps: ReadonlyArray<PartyAge.Gap>
  readonly exemption: { readonly since: CalendarDate; readonly reason: "age" | "health" } | undefined
  readonly temporaryTransfer:
    | { readonly hostOrgId: OrgId; readonly since: CalendarDate; readonly until?: CalendarDate }
    | undefined
  readonly residenceOrgId: OrgId | undefined
  readonly ratings: ReadonlyMap<string, RatingLevel>
  readonly notRated: ReadonlyMap<string, string>
  readonly disciplines: ReadonlyArray<Discipline>
  readonly card: { readonly cardNo: string; readonly issuedOn: CalendarDate; readonly collected: boolean } | undefined
  readonly cardNumbersUsed: ReadonlyArray<string>
  readonly badges: ReadonlyArray<Badge>
  /** Every recorded event in stream order, retracted ones included. */
  readonly history: ReadonlyArray<Recorded<MemberEvent>>
  /** Events neutralised by a retraction or an annulment. */
  readonly neutralised: ReadonlySet<EventId>
}

/**
 * The state before the first event.
 *
 * @category constructors
 * @since 0.1.0
 */
export const initialState: State = {
  status: "none",
  person: undefined,
  orgId: undefined,
  transit: undefined,
  registeredOn: undefined,
  lastOccurredOn: undefined,
  application: {},
  admissionKind: undefined,
  admissionDecidedOn: undefined,
  firstAdmissionDecidedOn: undefined,
  ceremonyOn: undefined,
  officialOn: undefined,
  recognitionResolutionOn: undefined,
  readmissions: 0,
  exit: undefined,
  diedOn: undefined,
  diedInOrgId: undefined,
  gaps: [],
  exemption: undefined,
  temporaryTransfer: undefined,
  residenceOrgId: undefined,
  ratings: new Map(),
  notRated: new Map(),
  disciplines: [],
  card: undefined,
  cardNumbersUsed: [],
  badges: [],
  history: [],
  neutralised: new Set()
}

/**
 * Does this letter (`TransferredOut`) send the member to a destination outside the dataset — a
 * `destination` and no `toOrgId`, or going abroad — whose arrival is recorded elsewhere? A letter
 * naming neither is not taken to leave the dataset.
 *
 * @category predicates
 * @since 0.1.0
 */
export const sendsOutside = (
  letter: { readonly kind: "official" | "abroad"; readonly toOrgId?: OrgId; readonly destination?: string }
): boolean => letter.toOrgId === undefined && (letter.destination !== undefined || letter.kind === "abroad")

/**
 * The sending organisation of a member in transit whose arrival this dataset is to record — the
 * letter names one of its organisations, or no destination at all — and `undefined` otherwise (not
 * in transit, or sent to a destination outside the dataset). Audits (TRF-02) and badges due follow
 * a member in transit from this organisation.
 *
 * @category queries
 * @since 0.1.0
 */
export const followedInTransitFrom = (s: State): OrgId | undefined =>
  s.transit === undefined || s.transit.outside === true ? undefined : s.transit.from

/**
 * Is the person a party member (dự bị or chính thức) in this state?
 *
 * @category guards
 * @since 0.1.0
 */
export const isMember = (s: State): boolean => s.status === "probationary" || s.status === "official"

/**
 * The status a person had on a past date `on`, read from a state folded further (what a sponsor's
 * lookup needs, ADM-05: a sponsor struck off or dead after the introduction was an official member
 * on its date): dead from the death, the exit's kind from the exit, official from `officialOn`,
 * probationary from the admission decision, a candidate from the registration, else `none`. The
 * state keeps only the latest admission's dates: for a readmitted member, a date of the earlier
 * membership reads as before it (never wrongly official).
 *
 * @category getters
 * @since 0.1.0
 */
export const statusOn = (s: State, on: CalendarDate): Status => {
  if (s.diedOn !== undefined && s.diedOn <= on) return "dead"
  if (s.exit !== undefined && s.exit.on <= on) return s.exit.kind
  if (s.officialOn !== undefined && s.officialOn <= on) return "official"
  if (s.admissionDecidedOn !== undefined && s.admissionDecidedOn <= on) return "probationary"
  return s.registeredOn !== undefined && s.registeredOn <= on ? "candidate" : "none"
}

/**
 * Has the person left the Party (xóa tên, cho ra khỏi Đảng, khai trừ) without dying?
 *
 * @category guards
 * @since 0.1.0
 */
export const hasLeft = (s: State): boolean =>
  s.status === "struckOff" || s.status === "allowedToLeave" || s.status === "expelled"

/**
 * The end of probation (PRB-01, PRB-03): ceremony date + 12 months.
 *
 * @category getters
 * @since 0.1.0
 */
export const probationEnd = (s: State, months = 12): CalendarDate | undefined =>
  s.ceremonyOn === undefined ? undefined : Calendar.addMonths(s.ceremonyOn, months)

/**
 * What party age is computed from in this state (undefined before the first admission).
 *
 * @category getters
 * @since 0.1.0
 */
export const membership = (s: State): PartyAge.Membership | undefined => {
  if (s.firstAdmissionDecidedOn === undefined) return undefined
  const endedOn = s.exit !== undefined ? s.exit.on : s.diedOn
  return { firstAdmissionOn: s.firstAdmissionDecidedOn, gaps: s.gaps, endedOn }
}

const apply = (s: State, e: Recorded<MemberEvent>): State => {
  const on = e.occurredOn
  const last = s.lastOccurredOn === undefined || on > s.lastOccurredOn ? on : s.lastOccurredOn
  const base = { ...s, lastOccurredOn: last }
  switch (e.type) {
    case "CandidateRegistered":
      return { ...base, status: "candidate", person: e.data.person, orgId: e.data.orgId, registeredOn: on }
    case "MemberImported": {
      const d = e.data
      const gaps = (d.partyAgeGaps ?? []).map((g) => ({ from: g.from, to: g.to }))
      // A first admission before the latest one means the member was already readmitted (RDM-03).
      const readmitted = d.firstAdmissionDecidedOn !== undefined && d.firstAdmissionDecidedOn < d.admissionDecidedOn
      return {
        ...base,
        status: d.status,
        person: d.person,
        orgId: d.orgId,
        registeredOn: on,
        admissionKind: readmitted ? "readmission" : "first",
        readmissions: readmitted ? 1 : 0,
        admissionDecidedOn: d.admissionDecidedOn,
        firstAdmissionDecidedOn: d.firstAdmissionDecidedOn ?? d.admissionDecidedOn,
        ceremonyOn: d.ceremonyOn,
        officialOn: d.officialOn,
        gaps,
        badges: (d.badges ?? []).map((m) => ({
          milestone: m,
          on: importedBadgeDate(d.firstAdmissionDecidedOn ?? d.admissionDecidedOn, gaps, m, on),
          posthumous: false,
          early: false,
          returned: false
        })),
        card: d.cardNo === undefined ? undefined : { cardNo: d.cardNo, issuedOn: on, collected: false },
        cardNumbersUsed: d.cardNo === undefined ? [] : [d.cardNo]
      }
    }
    case "AwarenessCourseCompleted":
      return { ...base, application: { ...s.application, courseCompletedOn: on } }
    case "SponsorsAssigned":
      return { ...base, application: { ...s.application, sponsorsAssignedOn: on, sponsors: e.data.sponsors } }
    case "BranchResolutionPassed":
      return e.data.purpose === "admission"
        ? { ...base, application: { ...s.application, resolutionOn: on } }
        : { ...base, recognitionResolutionOn: on }
    case "AdmissionDecided": {
      const readmission = e.data.kind === "readmission"
      const gaps = readmission && s.exit !== undefined ? [...s.gaps, { from: s.exit.on, to: on }] : s.gaps
      return {
        ...base,
        status: "probationary",
        admissionKind: e.data.kind,
        admissionDecidedOn: on,
        firstAdmissionDecidedOn: s.firstAdmissionDecidedOn ?? on,
        ceremonyOn: undefined,
        officialOn: undefined,
        recognitionResolutionOn: undefined,
        readmissions: s.readmissions + (readmission ? 1 : 0),
        exit: undefined,
        orgId: readmission ? s.exit?.fromOrgId ?? s.orgId : s.orgId,
        gaps,
        application: {}
      }
    }
    case "AdmissionCeremonyHeld":
      return { ...base, ceremonyOn: on }
    case "OfficialRecognized":
      return { ...base, status: s.status === "probationary" ? "official" : s.status, officialOn: on }
    case "TransferredOut":
      return {
        ...base,
        orgId: undefined,
        transit: s.orgId === undefined
          ? s.transit
          : {
            from: s.orgId,
            since: on,
            ...(e.data.toOrgId !== undefined
              ? { toOrgId: e.data.toOrgId }
              : sendsOutside(e.data)
              ? { outside: true as const }
              : {})
          },
        temporaryTransfer: undefined
      }
    case "TransferredIn":
      return { ...base, orgId: e.data.orgId, transit: undefined }
    case "TemporaryTransferStarted":
      return {
        ...base,
        temporaryTransfer: {
          hostOrgId: e.data.hostOrgId,
          since: on,
          ...(e.data.until === undefined ? {} : { until: e.data.until })
        }
      }
    case "TemporaryTransferEnded":
      return { ...base, temporaryTransfer: undefined }
    case "ResidenceContactRegistered":
      return { ...base, residenceOrgId: e.data.residenceOrgId }
    case "ActivityExempted":
      return { ...base, exemption: { since: on, reason: e.data.reason } }
    case "ActivityExemptionEnded":
      return { ...base, exemption: undefined }
    case "QualityRated": {
      const ratings = new Map(s.ratings)
      ratings.set(e.data.period, e.data.level)
      const notRated = new Map(s.notRated)
      notRated.delete(e.data.period)
      return { ...base, ratings, notRated }
    }
    case "NotRated": {
      const notRated = new Map(s.notRated)
      notRated.set(e.data.period, e.data.reason)
      const ratings = new Map(s.ratings)
      ratings.delete(e.data.period)
      return { ...base, ratings, notRated }
    }
    case "Disciplined": {
      const disciplines = [...s.disciplines, { eventId: e.id, form: e.data.form, on }]
      if (e.data.form !== "expulsion") return { ...base, disciplines }
      return {
        ...leave(base, { kind: "expelled", on, ...(e.data.grounds === undefined ? {} : { grounds: e.data.grounds }) }),
        disciplines
      }
    }
    case "CardIssued":
    case "CardReissued":
      return {
        ...base,
        card: { cardNo: e.data.cardNo, issuedOn: on, collected: false },
        cardNumbersUsed: [...s.cardNumbersUsed, e.data.cardNo]
      }
    case "BadgeAwarded":
      return {
        ...base,
        badges: [...s.badges, {
          milestone: e.data.milestone,
          on,
          posthumous: e.data.posthumous,
          early: e.data.early,
          returned: false
        }]
      }
    case "StruckOff":
      return leave(base, { kind: "struckOff", on, reason: e.data.reason })
    case "AllowedToLeave":
      return leave(base, {
        kind: "allowedToLeave",
        on,
        ...(e.data.specialFamilyHardship === undefined ? {} : { specialFamilyHardship: e.data.specialFamilyHardship })
      })
    case "Died":
      // CRD-04: the family keeps card and badges.
      return {
        ...base,
        status: "dead",
        diedOn: on,
        diedInOrgId: s.orgId ?? s.transit?.from,
        transit: undefined,
        temporaryTransfer: undefined,
        exemption: undefined
      }
    case "PersonCorrected":
      return s.person === undefined ? base : { ...base, person: Person.correct(s.person, e.data.person) }
    case "DisciplineAnnulled":
    case "EventRetracted":
      return base
  }
}

/**
 * The date an imported badge is taken to have been awarded: the first occasion after the milestone
 * was reached (BDG-02), or the import date if that is earlier. What BDG-01's "held the 50-year badge
 * before 25/07/2016" needs, in the member state and in the import's own check.
 *
 * @category getters
 * @since 0.1.0
 */
export const importedBadgeDate = (
  firstAdmissionOn: CalendarDate,
  gaps: ReadonlyArray<PartyAge.Gap>,
  milestone: Milestone,
  importedOn: CalendarDate
): CalendarDate => {
  const reached = PartyAgeModule.yearsReachedOn({ firstAdmissionOn, gaps }, milestone)
  if (reached === undefined) return importedOn
  const awarded = BadgeModule.nextOccasion(reached).on
  return awarded < importedOn ? awarded : importedOn
}

/** An exit: CRD-04 collects the card, BDG-06 flags badges returned. */
const leave = (s: State, exit: Exit): State => ({
  ...s,
  status: exit.kind,
  exit: { ...exit, ...(s.orgId ?? s.transit?.from) === undefined ? {} : { fromOrgId: (s.orgId ?? s.transit?.from)! } },
  transit: undefined,
  orgId: undefined,
  temporaryTransfer: undefined,
  exemption: undefined,
  card: s.card === undefined ? undefined : { ...s.card, collected: true },
  badges: s.badges.map((b) => ({ ...b, returned: true }))
})

const refold = (history: ReadonlyArray<Recorded<MemberEvent>>, neutralised: ReadonlySet<EventId>): State => {
  let s: State = initialState
  for (const e of history) {
    if (!neutralised.has(e.id)) s = apply(s, e)
  }
  return { ...s, history, neutralised }
}

/**
 * Applies one recorded event.
 *
 * @category folding
 * @since 0.1.0
 */
export const evolve = (s: State, e: Recorded<MemberEvent>): State => {
  const history = [...s.history, e]
  if (e.type === "EventRetracted" || e.type === "DisciplineAnnulled") {
    const neutralised = new Set(s.neutralised)
    neutralised.add(e.type === "EventRetracted" ? e.data.eventId : e.data.disciplineEventId)
    return refold(history, neutralised)
  }
  return { ...apply(s, e), history }
}

/**
 * Applies one event keeping only what the rule checks read: for bulk checks of streams in which
 * no event refers back to an earlier one (no retraction, no annulment). The state is `evolve`'s
 * but for `history` (so `findEvent` finds nothing in it) and the ratings of past periods
 * (`ratings`, `notRated` stay empty; no rule that refuses reads them) — a member's state then
 * stays the same size however long their history.
 *
 * @category folding
 * @since 0.1.0
 */
export const evolveWithoutHistory = (s: State, e: Recorded<MemberEvent>): State => {
  if (e.type === "EventRetracted" || e.type === "DisciplineAnnulled") return evolve(s, e)
  if (e.type === "QualityRated" || e.type === "NotRated") {
    return s.lastOccurredOn !== undefined && s.lastOccurredOn >= e.occurredOn
      ? s
      : { ...s, lastOccurredOn: e.occurredOn }
  }
  return apply(s, e)
}

/**
 * The event of this stream with this id, if any.
 *
 * @category getters
 * @since 0.1.0
 */
export const findEvent = (s: State, id: EventId): Recorded<MemberEvent> | undefined =>
  s.history.find((e) => e.id === id)
