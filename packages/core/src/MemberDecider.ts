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
import * as Badge from "./Badge.ts"
import * as Calendar from "./Calendar.ts"
import type { CalendarDate } from "./Calendar.ts"
import type { Decider, Recorded } from "./Decider.ts"
import type { MemberId, OrgId } from "./Ids.ts"
import * as Member from "./Member.ts"
import * as MemberCommand from "./MemberCommand.ts"
import type { MemberEvent, Of } from "./MemberEvent.ts"
import type { OrgKind } from "./OrgEvent.ts"
import * as PartyAge from "./PartyAge.ts"
import * as RuleSet from "./RuleSet.ts"
import { make as violation, type RuleViolation } from "./RuleViolation.ts"
import { checkCard, checkDiscipline, checkRating, periodBounds } from "./internal/memberRules.ts"

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

type Check = RuleViolation | undefined

const ok: Check = undefined
const v = violation

const rulesFor = (ctx: Context, on: CalendarDate) => RuleSet.forDate(on, ctx.rules)
const calendarOf = (ctx: Context) => ctx.calendar ?? Calendar.vietnam

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

const notApplicable = (e: MemberEvent, s: Member.State, what: string, whatVi: string): RuleViolation =>
  v("STR-04", "type", `${e.type} applies only to ${what} (status: ${s.status})`, `${e.type} chỉ áp dụng cho ${whatVi} (hiện tại: ${s.status})`)

const requireMember = (e: MemberEvent, s: Member.State): Check =>
  Member.isMember(s) ? ok : notApplicable(e, s, "party members", "đảng viên")

const checkOrg = (ctx: Context, id: OrgId, on: CalendarDate, field: string, branchLevel: boolean): Check => {
  if (ctx.org === undefined) return ok
  const org = ctx.org(id, on)
  if (org === undefined) {
    return v("ORG-05", field, `organisation ${id} does not exist on ${on}`, `tổ chức đảng ${id} không tồn tại vào ngày ${on}`)
  }
  if (branchLevel && org.kind !== "cell" && org.kind !== "grassrootsCell") {
    return v(
      "ORG-01",
      field,
      `members belong only to a branch (cell or grassrootsCell), not to a ${org.kind}`,
      `đảng viên chỉ sinh hoạt ở chi bộ, không ở ${org.kind}`
    )
  }
  return ok
}

const ageMonths = (s: Member.State, on: CalendarDate) =>
  s.person === undefined ? 0 : Calendar.monthsBetween(s.person.birthDate, on)

