/**
 * ISO-8601 instants (`recordedAt`): the pattern and their value in milliseconds.
 *
 * @internal
 */
import * as Calendar from "../Calendar.ts"

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
