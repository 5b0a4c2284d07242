/**
 * The province generator's primitives: a seeded random source (mulberry32, no `Math.random`),
 * ULIDs from a record time and a counter (no BigInt, so millions a second), and calendar days as
 * integers (days since 1970-01-01) with a cache of their `YYYY-MM-DD` form.
 */
import * as Calendar from "@dangvien/core/Calendar"

/** A seeded source of random choices; the same seed gives the same sequence. */
export interface Rng {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in `[min, max]`. */
  readonly int: (min: number, max: number) => number
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty list. */
  readonly pick: <A>(xs: ReadonlyArray<A>) => A
  /** One value by weight. */
  readonly weighted: <A>(choices: ReadonlyArray<readonly [weight: number, value: A]>) => A
  /** `x` rounded up or down at random so that the mean is `x`. */
  readonly round: (x: number) => number
}

/** mulberry32 over a 32-bit seed. */
export const make = (seed: number): Rng => {
  let s = seed | 0
  const next = () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => (max <= min ? min : min + Math.floor(next() * (max - min + 1)))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <A>(xs: ReadonlyArray<A>) => xs[Math.floor(next() * xs.length)] as A,
    weighted: <A>(choices: ReadonlyArray<readonly [number, A]>): A => {
      let total = 0
      for (const [w] of choices) total += w
      let x = next() * total
      for (const [w, a] of choices) {
        if (x < w) return a
        x -= w
      }
      return choices[choices.length - 1]![1]
    },
    round: (x) => {
      const floor = Math.floor(x)
      return floor + (next() < x - floor ? 1 : 0)
    }
  }
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
/** Every pair of base-32 digits, so that an id is ten look-ups. */
const pairs: ReadonlyArray<string> = Array.from({ length: 1024 }, (_, i) => crockford[i >> 5]! + crockford[i & 31]!)

/** `n` (< 2^50) as ten base-32 digits. */
const base32x10 = (n: number): string => {
  const hi = Math.floor(n / 1_048_576) // 32^4
  const lo = n - hi * 1_048_576
  const top = Math.floor(hi / 1_048_576)
  const mid = hi - top * 1_048_576
  return pairs[top & 1023]! + pairs[mid >> 10]! + pairs[mid & 1023]! + pairs[lo >> 10]! + pairs[lo & 1023]!
}

/**
 * ULIDs for one generation: the time part is the record time (so ids sort like `recordedAt`), the
 * entropy part a tag of the seed (6 characters) and a counter (10 characters): unique within a run,
 * different between seeds.
 */
export const ulids = (seed: number) => {
  const x = (seed >>> 0) % 1_073_741_824
  const tag = pairs[x >> 20]! + pairs[(x >> 10) & 1023]! + pairs[x & 1023]!
  let counter = 0
  return (timeMs: number): string => base32x10(Math.max(0, Math.floor(timeMs))) + tag + base32x10(++counter)
}

// -- Days: integers since 1970-01-01 ---------------------------------------------------------------

const FIRST = -80_000 // 1750
const texts: Array<string | undefined> = Array.from({ length: 200_000 }, () => undefined)

/** The `YYYY-MM-DD` of a day number (cached). */
export const dayText = (day: number): string => {
  const i = day - FIRST
  let t = texts[i]
  if (t === undefined) {
    t = Calendar.fromDayNumber(day)
    if (i >= 0 && i < 200_000) texts[i] = t
  }
  return t
}

/** The day number of a date. */
export const dayOf = (date: string): number => Calendar.toDayNumber(date)

/** The day number of `year-month-day` (proleptic Gregorian, by arithmetic). */
export const ymd = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468
}

/** The year, month and day of a day number. */
export const civil = (day: number): readonly [year: number, month: number, day: number] => {
  const z = day + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const month = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - Math.floor((153 * mp + 2) / 5) + 1]
}

/** The year of a day number. */
export const yearOf = (day: number): number => civil(day)[0]

/** `n` months after a day (month-end clamped, CAL-02): by arithmetic up to the 28th, else by `Calendar`. */
export const addMonths = (day: number, n: number): number => {
  const [y, m, d] = civil(day)
  if (d > 28) return dayOf(Calendar.addMonths(dayText(day), n))
  const months = y * 12 + (m - 1) + n
  const year = Math.floor(months / 12)
  return ymd(year, months - year * 12 + 1, d)
}

/** Whole calendar months from `a` to `b` (CAL-02). */
export const monthsBetween = (a: number, b: number): number => Calendar.monthsBetween(dayText(a), dayText(b))

const DAY_MS = 86_400_000
const clock: ReadonlyArray<string> = Array.from(
  { length: 1440 },
  (_, m) => `T${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00.000Z`
)

/**
 * An instant during office hours in Vietnam (08:00–17:00, UTC+7: 01:00–10:00 UTC) on a day, as
 * milliseconds (whole minutes).
 */
export const officeMs = (rng: Rng, day: number): number => day * DAY_MS + rng.int(60, 599) * 60_000

/** The ISO form of an instant in whole minutes: `2021-03-16T08:00:00.000Z`. */
export const isoMinutes = (ms: number): string => {
  const day = Math.floor(ms / DAY_MS)
  return dayText(day) + clock[Math.floor((ms - day * DAY_MS) / 60_000)]!
}