const checkSponsors = (e: Of<"SponsorsAssigned">, s: Member.State, ctx: Context): Check => {
  const rules = rulesFor(ctx, e.occurredOn)
  const members = e.data.sponsors.flatMap((sp) => (sp.kind === "member" ? [sp] : []))
  const unions = e.data.sponsors.filter((sp) => sp.kind !== "member")
  const youthAgeOk = ageMonths(s, e.occurredOn) < 12 * (rules.admission.youthUnionMaxAge + 1)
  const shapeOk = (members.length === 2 && unions.length === 0) ||
    (members.length === 1 && unions.length === 1 && (unions[0]!.kind === "tradeUnion" || youthAgeOk))
  if (!shapeOk) {
    return v(
      "ADM-04",
      "data.sponsors",
      "an applicant is introduced by two official members, or by the Youth Union (up to 30 years old) or the Trade Union committee plus one official member",
      "người vào Đảng phải được hai đảng viên chính thức giới thiệu, hoặc Ban Chấp hành Đoàn cơ sở (đoàn viên trong độ tuổi thanh niên) hay Công đoàn cơ sở và một đảng viên chính thức"
    )
  }
  if (members.length === 2 && members[0]!.memberId === members[1]!.memberId) {
    return v("ADM-04", "data.sponsors.1", "the two sponsors must be different members", "hai người giới thiệu phải là hai đảng viên khác nhau")
  }
  for (const [i, sp] of e.data.sponsors.entries()) {
    if (sp.kind !== "member") continue
    const field = `data.sponsors.${i}`
    if (ctx.self !== undefined && sp.memberId === ctx.self) {
      return v("ADM-05", field, "an applicant cannot sponsor themselves", "người vào Đảng không thể tự giới thiệu")
    }
    // Without a sponsor lookup, only the tenure the event itself states (`knownSince`) is checked.
    const facts = ctx.sponsor?.(sp.memberId, e.occurredOn)
    if (ctx.sponsor !== undefined && (facts === undefined || facts.status !== "official")) {
      return v(
        "ADM-05",
        field,
        `sponsor ${sp.memberId} is not an official member on ${e.occurredOn}`,
        `người giới thiệu ${sp.memberId} không phải là đảng viên chính thức vào ngày ${e.occurredOn}`
      )
    }
    if (e.data.replacement === true) continue
    const since = sp.knownSince ?? facts?.sameGrassrootsSince
    if (ctx.sponsor === undefined && since === undefined) continue
    if (since === undefined || Calendar.monthsBetween(since, e.occurredOn) < rules.admission.sponsorTenureMonths) {
      return v(
        "ADM-05",
        `${field}.knownSince`,
        `sponsor ${sp.memberId} has not worked or lived with the applicant for ${rules.admission.sponsorTenureMonths} months in the same grassroots organisation`,
        `người giới thiệu ${sp.memberId} chưa cùng công tác, học tập hoặc cư trú với người vào Đảng đủ ${rules.admission.sponsorTenureMonths} tháng trong cùng tổ chức cơ sở đảng`
      )
    }
  }
  return ok
}

const checkVote = (e: Of<"BranchResolutionPassed">, ctx: Context): Check => {
  const q = rulesFor(ctx, e.occurredOn).admission.branchVoteQuorum
  const { officialMembers, votesFor } = e.data
  if (votesFor > officialMembers) {
    return v("ADM-06", "data.votesFor", "more votes than official members of the branch", "số phiếu tán thành nhiều hơn số đảng viên chính thức của chi bộ")
  }
  if (officialMembers === 0 || votesFor * q.denominator < officialMembers * q.numerator) {
    return v(
      "ADM-06",
      "data.votesFor",
      `${votesFor} of ${officialMembers} official members is less than ${q.numerator}/${q.denominator} of all official members of the branch`,
      `${votesFor}/${officialMembers} chưa đạt ${q.numerator}/${q.denominator} tổng số đảng viên chính thức của chi bộ`
    )
  }
  return ok
}

const checkResolution = (e: Of<"BranchResolutionPassed">, s: Member.State, ctx: Context): Check => {
  const rules = rulesFor(ctx, e.occurredOn)
  if (e.data.purpose === "recognition") {
    if (s.status !== "probationary" && !(s.status === "official" && s.recognitionResolutionOn === undefined)) {
      return notApplicable(e, s, "probationary members", "đảng viên dự bị")
    }
    const end = Member.probationEnd(s, rules.probation.months)
    if (end === undefined || e.occurredOn < end) {
      return v("PRB-02", "occurredOn", `the branch considers recognition after probation ends (${end ?? "no ceremony"})`, `chi bộ chỉ xét công nhận đảng viên chính thức khi hết thời gian dự bị (${end ?? "chưa tổ chức lễ kết nạp"})`)
    }
    return checkVote(e, ctx)
  }
  if (s.status !== "candidate" && !Member.hasLeft(s)) return notApplicable(e, s, "candidates", "quần chúng ưu tú")
  const app = s.application
  if (app.sponsorsAssignedOn === undefined) {
    return v("ADM-04", "data", "the applicant has no sponsors yet", "người vào Đảng chưa có người giới thiệu")
  }
  if (e.occurredOn > Calendar.addMonths(app.sponsorsAssignedOn, rules.admission.dossierValidityMonths)) {
    return v(
      "ADM-10",
      "occurredOn",
      `the dossier of ${app.sponsorsAssignedOn} is older than ${rules.admission.dossierValidityMonths} months at the branch vote and must be refreshed`,
      `hồ sơ từ ngày ${app.sponsorsAssignedOn} đã quá ${rules.admission.dossierValidityMonths} tháng chưa được chi bộ xét, phải làm lại`
    )
  }
  if (s.status === "candidate") {
    if (app.courseCompletedOn === undefined) {
      return v("ADM-03", "data", "the applicant has no awareness-course certificate", "người vào Đảng chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")
    }
    if (e.occurredOn > Calendar.addMonths(app.courseCompletedOn, rules.admission.courseValidityMonths)) {
      return v(
        "ADM-03",
        "occurredOn",
        `the awareness-course certificate of ${app.courseCompletedOn} expired after ${rules.admission.courseValidityMonths} months`,
        `giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng ngày ${app.courseCompletedOn} đã hết hạn ${rules.admission.courseValidityMonths} tháng`
      )
    }
  }
  if (ageMonths(s, e.occurredOn) < 12 * rules.admission.minAgeYears) {
    return v("ADM-01", "person.birthDate", `the applicant is not full ${rules.admission.minAgeYears} on the branch vote`, `người vào Đảng chưa đủ ${rules.admission.minAgeYears} tuổi khi chi bộ xét kết nạp`)
  }
  return checkVote(e, ctx)
}

