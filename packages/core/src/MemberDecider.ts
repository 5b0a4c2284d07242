/**
 * The member decider: judges each fact of a member's life against the rule book (§2–§10) and either
 * records it or refuses it with a `RuleViolation` citing the rule, the field, and a message in
 * English and Vietnamese. Rules that only warn (deadlines, quotas) are not refusals here: they are
 * audit findings.
 *
 * Facts from other streams (a sponsor's status and tenure, an organisation existing on the date, who
 * holds a card number) come in the `Context`; a check whose context function is absent is skipped,
 * so a caller decides which cross-stream checks it can afford.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type * as Calendar from "./Calendar.ts"
import type { CalendarDate } from "./Calendar.ts"
import type { Decider, Recorded } from "./Decider.ts"
import type { MemberId, OrgId } from "./Ids.ts"
import {
  checkAdmission,
  checkCeremony,
  checkImport,
  checkRecognition,
  checkResolution,
  checkSponsors
} from "./internal/admissionRules.ts"
import { checkBadge } from "./internal/badgeRules.ts"
import { type Check, checkOrg, notApplicable, ok, requireMember, rulesFor, v } from "./internal/memberContext.ts"
import { checkCard, checkDiscipline, checkRating } from "./internal/memberRules.ts"
import { checkTransfer } from "./internal/transferRules.ts"
import * as Member from "./Member.ts"
import * as MemberCommand from "./MemberCommand.ts"
import type { MemberEvent, Of } from "./MemberEvent.ts"
import type { OrgKind } from "./OrgEvent.ts"
import type * as RuleSet from "./RuleSet.ts"
import type { RuleViolation } from "./RuleViolation.ts"

/**
 * Facts from outside the stream that some rules need.
 *
 * @category models
 * @since 0.1.0
 */
export interface Context {
  /** The rule book; the set in force on each fact's date judges it (default: `RuleSet.defaultBook`). */
  readonly rules?: RuleSet.RuleBook
  /** Working-day calendar for CAL-03 deadlines (default: `Calendar.vietnam`). */
  readonly calendar?: Calendar.HolidayCalendar
  /** This member's id (to tell a sponsor from the applicant, and one's own card). */
  readonly self?: MemberId
  /** ADM-05: a sponsor's status on a date and since when they are in the applicant's grassroots organisation. */
  readonly sponsor?: (
    id: MemberId,
    on: CalendarDate
  ) => { readonly status: Member.Status; readonly sameGrassrootsSince?: CalendarDate } | undefined
  /** ORG-01/ORG-05: the kind of a live organisation on a date, or undefined if it does not exist then. */
  readonly org?: (id: OrgId, on: CalendarDate) => { readonly kind: OrgKind } | undefined
  /** CRD-02: who holds or held a card number, if anyone. */
  readonly cardHolder?: (cardNo: string) => MemberId | undefined
  /** EXT-02: the member has a violation under consideration. */
  readonly pendingViolation?: boolean
}

/** Events a member may record after an exit (EXT-06). */
const afterExit = (e: MemberEvent, s: Member.State): Check => {
  switch (e.type) {
    case "PersonCorrected":
    case "EventRetracted":
    case "DisciplineAnnulled":
      return ok
    case "Died":
      return s.status === "dead" ? v("EXT-06", "type", "the member has already died", "đảng viên đã từ trần") : ok
    case "BadgeAwarded":
      return s.status === "dead" ? ok : refusedAfterExit(e, s)
    case "SponsorsAssigned":
    case "AwarenessCourseCompleted":
    case "AdmissionDecided":
      return s.status === "dead" ? refusedAfterExit(e, s) : ok
    case "BranchResolutionPassed":
      return s.status !== "dead" && e.data.purpose === "admission" ? ok : refusedAfterExit(e, s)
    default:
      return refusedAfterExit(e, s)
  }
}

const refusedAfterExit = (e: MemberEvent, s: Member.State): RuleViolation =>
  v(
    "EXT-06",
    "type",
    `${e.type} is not accepted after the member's exit (${s.status})`,
    `không ghi nhận ${e.type} sau khi đảng viên đã ra khỏi Đảng hoặc từ trần (${s.status})`
  )

