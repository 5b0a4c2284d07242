/**
 * Integer civil-date algorithms (proleptic Gregorian calendar) after Howard
 * Hinnant's `days_from_civil` / `civil_from_days`. No `Date` objects: every
 * function here works on plain integers and `YYYY-MM-DD` strings.
 *
 * @internal
 */

/**
 * Days since 1970-01-01 of a civil date.
 *
 * @category internal
 */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * Whether `year` is a Gregorian leap year.
 *
 * @category internal
 */
export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/**
 * Number of days in a month (1–12) of a year.
 *
 * @category internal
 */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

const pad2 = (n: number): string => (n < 10 ? "0" + n : "" + n)
const pad4 = (n: number): string => (n >= 1000 ? "" + n : n >= 100 ? "0" + n : n >= 10 ? "00" + n : "000" + n)

/**
 * Formats a civil date as `YYYY-MM-DD` (no validation).
 *
 * @category internal
 */
export const format = (year: number, month: number, day: number): string =>
  pad4(year) + "-" + pad2(month) + "-" + pad2(day)

/**
 * Formats a day number (days since 1970-01-01) as `YYYY-MM-DD`, without
 * allocating an intermediate object.
 *
 * @category internal
 */
export const formatDayNumber = (n: number): string => {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return format(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/**
 * Day of the week of a day number, 0 = Sunday … 6 = Saturday
 * (1970-01-01 was a Thursday).
 *
 * @category internal
 */
export const weekdayOfDayNumber = (n: number): number => ((n % 7) + 11) % 7

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48

/**
 * Year of a `YYYY-MM-DD` string (no validation).
 *
 * @category internal
 */
export const yearOf = (s: string): number => digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)

/**
 * Month of a `YYYY-MM-DD` string (no validation).
 *
 * @category internal
 */
export const monthOf = (s: string): number => digit(s, 5) * 10 + digit(s, 6)

/**
 * Day of month of a `YYYY-MM-DD` string (no validation).
 *
 * @category internal
 */
export const dayOf = (s: string): number => digit(s, 8) * 10 + digit(s, 9)

/**
 * Day number of a `YYYY-MM-DD` string (no validation).
 *
 * @category internal
 */
export const dayNumberOf = (s: string): number => daysFromCivil(yearOf(s), monthOf(s), dayOf(s))
