/**
 * Party badges of a generated member (§5): when the next milestone is due, the badges an imported
 * member already holds, awards at occasions (delayed by discipline, BDG-05) and posthumous awards
 * (BDG-04).
 */
import * as Badge from "@dangvien/core/Badge"
import * as Calendar from "@dangvien/core/Calendar"
import type { Milestone } from "@dangvien/core/MemberEvent"
import * as PartyAge from "@dangvien/core/PartyAge"
import * as RuleSet from "@dangvien/core/RuleSet"
import type { Sim, World } from "./provinceMember.ts"
import { addMonths, civil, dayOf, dayText } from "./provinceRandom.ts"

const FORTY_FIVE_FROM = dayOf(RuleSet.qd29.badge.fortyFiveYearBadgeFrom)

// -- Badges (BDG-01 … BDG-06) ---------------------------------------------------------------------

/**
 * The day party age reaches `years` (a living member): `PartyAge.yearsReachedOn`, with a fast path
 * for a membership without gaps — the first admission plus the months, when that is exactly the
 * first day `monthsBetween` counts them.
 */
const reachDay = (s: Sim, years: number): number => {
  const first = s.firstAdmission!
  if (s.gaps.length === 0) {
    const day = dayOf(first)
    if (civil(day)[2] <= 28) return addMonths(day, 12 * years)
    const c = Calendar.addMonths(first, 12 * years)
    if (
      Calendar.monthsBetween(first, c) >= 12 * years &&
      Calendar.monthsBetween(first, Calendar.addDays(c, -1)) < 12 * years
    ) return dayOf(c)
  }
  return dayOf(PartyAge.yearsReachedOn(s.membership(), years)!)
}

/** The next milestone above those held and the day it is due (45 years: not before 25/07/2016). */
export const nextBadge = (s: Sim): Sim["next"] => {
  if (s.firstAdmission === undefined) return undefined
  let highest = 0
  for (const b of s.badges) highest = Math.max(highest, b.milestone)
  for (const m of Badge.milestones) {
    if (m <= highest) continue
    const reached = reachDay(s, m)
    if (m === 45) {
      if (reachDay(s, 50) < FORTY_FIVE_FROM) continue
      return { milestone: m, due: Math.max(reached, FORTY_FIVE_FROM) }
    }
    return { milestone: m, due: reached }
  }
  return undefined
}

/**
 * The badges a member imported on `day` holds (as `badgePlan.imported`): each milestone whose first
 * occasion came by then, dated as the member state dates them.
 */
export const heldOnImport = (s: Sim, day: number): void => {
  const on = dayText(day)
  for (const m of Badge.milestones) {
    const reached = reachDay(s, m)
    if (reached > day) return
    if (m === 45 && reachDay(s, 50) < FORTY_FIVE_FROM) continue
    const awarded = Badge.nextOccasion(dayText(m === 45 ? Math.max(reached, FORTY_FIVE_FROM) : reached)).on
    if (awarded > on) return
    // The member state dates an imported badge at its first occasion after the milestone, or the import day.
    s.badges.push({ milestone: m, on: Badge.nextOccasion(dayText(reached)).on })
  }
}

/** BDG-05: a discipline in force delays badges on this day. */
const delayed = (s: Sim, day: number): boolean => {
  if (s.disciplines.length === 0) return false
  const on = dayText(day)
  const rules = RuleSet.forDate(on)
  return s.disciplines.some((d) => {
    const until = Badge.delayedUntil(d, rules)
    return until !== undefined && d.on <= on && on < until
  })
}

const award = (w: World, s: Sim, day: number, milestone: Milestone, posthumous: boolean, early: boolean) => {
  const on = dayText(day)
  s.add(
    day,
    "BadgeAwarded",
    `{"milestone":${milestone},"occasion":"${on.slice(5)}","posthumous":${posthumous},"early":${early},"badgeNo":"${
      w.rng.int(1, 999_999)
    }"}`
  )
  s.badges.push({ milestone, on })
}

/** Badges due on an occasion (the first occasion on or after the milestone, BDG-02). */
export const occasion = (w: World, s: Sim, day: number) => {
  for (let i = 0; i < 3 && s.next !== undefined && s.next.due <= day; i++) {
    if (delayed(s, day)) return
    award(w, s, day, s.next.milestone, false, false)
    s.next = nextBadge(s)
  }
}

/** BDG-04: the highest milestone reached in life (or missed by at most 12 months), at a later occasion. */
export const posthumous = (w: World, s: Sim, died: number) => {
  if (s.firstAdmission === undefined || s.exit !== undefined) return
  const diedOn = dayText(died)
  const membership = s.membership(diedOn)
  let highest = 0
  for (const b of s.badges) highest = Math.max(highest, b.milestone)
  // The highest milestone reached in life or missed by at most the posthumous window.
  const months = PartyAge.months(membership, diedOn)
  const window = RuleSet.forDate(diedOn).badge.posthumousEarlyMonths
  let m: Milestone | undefined
  for (const x of Badge.milestones) if (x > highest && 12 * x - months <= window) m = x
  if (m === undefined) return
  const early = Badge.reach(membership, m, diedOn)._tag === "Early"
  let o = dayOf(Badge.nextOccasion(dayText(died + 1)).on)
  for (let i = 0; i < 8 && o <= w.horizon; i++) {
    const on = dayText(o)
    if (!delayed(s, o) && Badge.milestoneAvailable(m, on, s.badges, RuleSet.forDate(on))) {
      award(w, s, o, m, true, early)
      return
    }
    o = dayOf(Badge.nextOccasion(dayText(o + 1)).on)
  }
}
