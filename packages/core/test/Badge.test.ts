/**
 * Party badges (BDG-01…05): occasions, early windows, discipline delays by regime, the 45-year badge.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Badge from "../src/Badge.ts"
import * as Calendar from "../src/Calendar.ts"
import * as RuleSet from "../src/RuleSet.ts"

describe("BDG-01 milestones", () => {
  it("BDG-01 lists the twelve milestones", () => {
    expect(Badge.milestones).toEqual([30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90])
    expect(Badge.labelVi(30)).toBe("Huy hiệu 30 năm tuổi Đảng")
  })

  it("BDG-01 milestoneAvailable: the 45-year badge exists from 2016-07-25", () => {
    expect(Badge.milestoneAvailable(45, "2016-07-24", [], RuleSet.qd29)).toBe(false)
    expect(Badge.milestoneAvailable(45, "2016-07-25", [], RuleSet.qd29)).toBe(true)
  })

  it("BDG-01 milestoneAvailable: not for a holder of the 50-year badge from before 2016-07-25", () => {
    expect(Badge.milestoneAvailable(45, "2017-02-03", [{ milestone: 50, on: "2016-07-24" }], RuleSet.qd29)).toBe(false)
    expect(Badge.milestoneAvailable(45, "2017-02-03", [{ milestone: 50, on: "2016-07-25" }], RuleSet.qd29)).toBe(true)
    expect(Badge.milestoneAvailable(45, "2017-02-03", [{ milestone: 40, on: "2000-02-03" }], RuleSet.qd29)).toBe(true)
  })

  it("BDG-01 milestoneAvailable: every other milestone at any date", () => {
    for (const m of Badge.milestones.filter((x) => x !== 45)) {
      expect(Badge.milestoneAvailable(m, "1990-01-01", [{ milestone: 50, on: "1980-01-01" }], RuleSet.qd29)).toBe(true)
    }
  })
})

describe("BDG-02 occasions", () => {
  it("BDG-02 nextOccasion: the first occasion on or after a date", () => {
    expect(Badge.nextOccasion("2015-01-10")).toEqual({ occasion: "02-03", on: "2015-02-03" })
    expect(Badge.nextOccasion("2015-02-03")).toEqual({ occasion: "02-03", on: "2015-02-03" })
    expect(Badge.nextOccasion("2015-02-04")).toEqual({ occasion: "05-19", on: "2015-05-19" })
    expect(Badge.nextOccasion("2015-05-20")).toEqual({ occasion: "09-02", on: "2015-09-02" })
    expect(Badge.nextOccasion("2015-09-03")).toEqual({ occasion: "11-07", on: "2015-11-07" })
    expect(Badge.nextOccasion("2015-11-08")).toEqual({ occasion: "02-03", on: "2016-02-03" })
    expect(Badge.nextOccasion("2015-12-31")).toEqual({ occasion: "02-03", on: "2016-02-03" })
  })

  it("BDG-02 nextOccasion is on or after the date, and no occasion lies between", () => {
    const date = fc.integer({ min: Calendar.toDayNumber("1950-01-01"), max: Calendar.toDayNumber("2100-12-31") }).map(
      Calendar.fromDayNumber
    )
    fc.assert(
      fc.property(date, (d) => {
        const next = Badge.nextOccasion(d)
        if (next.on < d || next.on.slice(5) !== next.occasion) return false
        for (let x = d; x < next.on; x = Calendar.addDays(x, 1)) {
          if ((Badge.occasions as ReadonlyArray<string>).includes(x.slice(5))) return false
        }
        return true
      }),
      { seed: 42, numRuns: 200 }
    )
  })

  it("BDG-02 occasionDateNear: the occasion's date a month ahead at most, else the latest before the award", () => {
    expect(Badge.occasionDateNear("02-03", "2015-02-05")).toBe("2015-02-03")
    expect(Badge.occasionDateNear("02-03", "2015-01-28")).toBe("2015-02-03")
    expect(Badge.occasionDateNear("11-07", "2015-11-06")).toBe("2015-11-07")
    expect(Badge.occasionDateNear("11-07", "2016-01-10")).toBe("2015-11-07")
    expect(Badge.occasionDateNear("09-02", "2015-09-02")).toBe("2015-09-02")
    // 35 days ahead of 3/2/2016: judged on 3/2/2015.
    expect(Badge.occasionDateNear("02-03", "2015-12-30")).toBe("2015-02-03")
  })

  it("BDG-02 occasionDateNear: never an occasion more than a month after the award date", () => {
    // An award of 20/8 tagged 3/2 is judged on the 3/2 before it, not the one 5.5 months later.
    expect(Badge.occasionDateNear("02-03", "2015-08-20")).toBe("2015-02-03")
    expect(Badge.occasionDateNear("02-03", "2015-01-03")).toBe("2014-02-03")
    const date = fc.integer({ min: Calendar.toDayNumber("1950-01-01"), max: Calendar.toDayNumber("2100-12-31") }).map(
      Calendar.fromDayNumber
    )
    fc.assert(
      fc.property(date, fc.constantFrom(...Badge.occasions), (d, o) => {
        const on = Badge.occasionDateNear(o, d)
        // On the occasion's day, at most a month after the award date and less than a year before it.
        return on.slice(5) === o && Calendar.daysBetween(d, on) <= Badge.occasionAheadDays &&
          Calendar.addYears(on, 1) > d
      }),
      { seed: 42, numRuns: 200 }
    )
  })

  it("BDG-02 occasionDateNear: `other` is judged on the award date itself", () => {
    expect(Badge.occasionDateNear("other", "2015-03-20")).toBe("2015-03-20")
  })
})

describe("BDG-03 early windows", () => {
  it("BDG-03 earlyWindowMonths: 12 for 30–65 years, 24 for 70–90 years, in every regime", () => {
    for (const rules of RuleSet.defaultBook.sets) {
      for (const m of Badge.milestones) {
        expect(Badge.earlyWindowMonths(m, rules)).toBe(m >= 70 ? 24 : 12)
      }
    }
  })

  it("BDG-03 earlyWindowMonths follows an overridden rule set", () => {
    const local = RuleSet.override(RuleSet.qd24, { badge: { earlyMonthsUpTo65: 6 } })
    expect(Badge.earlyWindowMonths(30, local)).toBe(6)
    expect(Badge.earlyWindowMonths(70, local)).toBe(24)
  })

  it("BDG-03 reach: reached, or how many months short", () => {
    const m = { firstAdmissionOn: "1985-03-11", gaps: [] }
    expect(Badge.reach(m, 30, "2015-03-11")).toEqual({ _tag: "Reached", on: "2015-03-11" })
    expect(Badge.reach(m, 30, "2014-05-19")).toEqual({ _tag: "Early", monthsShort: 10, reachedOn: "2015-03-11" })
    expect(Badge.reach(m, 30, "2015-03-10")).toEqual({ _tag: "Early", monthsShort: 1, reachedOn: "2015-03-11" })
  })

  it("BDG-04 reach: a membership ended before the milestone never reaches it", () => {
    const m = { firstAdmissionOn: "1985-03-11", gaps: [], endedOn: "2014-05-19" }
    expect(Badge.reach(m, 30, "2016-01-01")).toEqual({ _tag: "Early", monthsShort: 10, reachedOn: undefined })
  })
})

describe("BDG-05 discipline delays by regime", () => {
  const on = "2022-01-15"

  it("BDG-05 QĐ29: a reprimand does not delay; a warning 6 months; removal from post 12", () => {
    expect(Badge.delayedUntil({ form: "reprimand", on }, RuleSet.qd29)).toBeUndefined()
    expect(Badge.delayedUntil({ form: "warning", on }, RuleSet.qd29)).toBe("2022-07-15")
    expect(Badge.delayedUntil({ form: "removalFromPost", on }, RuleSet.qd29)).toBe("2023-01-15")
  })

  it("BDG-05 QĐ24, QĐ232, QĐ294: reprimand 6 months, warning 9, removal from post 12", () => {
    for (const rules of [RuleSet.qd24, RuleSet.qd232, RuleSet.qd294]) {
      expect(Badge.delayedUntil({ form: "reprimand", on }, rules)).toBe("2022-07-15")
      expect(Badge.delayedUntil({ form: "warning", on }, rules)).toBe("2022-10-15")
      expect(Badge.delayedUntil({ form: "removalFromPost", on }, rules)).toBe("2023-01-15")
    }
  })

  it("BDG-05 expulsion is an exit, not a delay", () => {
    expect(Badge.delayedUntil({ form: "expulsion", on }, RuleSet.qd24)).toBeUndefined()
  })

  it("BDG-05 delays clamp to the month end", () => {
    expect(Badge.delayedUntil({ form: "warning", on: "2021-08-31" }, RuleSet.qd24)).toBe("2022-05-31")
    expect(Badge.delayedUntil({ form: "reprimand", on: "2021-08-31" }, RuleSet.qd24)).toBe("2022-02-28")
  })

  it("BDG-05 delayingDiscipline: the discipline in force whose delay runs on the date, with its end", () => {
    const warning = { form: "warning", on: "2022-01-15" } as const
    const later = { form: "reprimand", on: "2022-06-01" } as const
    expect(Badge.delayingDiscipline([warning, later], "2022-01-14", RuleSet.qd24)).toBeUndefined()
    expect(Badge.delayingDiscipline([warning, later], "2022-01-15", RuleSet.qd24)).toEqual({
      discipline: warning,
      until: "2022-10-15"
    })
    // The warning's delay ends on 2022-10-15 (exclusive); the reprimand's runs to 2022-12-01.
    expect(Badge.delayingDiscipline([warning, later], "2022-10-15", RuleSet.qd24)?.discipline).toBe(later)
    expect(Badge.delayingDiscipline([warning, later], "2022-12-01", RuleSet.qd24)).toBeUndefined()
    expect(Badge.delayingDiscipline([later], "2022-07-01", RuleSet.qd29)).toBeUndefined()
  })

  it("BDG-05 the regime is chosen by the date: QĐ24 from 2021-07-30", () => {
    expect(RuleSet.forDate("2021-07-29").name).toBe("QĐ29")
    expect(RuleSet.forDate("2021-07-30").name).toBe("QĐ24")
    expect(Badge.delayedUntil({ form: "reprimand", on: "2021-05-03" }, RuleSet.forDate("2021-07-29"))).toBeUndefined()
    expect(Badge.delayedUntil({ form: "reprimand", on: "2021-05-03" }, RuleSet.forDate("2021-09-02"))).toBe(
      "2021-11-03"
    )
  })
})
