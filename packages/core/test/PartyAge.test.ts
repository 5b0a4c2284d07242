/**
 * Party age (AGE-01…05): examples and properties.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import type { CalendarDate } from "../src/Calendar.ts"
import * as PartyAge from "../src/PartyAge.ts"

const member = (
  firstAdmissionOn: CalendarDate,
  gaps: ReadonlyArray<PartyAge.Gap> = [],
  endedOn?: CalendarDate
): PartyAge.Membership => endedOn === undefined ? { firstAdmissionOn, gaps } : { firstAdmissionOn, gaps, endedOn }

describe("AGE-01 counted from the first admission decision, in whole months", () => {
  const m = member("2000-03-15")

  it("AGE-01 is 0 before and on the admission date", () => {
    expect(PartyAge.months(m, "1999-01-01")).toBe(0)
    expect(PartyAge.months(m, "2000-03-15")).toBe(0)
  })

  it("AGE-01 counts whole calendar months", () => {
    expect(PartyAge.months(m, "2000-04-14")).toBe(0)
    expect(PartyAge.months(m, "2000-04-15")).toBe(1)
    expect(PartyAge.months(m, "2030-03-14")).toBe(359)
    expect(PartyAge.months(m, "2030-03-15")).toBe(360)
    expect(PartyAge.years(m, "2030-03-14")).toBe(29)
    expect(PartyAge.years(m, "2030-03-15")).toBe(30)
  })

  it("AGE-01 clamps to the month end (CAL-02): admitted 31/01, one month on 29/02", () => {
    const jan31 = member("2000-01-31")
    expect(PartyAge.months(jan31, "2000-02-28")).toBe(0)
    expect(PartyAge.months(jan31, "2000-02-29")).toBe(1)
    expect(PartyAge.reachedOn(jan31, 1)).toBe("2000-02-29")
  })

  it("AGE-01 reachedOn: the milestone date without gaps is first admission + N years", () => {
    expect(PartyAge.yearsReachedOn(m, 30)).toBe("2030-03-15")
    expect(PartyAge.reachedOn(m, 0)).toBe("2000-03-15")
  })
})

describe("AGE-02 intervals outside the Party are subtracted", () => {
  it("AGE-02 a gap of exactly 12 months subtracts exactly 12 months, even across 29/02", () => {
    const m = member("2010-01-11", [{ from: "2012-01-11", to: "2013-01-11" }])
    expect(PartyAge.months(m, "2020-01-11")).toBe(108)
    expect(PartyAge.months(m, "2020-01-10")).toBe(107)
    expect(PartyAge.yearsReachedOn(m, 9)).toBe("2020-01-11")
  })

  it("AGE-02 party age stands still inside a gap", () => {
    const m = member("2000-01-10", [{ from: "2005-06-20", to: "2008-02-01" }])
    const atStart = PartyAge.months(m, "2005-06-20")
    expect(atStart).toBe(65)
    expect(PartyAge.months(m, "2006-06-20")).toBe(atStart)
    expect(PartyAge.months(m, "2008-01-31")).toBe(atStart)
    expect(PartyAge.months(m, "2008-02-01")).toBe(atStart)
  })

  it("AGE-02 a gap of months and days subtracts them", () => {
    // Out 3 months 11 days: 10 years of calendar time minus that is 9 years 8 months 19 days.
    const m = member("2000-01-10", [{ from: "2003-05-20", to: "2003-08-31" }])
    expect(PartyAge.months(m, "2010-01-10")).toBe(12 * 10 - 4)
    expect(PartyAge.yearsReachedOn(m, 10)).toBe("2010-04-21")
  })

  it("AGE-02 party age stops at the end of membership", () => {
    const m = member("2000-01-10", [], "2010-06-01")
    expect(PartyAge.months(m, "2030-01-01")).toBe(PartyAge.months(m, "2010-06-01"))
    expect(PartyAge.yearsReachedOn(m, 10)).toBe("2010-01-10")
    expect(PartyAge.yearsReachedOn(m, 11)).toBeUndefined()
  })

  it("AGE-02 overlapping gaps are counted once", () => {
    const overlapping = member("2000-01-10", [
      { from: "2003-01-10", to: "2005-01-10" },
      { from: "2004-01-10", to: "2006-01-10" }
    ])
    const merged = member("2000-01-10", [{ from: "2003-01-10", to: "2006-01-10" }])
    for (const d of ["2004-06-01", "2005-06-01", "2006-01-10", "2012-02-29"]) {
      expect(PartyAge.months(overlapping, d)).toBe(PartyAge.months(merged, d))
      expect(PartyAge.daysInParty(overlapping, d)).toBe(PartyAge.daysInParty(merged, d))
    }
    expect(PartyAge.months(merged, "2012-02-29")).toBe(12 * 9 + 1)
  })

  it("AGE-02 a gap that starts before the first admission counts only from it", () => {
    const m = member("2000-01-10", [{ from: "1999-01-01", to: "2001-01-10" }])
    expect(PartyAge.months(m, "2011-01-10")).toBe(120)
  })

  it("AGE-02 daysInParty subtracts the days outside", () => {
    const m = member("2000-01-01", [{ from: "2000-02-01", to: "2000-03-01" }])
    expect(PartyAge.daysInParty(m, "2000-04-01")).toBe(91 - 29)
  })
})

describe("AGE-03 readmission: from the first admission minus the gap", () => {
  it("AGE-03 a member readmitted after 36 months out counts 36 months less", () => {
    const m = member("1990-04-20", [{ from: "2000-01-10", to: "2003-01-10" }])
    expect(PartyAge.months(m, "2020-04-20")).toBe(360 - 36)
    expect(PartyAge.yearsReachedOn(m, 30)).toBe("2023-04-20")
  })
})

describe("AGE-04 continuous party age without gaps", () => {
  it("AGE-04 with no gaps party age is the calendar months since the first admission", () => {
    const m = member("1985-01-10")
    expect(PartyAge.months(m, "2020-01-10")).toBe(Calendar.monthsBetween("1985-01-10", "2020-01-10"))
  })
})

// -------------------------------------------------------------------------------------------------
// AGE-05 properties
// -------------------------------------------------------------------------------------------------

const lo = Calendar.toDayNumber("1950-01-01")
const hi = Calendar.toDayNumber("2040-12-31")
const date = fc.integer({ min: lo, max: hi }).map(Calendar.fromDayNumber)

/** A first admission and 0–3 gaps after it (possibly overlapping), optionally an end. */
const membership = (withEnd: boolean) =>
  fc.record({
    first: fc.integer({ min: lo, max: Calendar.toDayNumber("2000-12-31") }),
    gaps: fc.array(
      fc.record({ start: fc.integer({ min: -400, max: 12_000 }), length: fc.integer({ min: 0, max: 4_000 }) }),
      {
        maxLength: 3
      }
    ),
    end: withEnd ? fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }) : fc.constant(undefined)
  }).map(({ end, first, gaps }) =>
    member(
      Calendar.fromDayNumber(first),
      gaps.map((g) => ({
        from: Calendar.fromDayNumber(first + g.start),
        to: Calendar.fromDayNumber(first + g.start + g.length)
      })),
      end === undefined ? undefined : Calendar.fromDayNumber(first + end)
    )
  )

