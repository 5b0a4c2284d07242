/**
 * The member decider, §5 party badges (BDG-01…07): milestones, occasions, early and posthumous
 * awards, discipline delays by regime, one award per milestone.
 */
import { describe, expect, it } from "vitest"
import type { Milestone, Occasion } from "../src/MemberEvent.ts"
import * as RuleSet from "../src/RuleSet.ts"
import { cmd, given, imported } from "./fixtures/member.ts"

const award = (
  on: string,
  milestone: Milestone,
  occasion: Occasion,
  flags: { readonly early?: boolean; readonly posthumous?: boolean } = {}
) => cmd("AwardBadge", on, { milestone, occasion, early: flags.early ?? false, posthumous: flags.posthumous ?? false })

/** Official member (opening roster 2010-01-04) admitted 1985-01-10: 30 years of party age on 2015-01-10. */
const thirty = imported("2010-01-04", "1985-01-10")

describe("BDG-01 milestones; the 45-year badge from 2016-07-25", () => {
  // Admitted 1970-01-12: 45 years on 2015-01-12.
  const fortyFive = imported("2010-01-04", "1970-01-12")

  it("BDG-01 refuses a 45-year badge before 2016-07-25", () => {
    given(fortyFive).when(award("2016-05-19", 45, "05-19")).thenRefused("BDG-01", "data.milestone")
  })

  it("BDG-01 accepts a 45-year badge from 2016-07-25", () => {
    given(fortyFive).when(award("2016-09-02", 45, "09-02")).thenAccepted()
  })

  it("BDG-01 refuses the 45-year badge to a holder of the 50-year badge awarded before 2016-07-25", () => {
    // Admitted 1960-01-11: 50 years on 2010-01-11, awarded on 3/2/2010.
    const h = imported("2009-06-01", "1960-01-11").badge("2010-02-03", 50, "02-03")
    given(h).when(award("2016-09-02", 45, "09-02")).thenRefused("BDG-01", "data.milestone")
  })

  it("BDG-01 refuses the 45-year badge to a member imported with the 50-year badge before 2016-07-25", () => {
    given(imported("2010-01-04", "1960-01-11", { badges: [50] })).when(award("2016-09-02", 45, "09-02"))
      .thenRefused("BDG-01", "data.milestone")
  })

  it("BDG-01 accepts the 45-year badge to a holder of a 50-year badge awarded after 2016-07-25", () => {
    const h = imported("2010-01-04", "1967-01-10").badge("2017-02-03", 50, "02-03")
    given(h).when(award("2017-05-19", 45, "05-19")).thenAccepted()
  })
})

describe("BDG-02 due at the first occasion on or after the milestone", () => {
  // Admitted 1985-03-11: 30 years on 2015-03-11.
  const march = imported("2010-01-04", "1985-03-11")

  it("BDG-02 refuses a badge on an occasion before the milestone", () => {
    given(march).when(award("2015-02-03", 30, "02-03")).thenRefused("BDG-02", "data.milestone")
  })

  it("BDG-02 accepts the badge on the first occasion after the milestone", () => {
    given(march).when(award("2015-05-19", 30, "05-19")).thenAccepted()
  })

  it("BDG-02 accepts the badge on the occasion that is the milestone's day", () => {
    given(imported("2010-01-04", "1985-05-19")).when(award("2015-05-19", 30, "05-19")).thenAccepted()
  })

  it("BDG-02 judges a late award on its occasion's date, not on the award date", () => {
    // Handed over on 2015-03-20 for the 3/2 occasion: judged on 2015-02-03, not reached then.
    given(march).when(award("2015-03-20", 30, "02-03")).thenRefused("BDG-02", "data.milestone")
  })

  it("BDG-02 never judges an award on an occasion after its date", () => {
    // Admitted 1986-01-15: 30 years on 2016-01-15. An award of 2015-08-20 tagged 3/2 is judged on
    // 2015-02-03 (the latest 3/2 on or before it), not on 2016-02-03: 12 months short.
    given(imported("2010-01-04", "1986-01-15")).when(award("2015-08-20", 30, "02-03"))
      .thenRefused("BDG-02", "data.milestone")
  })

  it("BDG-02 judges an `other` occasion on the award date", () => {
    given(march).when(award("2015-03-20", 30, "other")).thenAccepted()
    given(march).when(award("2015-03-10", 30, "other")).thenRefused("BDG-02", "data.milestone")
  })
})

