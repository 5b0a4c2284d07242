/**
 * Party badges (Huy hiệu Đảng, BDG-01…07): milestones, award occasions, early and posthumous
 * windows, and the delay after a discipline — by the rule set in force on the award date.
 *
 * @since 0.1.0
 */
import * as Calendar from "./Calendar.ts"
import type { CalendarDate } from "./Calendar.ts"
import type { DisciplineForm, Milestone, Occasion } from "./MemberEvent.ts"
import * as PartyAge from "./PartyAge.ts"
import type { RuleSet } from "./RuleSet.ts"

/**
 * The milestones in years of party age (BDG-01).
 *
 * @category constants
 * @since 0.1.0
 */
export const milestones: ReadonlyArray<Milestone> = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]

/**
 * The award occasions other than `other` (BDG-02): 3/2, 19/5, 2/9, 7/11 as `MM-DD`.
 *
 * @category constants
 * @since 0.1.0
 */
export const occasions: ReadonlyArray<Exclude<Occasion, "other">> = ["02-03", "05-19", "09-02", "11-07"]

/**
 * Vietnamese label of a badge: `Huy hiệu 30 năm tuổi Đảng`.
 *
 * @category getters
 * @since 0.1.0
 */
export const labelVi = (m: Milestone): string => `Huy hiệu ${m} năm tuổi Đảng`

/**
 * English label of a badge: `30-year Party membership badge` (Huy hiệu 30 năm tuổi Đảng).
 *
 * @category getters
 * @since 0.1.0
 */
export const label = (m: Milestone): string => `${m}-year Party membership badge`

/**
 * The first occasion date on or after `date` (BDG-02: a member is due at the first occasion on or
 * after reaching the milestone).
 *
 * @category getters
 * @since 0.1.0
 */
export const nextOccasion = (date: CalendarDate): { readonly occasion: Occasion; readonly on: CalendarDate } => {
  const year = Number(date.slice(0, 4))
  for (const y of [year, year + 1]) {
    for (const o of occasions) {
      const on = `${String(y).padStart(4, "0")}-${o}`
      if (on >= date) return { occasion: o, on }
    }
  }
  return { occasion: "02-03", on: `${String(year + 1).padStart(4, "0")}-02-03` }
}

/**
 * How many days ahead of its occasion an award may be handed over and still be judged on the
 * occasion's date (a ceremony held in the days before 3/2 for the 3/2 occasion).
 *
 * @category constants
 * @since 0.1.0
 */
export const occasionAheadDays = 30

/**
 * The date of the occasion (dịp trao tặng) an award is judged on (BDG-02): the coming date of
 * `occasion` when the award date `date` is at most `occasionAheadDays` before it (a ceremony held
 * in the days before its occasion), else the latest date of `occasion` on or before `date` (an award
 * handed over some time after its occasion) — never an occasion further ahead than that, which would
 * judge an award on a date party age had not reached when it was made. `other` is judged on the
 * award date itself.
 *
 * @category getters
 * @since 0.1.0
 */
export const occasionDateNear = (occasion: Occasion, date: CalendarDate): CalendarDate => {
  if (occasion === "other") return date
  const year = Number(date.slice(0, 4))
  const of = (y: number) => `${String(y).padStart(4, "0")}-${occasion}`
  const coming = of(year) >= date ? of(year) : of(year + 1)
  if (Calendar.daysBetween(date, coming) <= occasionAheadDays) return coming
  return of(year) <= date ? of(year) : of(year - 1)
}

/**
 * How many months early a badge of this milestone may be awarded for serious illness or old age
 * (BDG-03): 12 for 30–65 years, 24 for 70–90 years.
 *
 * @category getters
 * @since 0.1.0
 */
export const earlyWindowMonths = (milestone: Milestone, rules: RuleSet): number =>
  milestone >= 70 ? rules.badge.earlyMonthsFrom70 : rules.badge.earlyMonthsUpTo65

/**
 * The date until which a discipline delays badges (BDG-05), by the rule set in force on the award
 * date; `undefined` when that form does not delay.
 *
 * @category getters
 * @since 0.1.0
 */
export const delayedUntil = (
  discipline: { readonly form: DisciplineForm; readonly on: CalendarDate },
  rules: RuleSet
): CalendarDate | undefined => {
  if (discipline.form === "expulsion") return undefined
  const months = rules.badge.disciplineDelayMonths[discipline.form]
  return months > 0 ? Calendar.addMonths(discipline.on, months) : undefined
}

/**
 * The first discipline that still delays a badge on `on` (BDG-05): given on or before `on`, and
 * `on` before its `delayedUntil`; with the date the delay ends. `undefined` when none delays.
 *
 * @category getters
 * @since 0.1.0
 */
export const delayingDiscipline = <D extends { readonly form: DisciplineForm; readonly on: CalendarDate }>(
  disciplines: ReadonlyArray<D>,
  on: CalendarDate,
  rules: RuleSet
): { readonly discipline: D; readonly until: CalendarDate } | undefined => {
  for (const discipline of disciplines) {
    const until = delayedUntil(discipline, rules)
    if (until !== undefined && discipline.on <= on && on < until) return { discipline, until }
  }
  return undefined
}

/**
 * Does the milestone exist on that date for a member who held these badges (BDG-01: the 45-year badge
 * exists from 25/07/2016, and is not given to a member who held the 50-year badge before then)?
 *
 * @category predicates
 * @since 0.1.0
 */
export const milestoneAvailable = (
  milestone: Milestone,
  on: CalendarDate,
  held: ReadonlyArray<{ readonly milestone: Milestone; readonly on: CalendarDate }>,
  rules: RuleSet
): boolean =>
  milestone !== 45 ||
  (on >= rules.badge.fortyFiveYearBadgeFrom &&
    !held.some((b) => b.milestone === 50 && b.on < rules.badge.fortyFiveYearBadgeFrom))

/**
 * The verdict on an award of a milestone judged on a date: `due` (reached), `early` (within the
 * early window), or how many months are missing.
 *
 * @category models
 * @since 0.1.0
 */
export type Reach =
  | { readonly _tag: "Reached"; readonly on: CalendarDate }
  | { readonly _tag: "Early"; readonly monthsShort: number; readonly reachedOn: CalendarDate | undefined }

/**
 * Whether party age reaches a milestone by `judgedOn`, and if not, how many months short it is.
 *
 * @category getters
 * @since 0.1.0
 */
export const reach = (membership: PartyAge.Membership, milestone: Milestone, judgedOn: CalendarDate): Reach => {
  const months = PartyAge.months(membership, judgedOn)
  const reachedOn = PartyAge.yearsReachedOn(membership, milestone)
  if (months >= 12 * milestone && reachedOn !== undefined) return { _tag: "Reached", on: reachedOn }
  return { _tag: "Early", monthsShort: 12 * milestone - months, reachedOn }
}
