/**
 * Admission, readmission, probation and import checks (§2, §3 of the rule book).
 */
import * as Badge from "../Badge.ts"
import * as Calendar from "../Calendar.ts"
import type { MemberId } from "../Ids.ts"
import * as Member from "../Member.ts"
import type { Context } from "../MemberDecider.ts"
import type { Of } from "../MemberEvent.ts"
import * as PartyAge from "../PartyAge.ts"
import { withArticle } from "./article.ts"
import { ceremonyDeadline, certificateValidUntil } from "./deadlines.ts"
import { ageMonths, calendarOf, type Check, checkOrg, notApplicable, ok, rulesFor, v } from "./memberContext.ts"
import { checkCard } from "./memberRules.ts"

export const checkSponsors = (e: Of<"SponsorsAssigned">, s: Member.State, ctx: Context): Check => {
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
    return v(
      "ADM-04",
      "data.sponsors.1",
      "the two sponsors must be different members",
      "hai người giới thiệu phải là hai đảng viên khác nhau"
    )
  }
  // A replacement sponsor (người giới thiệu thay thế: the first transferred, was disciplined, died) is
  // exempt from the 12 months only when there is a sponsor to replace: a member sponsor not among
  // those assigned before in this application.
  const earlier = s.application.sponsors
  const replaces = (id: MemberId): boolean =>
    e.data.replacement === true && earlier !== undefined &&
    !earlier.some((before) => before.kind === "member" && before.memberId === id)
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
        facts === undefined
          ? `sponsor ${sp.memberId} has no record: no member of that id`
          : `sponsor ${sp.memberId} is not an official member on ${e.occurredOn}`,
        facts === undefined
          ? `người giới thiệu ${sp.memberId} không có hồ sơ đảng viên`
          : `người giới thiệu ${sp.memberId} không phải là đảng viên chính thức vào ngày ${e.occurredOn}`
      )
    }
    if (replaces(sp.memberId)) continue
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
    return v(
      "ADM-06",
      "data.votesFor",
      "more votes than official members of the branch",
      "số phiếu tán thành nhiều hơn số đảng viên chính thức của chi bộ"
    )
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

export const checkResolution = (e: Of<"BranchResolutionPassed">, s: Member.State, ctx: Context): Check => {
  const rules = rulesFor(ctx, e.occurredOn)
  if (e.data.purpose === "recognition") {
    if (s.status !== "probationary" && !(s.status === "official" && s.recognitionResolutionOn === undefined)) {
      return notApplicable(e, s, "probationary members", "đảng viên dự bị")
    }
    const end = Member.probationEnd(s, rules.probation.months)
    if (end === undefined || e.occurredOn < end) {
      return v(
        "PRB-02",
        "occurredOn",
        `the branch considers recognition after probation ends (${end ?? "no ceremony"})`,
        `chi bộ chỉ xét công nhận đảng viên chính thức khi hết thời gian dự bị (${end ?? "chưa tổ chức lễ kết nạp"})`
      )
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
      return v(
        "ADM-03",
        "data",
        "the applicant has no awareness-course certificate",
        "người vào Đảng chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng"
      )
    }
    if (e.occurredOn > certificateValidUntil(app.courseCompletedOn, rules)) {
      return v(
        "ADM-03",
        "occurredOn",
        `the awareness-course certificate of ${app.courseCompletedOn} expired after ${rules.admission.courseValidityMonths} months`,
        `giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng ngày ${app.courseCompletedOn} đã hết hạn ${rules.admission.courseValidityMonths} tháng`
      )
    }
  }
  if (ageMonths(s, e.occurredOn) < 12 * rules.admission.minAgeYears) {
    // The event's date is what is too early: the birth date is the person's, recorded before.
    return v(
      "ADM-01",
      "occurredOn",
      `the applicant (${
        s.person === undefined ? "no birth date recorded" : `born ${s.person.birthDate}`
      }) is not full ${rules.admission.minAgeYears} on the branch vote`,
      `người vào Đảng (${
        s.person === undefined ? "chưa ghi nhận ngày sinh" : `sinh ngày ${s.person.birthDate}`
      }) chưa đủ ${rules.admission.minAgeYears} tuổi khi chi bộ xét kết nạp`
    )
  }
  return checkVote(e, ctx)
}

