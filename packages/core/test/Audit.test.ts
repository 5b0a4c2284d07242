import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as Audit from "../src/Audit.ts"
import * as Calendar from "../src/Calendar.ts"
import type { CalendarDate } from "../src/Calendar.ts"
import type { Envelope } from "../src/Envelope.ts"
import type { MemberId, OrgId } from "../src/Ids.ts"
import * as Member from "../src/Member.ts"
import * as MemberDecider from "../src/MemberDecider.ts"
import type { MemberEvent, RatingLevel } from "../src/MemberEvent.ts"
import * as Statistics from "../src/Statistics.ts"
import { all, founded, type Life, life, member, org, orgEvent } from "./fixtures/world.ts"

// Province P; grassroots committee G with cells C1, C2 (C2 takes the size checks); grassroots cell Y.
const P = org(101)
const G = org(102)
const C1 = org(103)
const C2 = org(104)
const Y = org(105)
const Q = org(106) // another province, to check the subtree
const QY = org(107)
const orgs: ReadonlyArray<Envelope> = [
  founded(P, "province", null),
  founded(G, "grassrootsCommittee", P),
  founded(C1, "cell", G),
  founded(C2, "cell", G),
  founded(Y, "grassrootsCell", P),
  founded(Q, "province", null),
  founded(QY, "grassrootsCell", Q)
]

let next = 1000
const fresh = (): MemberId => member(next++)

/** The findings of one rule for the world, on P's subtree. */
const run = (world: ReadonlyArray<Envelope | Life>, q: Omit<Audit.Query, "org"> & { readonly org?: OrgId }) => {
  const r = Audit.audit(Statistics.make(all(orgs, ...world.map((x) => ("envelopes" in x ? x : [x])))), {
    org: P,
    ...q
  })
  if (Result.isFailure(r)) throw new Error(String(r.failure))
  return r.success
}
const of = (findings: ReadonlyArray<Audit.Finding>, rule: string, subject?: string) =>
  findings.filter((f) => f.rule === rule && (subject === undefined || f.subject === subject))

/** An official member of `unit` (imported in 2020, admitted in 2000). */
const official = (unit: OrgId) => life(fresh()).imported("2020-01-01", unit)
/** A probationary member of C1 admitted on `on`. */
const admitted = (on: CalendarDate, religion: string | null = null) =>
  life(fresh()).registered("2023-01-10", C1, { religion }).admitted(on, G)

/** An official member of C1 rated each (period, level) in turn. */
const rated = (levels: ReadonlyArray<readonly [string, RatingLevel]>) =>
  levels.reduce((l, [period, level]) => l.add("QualityRated", `${period}-12-20`, { period, level }), official(C1))
/** `n` official members of `unit`, rated for 2024 when a level is given. */
const members = (n: number, unit: OrgId, rating?: RatingLevel) =>
  Array.from({ length: n }, () => {
    const m = official(unit)
    return rating === undefined ? m : m.add("QualityRated", "2024-12-20", { period: "2024", level: rating })
  })

