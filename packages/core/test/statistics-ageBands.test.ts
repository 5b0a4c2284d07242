/**
 * Age bands and party-age bands of the stocks (statistics.md, "Stocks"): a member's band on the
 * report date, from the full years between birth (or the first admission) and that date (CAL-02),
 * found by comparing the start date with the last start date of each band — the same band as
 * counting the full years (or the party age, AGE-01…05), on any dates, leap days included.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import type { DayMembership } from "../src/internal/memberLife.ts"
import { ageBand, ageBandOn, partyAgeBand, partyAgeBandOn } from "../src/internal/statisticsFigures.ts"
import * as PartyAge from "../src/PartyAge.ts"

/** A membership with its dates as day numbers, as a life carries it. */
const days = (m: PartyAge.Membership): DayMembership => ({
  firstAdmission: Calendar.toDayNumber(m.firstAdmissionOn),
  gaps: m.gaps.flatMap((g) => [Calendar.toDayNumber(g.from), Calendar.toDayNumber(g.to)]),
  ended: m.endedOn === undefined ? undefined : Calendar.toDayNumber(m.endedOn)
})

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
          for (const birth of births) {
            expect(bandOf(Calendar.toDayNumber(birth))).toBe(ageBand(Calendar.fullYearsBetween(birth, d)))
          }
        }
      ),
      { seed: 20261206, numRuns: 2_000 }
    )
  })

  it("place the birthdays of a band's boundary on each side", () => {
    const on = ageBandOn("2024-02-29")
    const bandOf = (birth: string) => on(Calendar.toDayNumber(birth))
    expect(bandOf("1993-02-28")).toBe("31-40") // 31 full years on 29 February 2024
    expect(bandOf("1993-03-01")).toBe("≤30")
    expect(bandOf("1963-02-28")).toBe("≥61")
    expect(bandOf("1963-03-01")).toBe("51-60")
  })
})

describe("party-age bands on a date", () => {
  const day = fc.oneof(aDay("1930-01-01", "2060-12-31"), nearLeapDay)
  const membership: fc.Arbitrary<PartyAge.Membership> = fc.record({
    firstAdmissionOn: day,
    gaps: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: fc.array(fc.tuple(day, day).map(([a, b]) => ({ from: a < b ? a : b, to: a < b ? b : a })), {
          maxLength: 3
        })
      }
    ),
    endedOn: fc.option(day, { nil: undefined })
  })

  it("give the band of the party age (AGE-01…05), gaps and an end of membership included", () => {
    fc.assert(
      fc.property(day, fc.array(membership, { maxLength: 20 }), (d, memberships) => {
        const bandOf = partyAgeBandOn(d)
        for (const m of memberships) expect(bandOf(days(m))).toBe(partyAgeBand(PartyAge.years(m, d)))
      }),
      { seed: 20261206, numRuns: 2_000 }
    )
  })

  it("place the anniversaries of a band's boundary on each side", () => {
    const on = partyAgeBandOn("2024-02-29")
    const bandOf = (m: PartyAge.Membership) => on(days(m))
    expect(bandOf({ firstAdmissionOn: "2014-02-28", gaps: [] })).toBe("10-29") // 10 full years on 29 February 2024
    expect(bandOf({ firstAdmissionOn: "2014-03-01", gaps: [] })).toBe("<10")
    // A month outside the Party moves the tenth anniversary a month later.
    expect(bandOf({ firstAdmissionOn: "2014-02-15", gaps: [] })).toBe("10-29")
    expect(bandOf({ firstAdmissionOn: "2014-02-15", gaps: [{ from: "2016-01-01", to: "2016-02-01" }] })).toBe("<10")
    // Membership ended before the date: party age stopped growing then.
    expect(bandOf({ firstAdmissionOn: "1990-01-01", gaps: [], endedOn: "2019-12-31" })).toBe("10-29")
  })
})