const checkAdmission = (e: Of<"AdmissionDecided">, s: Member.State, ctx: Context): Check => {
  const rules = rulesFor(ctx, e.occurredOn)
  const d = e.data
  if (d.kind === "first") {
    if (s.status !== "candidate") {
      return Member.hasLeft(s)
        ? v("RDM-05", "data.kind", "a former member is readmitted (kind: readmission), not admitted for the first time", "người đã ra khỏi Đảng được kết nạp lại (kind: readmission), không kết nạp mới")
        : notApplicable(e, s, "candidates", "quần chúng ưu tú")
    }
  } else {
    if (!Member.hasLeft(s) || s.exit === undefined) {
      return notApplicable(e, s, "former members who left the Party", "người đã ra khỏi Đảng")
    }
    const x = s.exit
    if (s.readmissions > 0) {
      return v("RDM-03", "data.kind", "a person is readmitted only once", "chỉ kết nạp lại một lần")
    }
    const never = (x.kind === "struckOff" && x.reason === "abandonedActivity") ||
      (x.kind === "allowedToLeave" && x.specialFamilyHardship !== true) ||
      (x.kind === "expelled" &&
        (x.grounds === "seriousDisunity" || x.grounds === "corruptionConviction" || x.grounds === "seriousCrimeConviction"))
    if (never) {
      return v("RDM-02", "data.kind", `a person who left by ${x.kind}${x.reason === undefined ? "" : ` (${x.reason})`}${x.grounds === undefined ? "" : ` (${x.grounds})`} is never readmitted`, `không kết nạp lại người đã ra khỏi Đảng vì lý do này (${x.kind} ${x.reason ?? x.grounds ?? ""})`)
    }
    if (e.occurredOn < Calendar.addMonths(x.on, rules.readmission.minMonthsAfterExit)) {
      return v("RDM-01", "occurredOn", `readmission needs ${rules.readmission.minMonthsAfterExit} months since leaving the Party on ${x.on}`, `kết nạp lại phải sau ít nhất ${rules.readmission.minMonthsAfterExit} tháng kể từ khi ra khỏi Đảng (${x.on})`)
    }
    if (x.grounds === "lessSeriousCrimeConviction") {
      if (d.convictionExpungedOn === undefined || e.occurredOn < Calendar.addMonths(d.convictionExpungedOn, rules.readmission.minMonthsAfterExpunged)) {
        return v("RDM-01", "data.convictionExpungedOn", `readmission after a conviction needs ${rules.readmission.minMonthsAfterExpunged} months since the record was expunged`, `kết nạp lại người bị kết án phải sau ít nhất ${rules.readmission.minMonthsAfterExpunged} tháng kể từ khi được xóa án tích`)
      }
    }
    if (d.provincialConsent !== true) {
      return v("RDM-04", "data.provincialConsent", "readmission needs the provincial standing committee's written consent", "kết nạp lại phải được ban thường vụ tỉnh ủy, thành ủy đồng ý bằng văn bản")
    }
  }
  const resolutionOn = s.application.resolutionOn
  if (resolutionOn === undefined || resolutionOn > e.occurredOn) {
    return v("ADM-06", "data", "no branch resolution for this admission", "chưa có nghị quyết của chi bộ đề nghị kết nạp")
  }
  if (ageMonths(s, resolutionOn) > 12 * rules.admission.maxAgeYears && d.over60Consent !== true) {
    return v("ADM-01", "data.over60Consent", `the applicant was over ${rules.admission.maxAgeYears} at the branch vote; the provincial standing committee's written consent is required`, `người vào Đảng trên ${rules.admission.maxAgeYears} tuổi khi chi bộ xét; phải được ban thường vụ tỉnh ủy đồng ý bằng văn bản`)
  }
  const education = s.person?.education
  if ((education === undefined || education === "primary") && d.educationException !== true) {
    return v("ADM-02", "person.education", "admission needs lower-secondary education or higher, or a written exception", "người vào Đảng phải tốt nghiệp trung học cơ sở trở lên, hoặc có văn bản cho phép ngoại lệ")
  }
  return checkOrg(ctx, d.decidedBy, e.occurredOn, "data.decidedBy", false)
}