describe("Audit.audit: members", () => {
  it("ADM-11: a religious person admitted without a recorded approval, in [from, asOf]", () => {
    const without = admitted("2024-03-01", "Công giáo")
    const approved = life(fresh()).registered("2023-01-10", C1, { religion: "Công giáo" })
      .add("AdmissionDecided", "2024-03-01", { decidedBy: G, kind: "first", religiousApproval: true })
    const noReligion = admitted("2024-03-01")
    const findings = run([without, approved, noReligion], { asOf: "2024-06-30" })
    assert.deepStrictEqual(of(findings, "ADM-11").map((f) => [f.subject, f.kind, f.on]), [
      [without.id, "religiousAdmissionWithoutApproval", "2024-03-01"]
    ])
    // The admission on `from` is in the period, the day after `from` has left it out.
    assert.strictEqual(of(run([without], { asOf: "2024-06-30", from: "2024-03-01" }), "ADM-11").length, 1)
    assert.strictEqual(of(run([without], { asOf: "2024-06-30", from: "2024-03-02" }), "ADM-11").length, 0)
  })

  it("ADM-07: an admission decided, or not yet, more than 60 working days after the branch resolution", () => {
    const voted = "2024-03-01"
    const deadline = Calendar.addWorkingDays(voted, 60, Calendar.vietnam)
    const extended = Calendar.addWorkingDays(voted, 90, Calendar.vietnam)
    const vote = { purpose: "admission", officialMembers: 5, votesFor: 5 } as const
    const candidate = () => life(fresh()).registered("2023-09-10", C1).add("BranchResolutionPassed", voted, vote)
    const decided = (on: CalendarDate) => candidate().add("AdmissionDecided", on, { decidedBy: G, kind: "first" })
    // Decided on the deadline: no finding; the dayAfter working day and after: late (a warning).
    assert.strictEqual(of(run([decided(deadline)], { asOf: "2024-12-31" }), "ADM-07").length, 0)
    const dayAfter = Calendar.addWorkingDays(deadline, 1, Calendar.vietnam)
    const late = decided(dayAfter)
    const lateFindings = of(run([late], { asOf: "2024-12-31" }), "ADM-07")
    assert.strictEqual(lateFindings.length, 1)
    const [f] = lateFindings
    assert.deepStrictEqual([f?.subject, f?.kind, f?.since, f?.deadline, f?.on], [
      late.id,
      "decisionLate",
      voted,
      deadline,
      dayAfter
    ])
    assert.include(f?.message, "within the extension")
    const [beyond] = of(run([decided(Calendar.addDays(extended, 1))], { asOf: "2024-12-31" }), "ADM-07")
    assert.include(beyond?.message, "past the extension")
    // Not decided yet: overdue on asOf after the deadline, not on it.
    const waiting = candidate()
    assert.strictEqual(of(run([waiting], { asOf: deadline }), "ADM-07").length, 0)
    const [overdue] = of(run([waiting], { asOf: dayAfter }), "ADM-07")
    assert.deepStrictEqual([overdue?.kind, overdue?.since, overdue?.deadline, overdue?.on], [
      "decisionOverdue",
      voted,
      deadline,
      dayAfter
    ])
    // A decision before `from` is not in the period.
    assert.strictEqual(of(run([late], { asOf: "2024-12-31", from: "2024-07-01" }), "ADM-07").length, 0)
  })

  it("ADM-09: no ceremony 30 working days after the decision (across the 2/9 holidays)", () => {
    // Decided 2024-08-26: 30 working days skip 2–3/9, so the deadline is 2024-10-09 (not 10-07).
    const m = admitted("2024-08-26")
    assert.strictEqual(of(run([m], { asOf: "2024-10-09" }), "ADM-09").length, 0)
    const [f] = of(run([m], { asOf: "2024-10-10" }), "ADM-09")
    assert.deepStrictEqual([f?.subject, f?.kind, f?.since, f?.deadline, f?.on], [
      m.id,
      "ceremonyOverdue",
      "2024-08-26",
      "2024-10-09",
      "2024-10-10"
    ])
    const held = m.add("AdmissionCeremonyHeld", "2024-10-20", { superiorConsent: true })
    assert.strictEqual(of(run([held], { asOf: "2024-12-31" }), "ADM-09").length, 0)
  })

  it("PRB-02: recognition not considered 30 working days after probation ends (across 18/4, 30/4, 1/5)", () => {
    // Ceremony 2023-03-20: probation ends 2024-03-20; the deadline is 2024-05-06.
    const m = admitted("2023-03-01").add("AdmissionCeremonyHeld", "2023-03-20", {})
    assert.strictEqual(of(run([m], { asOf: "2024-05-06" }), "PRB-02").length, 0)
    const [f] = of(run([m], { asOf: "2024-05-07" }), "PRB-02")
    assert.deepStrictEqual([f?.kind, f?.since, f?.deadline], ["recognitionOverdue", "2024-03-20", "2024-05-06"])
    const vote = { purpose: "recognition", officialMembers: 5, votesFor: 5 } as const
    const onTime = m.add("BranchResolutionPassed", "2024-05-06", vote)
    assert.strictEqual(of(run([onTime], { asOf: "2024-12-31" }), "PRB-02").length, 0)
    const late = m.add("BranchResolutionPassed", "2024-05-07", vote)
    const [l] = of(run([late], { asOf: "2024-12-31" }), "PRB-02")
    assert.deepStrictEqual([l?.kind, l?.on, l?.deadline], ["recognitionLate", "2024-05-07", "2024-05-06"])
  })

  it("TRF-02: in transit beyond 30 working days, counted across Tết 2025", () => {
    // Letter of 2025-01-10: Tết (28/1–3/2) pushes the 30th working day from 02-21 to 02-28.
    const m = official(C1).add("TransferredOut", "2025-01-10", { kind: "official" })
    assert.strictEqual(of(run([m], { asOf: "2025-02-28" }), "TRF-02").length, 0)
    const [f] = of(run([m], { asOf: "2025-03-03" }), "TRF-02")
    assert.deepStrictEqual([f?.subject, f?.kind, f?.since, f?.deadline], [
      m.id,
      "inTransitOverdue",
      "2025-01-10",
      "2025-02-28"
    ])
    // Reported under the sending organisation's subtree only.
    assert.strictEqual(of(run([m], { org: Q, asOf: "2025-03-03" }), "TRF-02").length, 0)
  })

  it("TRF-02: a letter to a destination outside the dataset is not followed: its arrival is recorded there", () => {
    const toLaoCai = official(C1).add("TransferredOut", "2025-01-10", {
      kind: "official",
      destination: "Đảng bộ tỉnh Lào Cai"
    })
    const abroad = official(C1).add("TransferredOut", "2025-01-10", { kind: "abroad", destination: "Nhật Bản" })
    const unknown = official(C1).add("TransferredOut", "2025-01-10", { kind: "official" })
    const within = official(C1).add("TransferredOut", "2025-01-10", { kind: "official", toOrgId: C2 })
    const findings = of(run([toLaoCai, abroad, unknown, within], { asOf: "2025-03-03" }), "TRF-02")
    // A letter naming no destination, or one in the dataset, is still followed.
    assert.deepStrictEqual(findings.map((f) => f.subject), [unknown.id, within.id].sort())
  })

  it("TRF-02: a letter presented after 30 working days is a late arrival in the receiving subtree", () => {
    const out = life(fresh()).imported("2020-01-01", QY).add("TransferredOut", "2025-01-10", { kind: "official" })
    const onTime = out.add("TransferredIn", "2025-02-28", { orgId: C1 })
    assert.strictEqual(of(run([onTime], { asOf: "2025-06-30" }), "TRF-02").length, 0)
    const late = out.add("TransferredIn", "2025-03-03", { orgId: C1, lateReason: "ốm" })
    const [f] = of(run([late], { asOf: "2025-06-30" }), "TRF-02")
    assert.deepStrictEqual([f?.kind, f?.on, f?.since, f?.deadline], [
      "arrivalLate",
      "2025-03-03",
      "2025-01-10",
      "2025-02-28"
    ])
    assert.include(f?.message ?? "", "ốm")
    assert.strictEqual(of(run([late], { org: Q, asOf: "2025-06-30" }), "TRF-02").length, 0)
  })

  it("ADM-03: a pending candidate's awareness certificate expired (valid 60 months)", () => {
    const c = life(fresh()).registered("2019-01-10", C1).add("AwarenessCourseCompleted", "2019-03-01", {})
    assert.strictEqual(of(run([c], { asOf: "2024-03-01" }), "ADM-03").length, 0)
    const [f] = of(run([c], { asOf: "2024-03-02" }), "ADM-03")
    assert.deepStrictEqual([f?.kind, f?.since, f?.deadline], ["certificateExpired", "2019-03-01", "2024-03-01"])
    // Once the branch has voted, the certificate no longer matters.
    const voted = c.add("BranchResolutionPassed", "2024-01-10", {
      purpose: "admission",
      officialMembers: 5,
      votesFor: 5
    })
    assert.strictEqual(of(run([voted], { asOf: "2024-03-02" }), "ADM-03").length, 0)
  })

  it("EXT-05: the two latest yearly ratings both notCompleted", () => {
    const two = rated([["2023", "notCompleted"], ["2024", "notCompleted"]])
    const [f] = of(run([two], { asOf: "2024-12-31" }), "EXT-05")
    assert.deepStrictEqual([f?.subject, f?.kind, f?.on, f?.since], [
      two.id,
      "twoYearsNotCompleted",
      "2024-12-20",
      "2023-12-20"
    ])
    // Before the second rating is given, nothing.
    assert.strictEqual(of(run([two], { asOf: "2024-12-19" }), "EXT-05").length, 0)
    const notConsecutive = rated([["2022", "notCompleted"], ["2023", "completed"], ["2024", "notCompleted"]])
    assert.strictEqual(of(run([notConsecutive], { asOf: "2024-12-31" }), "EXT-05").length, 0)
    const recovered = rated([["2022", "notCompleted"], ["2023", "notCompleted"], ["2024", "good"]])
    assert.strictEqual(of(run([recovered], { asOf: "2024-12-31" }), "EXT-05").length, 0)
  })

  it("asOf lies from 0101-01-01 to 9998-12-31: at the end it answers, beyond it is invalid (not a loop)", () => {
    const m = life(fresh()).imported("2020-01-01", C1, { admittedOn: "1994-05-10" })
    const world = Statistics.make(all(orgs, m))
    assert.isTrue(Result.isSuccess(Audit.audit(world, { org: P, asOf: "9998-12-31" })))
    const beyond = Audit.audit(world, { org: P, asOf: "9999-12-31" })
    assert.deepInclude(Result.isFailure(beyond) ? beyond.failure : {}, { _tag: "InvalidQuery", field: "asOf" })
  })

  it("BDG-02: the deadline is the first occasion at which the badge existed (BDG-01: the 45-year badge from 25/07/2016)", () => {
    // 45 years of party age on 2015-03-01, the 40-year badge held: no 45-year badge before 2016-07-25.
    const m = life(fresh()).imported("2010-01-01", C1, { admittedOn: "1970-03-01" }).add(
      "BadgeAwarded",
      "2010-05-19",
      { milestone: 40, occasion: "05-19", posthumous: false, early: false }
    )
    const [f] = of(run([m], { asOf: "2016-10-01" }), "BDG-02")
    assert.deepStrictEqual([f?.kind, f?.since, f?.deadline], ["badgeDue", "2015-03-01", "2016-09-02"])
    assert.strictEqual(of(run([m], { asOf: "2016-08-31" }), "BDG-02").length, 0)
  })

  it("BDG-02: a readmitted member's deadline is the first occasion after the readmission, not one outside the Party", () => {
    // 30 years of party age on 2005-03-01; struck off 2005-04-01, readmitted 2009-06-01.
    const m = life(fresh()).imported("2000-01-01", C1, {
      admittedOn: "1975-03-01",
      person: { education: "upperSecondary", birthDate: "1950-01-01" }
    })
      .add("StruckOff", "2005-04-01", { reason: "unpaidDues" })
      .add("SponsorsAssigned", "2009-01-10", {
        sponsors: [{ kind: "member", memberId: member(1) }, { kind: "member", memberId: member(2) }]
      })
      .add("BranchResolutionPassed", "2009-02-10", { purpose: "admission", officialMembers: 9, votesFor: 9 })
      .add("AdmissionDecided", "2009-06-01", {
        decidedBy: C1,
        kind: "readmission",
        provincialConsent: true,
        over60Consent: true
      })
      .add("AdmissionCeremonyHeld", "2009-06-10", {})
    const [f] = of(run([m], { asOf: "2010-01-01" }), "BDG-02")
    assert.deepStrictEqual([f?.kind, f?.since, f?.deadline], ["badgeDue", "2005-03-01", "2009-09-02"])
  })

  it("BDG-02: a badge due at an occasion already past and not awarded", () => {
    // 30 years of party age on 2024-05-10: due at the next occasion, 19/5/2024.
    const m = life(fresh()).imported("2020-01-01", C1, { admittedOn: "1994-05-10" })
    assert.strictEqual(of(run([m], { asOf: "2024-05-18" }), "BDG-02").length, 0)
    const [f] = of(run([m], { asOf: "2024-05-19" }), "BDG-02")
    assert.deepStrictEqual([f?.subject, f?.kind, f?.since, f?.deadline], [m.id, "badgeDue", "2024-05-10", "2024-05-19"])
    const awarded = m.add("BadgeAwarded", "2024-09-02", {
      milestone: 30,
      occasion: "09-02",
      posthumous: false,
      early: false
    })
    assert.strictEqual(of(run([awarded], { asOf: "2024-08-31" }), "BDG-02").length, 1)
    assert.strictEqual(of(run([awarded], { asOf: "2024-12-31" }), "BDG-02").length, 0)
    // In transit: due in the sending branch while the letter names an organisation of the dataset,
    // not once it names a destination outside it (the receiving organisation awards it there).
    const within = m.add("TransferredOut", "2024-03-01", { kind: "official", toOrgId: C2 })
    assert.strictEqual(of(run([within], { asOf: "2024-05-19" }), "BDG-02").length, 1)
    const away = m.add("TransferredOut", "2024-03-01", { kind: "official", destination: "Đảng bộ tỉnh Lào Cai" })
    assert.strictEqual(of(run([away], { asOf: "2024-05-19" }), "BDG-02").length, 0)
    // A warning of 2024-05-01 (QĐ24: 9 months, until 2025-02-01) moves it to the occasion of 3/2/2025.
    const warned = life(fresh()).imported("2020-01-01", C1, { admittedOn: "1994-05-10" })
      .add("Disciplined", "2024-05-01", { form: "warning" })
    assert.strictEqual(of(run([warned], { asOf: "2025-02-02" }), "BDG-02").length, 0)
    assert.strictEqual(of(run([warned], { asOf: "2025-02-03" }), "BDG-02")[0]?.deadline, "2025-02-03")
  })

  it("BDG-02: judged on the member as they were at that occasion, as BadgesDue lists it then", () => {
    // 30 years of party age in 2015, struck off in 2020, readmitted on 2024-06-01: outside the Party
    // on 19/5/2024, so nothing is overdue on 2024-08-01; the badge falls due at 2/9/2024.
    const readmitted = life(fresh()).imported("2019-01-01", C1, { admittedOn: "1985-01-01" })
      .add("StruckOff", "2020-01-10", { reason: "unpaidDues" })
      .admitted("2024-06-01", G, "readmission")
    assert.strictEqual(of(run([readmitted], { asOf: "2024-08-01" }), "BDG-02").length, 0)
    // An opening roster recorded after the occasion: not in the records at 19/5/2024.
    const late = life(fresh()).imported("2024-06-01", C1, { admittedOn: "1990-01-01" })
    assert.strictEqual(of(run([late], { asOf: "2024-06-01" }), "BDG-02").length, 0)
    // The same member recorded before the occasion: overdue since the first occasion after 2020-01-01.
    const early = life(fresh()).imported("2024-05-01", C1, { admittedOn: "1990-01-01" })
    const [f] = of(run([early], { asOf: "2024-06-01" }), "BDG-02")
    assert.deepStrictEqual([f?.since, f?.deadline], ["2020-01-01", "2020-02-03"])
  })
})