const checkExit = (e: MemberEvent, s: Member.State, ctx: Context): Check => {
  switch (e.type) {
    case "StruckOff": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      if (e.data.reason === "probationNotRecognized") {
        const end = Member.probationEnd(s, rulesFor(ctx, e.occurredOn).probation.months)
        if (s.status !== "probationary" || end === undefined || e.occurredOn < end) {
          return v(
            "PRB-04",
            "data.reason",
            `a probationary member is struck off for not being recognised only when probation has ended${
              end === undefined ? "" : ` (${end})`
            }`,
            `chỉ xóa tên đảng viên dự bị không được công nhận chính thức khi đã hết thời gian dự bị${
              end === undefined ? "" : ` (${end})`
            }`
          )
        }
      }
      return ok
    }
    case "AllowedToLeave": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      return ctx.pendingViolation === true
        ? v(
          "EXT-02",
          "type",
          "a member with a violation under consideration is disciplined first, not allowed to leave",
          "đảng viên có vi phạm đang được xem xét phải được xử lý kỷ luật trước, không cho ra khỏi Đảng"
        )
        : ok
    }
    case "Died":
      return s.status === "dead" ? v("EXT-06", "type", "the member has already died", "đảng viên đã từ trần") : ok
    default:
      return ok
  }
}

const checkReference = (e: Of<"EventRetracted"> | Of<"DisciplineAnnulled">, s: Member.State): Check => {
  const id = e.type === "EventRetracted" ? e.data.eventId : e.data.disciplineEventId
  const field = e.type === "EventRetracted" ? "data.eventId" : "data.disciplineEventId"
  const target = Member.findEvent(s, id)
  if (target === undefined) {
    return v("STR-03", field, `no event ${id} in this stream`, `không có sự kiện ${id} trong hồ sơ này`)
  }
  if (s.neutralised.has(id)) {
    return v(
      "STR-03",
      field,
      `event ${id} is already retracted or annulled`,
      `sự kiện ${id} đã được thu hồi hoặc hủy bỏ`
    )
  }
  if (e.type === "DisciplineAnnulled" && target.type !== "Disciplined") {
    return v(
      "STR-03",
      field,
      `event ${id} is a ${target.type}, not a discipline`,
      `sự kiện ${id} không phải là quyết định kỷ luật`
    )
  }
  if (e.type === "EventRetracted" && (target.type === "EventRetracted" || target.type === "DisciplineAnnulled")) {
    return v(
      "STR-03",
      field,
      "a retraction or annulment cannot itself be retracted",
      "không thu hồi một quyết định thu hồi hoặc hủy bỏ"
    )
  }
  return ok
}

/**
 * Judges one event against the member's state: `undefined` if the rules accept it, else the
 * violation. This is the whole rule check; `decide` and bulk import both use it.
 *
 * @category deciding
 * @since 0.1.0
 */
export const check = (e: MemberEvent, s: Member.State, ctx: Context = {}): RuleViolation | undefined => {
  if (s.status === "none") {
    return e.type === "CandidateRegistered"
      ? checkOrg(ctx, e.data.orgId, e.occurredOn, "data.orgId", true)
      : e.type === "MemberImported"
      ? checkImport(e, ctx)
      : v(
        "STR-01",
        "type",
        "a member stream starts with CandidateRegistered or MemberImported",
        "hồ sơ đảng viên bắt đầu bằng CandidateRegistered hoặc MemberImported"
      )
  }
  if (e.type === "CandidateRegistered" || e.type === "MemberImported") {
    return v("STR-01", "type", `${e.type} only starts a stream`, `${e.type} chỉ mở đầu hồ sơ`)
  }
  if (e.type !== "OfficialRecognized" && s.lastOccurredOn !== undefined && e.occurredOn < s.lastOccurredOn) {
    return v(
      "STR-02",
      "occurredOn",
      `events of a stream are in date order: ${e.occurredOn} is before ${s.lastOccurredOn}`,
      `các sự kiện trong hồ sơ phải theo thứ tự thời gian: ${e.occurredOn} trước ${s.lastOccurredOn}`
    )
  }
  if (Member.hasLeft(s) || s.status === "dead") {
    const exit = afterExit(e, s)
    if (exit !== undefined) return exit
  }
  switch (e.type) {
    case "AwarenessCourseCompleted":
      return s.status === "candidate" || Member.hasLeft(s) ? ok : notApplicable(e, s, "candidates", "quần chúng ưu tú")
    case "SponsorsAssigned":
      return s.status === "candidate" || Member.hasLeft(s)
        ? checkSponsors(e, s, ctx)
        : notApplicable(e, s, "candidates", "quần chúng ưu tú")
    case "BranchResolutionPassed":
      return checkResolution(e, s, ctx)
    case "AdmissionDecided":
      return checkAdmission(e, s, ctx)
    case "AdmissionCeremonyHeld":
      return checkCeremony(e, s, ctx)
    case "OfficialRecognized":
      return checkRecognition(e, s, ctx)
    case "TransferredOut":
    case "TransferredIn":
    case "TemporaryTransferStarted":
    case "TemporaryTransferEnded":
    case "ResidenceContactRegistered":
      return checkTransfer(e, s, ctx)
    case "ActivityExempted":
      return requireMember(e, s) ??
        (s.exemption !== undefined
          ? v("STR-04", "type", "the member is already exempted", "đảng viên đã được miễn công tác và sinh hoạt đảng")
          : ok)
    case "ActivityExemptionEnded":
      return s.exemption === undefined
        ? v("STR-04", "type", "the member is not exempted", "đảng viên không được miễn công tác và sinh hoạt đảng")
        : ok
    case "QualityRated":
    case "NotRated":
      return requireMember(e, s) ?? checkRating(e, s, rulesFor(ctx, e.occurredOn))
    case "Disciplined":
      return checkDiscipline(e, s, rulesFor(ctx, e.occurredOn))
    case "CardIssued":
    case "CardReissued":
      return checkCardEvent(e, s, ctx)
    case "BadgeAwarded":
      return checkBadge(e, s, ctx)
    case "StruckOff":
    case "AllowedToLeave":
    case "Died":
      return checkExit(e, s, ctx)
    case "EventRetracted":
    case "DisciplineAnnulled":
      return checkReference(e, s)
    case "PersonCorrected":
      return ok
  }
}