export const checkAdmission = (e: Of<"AdmissionDecided">, s: Member.State, ctx: Context): Check => {
  const rules = rulesFor(ctx, e.occurredOn)
  const d = e.data
  if (d.kind === "first") {
    if (s.status !== "candidate") {
      return Member.hasLeft(s)
        ? v(
          "RDM-05",
          "data.kind",
          "a former member is readmitted (kind: readmission), not admitted for the first time",
          "người đã ra khỏi Đảng được kết nạp lại (kind: readmission), không kết nạp mới"
        )
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
        (x.grounds === "seriousDisunity" || x.grounds === "corruptionConviction" ||
          x.grounds === "seriousCrimeConviction"))
    if (never) {
      return v(
        "RDM-02",
        "data.kind",
        `a person who left by ${x.kind}${x.reason === undefined ? "" : ` (${x.reason})`}${
          x.grounds === undefined ? "" : ` (${x.grounds})`
        } is never readmitted`,
        `không kết nạp lại người đã ra khỏi Đảng vì lý do này (${x.kind} ${x.reason ?? x.grounds ?? ""})`
      )
    }
    if (e.occurredOn < Calendar.addMonths(x.on, rules.readmission.minMonthsAfterExit)) {
      return v(
        "RDM-01",
        "occurredOn",
        `readmission needs ${rules.readmission.minMonthsAfterExit} months since leaving the Party on ${x.on}`,
        `kết nạp lại phải sau ít nhất ${rules.readmission.minMonthsAfterExit} tháng kể từ khi ra khỏi Đảng (${x.on})`
      )
    }
    if (x.grounds === "lessSeriousCrimeConviction") {
      if (
        d.convictionExpungedOn === undefined ||
        e.occurredOn < Calendar.addMonths(d.convictionExpungedOn, rules.readmission.minMonthsAfterExpunged)
      ) {
        return v(
          "RDM-01",
          "data.convictionExpungedOn",
          `readmission after a conviction needs ${rules.readmission.minMonthsAfterExpunged} months since the record was expunged`,
          `kết nạp lại người bị kết án phải sau ít nhất ${rules.readmission.minMonthsAfterExpunged} tháng kể từ khi được xóa án tích`
        )
      }
    }
    if (d.provincialConsent !== true) {
      return v(
        "RDM-04",
        "data.provincialConsent",
        "readmission needs the provincial standing committee's written consent",
        "kết nạp lại phải được ban thường vụ tỉnh ủy, thành ủy đồng ý bằng văn bản"
      )
    }
  }
  const resolutionOn = s.application.resolutionOn
  if (resolutionOn === undefined || resolutionOn > e.occurredOn) {
    return v(
      "ADM-06",
      "data",
      "no branch resolution for this admission",
      "chưa có nghị quyết của chi bộ đề nghị kết nạp"
    )
  }
  if (ageMonths(s, resolutionOn) > 12 * rules.admission.maxAgeYears && d.over60Consent !== true) {
    return v(
      "ADM-01",
      "data.over60Consent",
      `the applicant was over ${rules.admission.maxAgeYears} at the branch vote; the provincial standing committee's written consent is required`,
      `người vào Đảng trên ${rules.admission.maxAgeYears} tuổi khi chi bộ xét; phải được ban thường vụ tỉnh ủy đồng ý bằng văn bản`
    )
  }
  const education = s.person?.education
  if ((education === undefined || education === "primary") && d.educationException !== true) {
    // The person's education is recorded before (CandidateRegistered, PersonCorrected); on this
    // event, what can make it acceptable is the written exception.
    const recorded = education === undefined ? "not recorded" : education
    return v(
      "ADM-02",
      "data.educationException",
      `admission needs lower-secondary education or higher (the person's education: ${recorded}), or a written exception (educationException)`,
      `người vào Đảng phải tốt nghiệp trung học cơ sở trở lên (trình độ: ${
        education === undefined ? "chưa ghi nhận" : education
      }), hoặc có văn bản cho phép ngoại lệ (educationException)`
    )
  }
  const exists = checkOrg(ctx, d.decidedBy, e.occurredOn, "data.decidedBy", false)
  if (exists !== ok) return exists
  // ADM-07: a committee with the power to admit decides — never a branch (chi bộ) or a sub-committee.
  const kind = ctx.org?.(d.decidedBy, e.occurredOn)?.kind
  if (kind !== undefined && !admittingKinds.has(kind)) {
    return v(
      "ADM-07",
      "data.decidedBy",
      `the admission is decided by a party committee with that power (a province, upper or grassroots committee), not by ${
        withArticle(kind)
      }`,
      `quyết định kết nạp do cấp ủy có thẩm quyền (tỉnh ủy, đảng ủy cấp trên trực tiếp hoặc đảng ủy cơ sở) ban hành, không phải ${kind}`
    )
  }
  return ok
}

