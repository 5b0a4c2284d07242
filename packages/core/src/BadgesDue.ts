/**
 * Badges due (xét tặng Huy hiệu Đảng): for an award occasion, the members of an organisation's
 * subtree — and, posthumously, its deceased members — whose party age reaches a badge milestone,
 * who do not hold it, and whom no discipline delays; computed from the `Statistics` index.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { CalendarDate } from "./Calendar.ts"
import type { MemberId, OrgId } from "./Ids.ts"
import { dueOn } from "./internal/badgeDue.ts"
import { stateOn } from "./internal/memberHistory.ts"
import { checkFields, checkOrg } from "./internal/queryCheck.ts"
import { makeScopes } from "./internal/statisticsFigures.ts"
import { storeOf } from "./internal/statisticsIndex.ts"
import * as Member from "./Member.ts"
import type { Milestone } from "./MemberEvent.ts"
import * as RuleSet from "./RuleSet.ts"
import type { Index, InvalidQuery, UnknownOrganization } from "./Statistics.ts"

/**
 * A badges-due query: the subtree of `org` on `occasionDate` (restated in the tree of `structureAsOf`
 * when given); `includeEarly` adds the early awards of BDG-03 and BDG-04; `knownAt` (an ISO
 * instant) ignores events recorded after it; `rules` is the rule book (default
 * `RuleSet.defaultBook`), judged on `occasionDate`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Query {
  readonly org: OrgId
  readonly occasionDate: CalendarDate
  readonly includeEarly?: boolean | undefined
  readonly knownAt?: string | undefined
  readonly structureAsOf?: CalendarDate | undefined
  readonly rules?: RuleSet.RuleBook | undefined
}

/**
 * One member due a badge: the milestone, the date party age reaches it (for an early award, the
 * date it will — or, posthumously, would — reach it), whether the award is early (BDG-03/04) and
 * posthumous (BDG-04), and the branch it counts in (for the deceased, the branch they died in).
 *
 * @category models
 * @since 0.1.0
 */
export interface Row {
  readonly memberId: MemberId
  readonly unit: OrgId
  readonly milestone: Milestone
  readonly reachedOn: CalendarDate
  readonly early: boolean
  readonly posthumous: boolean
}

/**
 * The badge one member is due on a date, from their state on that date (`Member.evolve` of their
 * events up to it), as `badgesDue` judges each member: the highest milestone party age reaches, not
 * held and not delayed by a discipline (posthumously for a member who died as a member); with
 * `includeEarly`, the early awards of BDG-03 and BDG-04. `rules` is the rule book (default
 * `RuleSet.defaultBook`), judged on `on`. `undefined` when none is due.
 *
 * @category queries
 * @since 0.1.0
 */
export const dueOf = (
  state: Member.State,
  on: CalendarDate,
  options: { readonly includeEarly?: boolean | undefined; readonly rules?: RuleSet.RuleBook | undefined } = {}
): Omit<Row, "memberId" | "unit"> | undefined =>
  dueOn(state, on, RuleSet.forDate(on, options.rules), options.includeEarly === true)

/**
 * The members due a badge on `occasionDate`, one row per member, sorted by member id. A living
 * member (probationary or official, exempted or not, in transit counted in the sending branch unless
 * the letter names a destination outside the dataset: `Member.followedInTransitFrom`) is due
 * the highest milestone party age reaches by the date; a member who died as a member is due,
 * posthumously, the highest milestone reached while alive, counted in the branch they died in (the
 * sending branch if they died in transit). With `includeEarly`, a member whose
 * reached milestone is held (or who reached none) is due the next one when within its early window
 * (12 months up to 65 years, 24 from 70; posthumously, died at most 12 months before it). Excluded:
 * holders of the milestone (returned badges included, BDG-06), the 45-year badge where it does not
 * exist (BDG-01: the next lower milestone reached is due instead), members a discipline still delays
 * on the date (BDG-05), members who left the Party.
 *
 * @category queries
 * @since 0.1.0
 */
export const badgesDue = (
  index: Index,
  q: Query
): Result.Result<ReadonlyArray<Row>, UnknownOrganization | InvalidQuery> =>
  Result.flatMap(checkFields({ occasionDate: q.occasionDate, structureAsOf: q.structureAsOf }, q.knownAt), () => {
    const store = storeOf(index)
    const tree = store.structure(q.knownAt)
    return Result.map(checkOrg(tree.registry, q.org), (org) => {
      const scope = makeScopes(tree, org, q.structureAsOf)(q.occasionDate)
      const rules = RuleSet.forDate(q.occasionDate, q.rules)
      const rows: Array<Row> = []
      for (const { events, memberId } of store.histories(q.knownAt)) {
        const s = stateOn(events, q.occasionDate)
        // In transit: the sending branch (not when sent outside the dataset); deceased: the branch
        // they died in (in transit too, BDG-04).
        const raw = s.orgId ?? Member.followedInTransitFrom(s) ?? s.diedInOrgId
        const unit = raw === undefined ? undefined : scope(raw)
        if (unit === undefined) continue
        const due = dueOn(s, q.occasionDate, rules, q.includeEarly === true)
        if (due !== undefined) rows.push({ memberId, unit, ...due })
      }
      return rows.sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
    })
  })
