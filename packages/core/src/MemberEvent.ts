/**
 * The events of a member stream (`member-<MemberId>`): one person's life from candidate to exit or
 * death. Each event is `{ type, occurredOn, data }`, exactly the fields of the NDJSON line that
 * carries it (see `Envelope`). The catalog is `docs/events.md`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { CalendarDate } from "./Calendar.ts"
import { EventId, MemberId, OrgId } from "./Ids.ts"
import { Person, PersonPatch } from "./Person.ts"

/** `data` of an event without fields: still an object (an empty `Struct` alone accepts any non-null value). */
const EmptyData = Schema.Struct({}).check(
  Schema.makeFilter((u: object) => (typeof u === "object" && !Array.isArray(u)) || "expected an object")
)

const makeEmpty = <const T extends string>(type: T) =>
  Schema.Struct({ type: Schema.Literal(type), occurredOn: CalendarDate, data: EmptyData }).annotate({ title: type })

const make = <const T extends string, const F extends Schema.Struct.Fields>(type: T, data: F) =>
  Schema.Struct({
    type: Schema.Literal(type),
    occurredOn: CalendarDate,
    data: Schema.Struct(data)
  }).annotate({ title: type })

/**
 * A rating period (kỳ đánh giá): a year `YYYY` or a half-year `YYYY-H1` / `YYYY-H2` (RAT-01).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Period = Schema.String.check(
  Schema.isPattern(/^\d{4}(-H[12])?$/u, { message: "expected a period YYYY, YYYY-H1 or YYYY-H2" })
).annotate({ title: "Period" })

/**
 * The first and last day of a rating period `YYYY`, `YYYY-H1` or `YYYY-H2`.
 *
 * @category getters
 * @since 0.1.0
 */
export const periodBounds = (period: string): { readonly start: string; readonly end: string } => {
  const year = period.slice(0, 4)
  if (period.endsWith("-H1")) return { start: `${year}-01-01`, end: `${year}-06-30` }
  if (period.endsWith("-H2")) return { start: `${year}-07-01`, end: `${year}-12-31` }
  return { start: `${year}-01-01`, end: `${year}-12-31` }
}

/**
 * Quality rating levels (RAT-01): hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RatingLevel = Schema.Literals(["excellent", "good", "completed", "notCompleted"])
/**
 * @category models
 * @since 0.1.0
 */
export type RatingLevel = typeof RatingLevel.Type

/**
 * Discipline forms (DSC-01): khiển trách, cảnh cáo, cách chức, khai trừ.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DisciplineForm = Schema.Literals(["reprimand", "warning", "removalFromPost", "expulsion"])
/**
 * @category models
 * @since 0.1.0
 */
export type DisciplineForm = typeof DisciplineForm.Type

/**
 * Grounds of a discipline that matter for readmission (RDM-01, RDM-02): a conviction for corruption,
 * for a serious crime or worse, for a less-serious crime, or serious internal disunity. Optional.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DisciplineGrounds = Schema.Literals([
  "corruptionConviction",
  "seriousCrimeConviction",
  "lessSeriousCrimeConviction",
  "seriousDisunity",
  "other"
])

/**
 * Why a member is not rated for a period (không đánh giá, xếp loại).
 *
 * @category schemas
 * @since 0.1.0
 */
export const NotRatedReason = Schema.Literals(["admittedUnder6Months", "exempted", "suspended", "other"])

/**
 * Reasons for striking a member off the list (xóa tên, EXT-01).
 *
 * @category schemas
 * @since 0.1.0
 */
export const StruckOffReason = Schema.Literals([
  "abandonedActivity",
  "unpaidDues",
  "returnedCard",
  "noProgress",
  "twoYearsViolation",
  "politicalStandard",
  "probationNotRecognized"
])
/**
 * @category models
 * @since 0.1.0
 */
export type StruckOffReason = typeof StruckOffReason.Type

/**
 * Party badge milestones in years of party age (BDG-01).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Milestone = Schema.Literals([30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90])
/**
 * @category models
 * @since 0.1.0
 */
export type Milestone = typeof Milestone.Type

/**
 * Badge award occasions (BDG-02): 3/2, 19/5, 2/9, 7/11, or `other` for special decisions.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Occasion = Schema.Literals(["02-03", "05-19", "09-02", "11-07", "other"])
/**
 * @category models
 * @since 0.1.0
 */