const params = { seed: 42, numRuns: 300 }

describe("AGE-05 party age is monotone and bounded", () => {
  it("AGE-05 party age is monotone non-decreasing in the as-of date", () => {
    fc.assert(
      fc.property(membership(true), date, date, (m, a, b) => {
        const [x, y] = a <= b ? [a, b] : [b, a]
        return PartyAge.months(m, x) <= PartyAge.months(m, y)
      }),
      params
    )
  })

  it("AGE-05 party age is monotone day by day through gaps", () => {
    fc.assert(
      fc.property(membership(true), (m) => {
        let previous = 0
        const start = Calendar.toDayNumber(m.firstAdmissionOn)
        for (let dn = start; dn < start + 12_000; dn += 7) {
          const now = PartyAge.months(m, Calendar.fromDayNumber(dn))
          if (now < previous) return false
          previous = now
        }
        return true
      }),
      { seed: 42, numRuns: 60 }
    )
  })

  it("AGE-05 party age never exceeds the calendar months since the first admission", () => {
    fc.assert(
      fc.property(
        membership(true),
        date,
        (m, d) => PartyAge.months(m, d) <= Math.max(0, Calendar.monthsBetween(m.firstAdmissionOn, d))
      ),
      params
    )
  })

  it("AGE-05 without gaps party age equals the calendar months since the first admission", () => {
    fc.assert(
      fc.property(
        date,
        date,
        (first, d) => PartyAge.months(member(first), d) === Math.max(0, Calendar.monthsBetween(first, d))
      ),
      params
    )
  })

  it("AGE-05 a gap of whole months subtracts exactly those months (days ≤ 28, no clamping)", () => {
    const day28 = fc.record({
      year: fc.integer({ min: 1950, max: 1999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 })
    })
    fc.assert(
      fc.property(
        day28,
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 28 }),
        (f, offset, gapMonths, after, asOfDay) => {
          const first = Calendar.make(f.year, f.month, f.day)
          const from = Calendar.addMonths(first, offset)
          const to = Calendar.addMonths(from, gapMonths)
          const later = Calendar.addMonths(to, after)
          const asOf = Calendar.make(Calendar.toParts(later).year, Calendar.toParts(later).month, asOfDay)
          if (asOf < to) return true
          const m = member(first, [{ from, to }])
          return PartyAge.months(m, asOf) === Calendar.monthsBetween(first, asOf) - gapMonths
        }
      ),
      params
    )
  })

  it("AGE-05 reachedOn is the first date with that party age", () => {
    fc.assert(
      fc.property(membership(false), fc.integer({ min: 0, max: 12 * 90 }), (m, k) => {
        const r = PartyAge.reachedOn(m, k)
        if (r === undefined) return false
        if (PartyAge.months(m, r) < k) return false
        return r <= m.firstAdmissionOn || PartyAge.months(m, Calendar.addDays(r, -1)) < k
      }),
      params
    )
  })

  it("AGE-05 reachedOn is undefined exactly when membership ended before the target", () => {
    fc.assert(
      fc.property(membership(true), fc.integer({ min: 1, max: 12 * 60 }), (m, k) => {
        const r = PartyAge.reachedOn(m, k)
        if (m.endedOn === undefined) return r !== undefined
        if (r === undefined) return PartyAge.months(m, m.endedOn) < k
        return r <= m.endedOn && PartyAge.months(m, r) >= k &&
          (r <= m.firstAdmissionOn || PartyAge.months(m, Calendar.addDays(r, -1)) < k)
      }),
      params
    )
  })

  it("AGE-05 years is months / 12, rounded down", () => {
    fc.assert(
      fc.property(membership(true), date, (m, d) => PartyAge.years(m, d) === Math.floor(PartyAge.months(m, d) / 12)),
      params
    )
  })
})