const checkCardEvent = (e: Of<"CardIssued"> | Of<"CardReissued">, s: Member.State, ctx: Context): Check => {
  if (s.status === "probationary") {
    return v(
      "PRB-06",
      "type",
      "a probationary member has no party card",
      "đảng viên dự bị chưa được phát thẻ đảng viên"
    )
  }
  if (s.status !== "official") {
    return v(
      "CRD-01",
      "type",
      "party cards are issued only to official members",
      "thẻ đảng viên chỉ phát cho đảng viên chính thức"
    )
  }
  if (e.type === "CardIssued" && s.card !== undefined && !s.card.collected) {
    return v(
      "CRD-03",
      "type",
      `the member already holds card ${s.card.cardNo}; a new card is a reissue`,
      `đảng viên đã có thẻ ${s.card.cardNo}; cấp thẻ mới là cấp lại thẻ`
    )
  }
  if (e.type === "CardReissued") {
    // A card collected on an exit (thu hồi thẻ, CRD-04) is not held: a readmitted member is issued a
    // new card (cấp thẻ), not a reissue (cấp lại thẻ).
    if (s.card === undefined || s.card.collected) {
      return v(
        "CRD-03",
        "type",
        "a card is reissued only to a member who holds one",
        "chỉ cấp lại thẻ cho đảng viên đã có thẻ"
      )
    }
  }
  if (s.cardNumbersUsed.includes(e.data.cardNo)) {
    return v(
      "CRD-03",
      "data.cardNo",
      `card number ${e.data.cardNo} was already used; an old number is void`,
      `số thẻ ${e.data.cardNo} đã sử dụng; số thẻ cũ không còn giá trị`
    )
  }
  return checkCard(e.data.cardNo, ctx, "data.cardNo")
}

/**
 * Decides a command: the events it records, or the violation that refuses it.
 *
 * @category deciding
 * @since 0.1.0
 */
export const decide = (
  command: MemberCommand.MemberCommand,
  state: Member.State,
  context: Context = {}
): Result.Result<ReadonlyArray<MemberEvent>, RuleViolation> => {
  const event = MemberCommand.toEvent(command)
  const refused = check(event, state, context)
  return refused === undefined ? Result.succeed([event]) : Result.fail(refused)
}

/**
 * The member decider `{ initialState, evolve, decide }`.
 *
 * @category deciding
 * @since 0.1.0
 */
export const decider: Decider<MemberCommand.MemberCommand, MemberEvent, Member.State, Context> = {
  initialState: Member.initialState,
  evolve: Member.evolve,
  decide
}

/**
 * Replays recorded events, checking each against the state before it: the first refused event
 * with its index, or the final state. A history is valid when it replays with no refusal.
 *
 * @category deciding
 * @since 0.1.0
 */
export const replay = (
  events: Iterable<Recorded<MemberEvent>>,
  context: Context = {}
): Result.Result<Member.State, { readonly index: number; readonly violation: RuleViolation }> => {
  let state = Member.initialState
  let index = 0
  for (const e of events) {
    const refused = check(e, state, context)
    if (refused !== undefined) return Result.fail({ index, violation: refused })
    state = Member.evolve(state, e)
    index++
  }
  return Result.succeed(state)
}
