/**
 * Party age (tuổi đảng, AGE-01…05): counted from the first admission decision, minus every interval
 * outside the Party, in whole calendar months (CAL-02).
 *
 * The count is made on a "virtual date": the first admission plus the days actually spent in the
 * Party. Party age in months is `monthsBetween(firstAdmission, virtualDate)`. With no gaps the
 * virtual date is the as-of date itself; gaps only move it earlier, so party age is monotone in the
 * as-of date (AGE-05), never exceeds the calendar months since the first admission, and a member
 * whose expulsion is annulled keeps continuous party age (AGE-04: the annulled exit is no gap).
 *
 * @since 0.1.0
 */
import * as Calendar from "./Calendar.ts"
import type { CalendarDate } from "./Calendar.ts"

/**
 * An interval outside the Party: `from` inclusive, `to` exclusive (the day of readmission counts).
 *
 * @category models
 * @since 0.1.0
 */
export interface Gap {
  readonly from: CalendarDate
  readonly to: CalendarDate
}

/**
 * What party age is computed from: the first admission decision (AGE-01, AGE-03), the closed gaps
 * (AGE-02), and the date membership ended if it has (exit without readmission, or death) — party age
 * stops growing from that date.
 *
 * @category models
 * @since 0.1.0
 */
export interface Membership {
  readonly firstAdmissionOn: CalendarDate
  readonly gaps: ReadonlyArray<Gap>
  readonly endedOn?: CalendarDate | undefined
}

/**
 * Days spent in the Party from the first admission up to `asOf` (exclusive).
 *
 * @category getters
 * @since 0.1.0
 */
export const daysInParty = (m: Membership, asOf: CalendarDate): number => {
  const end = m.endedOn !== undefined && m.endedOn < asOf ? m.endedOn : asOf
  if (end <= m.firstAdmissionOn) return 0
  let days = Calendar.daysBetween(m.firstAdmissionOn, end)
  for (const g of m.gaps) {
    const from = g.from < m.firstAdmissionOn ? m.firstAdmissionOn : g.from
    const to = g.to > end ? end : g.to
    if (to > from) days -= Calendar.daysBetween(from, to)
  }
  return days < 0 ? 0 : days
}

/**
 * Party age in whole months on `asOf` (0 before the first admission).
 *
 * @category getters
 * @since 0.1.0
 */
export const months = (m: Membership, asOf: CalendarDate): number =>
  Calendar.monthsBetween(m.firstAdmissionOn, Calendar.addDays(m.firstAdmissionOn, daysInParty(m, asOf)))

/**
 * Party age in full years on `asOf`.
 *
 * @category getters
 * @since 0.1.0
 */
export const years = (m: Membership, asOf: CalendarDate): number => Math.floor(months(m, asOf) / 12)

/**
 * The date on which party age reaches `targetMonths`, or `undefined` if membership ended before it.
 *
 * @category getters
 * @since 0.1.0
 */
export const reachedOn = (m: Membership, targetMonths: number): CalendarDate | undefined => {
  const needed = Calendar.daysBetween(m.firstAdmissionOn, Calendar.addMonths(m.firstAdmissionOn, targetMonths))
  // Walk the membership intervals between gaps, in date order.
  const gaps = [...m.gaps].filter((g) => g.to > g.from).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  let cursor = m.firstAdmissionOn
  let remaining = needed
  for (const g of gaps) {
    if (g.to <= cursor) continue
    const stop = g.from > cursor ? g.from : cursor
    const span = Calendar.daysBetween(cursor, stop)
    if (span >= remaining) return withinEnd(m, Calendar.addDays(cursor, remaining))
    remaining -= span
    cursor = g.to
  }
  return withinEnd(m, Calendar.addDays(cursor, remaining))
}

const withinEnd = (m: Membership, d: CalendarDate): CalendarDate | undefined =>
  m.endedOn !== undefined && d > m.endedOn ? undefined : d

/**
 * The date on which party age reaches `years` full years (`reachedOn(m, 12 · years)`).
 *
 * @category getters
 * @since 0.1.0
 */
export const yearsReachedOn = (m: Membership, years: number): CalendarDate | undefined => reachedOn(m, 12 * years)
