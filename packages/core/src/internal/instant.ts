/**
 * ISO-8601 instants (`recordedAt`): the pattern and their value in milliseconds.
 *
 * @internal
 */
import * as Calendar from "../Calendar.ts"
import { daysFromCivil, daysInMonth } from "./calendarCivil.ts"

/** An ISO-8601 instant with a `Z` or `±hh:mm` offset, seconds and fraction optional. */
export const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/u

/**
 * Milliseconds since the epoch of a string that matches `instantPattern`, by arithmetic (what
 * `Date.parse` gives, without its cost on the import path); NaN when the date does not exist or a
 * field is out of range (hour 24, minute or second 60, offset beyond ±23:59).
 */
export const instantMillis = (s: string): number => {
  // The import checks a line's instant twice (its form, then CAL-01), and files often repeat one.
  if (s === lastText) return lastMillis
  lastMillis = computeMillis(s)
  lastText = s
  return lastMillis
}

/** Milliseconds since the epoch of any string: NaN unless it is an instant of `instantPattern` that exists. */
export const isoInstantMillis = (s: string): number => instantPattern.test(s) ? instantMillis(s) : Number.NaN

let lastText = ""
let lastMillis = Number.NaN

const computeMillis = (s: string): number => {
  const date = s.slice(0, 10)
  const hour = Number(s.slice(11, 13))
  const minute = Number(s.slice(14, 16))
  let second = 0
  let ms = 0
  let i = 16
  if (s[i] === ":") {
    second = Number(s.slice(17, 19))
    i = 19
    if (s[i] === ".") {
      let j = i + 1
      while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++
      ms = Number(`${s.slice(i + 1, j)}00`.slice(0, 3))
      i = j
    }
  }
  let offset = 0
  if (s[i] !== "Z") {
    const offsetHours = Number(s.slice(i + 1, i + 3))
    const offsetMinutes = Number(s.slice(i + 4, i + 6))
    if (offsetHours > 23 || offsetMinutes > 59) return NaN
    offset = (s[i] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000
  }
  if (hour > 23 || minute > 59 || second > 59 || !Calendar.isValid(date)) return NaN
  return Calendar.toDayNumber(date) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset
}

/** The number of the two digits at `i` of `s` (NaN unless both are digits). */
const twoDigits = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48
  const b = s.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN
}

/**
 * `Date.parse(s)`, by arithmetic when `s` has the form `toISOString` writes
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, what stores and generators record) and every field is in range; any
 * other string goes to `Date.parse` itself. The statistics read every event's `recordedAt`.
 */
export const instantMs = (s: string): number => {
  if (
    s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90
  ) return Date.parse(s)
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2)
  const month = twoDigits(s, 5)
  const day = twoDigits(s, 8)
  const hour = twoDigits(s, 11)
  const minute = twoDigits(s, 14)
  const second = twoDigits(s, 17)
  const last = s.charCodeAt(22) - 48
  const ms = twoDigits(s, 20) * 10 + (last >= 0 && last <= 9 ? last : Number.NaN)
  // NaN fails every comparison: a non-digit goes to Date.parse too.
  if (
    !(year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0) ||
    day > daysInMonth(year, month)
  ) return Date.parse(s)
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms
}