const checkCeremony = (e: Of<"AdmissionCeremonyHeld">, s: Member.State, ctx: Context): Check => {
  if (s.status !== "probationary" || s.admissionDecidedOn === undefined) {
    return notApplicable(e, s, "members just admitted", "người vừa được quyết định kết nạp")
  }
  if (s.ceremonyOn !== undefined) {
    return v("ADM-09", "type", "exactly one admission ceremony per admission", "mỗi lần kết nạp chỉ tổ chức một lễ kết nạp")
  }
  const days = rulesFor(ctx, e.occurredOn).admission.ceremonyWithinWorkingDays
  if (!Calendar.isWithinWorkingDays(s.admissionDecidedOn, e.occurredOn, days, calendarOf(ctx)) && e.data.superiorConsent !== true) {
    return v("ADM-09", "occurredOn", `the ceremony is held within ${days} working days of the decision (${s.admissionDecidedOn}) unless the superior committee consents`, `lễ kết nạp phải tổ chức trong ${days} ngày làm việc kể từ ngày có quyết định (${s.admissionDecidedOn}), nếu chậm phải được cấp ủy cấp trên đồng ý`)
  }
  return ok
}

const checkRecognition = (e: Of<"OfficialRecognized">, s: Member.State, ctx: Context): Check => {
  if (s.status !== "probationary") return notApplicable(e, s, "probationary members", "đảng viên dự bị")
  const end = Member.probationEnd(s, rulesFor(ctx, e.occurredOn).probation.months)
  if (end === undefined) {
    return v("PRB-01", "type", "probation starts at the admission ceremony, which has not been held", "thời gian dự bị tính từ ngày tổ chức lễ kết nạp, lễ kết nạp chưa được tổ chức")
  }
  if (e.occurredOn !== end) {
    return v("PRB-03", "occurredOn", `official status takes effect exactly at the end of probation, ${end}`, `đảng viên được công nhận chính thức đúng vào ngày hết 12 tháng dự bị, ${end}`)
  }
  return ok
}