describe("BDG-03 early award: 12 months for 30–65 years, 24 months for 70–90", () => {
  // Admitted 1985-03-11: 30 years on 2015-03-11.
  const march = imported("2010-01-04", "1985-03-11")
  // Admitted 1950-03-10: 65 years on 2015-03-10, 70 years on 2020-03-10.
  const veteran = imported("2010-01-04", "1950-03-10")

  it("BDG-03 accepts a 30-year badge 10 months early", () => {
    given(march).when(award("2014-05-19", 30, "05-19", { early: true })).thenAccepted()
  })

  it("BDG-03 accepts a 30-year badge exactly 12 months early", () => {
    given(march).when(award("2014-03-11", 30, "other", { early: true })).thenAccepted()
  })

  it("BDG-03 refuses a 30-year badge 13 months early", () => {
    given(march).when(award("2014-03-10", 30, "other", { early: true })).thenRefused("BDG-03", "data.early")
  })

  it("BDG-03 refuses a 65-year badge 13 months early (the 12-month window)", () => {
    given(veteran).when(award("2014-02-10", 65, "other", { early: true })).thenRefused("BDG-03", "data.early")
    given(veteran).when(award("2014-03-10", 65, "other", { early: true })).thenAccepted()
  })

  it("BDG-03 accepts a 70-year badge exactly 24 months early", () => {
    given(veteran).when(award("2018-03-10", 70, "other", { early: true })).thenAccepted()
  })

  it("BDG-03 refuses a 70-year badge 25 months early", () => {
    given(veteran).when(award("2018-03-09", 70, "other", { early: true })).thenRefused("BDG-03", "data.early")
  })

  it("BDG-03 judges an early award on an occasion on or before its date, never after", () => {
    // Admitted 1987-02-03: 30 years on 2017-02-03. An early award of 2015-08-20 tagged 3/2 is judged on
    // 2015-02-03 (24 months short), not on 2016-02-03 (12 months short): beyond the 12-month window.
    given(imported("2010-01-04", "1987-02-03")).when(award("2015-08-20", 30, "02-03", { early: true }))
      .thenRefused("BDG-03", "data.early")
  })

  it("BDG-03 refuses `early: true` when the milestone is already reached", () => {
    given(thirty).when(award("2015-02-03", 30, "02-03", { early: true })).thenRefused("BDG-03", "data.early")
  })
})

describe("BDG-04 posthumous awards", () => {
  it("BDG-04 refuses a posthumous badge to a living member", () => {
    given(thirty).when(award("2015-02-03", 30, "02-03", { posthumous: true })).thenRefused("BDG-04", "data.posthumous")
  })

  it("BDG-04 refuses a badge to a deceased member that is not posthumous", () => {
    given(thirty.died("2015-06-01")).when(award("2015-09-02", 30, "09-02")).thenRefused("BDG-04", "data.posthumous")
  })

  it("BDG-04 accepts a posthumous badge to a member who died after reaching the milestone", () => {
    given(thirty.died("2015-06-01")).when(award("2015-09-02", 30, "09-02", { posthumous: true })).thenAccepted()
  })

  it("BDG-04 refuses `early` on a posthumous badge of a milestone reached while alive", () => {
    given(thirty.died("2015-06-01")).when(award("2015-09-02", 30, "09-02", { posthumous: true, early: true }))
      .thenRefused("BDG-04", "data.early")
  })

  it("BDG-04 accepts early + posthumous for a member who died 11 months before the milestone", () => {
    given(thirty.died("2014-02-10")).when(award("2014-05-19", 30, "05-19", { posthumous: true, early: true }))
      .thenAccepted()
  })

  it("BDG-04 accepts early + posthumous for a member who died exactly 12 months before the milestone", () => {
    given(thirty.died("2014-01-10")).when(award("2014-05-19", 30, "05-19", { posthumous: true, early: true }))
      .thenAccepted()
  })

  it("BDG-04 refuses a posthumous badge without `early` when the member died before the milestone", () => {
    given(thirty.died("2014-02-10")).when(award("2014-05-19", 30, "05-19", { posthumous: true }))
      .thenRefused("BDG-04", "data.early")
  })

  it("BDG-04 refuses a posthumous badge for a member who died more than 12 months before the milestone", () => {
    given(thirty.died("2014-01-09")).when(award("2014-05-19", 30, "05-19", { posthumous: true, early: true }))
      .thenRefused("BDG-04", "data.milestone")
  })

  it("BDG-04 refuses a posthumous badge for a member who had left the Party before dying", () => {
    given(thirty.struckOff("2015-06-01").died("2016-01-10"))
      .when(award("2016-02-03", 30, "02-03", { posthumous: true }))
      .thenRefused("BDG-04", "data.posthumous")
  })
})