/** The member state on d, and the rule refusing an event on d. */
const stateOn = (l: Life, d: CalendarDate) =>
  l.envelopes.filter((e) => e.occurredOn <= d).reduce(Member.evolve, Member.initialState)
const refused = (l: Life, e: MemberEvent, d: CalendarDate) => MemberDecider.check(e, stateOn(l, d))?.rule
const days = (from: CalendarDate, n: number) => Array.from({ length: n }, (_, i) => Calendar.addDays(from, i))

describe("Audit.audit: a finding on asOf is what the decider would refuse on asOf", () => {
  it("ADM-09: ceremonyOverdue on d ⇔ a ceremony on d without consent is refused", () => {
    const m = admitted("2024-08-26")
    const world = Statistics.make(all(orgs, m))
    const verdicts = days("2024-09-20", 30).map((d) => {
      const overdue = of(Result.getOrThrow(Audit.audit(world, { org: P, asOf: d })), "ADM-09").length === 1
      const ceremony = { type: "AdmissionCeremonyHeld", occurredOn: d, data: {} } as MemberEvent
      assert.strictEqual(refused(m, ceremony, d) === "ADM-09", overdue, d)
      return overdue
    })
    assert.deepStrictEqual([verdicts.indexOf(true), verdicts.lastIndexOf(false)], [20, 19]) // from 2024-10-10
  })

  it("TRF-02: inTransitOverdue on d ⇔ an arrival on d without a reason is refused", () => {
    const m = official(C1).add("TransferredOut", "2025-01-10", { kind: "official" })
    const world = Statistics.make(all(orgs, m))
    const verdicts = days("2025-02-15", 30).map((d) => {
      const overdue = of(Result.getOrThrow(Audit.audit(world, { org: P, asOf: d })), "TRF-02").length === 1
      const arrival = { type: "TransferredIn", occurredOn: d, data: { orgId: C2 } } as MemberEvent
      assert.strictEqual(refused(m, arrival, d) === "TRF-02", overdue, d)
      return overdue
    })
    assert.deepStrictEqual([verdicts.indexOf(true), verdicts.lastIndexOf(false)], [14, 13]) // from 2025-03-01
  })
})

