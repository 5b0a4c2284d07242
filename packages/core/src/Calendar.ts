/**
 * Calendar dates (ngày), month arithmetic, the Vietnamese lunar calendar
 * (âm lịch) and working days (ngày làm việc) — rules CAL-02 and CAL-03.
 *
 * Dates are plain `YYYY-MM-DD` strings: lexicographic order is chronological
 * order, and all arithmetic goes through integer day numbers (days since
 * 1970-01-01), never through `Date`.
 *
 * @since 0.1.0
 */
import { Data, Result, Schema } from "effect"
import * as Civil from "./internal/calendarCivil.ts"
import { LazyDateSet } from "./internal/calendarDateSet.ts"
import * as Holidays from "./internal/calendarHolidays.ts"
import * as Lunar from "./internal/lunar.ts"

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/**
 * A calendar date `YYYY-MM-DD` (ngày). A plain string, validated by the
 * `CalendarDate` schema or by `parse`.
 *
 * @category models
 */
export type CalendarDate = string

/**
 * A string that is not a real `YYYY-MM-DD` calendar date.
 *
 * @category errors
 */
export class InvalidDate extends Data.TaggedError("InvalidDate")<{
  readonly input: string
  readonly message: string
}> {}

const PATTERN = /^\d{4}-\d{2}-\d{2}$/u

/**
 * Whether `s` is `YYYY-MM-DD` and a real date of the years 0001–9999
 * (`2024-02-29` yes, `2023-02-29` and `2021-02-30` no).
 *
 * @category validation
 */
export const isValid = (s: string): boolean => {
  if (s.length !== 10 || !PATTERN.test(s)) return false
  const year = Civil.yearOf(s)
  const month = Civil.monthOf(s)
  const day = Civil.dayOf(s)
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= Civil.daysInMonth(year, month)
}

/**
 * Parses a `YYYY-MM-DD` string into a `CalendarDate`.
 *
 * @category validation
 */
export const parse = (s: string): Result.Result<CalendarDate, InvalidDate> =>
  isValid(s)
    ? Result.succeed(s)
    : Result.fail(
      new InvalidDate({
        input: s,
        message: PATTERN.test(s) ? `${s} is not a calendar date` : `expected YYYY-MM-DD, got ${JSON.stringify(s)}`
      })
    )

/**
 * Schema of a calendar date (ngày): the `YYYY-MM-DD` pattern (kept in the
 * JSON Schema export) plus a check rejecting impossible dates.
 *
 * @category schemas
 */
export const CalendarDate = Schema.String.annotate({
  title: "CalendarDate",
  description: "A calendar date (ngày) in the form YYYY-MM-DD, e.g. 2024-02-29"
}).check(
  Schema.isPattern(PATTERN, { message: "expected a date YYYY-MM-DD" }),
  Schema.makeFilter<string>((s) => !PATTERN.test(s) || isValid(s) ? undefined : `${s} is not a calendar date`, {
    expected: "a real calendar date"
  })
)

/**
 * Builds a date from its parts; pads only, the parts must form a real date.
 *
 * @category constructors
 */
export const make = (year: number, month: number, day: number): CalendarDate => Civil.format(year, month, day)

/**
 * Splits a date into year, month (1–12) and day (1–31).
 *
 * @category getters
 */
export const toParts = (d: CalendarDate): { readonly year: number; readonly month: number; readonly day: number } => ({
  year: Civil.yearOf(d),
  month: Civil.monthOf(d),
  day: Civil.dayOf(d)
})

/**
 * Days since 1970-01-01 (negative before).
 *
 * @category conversions
 */
export const toDayNumber = (d: CalendarDate): number => Civil.dayNumberOf(d)

/**
 * The date `n` days after 1970-01-01.
 *
 * @category conversions
 */
export const fromDayNumber = (n: number): CalendarDate => Civil.formatDayNumber(n)

/**
 * Chronological comparison.
 *
 * @category ordering
 */
export const compare = (a: CalendarDate, b: CalendarDate): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Whether `a` is strictly before `b`.
 *
 * @category ordering
 */
export const isBefore = (a: CalendarDate, b: CalendarDate): boolean => a < b

