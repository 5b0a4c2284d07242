/**
 * Commands on a member stream. Each command records one fact and, if the rules accept it, becomes
 * the event of the same data: `{ _tag: "DecideAdmission", occurredOn, data }` → `AdmissionDecided`.
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "./Calendar.ts"
import type { MemberEvent, MemberEventType, Of } from "./MemberEvent.ts"

/**
 * The command that records each member event type.
 *
 * @category constants
 * @since 0.1.0
 */
export const eventOf = {
  RegisterCandidate: "CandidateRegistered",
  CompleteAwarenessCourse: "AwarenessCourseCompleted",
  AssignSponsors: "SponsorsAssigned",
  PassBranchResolution: "BranchResolutionPassed",
  DecideAdmission: "AdmissionDecided",
  HoldCeremony: "AdmissionCeremonyHeld",
  RecognizeOfficial: "OfficialRecognized",
  ImportMember: "MemberImported",
  TransferOut: "TransferredOut",
  TransferIn: "TransferredIn",
  StartTemporaryTransfer: "TemporaryTransferStarted",
  EndTemporaryTransfer: "TemporaryTransferEnded",
  RegisterResidenceContact: "ResidenceContactRegistered",
  ExemptFromActivity: "ActivityExempted",
  EndExemption: "ActivityExemptionEnded",
  Rate: "QualityRated",
  RecordNotRated: "NotRated",
  Discipline: "Disciplined",
  AnnulDiscipline: "DisciplineAnnulled",
  IssueCard: "CardIssued",
  ReissueCard: "CardReissued",
  AwardBadge: "BadgeAwarded",
  StrikeOff: "StruckOff",
  AllowToLeave: "AllowedToLeave",
  RecordDeath: "Died",
  CorrectPerson: "PersonCorrected",
  Retract: "EventRetracted"
} as const satisfies Record<string, MemberEventType>

/**
 * The name of a member command.
 *
 * @category models
 * @since 0.1.0
 */
export type MemberCommandName = keyof typeof eventOf

/**
 * A member command: its name, the effective date and the data of the event it records.
 *
 * @category models
 * @since 0.1.0
 */
export type MemberCommand = {
  readonly [K in MemberCommandName]: {
    readonly _tag: K
    readonly occurredOn: CalendarDate
    readonly data: Of<(typeof eventOf)[K]>["data"]
  }
}[MemberCommandName]

/**
 * Builds a command.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <K extends MemberCommandName>(
  _tag: K,
  occurredOn: CalendarDate,
  data: Of<(typeof eventOf)[K]>["data"]
): Extract<MemberCommand, { readonly _tag: K }> => ({ _tag, occurredOn, data }) as any

/**
 * The event a command records.
 *
 * @category conversions
 * @since 0.1.0
 */
export const toEvent = (command: MemberCommand): MemberEvent =>
  ({ type: eventOf[command._tag], occurredOn: command.occurredOn, data: command.data }) as MemberEvent

const commandOf = Object.fromEntries(Object.entries(eventOf).map(([c, e]) => [e, c])) as {
  readonly [K in MemberEventType]: MemberCommandName
}

/**
 * The command that would record an event (used to validate imported events as commands).
 *
 * @category conversions
 * @since 0.1.0
 */
export const fromEvent = (event: MemberEvent): MemberCommand =>
  ({ _tag: commandOf[event.type], occurredOn: event.occurredOn, data: event.data }) as MemberCommand