const checkImport = (e: Of<"MemberImported">, ctx: Context): Check => {
  const d = e.data
  const rules = rulesFor(ctx, e.occurredOn)
  if (d.ceremonyOn < d.admissionDecidedOn) {
    return v("ADM-09", "data.ceremonyOn", "the ceremony cannot precede the admission decision", "lễ kết nạp không thể trước quyết định kết nạp")
  }
  if (d.ceremonyOn > e.occurredOn) {
    return v("CAL-01", "data.ceremonyOn", "an imported member's admission must precede the import date", "ngày kết nạp phải trước ngày nhập hồ sơ")
  }
  if (d.firstAdmissionDecidedOn !== undefined && d.firstAdmissionDecidedOn > d.admissionDecidedOn) {
    return v("AGE-03", "data.firstAdmissionDecidedOn", "the first admission cannot follow the latest one", "ngày kết nạp lần đầu không thể sau ngày kết nạp gần nhất")
  }
  const end = Calendar.addMonths(d.ceremonyOn, rules.probation.months)
  if (d.status === "official" && d.officialOn !== end) {
    return v("PRB-03", "data.officialOn", `official status takes effect exactly at the end of probation, ${end}`, `đảng viên chính thức từ ngày hết 12 tháng dự bị, ${end}`)
  }
  if (d.status === "probationary" && d.officialOn !== undefined) {
    return v("PRB-03", "data.officialOn", "a probationary member has no official date", "đảng viên dự bị chưa có ngày chính thức")
  }
  for (const [i, g] of (d.partyAgeGaps ?? []).entries()) {
    if (g.to < g.from || g.from < (d.firstAdmissionDecidedOn ?? d.admissionDecidedOn) || g.to > e.occurredOn) {
      return v("AGE-02", `data.partyAgeGaps.${i}`, "a gap must lie between the first admission and the import date, from before to", "khoảng gián đoạn phải nằm giữa ngày kết nạp lần đầu và ngày nhập hồ sơ")
    }
  }
  const badges = d.badges ?? []
  for (const [i, m] of badges.entries()) {
    if (badges.indexOf(m) !== i) {
      return v("BDG-06", `data.badges.${i}`, `the ${m}-year badge is listed twice`, `Huy hiệu ${m} năm tuổi Đảng bị ghi hai lần`)
    }
  }
  if (d.cardNo !== undefined) {
    if (d.status !== "official") {
      return v("PRB-06", "data.cardNo", "a probationary member has no party card", "đảng viên dự bị chưa được phát thẻ đảng viên")
    }
    const card = checkCard(d.cardNo, ctx, "data.cardNo")
    if (card !== undefined) return card
  }
  return checkOrg(ctx, d.orgId, e.occurredOn, "data.orgId", true)
}