export type Occasion = typeof Occasion.Type

/**
 * A sponsor (người giới thiệu, ADM-04): an official member, or the grassroots Youth Union or Trade
 * Union committee. `knownSince` (optional) is when the member sponsor began to work, study or live
 * with the applicant in a unit of the same grassroots organisation (ADM-05); without it, `Import.run`
 * counts from the sponsor's arrival in the applicant's grassroots organisation (for the opening
 * roster, from before the records).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Sponsor = Schema.Union([
  Schema.Struct({
    kind: Schema.Literal("member"),
    memberId: MemberId,
    knownSince: Schema.optionalKey(CalendarDate)
  }),
  Schema.Struct({ kind: Schema.Literal("youthUnion") }),
  Schema.Struct({ kind: Schema.Literal("tradeUnion") })
]).annotate({ title: "Sponsor" })
/**
 * @category models
 * @since 0.1.0
 */
export type Sponsor = typeof Sponsor.Type

/**
 * An interval outside the Party that does not count toward party age (AGE-02).
 *
 * @category schemas
 * @since 0.1.0
 */
export const PartyAgeGap = Schema.Struct({ from: CalendarDate, to: CalendarDate, reason: Schema.String })

/** @category events @since 0.1.0 */
export const CandidateRegistered = make("CandidateRegistered", {
  orgId: OrgId,
  person: Person,
  sourceGroup: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const AwarenessCourseCompleted = make("AwarenessCourseCompleted", {
  certificateNo: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const SponsorsAssigned = make("SponsorsAssigned", {
  sponsors: Schema.Array(Sponsor),
  replacement: Schema.optionalKey(Schema.Boolean)
})
/** @category events @since 0.1.0 */
export const BranchResolutionPassed = make("BranchResolutionPassed", {
  purpose: Schema.Literals(["admission", "recognition"]),
  officialMembers: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  votesFor: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
})
/** @category events @since 0.1.0 */
export const AdmissionDecided = make("AdmissionDecided", {
  decidedBy: OrgId,
  decisionNo: Schema.optionalKey(Schema.String),
  kind: Schema.Literals(["first", "readmission"]),
  over60Consent: Schema.optionalKey(Schema.Boolean),
  provincialConsent: Schema.optionalKey(Schema.Boolean),
  educationException: Schema.optionalKey(Schema.Boolean),
  religiousApproval: Schema.optionalKey(Schema.Boolean),
  convictionExpungedOn: Schema.optionalKey(CalendarDate)
})
/** @category events @since 0.1.0 */
export const AdmissionCeremonyHeld = make("AdmissionCeremonyHeld", {
  superiorConsent: Schema.optionalKey(Schema.Boolean)
})
/** @category events @since 0.1.0 */
export const OfficialRecognized = make("OfficialRecognized", {
  decisionNo: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const MemberImported = make("MemberImported", {
  orgId: OrgId,
  person: Person,
  basis: Schema.Literals(["openingBalance", "transferIn"]),
  status: Schema.Literals(["probationary", "official"]),
  admissionDecidedOn: CalendarDate,
  ceremonyOn: CalendarDate,
  officialOn: Schema.optionalKey(CalendarDate),
  firstAdmissionDecidedOn: Schema.optionalKey(CalendarDate),
  partyAgeGaps: Schema.optionalKey(Schema.Array(PartyAgeGap)),
  badges: Schema.optionalKey(Schema.Array(Milestone)),
  cardNo: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const TransferredOut = make("TransferredOut", {
  kind: Schema.Literals(["official", "abroad"]),
  toOrgId: Schema.optionalKey(OrgId),
  destination: Schema.optionalKey(Schema.String),
  letterNo: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const TransferredIn = make("TransferredIn", {
  orgId: OrgId,
  lateReason: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const TemporaryTransferStarted = make("TemporaryTransferStarted", {
  hostOrgId: OrgId,
  until: Schema.optionalKey(CalendarDate),
  purpose: Schema.optionalKey(Schema.Literals(["work", "study"]))
})
/** @category events @since 0.1.0 */
export const TemporaryTransferEnded = makeEmpty("TemporaryTransferEnded")
/** @category events @since 0.1.0 */
export const ResidenceContactRegistered = make("ResidenceContactRegistered", { residenceOrgId: OrgId })
/** @category events @since 0.1.0 */
export const ActivityExempted = make("ActivityExempted", { reason: Schema.Literals(["age", "health"]) })
/** @category events @since 0.1.0 */
export const ActivityExemptionEnded = makeEmpty("ActivityExemptionEnded")
/** @category events @since 0.1.0 */
export const QualityRated = make("QualityRated", { period: Period, level: RatingLevel })
/** @category events @since 0.1.0 */
export const NotRated = make("NotRated", {
  period: Period,
  reason: NotRatedReason
})
/** @category events @since 0.1.0 */
export const Disciplined = make("Disciplined", {
  form: DisciplineForm,
  decisionNo: Schema.optionalKey(Schema.String),
  violationOn: Schema.optionalKey(CalendarDate),
  grounds: Schema.optionalKey(DisciplineGrounds)
})
/** @category events @since 0.1.0 */
export const DisciplineAnnulled = make("DisciplineAnnulled", { disciplineEventId: EventId })
/** @category events @since 0.1.0 */
export const CardIssued = make("CardIssued", { cardNo: Schema.String })
/** @category events @since 0.1.0 */
export const CardReissued = make("CardReissued", {
  cardNo: Schema.String,
  reason: Schema.Literals(["lost", "damaged", "other"])
})
/** @category events @since 0.1.0 */
export const BadgeAwarded = make("BadgeAwarded", {
  milestone: Milestone,
  occasion: Occasion,
  posthumous: Schema.Boolean,
  early: Schema.Boolean,
  badgeNo: Schema.optionalKey(Schema.String)
})
/** @category events @since 0.1.0 */
export const StruckOff = make("StruckOff", { reason: StruckOffReason })
/** @category events @since 0.1.0 */
export const AllowedToLeave = make("AllowedToLeave", {
  specialFamilyHardship: Schema.optionalKey(Schema.Boolean)
})
/** @category events @since 0.1.0 */
export const Died = makeEmpty("Died")
/** @category events @since 0.1.0 */
export const PersonCorrected = make("PersonCorrected", { person: PersonPatch })
/** @category events @since 0.1.0 */
export const EventRetracted = make("EventRetracted", { eventId: EventId, reason: Schema.String })

/**
 * Every member event schema, by type.
 *
 * @category schemas
 * @since 0.1.0
 */
export const schemas = {
  CandidateRegistered,
  AwarenessCourseCompleted,
  SponsorsAssigned,
  BranchResolutionPassed,
  AdmissionDecided,
  AdmissionCeremonyHeld,
  OfficialRecognized,
  MemberImported,
  TransferredOut,
  TransferredIn,
  TemporaryTransferStarted,
  TemporaryTransferEnded,
  ResidenceContactRegistered,
  ActivityExempted,
  ActivityExemptionEnded,
  QualityRated,
  NotRated,
  Disciplined,
  DisciplineAnnulled,
  CardIssued,
  CardReissued,
  BadgeAwarded,
  StruckOff,
  AllowedToLeave,
  Died,
  PersonCorrected,
  EventRetracted
} as const

/**
 * The names of every member event type.
 *
 * @category models
 * @since 0.1.0
 */
export type MemberEventType = keyof typeof schemas

/**
 * The union of member events (sự kiện của đảng viên).
 *
 * @category schemas
 * @since 0.1.0
 */
export const MemberEvent = Schema.Union(Object.values(schemas)).annotate({ title: "MemberEvent" })
/**
 * @category models
 * @since 0.1.0
 */
export type MemberEvent = typeof MemberEvent.Type

/**
 * One member event of a given type.
 *
 * @category models
 * @since 0.1.0
 */
export type Of<T extends MemberEventType> = Extract<MemberEvent, { readonly type: T }>

/**
 * The types of member event.
 *
 * @category constants
 * @since 0.1.0
 */
export const types: ReadonlyArray<MemberEventType> = Object.keys(schemas) as Array<MemberEventType>

/**
 * Is this type a member event type?
 *
 * @category guards
 * @since 0.1.0
 */
export const isType = (type: string): type is MemberEventType => Object.hasOwn(schemas, type)