/**
 * Whether `a` is strictly after `b`.
 *
 * @category ordering
 */
export const isAfter = (a: CalendarDate, b: CalendarDate): boolean => a > b

/**
 * The earlier of two dates.
 *
 * @category ordering
 */
export const min = (a: CalendarDate, b: CalendarDate): CalendarDate => (b < a ? b : a)

/**
 * The later of two dates.
 *
 * @category ordering
 */
export const max = (a: CalendarDate, b: CalendarDate): CalendarDate => (b > a ? b : a)

/**
 * The date `n` days later (earlier for negative `n`).
 *
 * @category arithmetic
 */
export const addDays = (d: CalendarDate, n: number): CalendarDate => Civil.formatDayNumber(Civil.dayNumberOf(d) + n)

/**
 * Days from `a` to `b` (`b − a`; negative when `b` is before `a`).
 *
 * @category arithmetic
 */
export const daysBetween = (a: CalendarDate, b: CalendarDate): number => Civil.dayNumberOf(b) - Civil.dayNumberOf(a)

/**
 * Adds `n` calendar months (n may be negative), clamping to the month end
 * (CAL-02): 2021-01-31 + 1 month = 2021-02-28, 2024-01-31 + 1 = 2024-02-29.
 *
 * @category arithmetic
 */
export const addMonths = (d: CalendarDate, n: number): CalendarDate => {
  const total = Civil.yearOf(d) * 12 + Civil.monthOf(d) - 1 + n
  const year = Math.floor(total / 12)
  const month = total - year * 12 + 1
  return Civil.format(year, month, Math.min(Civil.dayOf(d), Civil.daysInMonth(year, month)))
}

/**
 * Adds `n` years, i.e. `addMonths(d, 12·n)` (29/02 + 1 year = 28/02).
 *
 * @category arithmetic
 */
export const addYears = (d: CalendarDate, n: number): CalendarDate => addMonths(d, 12 * n)

/**
 * Whole calendar months (số tháng tròn) from `from` to `to` (CAL-02): the
 * largest `m ≥ 0` with `addMonths(from, m) ≤ to`; when `to` is before
 * `from`, the negative mirror `−monthsBetween(to, from)`.
 *
 * @category arithmetic
 */
export const monthsBetween = (from: CalendarDate, to: CalendarDate): number => {
  if (to < from) return -monthsBetween(to, from)
  const ty = Civil.yearOf(to)
  const tm = Civil.monthOf(to)
  const td = Civil.dayOf(to)
  const m = (ty - Civil.yearOf(from)) * 12 + tm - Civil.monthOf(from)
  // addMonths(from, m) lands in to's month on day min(fromDay, monthEnd); it overshoots iff that day > td.
  return Civil.dayOf(from) > td && td < Civil.daysInMonth(ty, tm) ? m - 1 : m
}

/**
 * Full years (tròn N tuổi / đủ N năm), `⌊monthsBetween / 12⌋` (CAL-02);
 * negative mirror when `to` is before `from`.
 *
 * @category arithmetic
 */
export const fullYearsBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.trunc(monthsBetween(from, to) / 12)

/**
 * Day of the week (thứ), 0 = Sunday (Chủ nhật) … 6 = Saturday (thứ Bảy).
 *
 * @category getters
 */
export const dayOfWeek = (d: CalendarDate): 0 | 1 | 2 | 3 | 4 | 5 | 6 =>
  Civil.weekdayOfDayNumber(Civil.dayNumberOf(d)) as 0 | 1 | 2 | 3 | 4 | 5 | 6

/**
 * Whether a date is a Saturday or Sunday (ngày nghỉ hằng tuần).
 *
 * @category getters
 */
export const isWeekend = (d: CalendarDate): boolean => {
  const wd = Civil.weekdayOfDayNumber(Civil.dayNumberOf(d))
  return wd === 0 || wd === 6
}

/**
 * The last day of the date's month.
 *
 * @category getters
 */
export const endOfMonth = (d: CalendarDate): CalendarDate => {
  const year = Civil.yearOf(d)
  const month = Civil.monthOf(d)
  return Civil.format(year, month, Civil.daysInMonth(year, month))
}