const checkTransfer = (e: MemberEvent, s: Member.State, ctx: Context): Check => {
  const calendar = calendarOf(ctx)
  switch (e.type) {
    case "TransferredOut": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      if (s.orgId === undefined) {
        return v("TRF-03", "type", "the member is already in transit", "đảng viên đang chuyển sinh hoạt, chưa được tiếp nhận")
      }
      if (e.data.toOrgId !== undefined) {
        if (e.data.toOrgId === s.orgId) {
          return v("TRF-01", "data.toOrgId", "a transfer goes to another organisation", "chuyển sinh hoạt phải đến tổ chức đảng khác")
        }
        return checkOrg(ctx, e.data.toOrgId, e.occurredOn, "data.toOrgId", true)
      }
      return ok
    }
    case "TransferredIn": {
      if (Member.isMember(s) && s.transit === undefined) {
        return v("TRF-03", "type", "the member is not in transit", "đảng viên không trong thời gian chuyển sinh hoạt")
      }
      const m = requireMember(e, s)
      if (m !== undefined || s.transit === undefined) return m
      if (s.transit.toOrgId !== undefined && s.transit.toOrgId !== e.data.orgId) {
        return v("TRF-03", "data.orgId", `the letter introduces the member to ${s.transit.toOrgId}`, `giấy giới thiệu sinh hoạt đảng ghi nơi đến là ${s.transit.toOrgId}`)
      }
      const days = rulesFor(ctx, e.occurredOn).transfer.presentWithinWorkingDays
      if (!Calendar.isWithinWorkingDays(s.transit.since, e.occurredOn, days, calendar) && (e.data.lateReason ?? "") === "") {
        return v("TRF-02", "data.lateReason", `the letter of ${s.transit.since} was presented after ${days} working days; a reason is required`, `nộp giấy giới thiệu sinh hoạt đảng sau ${days} ngày làm việc kể từ ngày ${s.transit.since}; phải ghi rõ lý do`)
      }
      return checkOrg(ctx, e.data.orgId, e.occurredOn, "data.orgId", true)
    }
    case "TemporaryTransferStarted": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      if (s.orgId === undefined) return v("TRF-03", "type", "the member is in transit", "đảng viên đang chuyển sinh hoạt")
      if (s.temporaryTransfer !== undefined) {
        return v("TRF-04", "type", "a temporary transfer is already in progress", "đảng viên đang sinh hoạt tạm thời")
      }
      if (e.data.hostOrgId === s.orgId) {
        return v("TRF-04", "data.hostOrgId", "the host is the member's own branch", "nơi sinh hoạt tạm thời trùng với chi bộ chính thức")
      }
      if (e.data.until !== undefined) {
        const rules = rulesFor(ctx, e.occurredOn).transfer
        const months = Calendar.monthsBetween(e.occurredOn, e.data.until)
        const study = e.data.purpose === "study"
        const tooLong = study ? e.data.until > Calendar.addMonths(e.occurredOn, rules.studyMaxMonths) : months >= rules.temporaryMaxMonths
        if (months < rules.temporaryMinMonths || tooLong) {
          return v("TRF-04", "data.until", `a temporary transfer lasts ${rules.temporaryMinMonths} months to less than ${rules.temporaryMaxMonths} months (full-time study: up to ${rules.studyMaxMonths})`, `sinh hoạt tạm thời từ ${rules.temporaryMinMonths} tháng đến dưới ${rules.temporaryMaxMonths} tháng (đi học tập trung: đến ${rules.studyMaxMonths} tháng)`)
        }
      }
      return checkOrg(ctx, e.data.hostOrgId, e.occurredOn, "data.hostOrgId", true)
    }
    case "TemporaryTransferEnded":
      return s.temporaryTransfer === undefined
        ? v("TRF-04", "type", "no temporary transfer is in progress", "đảng viên không sinh hoạt tạm thời")
        : ok
    case "ResidenceContactRegistered": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      return checkOrg(ctx, e.data.residenceOrgId, e.occurredOn, "data.residenceOrgId", true) ??
        (e.data.residenceOrgId === s.orgId
          ? v("TRF-05", "data.residenceOrgId", "the residence branch is the member's own branch", "chi bộ nơi cư trú trùng với chi bộ nơi sinh hoạt")
          : ok)
    }
    default:
      return ok
  }
}

