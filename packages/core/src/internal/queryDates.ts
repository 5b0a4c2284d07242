/**
 * The dates a query may ask (`Statistics.query`, `Audit.audit`, `BadgesDue.badgesDue`,
 * `Commendation`): real dates from 0101-01-01 to 9998-12-31. The figures look back up to a century
 * from a query date (ages, party ages) and ahead up to a year (badge occasions), and a date outside
 * the years 0001–9999 has no `YYYY-MM-DD` form that sorts with the others — near those ends, a
 * computation would run past them (`asOf` 9999-12-31 made the age bands loop for ever).
 *
 * @internal
 */
import * as Calendar from "../Calendar.ts"

export const firstQueryDate = "0101-01-01"
export const lastQueryDate = "9998-12-31"

/** What is wrong with `d` as a query date, or undefined. */
export const queryDateProblem = (d: string): string | undefined =>
  !Calendar.isValid(d)
    ? `${d} is not a date YYYY-MM-DD`
    : d < firstQueryDate || d > lastQueryDate
    ? `${d} is outside the dates a query may ask (${firstQueryDate} to ${lastQueryDate})`
    : undefined