describe("Audit.audit: organisations", () => {
  it("ORG-02: a branch-level unit with fewer than 3 official members", () => {
    const probationary = life(fresh()).registered("2023-01-10", C2).admitted("2024-01-10", G)
    const two = run([...members(2, C2), probationary], { asOf: "2024-06-30" })
    const [f] = of(two, "ORG-02", C2)
    assert.deepStrictEqual([f?.kind, f?.subjectType, f?.on], ["tooFewOfficialMembers", "organization", "2024-06-30"])
    assert.strictEqual(of(run(members(3, C2), { asOf: "2024-06-30" }), "ORG-02", C2).length, 0)
    // Only branch-level units: the grassroots committee G has no members of its own.
    assert.strictEqual(of(two, "ORG-02", G).length, 0)
  })

  it("ORG-01: members left in a unit whose kind changed to a committee (not moved to its cells)", () => {
    assert.strictEqual(of(run(members(3, Y), { asOf: "2024-06-30" }), "ORG-01").length, 0)
    const becameCommittee = orgEvent(Y, "OrganizationKindChanged", "2024-03-01", { kind: "grassrootsCommittee" })
    const [f] = of(run([...members(3, Y), becameCommittee], { asOf: "2024-06-30" }), "ORG-01")
    assert.deepStrictEqual([f?.subject, f?.kind, f?.on], [Y, "membersOutsideBranch", "2024-06-30"])
    assert.include(f?.message, "3 members")
    // Before the change, Y was a grassroots cell.
    assert.strictEqual(of(run([...members(3, Y), becameCommittee], { asOf: "2024-02-29" }), "ORG-01").length, 0)
  })

  it("ORG-05: members left in a unit dissolved without moving them, who count in no organisation", () => {
    const dissolved = orgEvent(C2, "OrganizationDissolved", "2024-03-01", {})
    const left = official(C2).add("TransferredOut", "2024-01-10", { kind: "official", toOrgId: C1 })
      .add("TransferredIn", "2024-01-20", { orgId: C1 })
    const dead = official(C2).add("Died", "2024-02-10", {})
    const world = [...members(3, C2), left, dead, dissolved]
    const [f, ...more] = of(run(world, { asOf: "2024-06-30" }), "ORG-05")
    assert.deepStrictEqual(more, [])
    assert.deepStrictEqual([f?.subject, f?.kind, f?.on, f?.since], [
      C2,
      "membersInDissolvedOrganization",
      "2024-06-30",
      "2024-03-01"
    ])
    assert.include(f?.message, "3 members")
    // Before the dissolution; moved on it; audited in another province.
    assert.strictEqual(of(run(world, { asOf: "2024-02-29" }), "ORG-05").length, 0)
    const moved = orgEvent(C2, "OrganizationDissolved", "2024-03-01", { membersMovedTo: C1 })
    assert.strictEqual(of(run([...members(3, C2), moved], { asOf: "2024-06-30" }), "ORG-05").length, 0)
    assert.strictEqual(of(run(world, { asOf: "2024-06-30", org: Q }), "ORG-05").length, 0)
    // A unit merged into one dissolved later: its members are in the dissolved one.
    const merged = orgEvent(Y, "OrganizationMerged", "2024-01-01", { intoOrgId: C2 })
    const [g] = of(run([...members(2, Y), ...members(1, C2), merged, dissolved], { asOf: "2024-06-30" }), "ORG-05")
    assert.deepStrictEqual([g?.subject, g?.message.startsWith("3 members")], [C2, true])
  })

  it("ORG-04: a branch with 9 official members and no chi ủy", () => {
    assert.strictEqual(of(run(members(8, C2), { asOf: "2024-06-30" }), "ORG-04", C2).length, 0)
    const [f] = of(run(members(9, C2), { asOf: "2024-06-30" }), "ORG-04", C2)
    assert.strictEqual(f?.kind, "noChiUy")
    const secretary = orgEvent(C2, "CommitteeElected", "2024-01-10", { kind: "secretary" })
    assert.strictEqual(of(run([...members(9, C2), secretary], { asOf: "2024-06-30" }), "ORG-04", C2).length, 1)
    const chiUy = orgEvent(C2, "CommitteeElected", "2024-06-30", { kind: "chiUy", size: 3 })
    assert.strictEqual(of(run([...members(9, C2), chiUy], { asOf: "2024-06-30" }), "ORG-04", C2).length, 0)
    assert.strictEqual(of(run([...members(9, C2), chiUy], { asOf: "2024-06-29" }), "ORG-04", C2).length, 1)
  })

  it("ORG-03: a grassroots cell with 30 members", () => {
    assert.strictEqual(of(run(members(29, Y), { asOf: "2024-06-30" }), "ORG-03").length, 0)
    const [f] = of(run(members(30, Y), { asOf: "2024-06-30" }), "ORG-03")
    assert.deepStrictEqual([f?.subject, f?.kind], [Y, "grassrootsCellTooLarge"])
  })

  it("RAT-04: excellent above 20% of good within a grassroots organisation, yearly, from 2023", () => {
    // G's cells together: 1 excellent for 5 good is the quota exactly; 2 for 5 exceeds it.
    const atQuota = [...members(1, C1, "excellent"), ...members(3, C1, "good"), ...members(2, C2, "good")]
    assert.strictEqual(of(run(atQuota, { asOf: "2024-12-31" }), "RAT-04").length, 0)
    const over = [...atQuota, ...members(1, C2, "excellent")]
    const [f] = of(run(over, { asOf: "2024-12-31" }), "RAT-04")
    assert.deepStrictEqual([f?.subject, f?.kind, f?.on], [G, "excellentQuotaExceeded", "2024-12-31"])
    // The same split in 2022, before the quota applies, is not a finding.
    const in2022 = [
      ...Array.from(
        { length: 2 },
        () => official(C1).add("QualityRated", "2022-12-20", { period: "2022", level: "excellent" })
      ),
      ...Array.from(
        { length: 5 },
        () => official(C1).add("QualityRated", "2022-12-20", { period: "2022", level: "good" })
      )
    ]
    assert.strictEqual(of(run(in2022, { from: "2022-01-01", asOf: "2022-12-31" }), "RAT-04").length, 0)
    // Half-year ratings are exempt.
    const half = [...members(2, C1), ...members(5, C1)].map((m, i) =>
      m.add("QualityRated", "2024-06-20", { period: "2024-H1", level: i < 2 ? "excellent" : "good" })
    )
    assert.strictEqual(of(run(half, { asOf: "2024-12-31" }), "RAT-04").length, 0)
  })
})