describe("BDG-05 discipline delays the badge, by the regime in force on the award date", () => {
  it("BDG-05 a reprimand in 2020 under QĐ29 does not delay", () => {
    given(thirty.disciplined("2020-01-15", "reprimand")).when(award("2020-05-19", 30, "05-19")).thenAccepted()
  })

  it("BDG-05 a reprimand in 2022 under QĐ24 delays 6 months", () => {
    const h = thirty.disciplined("2022-01-15", "reprimand")
    given(h).when(award("2022-05-19", 30, "05-19")).thenRefused("BDG-05", "occurredOn")
    given(h).when(award("2022-07-14", 30, "other")).thenRefused("BDG-05", "occurredOn")
    given(h).when(award("2022-07-15", 30, "other")).thenAccepted()
  })

  it("BDG-05 a warning under QĐ29 delays 6 months", () => {
    const h = thirty.disciplined("2019-01-15", "warning")
    given(h).when(award("2019-05-19", 30, "05-19")).thenRefused("BDG-05", "occurredOn")
    given(h).when(award("2019-07-15", 30, "other")).thenAccepted()
  })

  it("BDG-05 a warning under QĐ24 delays 9 months", () => {
    const h = thirty.disciplined("2022-01-15", "warning")
    given(h).when(award("2022-09-02", 30, "09-02")).thenRefused("BDG-05", "occurredOn")
    given(h).when(award("2022-10-14", 30, "other")).thenRefused("BDG-05", "occurredOn")
    given(h).when(award("2022-10-15", 30, "other")).thenAccepted()
  })

  it("BDG-05 a removal from post delays 12 months under both regimes", () => {
    const before = thirty.disciplined("2019-01-15", "removalFromPost")
    given(before).when(award("2019-11-07", 30, "11-07")).thenRefused("BDG-05", "occurredOn")
    given(before).when(award("2020-02-03", 30, "02-03")).thenAccepted()
    const after = thirty.disciplined("2022-01-15", "removalFromPost")
    given(after).when(award("2022-11-07", 30, "11-07")).thenRefused("BDG-05", "occurredOn")
    given(after).when(award("2023-02-03", 30, "02-03")).thenAccepted()
  })

  it("BDG-05 (judgement, §0) a reprimand of May 2021 delays an award of September 2021: the award is judged by QĐ24", () => {
    given(thirty.disciplined("2021-05-03", "reprimand")).when(award("2021-09-02", 30, "09-02"))
      .thenRefused("BDG-05", "occurredOn")
  })

  it("BDG-05 an annulled discipline does not delay", () => {
    const h = thirty.disciplined("2022-01-15", "warning")
    given(h.add("DisciplineAnnulled", "2022-03-01", { disciplineEventId: h.lastId }))
      .when(award("2022-05-19", 30, "05-19"))
      .thenAccepted()
  })

  it("BDG-05 follows a user's rule book (a province's practice)", () => {
    const lenient = RuleSet.overrideBook(RuleSet.defaultBook, {
      badge: { disciplineDelayMonths: { reprimand: 0 } }
    })
    given(thirty.disciplined("2022-01-15", "reprimand")).when(award("2022-05-19", 30, "05-19"), { rules: lenient })
      .thenAccepted()
  })
})

describe("BDG-06 each milestone at most once", () => {
  it("BDG-06 refuses a second award of the same milestone", () => {
    given(thirty.badge("2015-02-03", 30, "02-03")).when(award("2015-05-19", 30, "05-19")).thenRefused(
      "BDG-06",
      "data.milestone"
    )
  })

  it("BDG-06 refuses a milestone already held at import", () => {
    given(imported("2010-01-04", "1975-01-10", { badges: [30] })).when(award("2015-02-03", 30, "02-03"))
      .thenRefused("BDG-06", "data.milestone")
  })

  it("BDG-06 accepts the next milestone", () => {
    given(imported("2010-01-04", "1975-01-10", { badges: [30] })).when(award("2015-02-03", 40, "02-03")).thenAccepted()
  })

  it("BDG-06 a returned badge still counts after readmission", () => {
    const h = thirty.badge("2015-02-03", 30, "02-03").disciplined("2016-01-11", "expulsion", { grounds: "other" })
      .sponsors("2019-01-10").vote("2019-02-01").readmitted("2019-02-11")
    const { state } = given(h)
    expect(state.badges).toEqual([{ milestone: 30, on: "2015-02-03", posthumous: false, early: false, returned: true }])
    given(h).when(award("2019-05-19", 30, "05-19")).thenRefused("BDG-06", "data.milestone")
  })
})

describe("BDG-07 exempted members remain eligible", () => {
  it("BDG-07 accepts a badge to a member exempted from work and activity", () => {
    given(thirty.add("ActivityExempted", "2014-06-01", { reason: "age" })).when(award("2015-02-03", 30, "02-03"))
      .thenAccepted()
  })
})
