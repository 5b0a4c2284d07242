/**
 * The decider's context and the helpers every member rule check shares.
 */
import * as Calendar from "../Calendar.ts"
import type { CalendarDate } from "../Calendar.ts"
import type { OrgId } from "../Ids.ts"
import * as Member from "../Member.ts"
import type { Context } from "../MemberDecider.ts"
import type { MemberEvent } from "../MemberEvent.ts"
import * as RuleSet from "../RuleSet.ts"
import { make as violation, type RuleViolation } from "../RuleViolation.ts"
import { withArticle } from "./article.ts"

export type Check = RuleViolation | undefined

export const ok: Check = undefined
export const v = violation

export const rulesFor = (ctx: Context, on: CalendarDate) => RuleSet.forDate(on, ctx.rules)
export const calendarOf = (ctx: Context) => ctx.calendar ?? Calendar.vietnam

export const notApplicable = (e: MemberEvent, s: Member.State, what: string, whatVi: string): RuleViolation =>
  v(
    "STR-04",
    "type",
    `${e.type} applies only to ${what} (status: ${s.status})`,
    `${e.type} chỉ áp dụng cho ${whatVi} (hiện tại: ${s.status})`
  )

export const requireMember = (e: MemberEvent, s: Member.State): Check =>
  Member.isMember(s) ? ok : notApplicable(e, s, "party members", "đảng viên")

export const checkOrg = (ctx: Context, id: OrgId, on: CalendarDate, field: string, branchLevel: boolean): Check => {
  if (ctx.org === undefined) return ok
  const org = ctx.org(id, on)
  if (org === undefined) {
    return v(
      "ORG-05",
      field,
      `organisation ${id} does not exist on ${on}`,
      `tổ chức đảng ${id} không tồn tại vào ngày ${on}`
    )
  }
  if (branchLevel && org.kind !== "cell" && org.kind !== "grassrootsCell") {
    return v(
      "ORG-01",
      field,
      `members belong only to a branch (cell or grassrootsCell), not to ${withArticle(org.kind)}`,
      `đảng viên chỉ sinh hoạt ở chi bộ, không ở ${org.kind}`
    )
  }
  return ok
}

export const ageMonths = (s: Member.State, on: CalendarDate) =>
  s.person === undefined ? 0 : Calendar.monthsBetween(s.person.birthDate, on)
