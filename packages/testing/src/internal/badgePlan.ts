/**
 * When a generated member is due a party badge (§5): the milestones an imported member already
 * holds, the next badge of a living official member (at the first occasion on or after the
 * milestone, early for the old and ill), a posthumous badge, and the occasions a discipline or the
 * 45-year rule rule out.
 */
import * as Badge from "@dangvien/core/Badge"
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Member from "@dangvien/core/Member"
import type { Milestone } from "@dangvien/core/MemberEvent"
import * as PartyAge from "@dangvien/core/PartyAge"
import * as RuleSet from "@dangvien/core/RuleSet"

const FORTY_FIVE_FROM = RuleSet.qd29.badge.fortyFiveYearBadgeFrom

/** A badge to award on a date. */
export interface Due {
  readonly at: CalendarDate
  readonly milestone: Milestone
  readonly early: boolean
}

const highestHeld = (st: Member.State): number => Math.max(0, ...st.badges.map((b) => b.milestone))

/** Whether the 45-year badge is never due: the 50-year milestone came before 25/07/2016 (BDG-01). */
const fortyFiveSkipped = (membership: PartyAge.Membership): boolean => {
  const reach50 = PartyAge.yearsReachedOn(membership, 50)
  return reach50 !== undefined && reach50 < FORTY_FIVE_FROM
}

/** The badges a member imported on `on` already holds: each milestone whose first occasion came. */
export const imported = (membership: PartyAge.Membership, on: CalendarDate): ReadonlyArray<Milestone> => {
  const badges: Array<Milestone> = []
  for (const m of Badge.milestones) {
    const reached = PartyAge.yearsReachedOn(membership, m)
    if (reached === undefined) break
    if (m === 45 && fortyFiveSkipped(membership)) continue
    const awarded = Badge.nextOccasion(m === 45 ? Calendar.max(reached, FORTY_FIVE_FROM) : reached).on
    if (awarded > on) break
    badges.push(m)
  }
  return badges
}

/** The first occasion on or after `from`, before `horizon`, not blocked by a discipline (BDG-05) nor BDG-01. */
export const fitOccasion = (
  st: Member.State,
  milestone: Milestone,
  from: CalendarDate,
  horizon: CalendarDate
): CalendarDate | undefined => {
  let o = Badge.nextOccasion(from).on
  for (let i = 0; i < 40 && o <= horizon; i++) {
    const rules = RuleSet.forDate(o)
    let blockedUntil: CalendarDate | undefined
    for (const x of st.disciplines) {
      const until = Badge.delayedUntil(x, rules)
      if (until !== undefined && x.on <= o && o < until && (blockedUntil === undefined || until > blockedUntil)) {
        blockedUntil = until
      }
    }
    if (blockedUntil !== undefined) o = Badge.nextOccasion(blockedUntil).on
    else if (!Badge.milestoneAvailable(milestone, o, st.badges, rules)) {
      o = Badge.nextOccasion(Calendar.addDays(o, 1)).on
    } else return o
  }
  return undefined
}

/**
 * The next badge due to a living official member, from `today`: the smallest milestone above those
 * held (never a lower one after a higher), early within the window of BDG-03 when `earlyEligible`.
 */
export const next = (
  st: Member.State,
  today: CalendarDate,
  horizon: CalendarDate,
  earlyEligible: boolean,
  skip: ReadonlySet<Milestone>
): Due | undefined => {
  const membership = Member.membership(st)
  if (membership === undefined) return undefined
  const highest = highestHeld(st)
  for (const m of Badge.milestones) {
    if (m <= highest || skip.has(m)) continue
    const reached = PartyAge.yearsReachedOn(membership, m)
    if (reached === undefined) return undefined
    if (m === 45 && fortyFiveSkipped(membership)) continue
    const window = Badge.earlyWindowMonths(m, RuleSet.forDate(reached))
    let o = fitOccasion(
      st,
      m,
      Calendar.max(today, earlyEligible ? Calendar.addMonths(reached, -window) : reached),
      horizon
    )
    for (let i = 0; i < 12 && o !== undefined; i++) {
      const r = Badge.reach(membership, m, o)
      if (r._tag === "Reached") return { at: o, milestone: m, early: false }
      if (earlyEligible && r.monthsShort <= Badge.earlyWindowMonths(m, RuleSet.forDate(o))) {
        return { at: o, milestone: m, early: true }
      }
      o = fitOccasion(st, m, Calendar.addDays(o, 1), horizon)
    }
    return undefined
  }
  return undefined
}

/**
 * A posthumous badge (BDG-04) for a member who died in the Party: the highest milestone above those
 * held that was reached while alive or missed by at most the posthumous window, at the first
 * suitable occasion on or after `from`.
 */
export const posthumous = (st: Member.State, from: CalendarDate, horizon: CalendarDate): Due | undefined => {
  const membership = Member.membership(st)
  if (st.exit !== undefined || membership === undefined || st.diedOn === undefined) return undefined
  const highest = highestHeld(st)
  for (const m of Badge.milestones.toReversed()) {
    if (m <= highest) return undefined
    const r = Badge.reach(membership, m, st.diedOn)
    const early = r._tag === "Early"
    if (early && r.monthsShort > RuleSet.forDate(st.diedOn).badge.posthumousEarlyMonths) continue
    const at = fitOccasion(st, m, from, horizon)
    return at === undefined ? undefined : { at, milestone: m, early }
  }
  return undefined
}
