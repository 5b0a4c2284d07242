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
import { isoInstantMillis } from "./instant.ts"

export const firstQueryDate = "0101-01-01"
export const lastQueryDate = "9998-12-31"

/** What is wrong with `d` as a query date, or undefined. */
const queryDateProblem = (d: string): string | undefined =>
  !Calendar.isValid(d)
    ? `${d} is not a date YYYY-MM-DD`
    : d < firstQueryDate || d > lastQueryDate
    ? `${d} is outside the dates a query may ask (${firstQueryDate} to ${lastQueryDate})`
    : undefined

/**
 * The first of a query's date fields (absent ones aside) that is not a date it may ask, or its
 * `knownAt` if that is not an ISO instant with its offset: the field and what is wrong, for an
 * `InvalidQuery`.
 */
export const queryFieldsProblem = (
  dates: Readonly<Record<string, string | undefined>>,
  knownAt: string | undefined
): { readonly field: string; readonly message: string } | undefined => {
  for (const [field, d] of Object.entries(dates)) {
    const message = d === undefined ? undefined : queryDateProblem(d)
    if (message !== undefined) return { field, message }
  }
  // With its offset: `2025-01-10` or `2025-01-10T15:00:00` would be read in the machine's time zone.
  return knownAt !== undefined && Number.isNaN(isoInstantMillis(knownAt))
    ? {
      field: "knownAt",
      message: `${knownAt} is not an ISO instant with its offset, such as 2025-01-10T23:59:59+07:00 ` +
        "(without one, its meaning would depend on the machine's time zone)"
    }
    : undefined
}
