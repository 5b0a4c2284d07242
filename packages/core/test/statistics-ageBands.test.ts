/**
 * Age bands of the stocks (statistics.md, "Stocks"): a member's band on the report date, from the
 * full years between birth and that date (CAL-02), found by comparing the birth date with the last
 * birth date of each band — the same band as counting the full years, on any dates, leap days
 * included.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import { ageBand, ageBandOn } from "../src/internal/statisticsFigures.ts"

const aDay = (from: string, to: string) =>
  fc.integer({ min: Calendar.toDayNumber(from), max: Calendar.toDayNumber(to) }).map(Calendar.fromDayNumber)
/** Leap days and the days around them, where full years are easiest to get wrong. */
const nearLeapDay = fc.tuple(
  fc.integer({ min: 1920, max: 2060 }).map((y) => 4 * Math.floor(y / 4)),
  fc.integer({ min: -2, max: 2 })
)
  .map(([y, n]) => Calendar.addDays(`${y}-02-29`, n))

describe("age bands on a date", () => {
  it("give the band of the full years between birth and the date", () => {
    const date = fc.oneof(aDay("1950-01-01", "2060-12-31"), nearLeapDay)
    fc.assert(
      fc.property(
        date,
        fc.array(fc.oneof(aDay("1880-01-01", "2060-12-31"), nearLeapDay), { maxLength: 20 }),
        (d, births) => {
          const bandOf = ageBandOn(d)
          for (const birth of births) expect(bandOf(birth)).toBe(ageBand(Calendar.fullYearsBetween(birth, d)))
        }
      ),
      { seed: 20261206, numRuns: 2_000 }
    )
  })

  it("place the birthdays of a band's boundary on each side", () => {
    const bandOf = ageBandOn("2024-02-29")
    expect(bandOf("1993-02-28")).toBe("31-40") // 31 full years on 29 February 2024
    expect(bandOf("1993-03-01")).toBe("≤30")
    expect(bandOf("1963-02-28")).toBe("≥61")
    expect(bandOf("1963-03-01")).toBe("51-60")
  })
})