const checkBadge = (e: Of<"BadgeAwarded">, s: Member.State, ctx: Context): Check => {
  const rules = rulesFor(ctx, e.occurredOn)
  const d = e.data
  const membership = Member.membership(s)
  if (membership === undefined) return notApplicable(e, s, "party members", "đảng viên")
  if (s.badges.some((b) => b.milestone === d.milestone)) {
    return v("BDG-06", "data.milestone", `the ${d.milestone}-year badge was already awarded`, `đã được tặng Huy hiệu ${d.milestone} năm tuổi Đảng`)
  }
  if (!Badge.milestoneAvailable(d.milestone, e.occurredOn, s.badges, rules)) {
    return v("BDG-01", "data.milestone", `the 45-year badge exists from ${rules.badge.fortyFiveYearBadgeFrom} and not for holders of the 50-year badge before then`, `Huy hiệu 45 năm tuổi Đảng có từ ngày ${rules.badge.fortyFiveYearBadgeFrom}, không tặng cho người đã nhận Huy hiệu 50 năm trước đó`)
  }
  if (d.posthumous) {
    if (s.status !== "dead" || s.diedOn === undefined) {
      return v("BDG-04", "data.posthumous", "posthumous badges are for deceased members", "truy tặng chỉ dành cho đảng viên đã từ trần")
    }
    if (s.exit !== undefined) {
      return v("BDG-04", "data.posthumous", "the member had left the Party before dying", "đảng viên đã ra khỏi Đảng trước khi từ trần")
    }
    const r = Badge.reach(membership, d.milestone, s.diedOn)
    if (r._tag === "Early" && r.monthsShort > rules.badge.posthumousEarlyMonths) {
      return v("BDG-04", "data.milestone", `the member died ${r.monthsShort} months before reaching ${d.milestone} years; at most ${rules.badge.posthumousEarlyMonths}`, `đảng viên từ trần khi còn thiếu ${r.monthsShort} tháng mới đủ ${d.milestone} năm tuổi Đảng; chỉ truy tặng khi thiếu không quá ${rules.badge.posthumousEarlyMonths} tháng`)
    }
    if ((r._tag === "Early") !== d.early) {
      return v("BDG-04", "data.early", r._tag === "Early" ? "the member died before the milestone: early must be true" : "the member reached the milestone while alive: early must be false", r._tag === "Early" ? "đảng viên từ trần trước khi đủ tuổi Đảng: phải ghi tặng sớm" : "đảng viên đã đủ tuổi Đảng khi còn sống: không ghi tặng sớm")
    }
  } else {
    if (s.status === "dead") {
      return v("BDG-04", "data.posthumous", "a deceased member's badge is awarded posthumously", "đảng viên đã từ trần thì truy tặng")
    }
    const judgedOn = Badge.occasionDateNear(d.occasion, e.occurredOn)
    const r = Badge.reach(membership, d.milestone, judgedOn)
    if (r._tag === "Early") {
      const window = Badge.earlyWindowMonths(d.milestone, rules)
      if (!d.early) {
        return v("BDG-02", "data.milestone", `party age has not reached ${d.milestone} years by the occasion (${judgedOn}); ${r.monthsShort} months short`, `chưa đủ ${d.milestone} năm tuổi Đảng vào dịp trao tặng (${judgedOn}); còn thiếu ${r.monthsShort} tháng`)
      }
      if (r.monthsShort > window) {
        return v("BDG-03", "data.early", `an early ${d.milestone}-year badge may be at most ${window} months early; ${r.monthsShort} months short`, `tặng sớm Huy hiệu ${d.milestone} năm tuổi Đảng tối đa ${window} tháng; còn thiếu ${r.monthsShort} tháng`)
      }
    } else if (d.early) {
      return v("BDG-03", "data.early", "the milestone is reached: the award is not early", "đã đủ tuổi Đảng: không phải tặng sớm")
    }
  }
  for (const disc of s.disciplines) {
    const until = Badge.delayedUntil(disc, rules)
    if (until !== undefined && disc.on <= e.occurredOn && e.occurredOn < until) {
      return v("BDG-05", "occurredOn", `a ${disc.form} of ${disc.on} delays badges until ${until} (${rules.name})`, `bị kỷ luật ${disc.form} ngày ${disc.on}: chưa xét tặng Huy hiệu trước ngày ${until} (${rules.name})`)
    }
  }
  return ok
}

