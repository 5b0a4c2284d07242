import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import { instantMillis, instantMs, instantPattern } from "../src/internal/instant.ts"

const digits = (n: number, max = 9) => fc.array(fc.integer({ min: 0, max }), { minLength: n, maxLength: n })
const text = (ds: ReadonlyArray<number>) => ds.join("")

/** Strings of the instant pattern, with every field free to be out of range. */
const instant = fc
  .record({
    date: fc.tuple(digits(4), digits(2, 3), digits(2, 3)),
    time: fc.tuple(digits(2, 2), digits(2, 6)),
    second: fc.option(fc.tuple(digits(2, 6), fc.option(fc.integer({ min: 1, max: 9 }).chain((n) => digits(n))))),
    offset: fc.option(fc.tuple(fc.constantFrom("+", "-"), digits(2, 2), digits(2, 6)))
  })
  .map(({ date, offset, second, time }) =>
    `${text(date[0])}-${text(date[1])}-${text(date[2])}T${text(time[0])}:${text(time[1])}` +
    (second === null ? "" : `:${text(second[0])}${second[1] === null ? "" : `.${text(second[1])}`}`) +
    (offset === null ? "Z" : `${offset[0]}${text(offset[1])}:${text(offset[2])}`)
  )

describe("instantMillis", () => {
  it("is Date.parse for every string of the pattern whose fields are in range, NaN otherwise", () => {
    fc.assert(
      fc.property(instant, (s) => {
        expect(instantPattern.test(s)).toBe(true)
        // The date must exist (Date.parse rolls 30 February over to March) and the hour be below
        // 24 (Date.parse reads 24:00 as the next midnight); everything else is Date.parse's.
        const expected = Calendar.isValid(s.slice(0, 10)) && Number(s.slice(11, 13)) < 24 ? Date.parse(s) : NaN
        expect(instantMillis(s)).toBe(expected)
      }),
      { seed: Number(process.env["FC_SEED"] ?? 20261122), numRuns: 5_000 }
    )
  })

  it("examples", () => {
    expect(instantMillis("2021-03-16T08:00:00.000Z")).toBe(Date.UTC(2021, 2, 16, 8))
    expect(instantMillis("2021-03-16T08:00+07:00")).toBe(Date.UTC(2021, 2, 16, 1))
    expect(instantMillis("2021-03-16T08:00:00.1239Z")).toBe(Date.UTC(2021, 2, 16, 8, 0, 0, 123))
    expect(instantMillis("2021-02-29T08:00:00Z")).toBeNaN()
    expect(instantMillis("2021-03-16T24:00:00Z")).toBeNaN()
    expect(instantMillis("2021-03-16T08:00:00+24:00")).toBeNaN()
  })
})

/** `instantMs` gives what `Date.parse` gives (NaN included). */
const same = (s: string): void => {
  expect(Object.is(instantMs(s), Date.parse(s)), s).toBe(true)
}

describe("instantMs", () => {
  it("is Date.parse for every instant toISOString writes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(0, 0, 1) - 62_167_219_200_000, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
        (ms) => {
          const s = new Date(ms).toISOString()
          expect(instantMs(s)).toBe(ms)
          same(s)
        }
      ),
      { seed: 20261206, numRuns: 5_000 }
    )
  })

  it("is Date.parse for strings of the instant pattern, in range or not, and for one character changed", () => {
    const changed = fc.tuple(instant, fc.nat(), fc.integer({ min: 32, max: 126 })).map(([s, i, c]) => {
      const at = i % s.length
      return s.slice(0, at) + String.fromCharCode(c) + s.slice(at + 1)
    })
    fc.assert(fc.property(fc.oneof(instant, changed), same), { seed: 20261206, numRuns: 10_000 })
  })

  it("examples", () => {
    same("2021-02-29T08:00:00.000Z")
    same("2024-02-29T23:59:59.999Z")
    same("2021-03-16T24:00:00.000Z")
    same("2021-13-16T08:00:00.000Z")
    same("2021-03-16T08:00:00.00aZ")
    same("+020210-03-16T08:00:00.000Z")
    expect(instantMs("1969-12-31T23:59:59.999Z")).toBe(-1)
  })
})