/**
 * 1 January of a year.
 *
 * @category constructors
 */
export const startOfYear = (year: number): CalendarDate => Civil.format(year, 1, 1)

/**
 * 31 December of a year.
 *
 * @category constructors
 */
export const endOfYear = (year: number): CalendarDate => Civil.format(year, 12, 31)

// ---------------------------------------------------------------------------
// Lunar calendar (âm lịch), UTC+7
// ---------------------------------------------------------------------------

/**
 * The solar date of a lunar date (âm lịch, Vietnam time UTC+7; accurate
 * 1800–2199). If `leapMonth` is asked for a month that is not the year's leap
 * month (tháng nhuận), the regular month is used; a day past the month's
 * length runs on into the next month.
 *
 * @category lunar
 */
export const lunarToSolar = (
  lunarYear: number,
  lunarMonth: number,
  lunarDay: number,
  leapMonth = false
): CalendarDate =>
  Civil.formatDayNumber(
    Lunar.lunarToJdn(lunarYear, lunarMonth, lunarDay, leapMonth, Lunar.VIETNAM_TIME_ZONE) - Lunar.JDN_EPOCH
  )

/**
 * The lunar date (âm lịch, Vietnam time UTC+7) of a solar date; `leap` marks
 * a leap month (tháng nhuận).
 *
 * @category lunar
 */
export const solarToLunar = (
  d: CalendarDate
): { readonly year: number; readonly month: number; readonly day: number; readonly leap: boolean } =>
  Lunar.solarToLunar(Civil.yearOf(d), Civil.monthOf(d), Civil.dayOf(d), Lunar.VIETNAM_TIME_ZONE)

/**
 * Lunar New Year (Tết Nguyên đán, mùng 1 tháng Giêng) of a year.
 *
 * @category lunar
 */
export const lunarNewYear = (year: number): CalendarDate => lunarToSolar(year, 1, 1)

/**
 * Hùng Kings' Commemoration Day (Giỗ Tổ Hùng Vương, 10/3 âm lịch; the regular
 * month 3 if the year also has a leap third month).
 *
 * @category lunar
 */
export const hungKingsDay = (year: number): CalendarDate => lunarToSolar(year, 3, 10)

// ---------------------------------------------------------------------------
// Holidays and working days (CAL-03)
// ---------------------------------------------------------------------------

/**
 * A holiday calendar: which dates are off besides weekends, and which weekend
 * days are worked. `holidays` wins when a date is in both.
 *
 * @category holidays
 */
export interface HolidayCalendar {
  /** Days off that are not ordinary weekends' rest: public holidays, Tết, nghỉ bù, announced bridge days. */
  readonly holidays: ReadonlySet<CalendarDate>
  /** Saturdays or Sundays that are working days (ngày làm bù), e.g. worked in exchange for a bridge day. */
  readonly workingWeekendDays: ReadonlySet<CalendarDate>
}

/**
 * The built-in public holidays (ngày nghỉ lễ, tết) of a year with Vietnamese
 * names, in date order; empty outside 1930–2199. Placement rules:
 * - Tết Dương lịch 1/1; Ngày Chiến thắng 30/4; Ngày Quốc tế Lao động 1/5.
 * - Tết Nguyên đán: the last day of the lunar year plus mùng 1–3 before 2013
 *   (4 days), plus mùng 1–4 from 2013 (5 days).
 * - Giỗ Tổ Hùng Vương (10/3 âm lịch) from 2007.
 * - Quốc khánh 2/9; from 2021 also one adjacent day: 3/9 when 2/9 is a
 *   Sunday, Monday or Thursday, otherwise 1/9 (matches the announced
 *   2021–2025 schedules; real years are announced yearly — use `withOverrides`).
 * - Nghỉ bù: each holiday falling on a Saturday or Sunday gives the next
 *   weekday that is not already off (Labour Code 2019 Art. 111(3)).
 * Holiday rules before 1995 are projected backwards, not historical.
 *
 * @category holidays
 */