/** The kinds of organisation whose committee decides admissions (ADM-07). */
const admittingKinds: ReadonlySet<string> = new Set(["province", "upper", "grassrootsCommittee"])

export const checkCeremony = (e: Of<"AdmissionCeremonyHeld">, s: Member.State, ctx: Context): Check => {
  if (s.status !== "probationary" || s.admissionDecidedOn === undefined) {
    return notApplicable(e, s, "members just admitted", "người vừa được quyết định kết nạp")
  }
  if (s.ceremonyOn !== undefined) {
    return v(
      "ADM-09",
      "type",
      "exactly one admission ceremony per admission",
      "mỗi lần kết nạp chỉ tổ chức một lễ kết nạp"
    )
  }
  const rules = rulesFor(ctx, e.occurredOn)
  const days = rules.admission.ceremonyWithinWorkingDays
  if (
    e.occurredOn > ceremonyDeadline(s.admissionDecidedOn, rules, calendarOf(ctx)) &&
    e.data.superiorConsent !== true
  ) {
    return v(
      "ADM-09",
      "occurredOn",
      `the ceremony is held within ${days} working days of the decision (${s.admissionDecidedOn}) unless the superior committee consents`,
      `lễ kết nạp phải tổ chức trong ${days} ngày làm việc kể từ ngày có quyết định (${s.admissionDecidedOn}), nếu chậm phải được cấp ủy cấp trên đồng ý`
    )
  }
  return ok
}

export const checkRecognition = (e: Of<"OfficialRecognized">, s: Member.State, ctx: Context): Check => {
  if (s.status !== "probationary") return notApplicable(e, s, "probationary members", "đảng viên dự bị")
  const end = Member.probationEnd(s, rulesFor(ctx, e.occurredOn).probation.months)
  if (end === undefined) {
    return v(
      "PRB-01",
      "type",
      "probation starts at the admission ceremony, which has not been held",
      "thời gian dự bị tính từ ngày tổ chức lễ kết nạp, lễ kết nạp chưa được tổ chức"
    )
  }
  if (e.occurredOn !== end) {
    return v(
      "PRB-03",
      "occurredOn",
      `official status takes effect exactly at the end of probation, ${end}`,
      `đảng viên được công nhận chính thức đúng vào ngày hết 12 tháng dự bị, ${end}`
    )
  }
  return ok
}

