/**
 * The audit of one member: what their history, folded up to `asOf`, breaches on that day or in the
 * period (ADM-03, ADM-07, ADM-09, ADM-11, PRB-02, TRF-02, EXT-05, BDG-02); and what the organisation checks
 * need of them (home and status on `asOf`, yearly ratings with the home at each year's end).
 */
import type { Finding } from "../Audit.ts"
import * as Calendar from "../Calendar.ts"
import type { CalendarDate, HolidayCalendar } from "../Calendar.ts"
import type { MemberId, OrgId } from "../Ids.ts"
import * as Member from "../Member.ts"
import type { RatingLevel } from "../MemberEvent.ts"
import type { RuleSet } from "../RuleSet.ts"
import type { RuleId } from "../RuleViolation.ts"
import { dueOn, firstDueOccasion, lastOccasionOnOrBefore } from "./badgeDue.ts"
import {
  ceremonyDeadline,
  certificateValidUntil,
  decisionDeadlines,
  presentationDeadline,
  recognitionDeadline
} from "./deadlines.ts"
import type { Scope } from "./statisticsFigures.ts"
import type { History } from "./statisticsIndex.ts"

export type FindingData = ConstructorParameters<typeof Finding>[0]

export interface Env {
  readonly asOf: CalendarDate
  readonly from: CalendarDate
  readonly rulesOn: (d: CalendarDate) => RuleSet
  readonly calendar: HolidayCalendar
  readonly scopeOn: (d: CalendarDate) => Scope
}

/** A yearly rating known on `asOf`, with the member's raw home at the end of the year (or on `asOf`). */
export interface YearRating {
  readonly year: number
  readonly level: RatingLevel
  readonly home: OrgId
}

export interface MemberAudit {
  readonly findings: ReadonlyArray<FindingData>
  /** The state on `asOf`. */
  readonly state: Member.State
  readonly yearly: ReadonlyArray<YearRating>
}

const memberFinding = (
  subject: MemberId,
  rule: RuleId,
  kind: FindingData["kind"],
  dates: { readonly on: CalendarDate; readonly since: CalendarDate | null; readonly deadline: CalendarDate | null },
  message: string,
  messageVi: string
): FindingData => ({ rule, kind, subject, subjectType: "member", ...dates, message, messageVi })

/**
 * ADM-07: a decision after the branch's resolution of `voted` (or none yet on `on`) past the
 * `deadline`; a warning, which the extension may excuse up to `extended`.
 */
const decisionFinding = (
  memberId: MemberId,
  kind: "decisionLate" | "decisionOverdue",
  on: CalendarDate,
  voted: CalendarDate,
  deadline: CalendarDate,
  extended: CalendarDate
): FindingData => {
  const excuse = on <= extended
    ? `within the extension to ${extended}, if one was granted`
    : `past the extension to ${extended} too`
  const excuseVi = on <= extended
    ? `trong hạn gia hạn đến ${extended} nếu được gia hạn`
    : `quá cả hạn gia hạn ${extended}`
  return memberFinding(
    memberId,
    "ADM-07",
    kind,
    { on, since: voted, deadline },
    kind === "decisionLate"
      ? `admission decided on ${on}, after the deadline ${deadline} (branch resolution of ${voted}); ${excuse}`
      : `no admission decision by ${deadline} after the branch resolution of ${voted}; ${excuse}`,
    kind === "decisionLate"
      ? `quyết định kết nạp ngày ${on}, quá hạn ${deadline} (nghị quyết chi bộ ngày ${voted}); ${excuseVi}`
      : `chưa có quyết định kết nạp đến hạn ${deadline} kể từ nghị quyết chi bộ ngày ${voted}; ${excuseVi}`
  )
}

/** The last day of each year of [from, asOf] (asOf for its own year). */
const yearEnds = (from: CalendarDate, asOf: CalendarDate): Array<{ year: number; on: CalendarDate }> => {
  const out: Array<{ year: number; on: CalendarDate }> = []
  for (let y = Calendar.toParts(from).year; y <= Calendar.toParts(asOf).year; y++) {
    out.push({ year: y, on: Calendar.min(Calendar.endOfYear(y), asOf) })
  }
  return out
}

