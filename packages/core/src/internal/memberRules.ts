/**
 * Member rule checks for ratings (§8), discipline (§9) and cards (§10), split from MemberDecider.
 */
import * as Calendar from "../Calendar.ts"
import type { MemberId } from "../Ids.ts"
import type * as Member from "../Member.ts"
import { type Of, periodBounds } from "../MemberEvent.ts"
import type { RuleSet } from "../RuleSet.ts"
import { make as v, type RuleViolation } from "../RuleViolation.ts"

export const checkRating = (
  e: Of<"QualityRated"> | Of<"NotRated">,
  s: Member.State,
  rules: RuleSet
): RuleViolation | undefined => {
  const { end, start } = periodBounds(e.data.period)
  if (e.occurredOn < start) {
    return v(
      "RAT-01",
      "data.period",
      `period ${e.data.period} has not begun on ${e.occurredOn}`,
      `kỳ đánh giá ${e.data.period} chưa bắt đầu vào ngày ${e.occurredOn}`
    )
  }
  const months = rules.rating.notRatedIfAdmittedWithinMonths
  // Fewer than `months` whole months (số tháng tròn, CAL-02) from the admission decision (quyết định
  // kết nạp) to the last day of the period: admitted on 31/12, a member has 6 months on 30/06.
  const recentlyAdmitted = s.admissionDecidedOn !== undefined &&
    Calendar.monthsBetween(s.admissionDecidedOn, end) < months
  if (e.type === "NotRated") {
    if (e.data.reason === "admittedUnder6Months" && !recentlyAdmitted) {
      return v(
        "RAT-02",
        "data.reason",
        `the member was admitted ${months} whole months or more before the end of ${e.data.period}`,
        `đảng viên được kết nạp đã đủ ${months} tháng tính đến cuối kỳ ${e.data.period}`
      )
    }
    if (e.data.reason === "exempted" && s.exemption === undefined) {
      return v(
        "RAT-02",
        "data.reason",
        "the member is not exempted from work and activity",
        "đảng viên không được miễn công tác và sinh hoạt đảng"
      )
    }
    return undefined
  }
  if (recentlyAdmitted) {
    return v(
      "RAT-02",
      "data.level",
      `a member admitted less than ${months} months before the end of ${e.data.period} is not rated`,
      `đảng viên mới kết nạp chưa đủ ${months} tháng tính đến cuối kỳ ${e.data.period} thì không đánh giá, xếp loại`
    )
  }
  if (s.exemption !== undefined) {
    return v(
      "RAT-02",
      "data.level",
      "a member exempted from work and activity is not rated",
      "đảng viên được miễn công tác và sinh hoạt đảng thì không đánh giá, xếp loại"
    )
  }
  const disciplined = s.disciplines.find((d) => d.on >= start && d.on <= end)
  if (disciplined !== undefined && e.data.level !== "notCompleted") {
    return v(
      "RAT-03",
      "data.level",
      `the member was disciplined (${disciplined.form}, ${disciplined.on}) in ${e.data.period}: rated notCompleted`,
      `đảng viên bị kỷ luật trong kỳ ${e.data.period} (${disciplined.on}) xếp loại không hoàn thành nhiệm vụ`
    )
  }
  return undefined
}

export const checkDiscipline = (e: Of<"Disciplined">, s: Member.State, rules: RuleSet): RuleViolation | undefined => {
  const form = e.data.form
  if (s.status === "probationary") {
    if (form === "expulsion") {
      return v(
        "EXT-03",
        "data.form",
        "expulsion is a discipline for official members only",
        "khai trừ chỉ áp dụng với đảng viên chính thức"
      )
    }
    if (form === "removalFromPost") {
      return v(
        "PRB-05",
        "data.form",
        "a probationary member is disciplined only by reprimand or warning",
        "đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo"
      )
    }
  } else if (s.status !== "official") {
    return v("DSC-01", "type", "only party members are disciplined", "chỉ thi hành kỷ luật đối với đảng viên")
  }
  const violationOn = e.data.violationOn
  if (violationOn !== undefined) {
    if (violationOn > e.occurredOn) {
      return v(
        "DSC-02",
        "data.violationOn",
        "the violation cannot follow the decision",
        "ngày vi phạm không thể sau ngày quyết định kỷ luật"
      )
    }
    const years = rules.discipline.limitationYears[form]
    if (years !== null && e.occurredOn > Calendar.addYears(violationOn, years)) {
      return v(
        "DSC-02",
        "data.violationOn",
        `the statute of limitations for a ${form} is ${years} years from the violation (${violationOn})`,
        `thời hiệu xử lý kỷ luật ${form} là ${years} năm kể từ khi có vi phạm (${violationOn})`
      )
    }
  }
  return undefined
}

const cardPattern = /^\d{2}\.\d{6}$/u

export const checkCard = (
  cardNo: string,
  ctx: { readonly cardHolder?: (cardNo: string) => MemberId | undefined; readonly self?: MemberId },
  field: string
): RuleViolation | undefined => {
  if (!cardPattern.test(cardNo)) {
    return v("CRD-02", field, `card number ${cardNo} is not NN.NNNNNN`, `số thẻ ${cardNo} không đúng dạng NN.NNNNNN`)
  }
  const holder = ctx.cardHolder?.(cardNo)
  if (holder !== undefined && holder !== ctx.self) {
    return v(
      "CRD-02",
      field,
      `card number ${cardNo} belongs to ${holder}`,
      `số thẻ ${cardNo} đã cấp cho đảng viên ${holder}`
    )
  }
  return undefined
}