export const checkImport = (e: Of<"MemberImported">, ctx: Context): Check => {
  const d = e.data
  const rules = rulesFor(ctx, e.occurredOn)
  if (d.ceremonyOn < d.admissionDecidedOn) {
    return v(
      "ADM-09",
      "data.ceremonyOn",
      "the ceremony cannot precede the admission decision",
      "lễ kết nạp không thể trước quyết định kết nạp"
    )
  }
  if (d.ceremonyOn > e.occurredOn) {
    return v(
      "CAL-01",
      "data.ceremonyOn",
      "an imported member's admission must precede the import date",
      "ngày kết nạp phải trước ngày nhập hồ sơ"
    )
  }
  if (d.firstAdmissionDecidedOn !== undefined && d.firstAdmissionDecidedOn > d.admissionDecidedOn) {
    return v(
      "AGE-03",
      "data.firstAdmissionDecidedOn",
      "the first admission cannot follow the latest one",
      "ngày kết nạp lần đầu không thể sau ngày kết nạp gần nhất"
    )
  }
  const end = Calendar.addMonths(d.ceremonyOn, rules.probation.months)
  if (d.status === "official" && d.officialOn !== end) {
    return v(
      "PRB-03",
      "data.officialOn",
      `official status takes effect exactly at the end of probation, ${end}`,
      `đảng viên chính thức từ ngày hết 12 tháng dự bị, ${end}`
    )
  }
  if (d.status === "official" && end > e.occurredOn) {
    return v(
      "PRB-03",
      "data.status",
      `probation ends on ${end}, after the import date: the member is still probationary`,
      `thời gian dự bị kết thúc ngày ${end}, sau ngày nhập hồ sơ: đảng viên vẫn là đảng viên dự bị`
    )
  }
  if (d.status === "probationary" && d.officialOn !== undefined) {
    return v(
      "PRB-03",
      "data.officialOn",
      "a probationary member has no official date",
      "đảng viên dự bị chưa có ngày chính thức"
    )
  }
  for (const [i, g] of (d.partyAgeGaps ?? []).entries()) {
    if (g.to < g.from || g.from < (d.firstAdmissionDecidedOn ?? d.admissionDecidedOn) || g.to > e.occurredOn) {
      return v(
        "AGE-02",
        `data.partyAgeGaps.${i}`,
        "a gap must lie between the first admission and the import date, from before to",
        "khoảng gián đoạn phải nằm giữa ngày kết nạp lần đầu và ngày nhập hồ sơ"
      )
    }
  }
  const badges = d.badges ?? []
  const membership = { firstAdmissionOn: d.firstAdmissionDecidedOn ?? d.admissionDecidedOn, gaps: d.partyAgeGaps ?? [] }
  for (const [i, m] of badges.entries()) {
    if (badges.indexOf(m) !== i) {
      return v(
        "BDG-06",
        `data.badges.${i}`,
        `the ${m}-year badge is listed twice`,
        `Huy hiệu ${m} năm tuổi Đảng bị ghi hai lần`
      )
    }
  }
  for (const [i, m] of badges.entries()) {
    const short = 12 * m - PartyAge.months(membership, e.occurredOn)
    if (short > Badge.earlyWindowMonths(m, rules)) {
      return v(
        "BDG-02",
        `data.badges.${i}`,
        `party age on ${e.occurredOn} is ${short} months short of ${m} years: the badge cannot be held yet`,
        `đến ngày ${e.occurredOn} còn thiếu ${short} tháng mới đủ ${m} năm tuổi Đảng: chưa thể có huy hiệu này`
      )
    }
  }
  const fortyFive = badges.indexOf(45)
  if (fortyFive !== -1) {
    // BDG-01: the 45-year badge (Huy hiệu 45 năm tuổi Đảng) exists from 25/07/2016 and is not given to
    // a holder of the 50-year badge before then. The imported badges are dated as the member state
    // dates them (the first occasion after the milestone, or the import date if earlier).
    const held = badges.map((m) => ({
      milestone: m,
      on: Member.importedBadgeDate(membership.firstAdmissionOn, membership.gaps, m, e.occurredOn)
    }))
    if (!Badge.milestoneAvailable(45, e.occurredOn, held, rules)) {
      return v(
        "BDG-01",
        `data.badges.${fortyFive}`,
        `the 45-year badge exists from ${rules.badge.fortyFiveYearBadgeFrom} and not for holders of the 50-year badge before then`,
        `Huy hiệu 45 năm tuổi Đảng có từ ngày ${rules.badge.fortyFiveYearBadgeFrom}, không tặng cho người đã nhận Huy hiệu 50 năm trước đó`
      )
    }
  }
  if (d.cardNo !== undefined) {
    if (d.status !== "official") {
      return v(
        "PRB-06",
        "data.cardNo",
        "a probationary member has no party card",
        "đảng viên dự bị chưa được phát thẻ đảng viên"
      )
    }
    const card = checkCard(d.cardNo, ctx, "data.cardNo")
    if (card !== undefined) return card
  }
  return checkOrg(ctx, d.orgId, e.occurredOn, "data.orgId", true)
}