describe("Audit.audit: the query", () => {
  it("sorts by rule, then subject, and honours knownAt", () => {
    const a = admitted("2024-08-26")
    const b = official(C1).add("TransferredOut", "2024-08-01", { kind: "official" }, "2024-12-01T00:00:00.000Z")
    const findings = run([b, a], { asOf: "2024-10-31" })
    const keys = findings.map((f) => `${f.rule} ${f.subject}`)
    assert.deepStrictEqual(keys, [...keys].sort())
    assert.isTrue(keys.length > 2)
    assert.strictEqual(of(findings, "TRF-02", b.id).length, 1)
    // Known on 2024-11-01, the transfer out had not been recorded.
    const known = run([b, a], { asOf: "2024-10-31", knownAt: "2024-11-01T00:00:00.000Z" })
    assert.strictEqual(of(known, "TRF-02", b.id).length, 0)
  })

  it("TRF-02: a retracted transfer out is left out once the retraction is known", () => {
    const out = official(C1).add("TransferredOut", "2025-01-10", { kind: "official" })
    const retracted = out.add("EventRetracted", "2025-04-01", { eventId: out.lastId, reason: "nhầm" })
    assert.strictEqual(of(run([retracted], { asOf: "2025-03-03" }), "TRF-02").length, 0)
    const before = run([retracted], { asOf: "2025-03-03", knownAt: "2025-03-31T00:00:00.000Z" })
    assert.strictEqual(of(before, "TRF-02").length, 1)
  })

  it("ORG-02: a unit merged away is no longer audited; its members count in the unit it joined", () => {
    const merge = orgEvent(C2, "OrganizationMerged", "2024-03-01", { intoOrgId: C1 })
    const world = [...members(2, C1), ...members(2, C2), merge]
    const before = run(world, { asOf: "2024-02-29" })
    assert.deepStrictEqual(of(before, "ORG-02").map((f) => f.subject).filter((id) => id !== Y), [C1, C2].sort())
    const after = run(world, { asOf: "2024-03-01" })
    assert.deepStrictEqual(of(after, "ORG-02").map((f) => f.subject).filter((id) => id !== Y), [])
  })

  it("refuses an unknown organisation and invalid dates", () => {
    const index = Statistics.make(orgs)
    const error = (q: Audit.Query) => {
      const r = Audit.audit(index, q)
      return Result.isFailure(r)
        ? r.failure._tag + (r.failure._tag === "InvalidQuery" ? ` ${r.failure.field}` : "")
        : "ok"
    }
    assert.strictEqual(error({ org: org(999), asOf: "2024-01-01" }), "UnknownOrganization")
    assert.strictEqual(error({ org: P, asOf: "2024-02-30" }), "InvalidQuery asOf")
    assert.strictEqual(error({ org: P, asOf: "2024-01-01", from: "2024-02-01" }), "InvalidQuery from")
    assert.strictEqual(error({ org: P, asOf: "2024-01-01", knownAt: "yesterday" }), "InvalidQuery knownAt")
    assert.strictEqual(error({ org: P, asOf: "2024-01-01" }), "ok")
  })
})
