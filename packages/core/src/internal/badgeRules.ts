/**
 * Party badge checks (§5 of the rule book).
 */
import * as Badge from "../Badge.ts"
import * as Member from "../Member.ts"
import type { Context } from "../MemberDecider.ts"
import type { Of } from "../MemberEvent.ts"
import { withArticle } from "./article.ts"
import { type Check, notApplicable, ok, rulesFor, v } from "./memberContext.ts"

export const checkBadge = (e: Of<"BadgeAwarded">, s: Member.State, ctx: Context): Check => {
  const rules = rulesFor(ctx, e.occurredOn)
  const d = e.data
  const membership = Member.membership(s)
  if (membership === undefined) return notApplicable(e, s, "party members", "đảng viên")
  if (s.badges.some((b) => b.milestone === d.milestone)) {
    return v(
      "BDG-06",
      "data.milestone",
      `the ${d.milestone}-year badge was already awarded`,
      `đã được tặng Huy hiệu ${d.milestone} năm tuổi Đảng`
    )
  }
  if (!Badge.milestoneAvailable(d.milestone, e.occurredOn, s.badges, rules)) {
    return v(
      "BDG-01",
      "data.milestone",
      `the 45-year badge exists from ${rules.badge.fortyFiveYearBadgeFrom} and not for holders of the 50-year badge before then`,
      `Huy hiệu 45 năm tuổi Đảng có từ ngày ${rules.badge.fortyFiveYearBadgeFrom}, không tặng cho người đã nhận Huy hiệu 50 năm trước đó`
    )
  }
  if (d.posthumous) {
    if (s.status !== "dead" || s.diedOn === undefined) {
      return v(
        "BDG-04",
        "data.posthumous",
        "posthumous badges are for deceased members",
        "truy tặng chỉ dành cho đảng viên đã từ trần"
      )
    }
    if (s.exit !== undefined) {
      return v(
        "BDG-04",
        "data.posthumous",
        "the member had left the Party before dying",
        "đảng viên đã ra khỏi Đảng trước khi từ trần"
      )
    }
    const r = Badge.reach(membership, d.milestone, s.diedOn)
    if (r._tag === "Early" && r.monthsShort > rules.badge.posthumousEarlyMonths) {
      return v(
        "BDG-04",
        "data.milestone",
        `the member died ${r.monthsShort} months before reaching ${d.milestone} years; at most ${rules.badge.posthumousEarlyMonths}`,
        `đảng viên từ trần khi còn thiếu ${r.monthsShort} tháng mới đủ ${d.milestone} năm tuổi Đảng; chỉ truy tặng khi thiếu không quá ${rules.badge.posthumousEarlyMonths} tháng`
      )
    }
    if ((r._tag === "Early") !== d.early) {
      return v(
        "BDG-04",
        "data.early",
        r._tag === "Early"
          ? "the member died before the milestone: early must be true"
          : "the member reached the milestone while alive: early must be false",
        r._tag === "Early"
          ? "đảng viên từ trần trước khi đủ tuổi Đảng: phải ghi tặng sớm"
          : "đảng viên đã đủ tuổi Đảng khi còn sống: không ghi tặng sớm"
      )
    }
  } else {
    if (s.status === "dead") {
      return v(
        "BDG-04",
        "data.posthumous",
        "a deceased member's badge is awarded posthumously",
        "đảng viên đã từ trần thì truy tặng"
      )
    }
    const judgedOn = Badge.occasionDateNear(d.occasion, e.occurredOn)
    const r = Badge.reach(membership, d.milestone, judgedOn)
    if (r._tag === "Early") {
      const window = Badge.earlyWindowMonths(d.milestone, rules)
      if (!d.early) {
        return v(
          "BDG-02",
          "data.milestone",
          `party age has not reached ${d.milestone} years by the occasion (${judgedOn}); ${r.monthsShort} months short`,
          `chưa đủ ${d.milestone} năm tuổi Đảng vào dịp trao tặng (${judgedOn}); còn thiếu ${r.monthsShort} tháng`
        )
      }
      if (r.monthsShort > window) {
        return v(
          "BDG-03",
          "data.early",
          `an early ${d.milestone}-year badge may be at most ${window} months early; ${r.monthsShort} months short`,
          `tặng sớm Huy hiệu ${d.milestone} năm tuổi Đảng tối đa ${window} tháng; còn thiếu ${r.monthsShort} tháng`
        )
      }
    } else if (d.early) {
      return v(
        "BDG-03",
        "data.early",
        "the milestone is reached: the award is not early",
        "đã đủ tuổi Đảng: không phải tặng sớm"
      )
    }
  }
  const delay = Badge.delayingDiscipline(s.disciplines, e.occurredOn, rules)
  if (delay !== undefined) {
    const { discipline: disc, until } = delay
    return v(
      "BDG-05",
      "occurredOn",
      `${withArticle(disc.form)} of ${disc.on} delays badges until ${until} (${rules.name})`,
      `bị kỷ luật ${disc.form} ngày ${disc.on}: chưa xét tặng Huy hiệu trước ngày ${until} (${rules.name})`
    )
  }
  return ok
}