export const auditMember = ({ events, memberId }: History, env: Env): MemberAudit => {
  const { asOf, calendar, from, rulesOn, scopeOn } = env
  const findings: Array<FindingData> = []
  const ends = yearEnds(from, asOf)
  const homeAtEnd = new Map<number, OrgId | undefined>()
  // The latest rating (a level) or `NotRated` (undefined) of each year, with the date it was given.
  const years = new Map<number, { readonly level: RatingLevel | undefined; readonly on: CalendarDate }>()
  const religiousAdmissions: Array<{ on: CalendarDate; org: OrgId }> = []
  let s = Member.initialState
  // BDG-02 is judged at the last badge occasion on or before asOf, on the member as they were then.
  const occasion = lastOccasionOnOrBefore(asOf)
  let atOccasion = Member.initialState
  let next = 0
  // Records the home at each year's end before `before` (every remaining one without it).
  const snapshot = (before: CalendarDate | undefined) => {
    for (; next < ends.length; next++) {
      if (before !== undefined && ends[next]!.on >= before) return
      homeAtEnd.set(ends[next]!.year, Member.isMember(s) ? s.orgId : undefined)
    }
  }
  for (const e of events) {
    if (e.occurredOn > asOf) break
    snapshot(e.occurredOn)
    const before = s
    s = Member.evolveWithoutHistory(s, e)
    const on = e.occurredOn
    if (on <= occasion) atOccasion = s
    const inPeriod = on >= from
    switch (e.type) {
      case "QualityRated":
      case "NotRated":
        if (/^\d{4}$/u.test(e.data.period)) {
          years.set(Number(e.data.period), { level: e.type === "QualityRated" ? e.data.level : undefined, on })
        }
        break
      case "AdmissionDecided": {
        if (inPeriod && e.data.religiousApproval !== true && s.orgId !== undefined) {
          religiousAdmissions.push({ on, org: s.orgId })
        }
        const voted = before.application.resolutionOn
        if (!inPeriod || voted === undefined || s.orgId === undefined || scopeOn(on)(s.orgId) === undefined) break
        const { deadline, extended } = decisionDeadlines(voted, rulesOn(voted), calendar)
        if (on > deadline) findings.push(decisionFinding(memberId, "decisionLate", on, voted, deadline, extended))
        break
      }
      case "BranchResolutionPassed": {
        if (!inPeriod || e.data.purpose !== "recognition" || before.orgId === undefined) break
        if (scopeOn(on)(before.orgId) === undefined) break
        const rules = rulesOn(on)
        const end = Member.probationEnd(before, rules.probation.months)
        if (end === undefined) break
        const deadline = recognitionDeadline(end, rules, calendar)
        if (on > deadline) {
          findings.push(memberFinding(
            memberId,
            "PRB-02",
            "recognitionLate",
            { on, since: end, deadline },
            `the branch considered recognition on ${on}, after the deadline ${deadline} (probation ended ${end})`,
            `chi bộ xét công nhận đảng viên chính thức ngày ${on}, quá hạn ${deadline} (hết dự bị ngày ${end})`
          ))
        }
        break
      }
      case "TransferredIn": {
        if (!inPeriod || before.transit === undefined || scopeOn(on)(e.data.orgId) === undefined) break
        const since = before.transit.since
        const deadline = presentationDeadline(since, rulesOn(on), calendar)
        if (on > deadline) {
          const reason = e.data.lateReason ?? ""
          findings.push(memberFinding(
            memberId,
            "TRF-02",
            "arrivalLate",
            { on, since, deadline },
            `the letter of ${since} was presented on ${on}, after the deadline ${deadline} (reason: ${
              reason || "none"
            })`,
            `giấy giới thiệu ngày ${since} nộp ngày ${on}, quá hạn ${deadline} (lý do: ${reason || "không có"})`
          ))
        }
        break
      }
    }
  }
  snapshot(undefined)
  // ADM-11, judged on the person as known on asOf (a correction of the religion counts).
  if (s.person?.religion != null) {
    for (const a of religiousAdmissions) {
      if (scopeOn(a.on)(a.org) === undefined) continue
      findings.push(memberFinding(
        memberId,
        "ADM-11",
        "religiousAdmissionWithoutApproval",
        { on: a.on, since: null, deadline: null },
        `admitted on ${a.on} with a religion (${s.person.religion}) and no recorded approval`,
        `kết nạp ngày ${a.on}, có đạo (${s.person.religion}), chưa ghi nhận ý kiến chấp thuận theo quy định`
      ))
    }
  }
  const rules = rulesOn(asOf)
  const unit = s.orgId === undefined ? undefined : scopeOn(asOf)(s.orgId)
  if (unit !== undefined && s.status === "candidate" && s.application.resolutionOn === undefined) {
    const completed = s.application.courseCompletedOn
    const validUntil = completed === undefined ? undefined : certificateValidUntil(completed, rules)
    if (completed !== undefined && validUntil !== undefined && asOf > validUntil) {
      findings.push(memberFinding(
        memberId,
        "ADM-03",
        "certificateExpired",
        { on: asOf, since: completed, deadline: validUntil },
        `the awareness-course certificate of ${completed} expired after ${validUntil}, before the branch vote`,
        `giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng ngày ${completed} hết hạn sau ngày ${validUntil}, chi bộ chưa xét`
      ))
    }
  }
  // ADM-07 on asOf: a branch voted to admit (or readmit) and no decision has followed.
  const voted = s.application.resolutionOn
  const applicantUnit = s.status === "candidate" ? unit : Member.hasLeft(s) && s.exit?.fromOrgId !== undefined
    ? scopeOn(asOf)(s.exit.fromOrgId)
    : undefined
  if (voted !== undefined && applicantUnit !== undefined) {
    const { deadline, extended } = decisionDeadlines(voted, rulesOn(voted), calendar)
    if (asOf > deadline) findings.push(decisionFinding(memberId, "decisionOverdue", asOf, voted, deadline, extended))
  }
  if (unit !== undefined && s.status === "probationary" && s.admissionDecidedOn !== undefined) {
    if (s.ceremonyOn === undefined) {
      const deadline = ceremonyDeadline(s.admissionDecidedOn, rules, calendar)
      if (asOf > deadline) {
        findings.push(memberFinding(
          memberId,
          "ADM-09",
          "ceremonyOverdue",
          { on: asOf, since: s.admissionDecidedOn, deadline },
          `no admission ceremony by ${deadline} (${rules.admission.ceremonyWithinWorkingDays} working days after the decision of ${s.admissionDecidedOn})`,
          `chưa tổ chức lễ kết nạp trong ${rules.admission.ceremonyWithinWorkingDays} ngày làm việc kể từ quyết định ngày ${s.admissionDecidedOn} (hạn ${deadline})`
        ))
      }
    } else if (s.recognitionResolutionOn === undefined) {
      const end = Member.probationEnd(s, rules.probation.months)!
      const deadline = recognitionDeadline(end, rules, calendar)
      if (asOf > deadline) {
        findings.push(memberFinding(
          memberId,
          "PRB-02",
          "recognitionOverdue",
          { on: asOf, since: end, deadline },
          `probation ended on ${end} and the branch has not considered recognition by ${deadline}`,
          `hết thời gian dự bị ngày ${end}, chi bộ chưa xét công nhận đảng viên chính thức (hạn ${deadline})`
        ))
      }
    }
  }
  const sentFrom = Member.followedInTransitFrom(s)
  if (
    Member.isMember(s) && s.transit !== undefined && sentFrom !== undefined && scopeOn(asOf)(sentFrom) !== undefined
  ) {
    const deadline = presentationDeadline(s.transit.since, rules, calendar)
    if (asOf > deadline) {
      findings.push(memberFinding(
        memberId,
        "TRF-02",
        "inTransitOverdue",
        { on: asOf, since: s.transit.since, deadline },
        `in transit since ${s.transit.since}: the letter was not presented by ${deadline}`,
        `chuyển sinh hoạt từ ngày ${s.transit.since}, quá hạn ${deadline} chưa nộp giấy giới thiệu`
      ))
    }
  }
  if (unit !== undefined && Member.isMember(s)) {
    const latest = Math.max(...years.keys())
    const last = years.get(latest)
    const before = years.get(latest - 1)
    if (last?.level === "notCompleted" && before?.level === "notCompleted") {
      findings.push(memberFinding(
        memberId,
        "EXT-05",
        "twoYearsNotCompleted",
        { on: last.on, since: before.on, deadline: null },
        `rated notCompleted in ${latest - 1} and ${latest}: a removal review is due`,
        `hai năm liền ${latest - 1}, ${latest} xếp loại không hoàn thành nhiệm vụ: phải xem xét đưa ra khỏi Đảng`
      ))
    }
  }
  if (Member.isMember(s) && (unit !== undefined || (sentFrom !== undefined && scopeOn(asOf)(sentFrom)))) {
    // Due at that occasion as `BadgesDue` would list it then (a member then, not holding it), and
    // still not awarded on asOf.
    const due = dueOn(atOccasion, occasion, rulesOn(occasion), false)
    const dueAt = due === undefined || s.badges.some((b) => b.milestone === due.milestone)
      ? undefined
      : firstDueOccasion(events, due.milestone, due.reachedOn, occasion, rulesOn)
    if (due !== undefined && dueAt !== undefined) {
      findings.push(memberFinding(
        memberId,
        "BDG-02",
        "badgeDue",
        { on: asOf, since: due.reachedOn, deadline: dueAt },
        `${due.milestone} years of party age on ${due.reachedOn}: the badge was due on ${dueAt} and is not awarded`,
        `đủ ${due.milestone} năm tuổi Đảng ngày ${due.reachedOn}: đến dịp ${dueAt} đã phải xét tặng Huy hiệu, chưa được tặng`
      ))
    }
  }
  const yearly: Array<YearRating> = []
  for (const [year, r] of years) {
    const home = homeAtEnd.get(year)
    if (r.level !== undefined && home !== undefined) yearly.push({ year, level: r.level, home })
  }
  return { findings, state: s, yearly }
}
