import { describe, expect, it } from "vitest"
import * as RuleSet from "../src/RuleSet.ts"

describe("RuleSet (§0: rules are versioned by effective date)", () => {
  it("ships the four regimes in date order", () => {
    expect(RuleSet.defaultBook.sets.map((s) => [s.name, s.effectiveFrom])).toEqual([
      ["QĐ29", "2016-07-25"],
      ["QĐ24", "2021-07-30"],
      ["QĐ232", "2025-01-20"],
      ["QĐ294", "2025-07-01"]
    ])
  })

  it("chooses the set by the effective date of the fact, at the day boundaries", () => {
    expect(RuleSet.forDate("2019-05-19").name).toBe("QĐ29")
    expect(RuleSet.forDate("2021-07-29").name).toBe("QĐ29")
    expect(RuleSet.forDate("2021-07-30").name).toBe("QĐ24")
    expect(RuleSet.forDate("2025-01-19").name).toBe("QĐ24")
    expect(RuleSet.forDate("2025-01-20").name).toBe("QĐ232")
    expect(RuleSet.forDate("2025-06-30").name).toBe("QĐ232")
    expect(RuleSet.forDate("2025-07-01").name).toBe("QĐ294")
    expect(RuleSet.forDate("2030-01-01").name).toBe("QĐ294")
  })

  it("the earliest set also governs facts before it", () => {
    expect(RuleSet.forDate("1975-03-26").name).toBe("QĐ29")
  })

  it("BDG-05: the discipline delays differ between QĐ29 and QĐ24", () => {
    expect(RuleSet.qd29.badge.disciplineDelayMonths).toEqual({ reprimand: 0, warning: 6, removalFromPost: 12 })
    expect(RuleSet.qd24.badge.disciplineDelayMonths).toEqual({ reprimand: 6, warning: 9, removalFromPost: 12 })
    expect(RuleSet.qd294.badge.disciplineDelayMonths).toEqual(RuleSet.qd24.badge.disciplineDelayMonths)
  })

  it("ORG-01: the upper level is the district before 01/07/2025 and the commune after", () => {
    expect(RuleSet.forDate("2025-06-30").organization.upperLevel).toBe("district")
    expect(RuleSet.forDate("2025-07-01").organization.upperLevel).toBe("commune")
  })

  it("users override parameters of one set without touching the others", () => {
    const local = RuleSet.override(RuleSet.qd24, { admission: { branchVoteQuorum: { numerator: 3, denominator: 4 } } })
    expect(local.admission.branchVoteQuorum).toEqual({ numerator: 3, denominator: 4 })
    expect(local.admission.minAgeYears).toBe(18)
    expect(RuleSet.qd24.admission.branchVoteQuorum).toEqual({ numerator: 2, denominator: 3 })
  })

  it("users override a whole book, keeping each set's name and date", () => {
    const book = RuleSet.overrideBook(RuleSet.defaultBook, { probation: { recognitionWithinWorkingDays: 20 } })
    expect(book.sets.map((s) => s.name)).toEqual(["QĐ29", "QĐ24", "QĐ232", "QĐ294"])
    expect(book.sets.every((s) => s.probation.recognitionWithinWorkingDays === 20)).toBe(true)
    expect(RuleSet.forDate("2022-01-01", book).badge.disciplineDelayMonths.reprimand).toBe(6)
  })

  it("users supply a book of their own, in any order", () => {
    const early = RuleSet.override(RuleSet.qd29, { name: "local-2010", effectiveFrom: "2010-01-01" })
    const book = RuleSet.makeBook([RuleSet.qd24, early])
    expect(RuleSet.forDate("2012-01-01", book).name).toBe("local-2010")
    expect(RuleSet.forDate("2022-01-01", book).name).toBe("QĐ24")
  })
})