export const holidaysOf = (year: number): ReadonlyArray<{ readonly date: CalendarDate; readonly name: string }> =>
  Holidays.holidaysOfYear(year)

/**
 * The built-in Vietnamese calendar (Bộ luật Lao động 2019 Art. 112), computed
 * lazily per year for 1930–2199 (see `holidaysOf` for the rules).
 *
 * @category holidays
 */
export const vietnam: HolidayCalendar = {
  holidays: new LazyDateSet(Holidays.isBuiltInHoliday, Holidays.allBuiltInHolidays),
  workingWeekendDays: new Set()
}

/**
 * Extends a calendar with a year's announcement: `holidays` become days off,
 * `workingDays` become working days (a Saturday worked in exchange, or a
 * default holiday the announcement moved). `workingDays` win over `holidays`
 * given in the same call; a later `withOverrides` wins over an earlier one.
 *
 * @category holidays
 */
export const withOverrides = (
  base: HolidayCalendar,
  overrides: { readonly holidays?: Iterable<CalendarDate>; readonly workingDays?: Iterable<CalendarDate> }
): HolidayCalendar => {
  const working = new Set(overrides.workingDays ?? [])
  const off = new Set([...(overrides.holidays ?? [])].filter((d) => !working.has(d)))
  const baseHolidays = base.holidays
  const workingWeekendDays = new Set([...base.workingWeekendDays].filter((d) => !off.has(d)))
  for (const d of working) if (isValid(d) && isWeekend(d)) workingWeekendDays.add(d)
  return {
    holidays: new LazyDateSet(
      (d) => off.has(d) || (!working.has(d) && baseHolidays.has(d)),
      () => [...off, ...[...baseHolidays].filter((d) => !working.has(d) && !off.has(d))]
    ),
    workingWeekendDays
  }
}

const isWorkingDn = (dn: number, calendar: HolidayCalendar): boolean => {
  const wd = Civil.weekdayOfDayNumber(dn)
  if (wd === 0 || wd === 6) {
    if (calendar.workingWeekendDays.size === 0) return false
    const d = Civil.formatDayNumber(dn)
    return calendar.workingWeekendDays.has(d) && !calendar.holidays.has(d)
  }
  return !calendar.holidays.has(Civil.formatDayNumber(dn))
}

/**
 * Whether a date is a working day (ngày làm việc): Monday–Friday and not a
 * holiday, or a worked weekend day (CAL-03).
 *
 * @category working days
 */
export const isWorkingDay = (d: CalendarDate, calendar: HolidayCalendar = vietnam): boolean =>
  isWorkingDn(Civil.dayNumberOf(d), calendar)

/**
 * The date of the `n`-th working day after `start` — the deadline "within n
 * working days" (trong thời hạn n ngày làm việc, CAL-03). The start day is
 * not counted; `n ≤ 0` gives `start`.
 *
 * @category working days
 */
export const addWorkingDays = (start: CalendarDate, n: number, calendar: HolidayCalendar = vietnam): CalendarDate => {
  let dn = Civil.dayNumberOf(start)
  if (!(n > 0)) return start
  for (let count = 0; count < n;) {
    dn++
    if (isWorkingDn(dn, calendar)) count++
  }
  return Civil.formatDayNumber(dn)
}

/**
 * Working days in `(start, end]` (start not counted, end counted); 0 when
 * `end ≤ start` (CAL-03).
 *
 * @category working days
 */
export const workingDaysBetween = (
  start: CalendarDate,
  end: CalendarDate,
  calendar: HolidayCalendar = vietnam
): number => {
  const last = Civil.dayNumberOf(end)
  let count = 0
  for (let dn = Civil.dayNumberOf(start) + 1; dn <= last; dn++) if (isWorkingDn(dn, calendar)) count++
  return count
}

/**
 * Whether `d` is no later than the deadline of `n` working days after
 * `start`, i.e. `d ≤ addWorkingDays(start, n)` (CAL-03).
 *
 * @category working days
 */
export const isWithinWorkingDays = (
  start: CalendarDate,
  d: CalendarDate,
  n: number,
  calendar: HolidayCalendar = vietnam
): boolean => d <= addWorkingDays(start, n, calendar)
