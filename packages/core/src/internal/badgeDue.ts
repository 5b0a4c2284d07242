/**
 * Which badge a member is due on an occasion (BDG-01…05, BDG-07): shared by `BadgesDue`, which
 * lists them, and `Audit`, which reports those due at an occasion already past (BDG-02).
 */
import * as Badge from "../Badge.ts"
import * as Calendar from "../Calendar.ts"
import type { CalendarDate } from "../Calendar.ts"
import type { MemberEnvelope } from "../Envelope.ts"
import * as Member from "../Member.ts"
import type { Milestone } from "../MemberEvent.ts"
import * as PartyAge from "../PartyAge.ts"
import type { RuleSet } from "../RuleSet.ts"

/** A badge due: the milestone, the date party age reaches it (or would have), early, posthumous. */
export interface Due {
  readonly milestone: Milestone
  readonly reachedOn: CalendarDate
  readonly early: boolean
  readonly posthumous: boolean
}

const descending = Badge.milestones.toReversed()

/**
 * The badge a member in state `s` is due on `on`, judged by `rules` (those in force on `on`):
 *
 * - a living member (BDG-07: exempted or not): the highest milestone party age reaches by `on`
 *   (BDG-02); with `includeEarly`, when that one is held or none is reached, the next milestone if
 *   `on` is within its early window (BDG-03);
 * - a member who died as a member (never one who had left first): the highest milestone reached
 *   while alive, posthumously (BDG-04); with `includeEarly`, the next one if the member died at most
 *   `posthumousEarlyMonths` before reaching it;
 * - a milestone reached that does not exist for the member on `on` (BDG-01: the 45-year badge before
 *   25/07/2016, or for a holder of the 50-year badge from before then) is passed over for the next
 *   lower one;
 * - nothing if the highest milestone reached that exists is held (BDG-06: returned badges included),
 *   or a discipline still delays badges on `on` (BDG-05).
 */
export const dueOn = (s: Member.State, on: CalendarDate, rules: RuleSet, includeEarly: boolean): Due | undefined => {
  const membership = Member.membership(s)
  if (membership === undefined) return undefined
  const posthumous = s.status === "dead"
  if (posthumous ? s.exit !== undefined || s.diedOn === undefined : !Member.isMember(s)) return undefined
  if (Badge.delayingDiscipline(s.disciplines, on, rules) !== undefined) return undefined
  const judgedOn = posthumous ? s.diedOn! : on
  const open = (m: Milestone) =>
    !s.badges.some((b) => b.milestone === m) && Badge.milestoneAvailable(m, on, s.badges, rules)
  let next: Milestone | undefined
  for (const m of descending) {
    const r = Badge.reach(membership, m, judgedOn)
    if (r._tag === "Reached") {
      // BDG-01: a milestone that does not exist yet leaves the lower ones due; one held ends the search.
      if (!Badge.milestoneAvailable(m, on, s.badges, rules)) continue
      if (open(m)) return { milestone: m, reachedOn: r.on, early: false, posthumous }
      break
    }
    next = m
  }
  if (!includeEarly || next === undefined || !open(next)) return undefined
  const r = Badge.reach(membership, next, judgedOn)
  if (r._tag !== "Early") return undefined
  const window = posthumous ? rules.badge.posthumousEarlyMonths : Badge.earlyWindowMonths(next, rules)
  if (r.monthsShort > window) return undefined
  // The date party age reaches it, or would have had the member lived.
  const reachedOn = r.reachedOn ?? PartyAge.yearsReachedOn({ ...membership, endedOn: undefined }, next)!
  return { milestone: next, reachedOn, early: true, posthumous }
}

/** The last regular occasion (3/2, 19/5, 2/9, 7/11) on or before `d` (BDG-02). */
export const lastOccasionOnOrBefore = (d: CalendarDate): CalendarDate => {
  const year = Calendar.toParts(d).year
  for (const y of [year, year - 1]) {
    for (const o of Badge.occasions.toReversed()) {
      const date = `${String(y).padStart(4, "0")}-${o}`
      if (date <= d) return date
    }
  }
  return `${String(year - 1).padStart(4, "0")}-11-07`
}

/**
 * The occasion at which `milestone`, reached on `reachedOn`, first fell due (BDG-02): the first
 * occasion on or after it at which `dueOn` lists it for the member as recorded by then — a member
 * on that day (not between an exit and a readmission), the milestone existing (BDG-01: the 45-year
 * badge from 25/07/2016), no discipline delaying badges (BDG-05), each judged by `rulesOn` of the
 * occasion; `undefined` if none by `until`. `events` are the member's, in stream order. A member
 * whose records begin with `MemberImported` was a member before it (the opening roster, or an
 * arrival from outside the dataset): the import's facts are taken as holding from the start.
 */
export const firstDueOccasion = (
  events: ReadonlyArray<MemberEnvelope>,
  milestone: Milestone,
  reachedOn: CalendarDate,
  until: CalendarDate,
  rulesOn: (d: CalendarDate) => RuleSet
): CalendarDate | undefined => {
  let s = Member.initialState
  let next = 0
  if (events[0]?.type === "MemberImported") s = Member.evolveWithoutHistory(s, events[next++]!)
  for (let o = Badge.nextOccasion(reachedOn).on; o <= until; o = Badge.nextOccasion(Calendar.addDays(o, 1)).on) {
    while (next < events.length && events[next]!.occurredOn <= o) s = Member.evolveWithoutHistory(s, events[next++]!)
    if (dueOn(s, o, rulesOn(o), false)?.milestone === milestone) return o
  }
  return undefined
}
