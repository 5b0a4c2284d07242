/**
 * Party age (tuổi đảng, AGE-01…05): counted from the first admission decision, minus every interval
 * outside the Party, in whole calendar months (CAL-02).
 *
 * The count is made on a "virtual date": the as-of date moved back by the time spent outside the
 * Party. Party age in months is `monthsBetween(firstAdmission, virtualDate)`. The time outside is
 * measured in calendar months and days (a gap of exactly 12 months costs exactly 12 months, even
 * across 29/02), and inside a gap the virtual date stands still. With no gaps the virtual date is
 * the as-of date itself; gaps only move it earlier, so party age is monotone in the as-of date
 * (AGE-05), never exceeds the calendar months since the first admission, and a member whose
 * expulsion is annulled keeps continuous party age (AGE-04: the annulled exit is no gap).
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
  // Clip the gaps to [firstAdmission, end) and merge overlapping ones, so that a day outside the
  // Party is subtracted once even when two recorded gaps cover it (AGE-05 stays monotone).
  let cursor = m.firstAdmissionOn
  for (const g of sortedGaps(m.gaps)) {
    const from = g.from < cursor ? cursor : g.from
    const to = g.to > end ? end : g.to
    if (to > from) {
      days -= Calendar.daysBetween(from, to)
      cursor = to
    }
  }
  return days < 0 ? 0 : days
}

const sortedGaps = (gaps: ReadonlyArray<Gap>): ReadonlyArray<Gap> =>
  [...gaps].filter((g) => g.to > g.from).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))

/**
 * The gaps clipped to start on or after the first admission, in date order, overlapping or touching
 * ones merged.
 */
const mergedGaps = (m: Membership): ReadonlyArray<Gap> => {
  const out: Array<{ from: CalendarDate; to: CalendarDate }> = []
  for (const g of sortedGaps(m.gaps)) {
    const from = g.from < m.firstAdmissionOn ? m.firstAdmissionOn : g.from
    if (g.to <= from) continue
    const last = out[out.length - 1]
    if (last !== undefined && from <= last.to) {
      if (g.to > last.to) last.to = g.to
    } else {
      out.push({ from, to: g.to })
    }
  }
  return out
}

/**
 * The virtual date of `asOf`: `asOf` moved back by the calendar time spent outside the Party since
 * the first admission (frozen inside a gap and after the end of membership).
 *
 * After the k-th gap the shift is `x ↦ addDays(addMonths(x, −M), −D)`, with `M` the whole months from
 * the virtual date at the gap's start to its end and `D` the days that make the shift continuous
 * there. Each shift is monotone, so the virtual date is monotone in `asOf`, and never after it.
 *
 * @category getters
 * @since 0.1.0
 */
export const virtualDate = (m: Membership, asOf: CalendarDate): CalendarDate => {
  const end = m.endedOn !== undefined && m.endedOn < asOf ? m.endedOn : asOf
  // Without gaps the shift is the identity (most members: no merging, no allocation).
  if (end <= m.firstAdmissionOn || m.gaps.length === 0) return end
  let months = 0
  let days = 0
  const shift = (x: CalendarDate) => Calendar.addDays(Calendar.addMonths(x, -months), -days)
  for (const g of mergedGaps(m)) {
    if (end <= g.from) break
    const frozen = shift(g.from)
    if (end < g.to) return frozen
    months = Calendar.monthsBetween(frozen, g.to)
    days = Calendar.daysBetween(frozen, Calendar.addMonths(g.to, -months))
  }
  return shift(end)
}

/**
 * Party age in whole months on `asOf` (0 before the first admission).
 *
 * @category getters
 * @since 0.1.0
 */
export const months = (m: Membership, asOf: CalendarDate): number => {
  const v = virtualDate(m, asOf)
  return v <= m.firstAdmissionOn ? 0 : Calendar.monthsBetween(m.firstAdmissionOn, v)
}

/**
 * Party age in full years on `asOf`.
 *
 * @category getters
 * @since 0.1.0
 */
export const years = (m: Membership, asOf: CalendarDate): number => Math.floor(months(m, asOf) / 12)

/**
 * The date on which party age reaches `targetMonths` (the first date with
 * `months(m, date) >= targetMonths`), or `undefined` if membership ended before it.
 *
 * @category getters
 * @since 0.1.0
 */
export const reachedOn = (m: Membership, targetMonths: number): CalendarDate | undefined => {
  const first = Calendar.toDayNumber(m.firstAdmissionOn)
  if (targetMonths <= 0) {
    return m.endedOn !== undefined && m.endedOn < m.firstAdmissionOn
      ? undefined
      : m.firstAdmissionOn
  }
  const reached = (dn: number) => months(m, Calendar.fromDayNumber(dn)) >= targetMonths
  // `months` is monotone (AGE-05): find a date that reaches the target, then bisect.
  let lo = first
  let hi: number
  if (m.endedOn !== undefined) {
    hi = Calendar.toDayNumber(m.endedOn)
    if (hi <= lo || !reached(hi)) return undefined
  } else {
    hi = Calendar.toDayNumber(Calendar.addMonths(m.firstAdmissionOn, targetMonths))
    for (let step = 366; !reached(hi); step *= 2) {
      lo = hi
      hi += step
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (reached(mid)) hi = mid
    else lo = mid
  }
  return Calendar.fromDayNumber(hi)
}

/**
 * The date on which party age reaches `fullYears` full years (`reachedOn(m, 12 · fullYears)`).
 *
 * @category getters
 * @since 0.1.0
 */
export const yearsReachedOn = (m: Membership, fullYears: number): CalendarDate | undefined =>
  reachedOn(m, 12 * fullYears)