const checkExit = (e: MemberEvent, s: Member.State, ctx: Context): Check => {
  switch (e.type) {
    case "StruckOff": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      if (e.data.reason === "probationNotRecognized") {
        const end = Member.probationEnd(s, rulesFor(ctx, e.occurredOn).probation.months)
        if (s.status !== "probationary" || end === undefined || e.occurredOn < end) {
          return v("PRB-04", "data.reason", `a probationary member is struck off for not being recognised only when probation has ended${end === undefined ? "" : ` (${end})`}`, `chỉ xóa tên đảng viên dự bị không được công nhận chính thức khi đã hết thời gian dự bị${end === undefined ? "" : ` (${end})`}`)
        }
      }
      return ok
    }
    case "AllowedToLeave": {
      const m = requireMember(e, s)
      if (m !== undefined) return m
      return ctx.pendingViolation === true
        ? v("EXT-02", "type", "a member with a violation under consideration is disciplined first, not allowed to leave", "đảng viên có vi phạm đang được xem xét phải được xử lý kỷ luật trước, không cho ra khỏi Đảng")
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
    return v("STR-03", field, `event ${id} is already retracted or annulled`, `sự kiện ${id} đã được thu hồi hoặc hủy bỏ`)
  }
  if (e.type === "DisciplineAnnulled" && target.type !== "Disciplined") {
    return v("STR-03", field, `event ${id} is a ${target.type}, not a discipline`, `sự kiện ${id} không phải là quyết định kỷ luật`)
  }
  if (e.type === "EventRetracted" && (target.type === "EventRetracted" || target.type === "DisciplineAnnulled")) {
    return v("STR-03", field, "a retraction or annulment cannot itself be retracted", "không thu hồi một quyết định thu hồi hoặc hủy bỏ")
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
      : v("STR-01", "type", "a member stream starts with CandidateRegistered or MemberImported", "hồ sơ đảng viên bắt đầu bằng CandidateRegistered hoặc MemberImported")
  }
  if (e.type === "CandidateRegistered" || e.type === "MemberImported") {
    return v("STR-01", "type", `${e.type} only starts a stream`, `${e.type} chỉ mở đầu hồ sơ`)
  }
  if (e.type !== "OfficialRecognized" && s.lastOccurredOn !== undefined && e.occurredOn < s.lastOccurredOn) {
    return v("STR-02", "occurredOn", `events of a stream are in date order: ${e.occurredOn} is before ${s.lastOccurredOn}`, `các sự kiện trong hồ sơ phải theo thứ tự thời gian: ${e.occurredOn} trước ${s.lastOccurredOn}`)
  }
  if (Member.hasLeft(s) || s.status === "dead") {
    const exit = afterExit(e, s)
    if (exit !== undefined) return exit
  }
  switch (e.type) {
    case "AwarenessCourseCompleted":
      return s.status === "candidate" || Member.hasLeft(s) ? ok : notApplicable(e, s, "candidates", "quần chúng ưu tú")
    case "SponsorsAssigned":
      return s.status === "candidate" || Member.hasLeft(s) ? checkSponsors(e, s, ctx) : notApplicable(e, s, "candidates", "quần chúng ưu tú")
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
        (s.exemption !== undefined ? v("STR-04", "type", "the member is already exempted", "đảng viên đã được miễn công tác và sinh hoạt đảng") : ok)
    case "ActivityExemptionEnded":
      return s.exemption === undefined ? v("STR-04", "type", "the member is not exempted", "đảng viên không được miễn công tác và sinh hoạt đảng") : ok
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
    return v("PRB-06", "type", "a probationary member has no party card", "đảng viên dự bị chưa được phát thẻ đảng viên")
  }
  if (s.status !== "official") {
    return v("CRD-01", "type", "party cards are issued only to official members", "thẻ đảng viên chỉ phát cho đảng viên chính thức")
  }
  if (e.type === "CardIssued" && s.card !== undefined && !s.card.collected) {
    return v("CRD-03", "type", `the member already holds card ${s.card.cardNo}; a new card is a reissue`, `đảng viên đã có thẻ ${s.card.cardNo}; cấp thẻ mới là cấp lại thẻ`)
  }
  if (e.type === "CardReissued") {
    if (s.card === undefined) {
      return v("CRD-03", "type", "a card is reissued only to a member who holds one", "chỉ cấp lại thẻ cho đảng viên đã có thẻ")
    }
  }
  if (s.cardNumbersUsed.includes(e.data.cardNo)) {
    return v("CRD-03", "data.cardNo", `card number ${e.data.cardNo} was already used; an old number is void`, `số thẻ ${e.data.cardNo} đã sử dụng; số thẻ cũ không còn giá trị`)
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

export { periodBounds, PartyAge }
