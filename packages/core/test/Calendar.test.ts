import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"

const seed = { seed: 42 }

/** Dates 1900-01-01 … 2199-12-31 as day numbers. */
const dayNumber = fc.integer({ min: Calendar.toDayNumber("1900-01-01"), max: Calendar.toDayNumber("2199-12-31") })
const date = dayNumber.map(Calendar.fromDayNumber)

/** Every date of [from, to], inclusive. */
const datesFrom = (from: string, to: string): Array<string> => {
  const out: Array<string> = []
  for (let d = from; d <= to; d = Calendar.addDays(d, 1)) out.push(d)
  return out
}

describe("CalendarDate validation", () => {
  it("isValid accepts real dates only", () => {
    expect(Calendar.isValid("2024-02-29")).toBe(true)
    expect(Calendar.isValid("2021-02-30")).toBe(false)
    expect(Calendar.isValid("2023-02-29")).toBe(false)
    expect(Calendar.isValid("2021-13-01")).toBe(false)
    expect(Calendar.isValid("2021-00-10")).toBe(false)
    expect(Calendar.isValid("2021-04-31")).toBe(false)
    expect(Calendar.isValid("2021-1-1")).toBe(false)
    expect(Calendar.isValid("0000-01-01")).toBe(false)
    expect(Calendar.isValid("2000-02-29")).toBe(true)
    expect(Calendar.isValid("1900-02-29")).toBe(false)
    expect(Calendar.isValid(" 2021-01-01")).toBe(false)
  })

  it("parse returns InvalidDate with the input", () => {
    expect(Calendar.parse("2024-02-29")).toEqual(Result.succeed("2024-02-29"))
    const bad = Calendar.parse("2021-02-30")
    expect(Result.isFailure(bad)).toBe(true)
    if (Result.isFailure(bad)) {
      expect(bad.failure._tag).toBe("InvalidDate")
      expect(bad.failure.input).toBe("2021-02-30")
      expect(bad.failure.message).toContain("2021-02-30")
    }
    expect(Result.isFailure(Calendar.parse("2021-1-1"))).toBe(true)
  })

  it("the CalendarDate schema rejects impossible dates with a message naming them", () => {
    const decode = Schema.decodeUnknownResult(Calendar.CalendarDate)
    expect(decode("2024-02-29")).toEqual(Result.succeed("2024-02-29"))
    const bad = decode("2021-02-30")
    expect(Result.isFailure(bad)).toBe(true)
    if (Result.isFailure(bad)) expect(bad.failure.message).toContain("2021-02-30 is not a calendar date")
    expect(Result.isFailure(decode("2021-1-1"))).toBe(true)
    expect(Result.isFailure(decode(20210101))).toBe(true)
  })

  it("the JSON Schema export keeps the pattern and the title", () => {
    const doc = Schema.toJsonSchemaDocument(Calendar.CalendarDate)
    expect(doc.schema).toMatchObject({ type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", title: "CalendarDate" })
  })
})

describe("day numbers, ordering, weekdays", () => {
  it("converts to and from day numbers", () => {
    expect(Calendar.toDayNumber("1970-01-01")).toBe(0)
    expect(Calendar.toDayNumber("1969-12-31")).toBe(-1)
    expect(Calendar.toDayNumber("2000-03-01")).toBe(11017)
    expect(Calendar.fromDayNumber(19782)).toBe("2024-02-29")
    expect(Calendar.make(987, 3, 4)).toBe("0987-03-04")
    expect(Calendar.toParts("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 })
  })

  it("round-trips day numbers and agrees with string order (property)", () => {
    fc.assert(
      fc.property(dayNumber, dayNumber, (a, b) => {
        const da = Calendar.fromDayNumber(a)
        expect(Calendar.isValid(da)).toBe(true)
        expect(Calendar.toDayNumber(da)).toBe(a)
        expect(Calendar.compare(da, Calendar.fromDayNumber(b))).toBe(Math.sign(a - b))
        expect(Calendar.daysBetween(da, Calendar.fromDayNumber(b))).toBe(b - a)
      }),
      seed
    )
  })

  it("computes weekdays, month and year ends, min/max", () => {
    expect(Calendar.dayOfWeek("1970-01-01")).toBe(4)
    expect(Calendar.dayOfWeek("2024-02-10")).toBe(6)
    expect(Calendar.dayOfWeek("2024-02-11")).toBe(0)
    expect(Calendar.dayOfWeek("1930-01-30")).toBe(4)
    expect(Calendar.isWeekend("2024-02-10")).toBe(true)
    expect(Calendar.endOfMonth("2024-02-10")).toBe("2024-02-29")
    expect(Calendar.endOfMonth("2100-02-01")).toBe("2100-02-28")
    expect(Calendar.startOfYear(2024)).toBe("2024-01-01")
    expect(Calendar.endOfYear(2024)).toBe("2024-12-31")
    expect(Calendar.min("2024-01-02", "2023-12-31")).toBe("2023-12-31")
    expect(Calendar.max("2024-01-02", "2023-12-31")).toBe("2024-01-02")
    expect(Calendar.addDays("2024-02-28", 2)).toBe("2024-03-01")
    expect(Calendar.addDays("2024-03-01", -1)).toBe("2024-02-29")
  })
})

describe("CAL-02 month arithmetic", () => {
  it("CAL-02 addMonths clamps to the month end", () => {
    expect(Calendar.addMonths("2021-01-31", 1)).toBe("2021-02-28")
    expect(Calendar.addMonths("2024-01-31", 1)).toBe("2024-02-29")
    expect(Calendar.addMonths("2024-03-31", -1)).toBe("2024-02-29")
    expect(Calendar.addMonths("2024-05-31", 1)).toBe("2024-06-30")
    expect(Calendar.addMonths("2024-11-15", 2)).toBe("2025-01-15")
    expect(Calendar.addMonths("2024-01-15", -13)).toBe("2022-12-15")
    expect(Calendar.addYears("2024-02-29", 1)).toBe("2025-02-28")
    expect(Calendar.addYears("2024-02-29", 4)).toBe("2028-02-29")
  })

  it("CAL-02 monthsBetween counts whole calendar months", () => {
    expect(Calendar.monthsBetween("2000-01-31", "2000-02-29")).toBe(1)
    expect(Calendar.monthsBetween("2000-01-31", "2000-02-28")).toBe(0)
    expect(Calendar.monthsBetween("2003-02-15", "2021-02-14")).toBe(215)
    expect(Calendar.monthsBetween("2003-02-15", "2021-02-15")).toBe(216)
    expect(Calendar.monthsBetween("2021-02-15", "2003-02-15")).toBe(-216)
    expect(Calendar.monthsBetween("2024-05-10", "2024-05-10")).toBe(0)
  })

  it("CAL-02 full 18 years turns on the birthday, not the day before", () => {
    expect(Calendar.fullYearsBetween("2003-02-15", "2021-02-14")).toBe(17)
    expect(Calendar.fullYearsBetween("2003-02-15", "2021-02-15")).toBe(18)
    expect(Calendar.monthsBetween("2003-02-15", "2021-02-14") >= 12 * 18).toBe(false)
    expect(Calendar.monthsBetween("2003-02-15", "2021-02-15") >= 12 * 18).toBe(true)
    // Born on 29/02: full years on 28/02 of a common year (month-end clamping).
    expect(Calendar.fullYearsBetween("2004-02-29", "2022-02-28")).toBe(18)
  })

  it("CAL-02 addMonths(a, m) <= b < addMonths(a, m + 1) with m = monthsBetween(a, b) (property)", () => {
    fc.assert(
      fc.property(date, date, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x]
        const m = Calendar.monthsBetween(a, b)
        expect(m).toBeGreaterThanOrEqual(0)
        expect(Calendar.addMonths(a, m) <= b).toBe(true)
        expect(b < Calendar.addMonths(a, m + 1)).toBe(true)
        expect(Calendar.monthsBetween(b, a)).toBe(-m)
      }),
      seed
    )
  })

  it("CAL-02 monthsBetween is monotone in `to` (property)", () => {
    fc.assert(
      fc.property(date, date, fc.integer({ min: 0, max: 800 }), (a, b, k) => {
        expect(Calendar.monthsBetween(a, Calendar.addDays(b, k))).toBeGreaterThanOrEqual(Calendar.monthsBetween(a, b))
      }),
      seed
    )
  })
})

describe("lunar calendar (âm lịch, UTC+7)", () => {
  it("Tết Nguyên đán 2020–2030", () => {
    const tet: Record<number, string> = {
      2020: "2020-01-25",
      2021: "2021-02-12",
      2022: "2022-02-01",
      2023: "2023-01-22",
      2024: "2024-02-10",
      2025: "2025-01-29",
      2026: "2026-02-17",
      2027: "2027-02-06",
      2028: "2028-01-26",
      2029: "2029-02-13",
      // The new moon is at 2030-02-02 16:07 UTC = 23:07 in Hà Nội (UTC+7) but 00:07 on 3 Feb
      // in Beijing (UTC+8): Vietnam's Tết Canh Tuất is 2 Feb, China's Spring Festival 3 Feb.
      2030: "2030-02-02"
    }
    for (const [year, expected] of Object.entries(tet)) {
      expect(Calendar.lunarNewYear(Number(year)), `Tết ${year}`).toBe(expected)
      expect(Calendar.solarToLunar(expected)).toEqual({ year: Number(year), month: 1, day: 1, leap: false })
    }
  })

  it("Giỗ Tổ Hùng Vương 2020–2030", () => {
    const hung: Record<number, string> = {
      2020: "2020-04-02",
      2021: "2021-04-21",
      2022: "2022-04-10",
      2023: "2023-04-29",
      2024: "2024-04-18",
      2025: "2025-04-07",
      2026: "2026-04-26",
      2027: "2027-04-16",
      2028: "2028-04-04",
      2029: "2029-04-23",
      2030: "2030-04-12"
    }
    for (const [year, expected] of Object.entries(hung)) {
      expect(Calendar.hungKingsDay(Number(year)), `Giỗ Tổ ${year}`).toBe(expected)
    }
  })

  it("older years, including the years Vietnam (UTC+7) and China (UTC+8) differ", () => {
    expect(Calendar.lunarNewYear(1930)).toBe("1930-01-30")
    // North Vietnam moved to UTC+7 in 1968 and held Tết Mậu Thân on 29 Jan (the South on 30 Jan).
    expect(Calendar.lunarNewYear(1968)).toBe("1968-01-29")
    // Tết Ất Sửu: Vietnam 21 Jan 1985, China 20 Feb 1985 (month 11 began a day apart, shifting the leap month).
    expect(Calendar.lunarNewYear(1985)).toBe("1985-01-21")
    // Tết Đinh Hợi: Vietnam 17 Feb 2007, China 18 Feb 2007.
    expect(Calendar.lunarNewYear(2007)).toBe("2007-02-17")
  })

  it("handles leap months (tháng nhuận)", () => {
    // 2020 Canh Tý: leap 4th month from 23 May 2020; 2023 Quý Mão: leap 2nd month from 22 Mar 2023.
    expect(Calendar.lunarToSolar(2020, 4, 1, true)).toBe("2020-05-23")
    expect(Calendar.lunarToSolar(2020, 4, 1)).toBe("2020-04-23")
    expect(Calendar.lunarToSolar(2023, 2, 1, true)).toBe("2023-03-22")
    expect(Calendar.solarToLunar("2023-03-22")).toEqual({ year: 2023, month: 2, day: 1, leap: true })
    expect(Calendar.solarToLunar("2023-04-20")).toEqual({ year: 2023, month: 3, day: 1, leap: false })
    // A leap flag for a month that is not leap falls back to the regular month.
    expect(Calendar.lunarToSolar(2024, 2, 1, true)).toBe(Calendar.lunarToSolar(2024, 2, 1))
    // 30 tháng Chạp Quý Mão = 9 Feb 2024 (last day of the lunar year).
    expect(Calendar.solarToLunar("2024-02-09")).toEqual({ year: 2023, month: 12, day: 30, leap: false })
  })

  it("solarToLunar and lunarToSolar are inverse, 1930–2100 (property)", () => {
    const range = fc.integer({ min: Calendar.toDayNumber("1930-01-01"), max: Calendar.toDayNumber("2100-12-31") })
    fc.assert(
      fc.property(range, (n) => {
        const d = Calendar.fromDayNumber(n)
        const l = Calendar.solarToLunar(d)
        expect(l.day).toBeGreaterThanOrEqual(1)
        expect(l.day).toBeLessThanOrEqual(30)
        expect(Calendar.lunarToSolar(l.year, l.month, l.day, l.leap)).toBe(d)
      }),
      seed
    )
  })
})

describe("CAL-03 holidays", () => {
  const names = (year: number, name: string) =>
    Calendar.holidaysOf(year).filter((h) => h.name === name).map((h) => h.date)

  it("CAL-03 Tết is 5 days from 2013 (last day of the lunar year + mùng 1–4), 4 days before", () => {
    expect(names(2024, "Tết Nguyên đán")).toEqual([
      "2024-02-09",
      "2024-02-10",
      "2024-02-11",
      "2024-02-12",
      "2024-02-13"
    ])
    expect(names(2012, "Tết Nguyên đán")).toEqual(["2012-01-22", "2012-01-23", "2012-01-24", "2012-01-25"])
  })

  it("CAL-03 Giỗ Tổ Hùng Vương from 2007, Quốc khánh two days from 2021", () => {
    expect(names(2006, "Giỗ Tổ Hùng Vương")).toEqual([])
    expect(names(2007, "Giỗ Tổ Hùng Vương")).toEqual(["2007-04-26"])
    expect(names(2020, "Quốc khánh")).toEqual(["2020-09-02"])
    // Matches the announced years: 2021 Thu+Fri, 2022 Thu+Fri, 2023 Fri+Sat, 2024 Mon+Tue, 2025 Mon+Tue.
    expect(names(2021, "Quốc khánh")).toEqual(["2021-09-02", "2021-09-03"])
    expect(names(2022, "Quốc khánh")).toEqual(["2022-09-01", "2022-09-02"])
    expect(names(2023, "Quốc khánh")).toEqual(["2023-09-01", "2023-09-02"])
    expect(names(2024, "Quốc khánh")).toEqual(["2024-09-02", "2024-09-03"])
    expect(names(2025, "Quốc khánh")).toEqual(["2025-09-01", "2025-09-02"])
  })

  it("CAL-03 a holiday on a weekend is compensated on the next free weekday (nghỉ bù)", () => {
    // 2023: Giỗ Tổ Sat 29/4, 30/4 Sun, 1/5 Mon → off 29/4–3/5, as announced.
    const off2023 = datesFrom("2023-04-27", "2023-05-05").filter((d) => !Calendar.isWorkingDay(d))
    expect(off2023).toEqual(["2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03"])
    // 2022: 30/4 Sat, 1/5 Sun → Mon 2/5 and Tue 3/5.
    expect(names(2022, "Nghỉ bù Ngày Chiến thắng")).toEqual(["2022-05-02"])
    expect(names(2022, "Nghỉ bù Ngày Quốc tế Lao động")).toEqual(["2022-05-03"])
    // 2023: Quốc khánh Fri 1/9 + Sat 2/9 → Mon 4/9.
    expect(names(2023, "Nghỉ bù Quốc khánh")).toEqual(["2023-09-04"])
  })

  it("CAL-03 the built-in calendar is lazy per year but iterable in order", () => {
    expect(Calendar.vietnam.holidays.has("2024-02-10")).toBe(true)
    expect(Calendar.vietnam.holidays.has("2024-02-20")).toBe(false)
    expect(Calendar.vietnam.holidays.has("not a date")).toBe(false)
    expect(Calendar.holidaysOf(1800)).toEqual([])
    const all = [...Calendar.vietnam.holidays]
    expect(all).toEqual([...all].sort())
    expect(all).toContain("2100-09-02")
    expect(Calendar.vietnam.holidays.size).toBe(all.length)
  })
})

describe("CAL-03 working days", () => {
  it("CAL-03 the start day is not counted; n = 0 gives the start", () => {
    expect(Calendar.addWorkingDays("2024-03-04", 1)).toBe("2024-03-05") // Mon → Tue
    expect(Calendar.addWorkingDays("2024-03-08", 1)).toBe("2024-03-11") // Fri → Mon
    expect(Calendar.addWorkingDays("2024-03-04", 0)).toBe("2024-03-04")
    expect(Calendar.workingDaysBetween("2024-03-04", "2024-03-04")).toBe(0)
    expect(Calendar.workingDaysBetween("2024-03-08", "2024-03-04")).toBe(0)
    expect(Calendar.workingDaysBetween("2024-03-04", "2024-03-08")).toBe(4)
  })

  it("CAL-03 a weekend start counts from the next Monday", () => {
    expect(Calendar.addWorkingDays("2024-03-09", 1)).toBe("2024-03-11") // Sat → Mon
    expect(Calendar.addWorkingDays("2024-03-10", 5)).toBe("2024-03-15") // Sun → Fri
    expect(Calendar.isWorkingDay("2024-03-09")).toBe(false)
  })

  it("CAL-03 a 30-working-day deadline across Tết 2024 skips the Tết days", () => {
    // Start Fri 26/01/2024 (not counted). Default 2024 days off: Fri 9/2 (30 Tết), Sat 10/2–Tue 13/2
    // (mùng 1–4), then nghỉ bù Wed 14/2 and Thu 15/2 for Sat 10/2 and Sun 11/2.
    // Working days: 29/1–2/2 → 5; 5/2–8/2 → 9; 16/2 → 10; 19–23/2 → 15; 26/2–1/3 → 20;
    // 4–8/3 → 25; 11–15/3 → 30. Without Tết it would be Fri 8/3.
    expect(Calendar.addWorkingDays("2024-01-26", 30)).toBe("2024-03-15")
    expect(Calendar.addWorkingDays("2024-01-26", 30, Calendar.withOverrides(Calendar.vietnam, {}))).toBe("2024-03-15")
    expect(Calendar.workingDaysBetween("2024-01-26", "2024-03-15")).toBe(30)
    expect(Calendar.isWithinWorkingDays("2024-01-26", "2024-03-15", 30)).toBe(true)
    expect(Calendar.isWithinWorkingDays("2024-01-26", "2024-03-18", 30)).toBe(false)
    for (const d of ["2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15"]) {
      expect(Calendar.isWorkingDay(d), d).toBe(false)
    }
    expect(Calendar.isWorkingDay("2024-02-16")).toBe(true)
  })

  it("CAL-03 workingDaysBetween(s, addWorkingDays(s, n)) = n (property)", () => {
    const range = fc.integer({ min: Calendar.toDayNumber("1990-01-01"), max: Calendar.toDayNumber("2060-12-31") })
    fc.assert(
      fc.property(range, fc.integer({ min: 0, max: 120 }), (s, n) => {
        const start = Calendar.fromDayNumber(s)
        const end = Calendar.addWorkingDays(start, n)
        expect(Calendar.workingDaysBetween(start, end)).toBe(n)
        if (n > 0) expect(Calendar.isWorkingDay(end)).toBe(true)
        expect(Calendar.isWithinWorkingDays(start, end, n)).toBe(true)
        expect(Calendar.isWithinWorkingDays(start, Calendar.addDays(end, 1), n)).toBe(false)
      }),
      seed
    )
  })

  it("CAL-03 overrides add a holiday and a worked Saturday", () => {
    // A (hypothetical) swap: Fri 2026-01-02 off, worked on Sat 2026-01-10.
    const cal = Calendar.withOverrides(Calendar.vietnam, { holidays: ["2026-01-02"], workingDays: ["2026-01-10"] })
    expect(Calendar.isWorkingDay("2026-01-02", cal)).toBe(false)
    expect(Calendar.isWorkingDay("2026-01-10", cal)).toBe(true)
    expect(Calendar.isWorkingDay("2026-01-11", cal)).toBe(false)
    expect(cal.holidays.has("2026-01-01")).toBe(true) // the base stays
    expect([...cal.workingWeekendDays]).toEqual(["2026-01-10"])
    // Wed 31/12/2025 + 2 working days: default → Fri 2/1; with the swap → Mon 5/1 (Sat 10/1 comes later).
    expect(Calendar.addWorkingDays("2025-12-31", 2)).toBe("2026-01-05")
    expect(Calendar.addWorkingDays("2025-12-31", 1)).toBe("2026-01-02")
    expect(Calendar.addWorkingDays("2025-12-31", 1, cal)).toBe("2026-01-05")
    expect(Calendar.workingDaysBetween("2026-01-04", "2026-01-11", cal)).toBe(6)
    // A later override wins: the worked Saturday becomes a holiday again.
    const back = Calendar.withOverrides(cal, { holidays: ["2026-01-10"] })
    expect(Calendar.isWorkingDay("2026-01-10", back)).toBe(false)
  })

  it("CAL-03 the announced Tết 2024 (Thu 8/2 – Wed 14/2) is expressible exactly", () => {
    // Announced: off from 8/2 (28 tháng Chạp) to 14/2 (mùng 5). The default rule puts Tết on
    // 9/2–13/2 with nghỉ bù 14/2 and 15/2, so the override adds 8/2 and gives 15/2 back.
    const announced = datesFrom("2024-02-08", "2024-02-14")
    const tetDefault = Calendar.holidaysOf(2024).filter((h) => h.name === "Tết Nguyên đán").map((h) => h.date)
    expect(tetDefault.every((d) => announced.includes(d))).toBe(true)
    const cal2024 = Calendar.withOverrides(Calendar.vietnam, { holidays: announced, workingDays: ["2024-02-15"] })
    for (const d of datesFrom("2024-01-25", "2024-03-10")) {
      const off = Calendar.isWeekend(d) || announced.includes(d)
      expect(Calendar.isWorkingDay(d, cal2024), d).toBe(!off)
    }
    expect([...cal2024.holidays].filter((d) => d.startsWith("2024-02"))).toEqual(announced)
    // Five weekdays off either way, so the 30-working-day deadline is the same.
    expect(Calendar.addWorkingDays("2024-01-26", 30, cal2024)).toBe("2024-03-15")
  })
})
