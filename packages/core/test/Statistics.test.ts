import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import type { Envelope } from "../src/Envelope.ts"
import * as Statistics from "../src/Statistics.ts"
import { all, founded, life, member, org, orgEvent } from "./fixtures/world.ts"

// The tree: province P; grassroots committee G (cells C1, C2, C4 — C4 never has members — and C3,
// merged into C1 on 2024-06-01); grassroots cell Y under P; another province Q with grassroots cell QY.
const P = org(1)
const G = org(2)
const C1 = org(3)
const C2 = org(4)
const C3 = org(5)
const C4 = org(6)
const Y = org(7)
const Q = org(8)
const QY = org(9)

const orgs: ReadonlyArray<Envelope> = [
  founded(P, "province", null),
  founded(G, "grassrootsCommittee", P),
  founded(C1, "cell", G),
  founded(C2, "cell", G),
  founded(C3, "cell", G, "2000-01-01"),
  founded(C4, "cell", G, "2010-01-01"),
  founded(Y, "grassrootsCell", P),
  founded(Q, "province", null),
  founded(QY, "grassrootsCell", Q),
  orgEvent(G, "AdmissionTargetSet", "2024-01-15", { year: 2024, target: 4 }),
  orgEvent(Y, "AdmissionTargetSet", "2024-01-20", { year: 2024, target: 2 }),
  orgEvent(C3, "OrganizationMerged", "2024-06-01", { intoOrgId: C1 })
]

// One member per situation (see each line); the period is 2024.
const m1 = life(member(1))
  .imported("2020-01-01", C1, {
    admittedOn: "1980-05-01",
    person: { gender: "female", ethnicity: "Tày", religion: "Phật giáo", birthDate: "1960-03-01" }
  })
  .add("QualityRated", "2024-12-20", { period: "2024", level: "excellent" })
const m2 = life(member(2)) // admitted in 2024, probationary on asOf, a young woman
  .registered("2023-01-10", C2, { gender: "female", birthDate: "2000-02-01" })
  .admitted("2024-03-01", G)
  .add("AdmissionCeremonyHeld", "2024-03-20", {})
const m3 = life(member(3)) // transferred out in 2024, in transit on asOf
  .imported("2019-01-01", C2)
  .add("TransferredOut", "2024-05-01", { kind: "official" })
const m4 = life(member(4)) // died in 2024, then a posthumous early badge
  .imported("2019-01-01", C1, { admittedOn: "1995-01-01" })
  .add("Died", "2024-08-01", {})
  .add("BadgeAwarded", "2024-09-02", { milestone: 30, occasion: "09-02", posthumous: true, early: true })
const m5 = life(member(5)) // admitted and dead in the same period
  .registered("2023-02-01", C1)
  .admitted("2024-02-01", G)
  .add("Died", "2024-10-01", {})
const m6 = life(member(6)).imported("2019-01-01", C3) // follows C3's merge into C1
const m7 = life(member(7)) // arrives from the other province
  .imported("2019-01-01", QY)
  .add("TransferredOut", "2024-04-01", { kind: "official", toOrgId: C2 })
  .add("TransferredIn", "2024-04-20", { orgId: C2 })
const m8struck = life(member(8))
  .imported("2019-01-01", C1)
  .add("StruckOff", "2024-09-01", { reason: "unpaidDues" }, "2024-09-02T03:00:00.000Z")
const m8 = m8struck.add( // the strike-off is retracted, but only on 2025-01-15
  "EventRetracted",
  "2025-01-15",
  { eventId: m8struck.lastId, reason: "wrong member" },
  "2025-01-15T03:00:00.000Z"
)
const m9 = life(member(9)) // exempted, warned, 40-year badge, not rated (exempted)
  .imported("2019-01-01", Y, { admittedOn: "1984-01-10" })
  .add("ActivityExempted", "2023-06-01", { reason: "health" })
  .add("BadgeAwarded", "2024-02-03", { milestone: 40, occasion: "02-03", posthumous: false, early: false })
  .add("Disciplined", "2024-04-01", { form: "warning" })
  .add("NotRated", "2024-12-20", { period: "2024", reason: "exempted" })
const m10 = life(member(10)) // expelled
  .imported("2019-01-01", Y)
  .add("Disciplined", "2024-06-01", { form: "expulsion" })
const m11 = life(member(11)) // reprimanded, card issued, rating corrected
  .imported("2019-01-01", C2)
  .add("Disciplined", "2024-07-01", { form: "reprimand" })
  .add("CardIssued", "2024-07-10", { cardNo: "01.000011" })
  .add("QualityRated", "2024-12-20", { period: "2024", level: "good" })
  .add("QualityRated", "2024-12-28", { period: "2024", level: "completed" })
const m12 = life(member(12)) // struck off in 2020, readmitted in 2024 (back to C2)
  .imported("2015-01-01", C2)
  .add("StruckOff", "2020-01-01", { reason: "unpaidDues" })
  .admitted("2024-02-01", G, "readmission")
const m13 = life(member(13)) // allowed to leave
  .imported("2019-01-01", C1)
  .add("AllowedToLeave", "2024-03-01", {})
const m14 = life(member(14)).imported("2024-05-05", C1, { basis: "transferIn" }) // from outside the dataset
const m15 = life(member(15)) // admitted 2023, recognised official 2024
  .registered("2022-03-01", C1)
  .admitted("2023-01-01", G)
  .add("AdmissionCeremonyHeld", "2023-01-20", {})
  .add("OfficialRecognized", "2024-01-20", {})
const m16 = life(member(16)) // a candidate's death is not counted
  .registered("2023-03-01", C2)
  .add("Died", "2024-05-01", {})

const world = all(orgs, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16)
const index = Statistics.make(world)

const report = (q: Omit<Statistics.Query, "org"> & { readonly org?: Statistics.Query["org"] }) => {
  const r = Statistics.query(index, { org: P, ...q })
  if (Result.isFailure(r)) throw new Error(String(r.failure))
  return r.success
}

const year2024 = { from: "2024-01-01", to: "2024-12-31" }

describe("Statistics.query", () => {
  it("fills the query's defaults: to = asOf, from = 1 January, period = year of to", () => {
    assert.deepStrictEqual(report({ asOf: "2024-08-15" }).query, {
      org: P,
      from: "2024-01-01",
      to: "2024-08-15",
      asOf: "2024-08-15",
      knownAt: null,
      structureAsOf: null,
      period: "2024"
    })
    assert.strictEqual(report({ to: "2024-12-31" }).query.asOf, "2024-12-31")
    // The period is the year of `to`, whatever the date of the stocks: a year's flows with the
    // headcount of a later day.
    assert.deepInclude(report({ to: "2023-12-31", asOf: "2024-06-30" }).query, {
      from: "2023-01-01",
      to: "2023-12-31",
      asOf: "2024-06-30",
      period: "2023"
    })
  })

  it("stocks on asOf: members homed in the subtree, by status, gender, ethnicity, religion, exemption", () => {
    const s = report(year2024).stocks
    // m1 m2 m6 m7 m8 m9 m11 m12 m14 m15; m3 in transit; m4 m5 dead; m10 expelled; m13 left.
    assert.strictEqual(s.total, 10)
    assert.strictEqual(s.probationary, 2) // m2, m12
    assert.strictEqual(s.official, 8)
    assert.strictEqual(s.female, 2) // m1, m2
    assert.strictEqual(s.ethnicMinority, 1)
    assert.strictEqual(s.religious, 1)
    assert.strictEqual(s.exempted, 1) // m9
    assert.strictEqual(s.inTransit, 1) // m3, not in total
  })

  it("inTransitOutside: of those in transit, the letters to a destination outside the dataset", () => {
    const lives = [
      life(member(41)).imported("2019-01-01", C1).add("TransferredOut", "2024-05-01", {
        kind: "official",
        destination: "Đảng bộ tỉnh Lào Cai"
      }),
      life(member(42)).imported("2019-01-01", C1).add("TransferredOut", "2024-05-01", {
        kind: "abroad",
        destination: "Nhật Bản"
      }),
      life(member(43)).imported("2019-01-01", C2).add("TransferredOut", "2024-05-01", { kind: "official", toOrgId: Y }),
      life(member(44)).imported("2019-01-01", C2).add("TransferredOut", "2024-05-01", { kind: "official" }),
      // Sent outside, then arrived in the dataset after all: no longer in transit.
      life(member(45)).imported("2019-01-01", C1)
        .add("TransferredOut", "2024-05-01", { kind: "official", destination: "Đảng bộ tỉnh Lào Cai" })
        .add("TransferredIn", "2024-06-01", { orgId: C2 })
    ]
    const envelopes = all(world.filter((e) => e.stream.startsWith("org-")), ...lives)
    for (const idx of [Statistics.make(envelopes), Statistics.makeCompact(envelopes)]) {
      const stocks = (unit: typeof P, asOf: string) =>
        Result.getOrThrow(Statistics.query(idx, { org: unit, asOf, from: "2024-01-01", to: asOf })).stocks
      const s = stocks(P, "2024-12-31")
      assert.deepStrictEqual([s.inTransit, s.inTransitOutside, s.total], [4, 2, 1])
      // Counted where they were sent from: C1 sent both letters outside, C2 the other two.
      assert.deepStrictEqual([stocks(C1, "2024-12-31").inTransitOutside, stocks(C2, "2024-12-31").inTransitOutside], [
        2,
        0
      ])
      assert.strictEqual(stocks(P, "2024-04-30").inTransitOutside, 0)
    }
  })

  it("BDG-04: a posthumous badge of a member who died in transit counts in the sending branch; the death in none", () => {
    const lives = [
      life(member(51)).imported("2019-01-01", C1, { admittedOn: "1994-05-01" })
        .add("TransferredOut", "2024-03-01", { kind: "official", toOrgId: Y })
        .add("Died", "2024-04-01", {})
        .add("BadgeAwarded", "2024-05-19", { milestone: 30, occasion: "05-19", posthumous: true, early: true }),
      // Died in C2, not in transit: the badge counts there, as always.
      life(member(52)).imported("2019-01-01", C2, { admittedOn: "1994-05-01" })
        .add("Died", "2024-04-01", {})
        .add("BadgeAwarded", "2024-05-19", { milestone: 30, occasion: "05-19", posthumous: true, early: true })
    ]
    const envelopes = all(world.filter((e) => e.stream.startsWith("org-")), ...lives)
    for (const idx of [Statistics.make(envelopes), Statistics.makeCompact(envelopes)]) {
      const flows = (unit: typeof P) => Result.getOrThrow(Statistics.query(idx, { org: unit, ...year2024 })).flows
      assert.deepInclude(flows(C1).badges, { total: 1, posthumous: 1, early: 1 })
      assert.deepInclude(flows(C2).badges, { total: 1, posthumous: 1 })
      assert.deepInclude(flows(Y).badges, { total: 0 })
      assert.deepInclude(flows(P).badges, { total: 2, posthumous: 2 })
      // The death in transit counts in no subtree; the one in C2 counts there.
      assert.deepStrictEqual([flows(C1).died, flows(C2).died, flows(P).died], [0, 1, 1])
    }
  })

  it("headcounts: members per unit of the subtree on asOf, adding up to the total", () => {
    const counts = Result.getOrThrow(Statistics.headcounts(index, { org: P, asOf: "2024-12-31" }))
    const total = [...counts.values()].reduce((a, b) => a + b, 0)
    assert.strictEqual(total, report(year2024).stocks.total)
    for (const [unit, n] of counts) {
      assert.strictEqual(Result.getOrThrow(Statistics.query(index, { org: unit, ...year2024 })).stocks.total, n)
    }
    assert.strictEqual(Statistics.headcounts(index, { org: org(99), asOf: "2024-12-31" })._tag, "Failure")
  })

  it("age bands by full years on asOf and party-age bands with gaps", () => {
    const s = report(year2024).stocks
    assert.deepStrictEqual(s.ageBands, { "≤30": 1, "31-40": 0, "41-50": 8, "51-60": 0, "≥61": 1 })
    // m12: first admitted 2000, out 2020-01-01 → 2024-02-01: about 20 years.
    assert.deepStrictEqual(s.partyAgeBands, { "<10": 2, "10-29": 6, "30-39": 0, "40-49": 2, "≥50": 0 })
  })

  it("age band boundaries: 30 full years is ≤30, 31 is 31-40", () => {
    const born = (n: number, birthDate: string) =>
      life(member(100 + n)).imported("2019-01-01", C4, { person: { birthDate } })
    const idx = Statistics.make(all(orgs, born(1, "1994-12-31"), born(2, "1993-12-31"), born(3, "1963-12-31")))
    const r = Statistics.query(idx, { org: C4, asOf: "2024-12-31" })
    assert.deepStrictEqual(Result.getOrThrow(r).stocks.ageBands, {
      "≤30": 1,
      "31-40": 1,
      "41-50": 0,
      "51-60": 0,
      "≥61": 1
    })
  })

  it("boundaries: youth is ≤ 30 full years on the decision date; party age 10 full years is 10-29", () => {
    const admittedAt = (n: number, birthDate: string) =>
      life(member(200 + n)).registered("2023-01-01", C4, { birthDate }).admitted("2024-03-01", G)
    const partyAged = (n: number, admittedOn: string) =>
      life(member(210 + n)).imported("2019-01-01", C4, { admittedOn })
    const idx = Statistics.make(
      all(
        orgs,
        admittedAt(1, "1994-03-01"), // 30 years 0 months: youth
        admittedAt(2, "1993-03-01"), // 31 years: not
        partyAged(1, "2014-12-31"), // 10 years on 2024-12-31
        partyAged(2, "2015-01-01") // 9 years 11 months
      )
    )
    const r = Result.getOrThrow(Statistics.query(idx, { org: C4, ...year2024 }))
    assert.strictEqual(r.flows.admitted, 2)
    assert.strictEqual(r.flows.admittedBreakdown.youth, 1)
    assert.deepStrictEqual(r.stocks.partyAgeBands, { "<10": 3, "10-29": 1, "30-39": 0, "40-49": 0, "≥50": 0 })
  })

  it("flows in the period, counted in the member's org on the day", () => {
    const f = report(year2024).flows
    assert.strictEqual(f.admitted, 2) // m2, m5
    assert.strictEqual(f.readmitted, 1) // m12
    assert.strictEqual(f.recognizedOfficial, 1) // m15
    assert.strictEqual(f.transferredIn, 2) // m7 (TransferredIn), m14 (MemberImported transferIn)
    assert.strictEqual(f.transferredOut, 1) // m3
    assert.strictEqual(f.struckOff, 0) // m8's strike-off is retracted
    assert.strictEqual(f.allowedToLeave, 1) // m13
    assert.strictEqual(f.expelled, 1) // m10
    assert.strictEqual(f.died, 2) // m4, m5; not the candidate m16
    assert.deepStrictEqual(f.disciplined, { reprimand: 1, warning: 1, removalFromPost: 0, expulsion: 1 })
    assert.strictEqual(f.cardsIssued, 1)
    assert.deepStrictEqual(f.badges, {
      total: 2,
      posthumous: 1,
      early: 1,
      byMilestone: {
        "30": 1,
        "40": 1,
        "45": 0,
        "50": 0,
        "55": 0,
        "60": 0,
        "65": 0,
        "70": 0,
        "75": 0,
        "80": 0,
        "85": 0,
        "90": 0
      }
    })
    assert.deepStrictEqual(f.admittedBreakdown, { female: 1, ethnicMinority: 0, religious: 0, youth: 1 })
    assert.strictEqual(f.importedOpening, 0)
    assert.deepStrictEqual(f.restructuring, { movedIn: 0, movedOut: 0 })
  })

  it("the stock-flow identity holds for the province", () => {
    const r = report(year2024)
    const before = report({ asOf: "2023-12-31" }).stocks.total
    const f = r.flows
    assert.strictEqual(before, 10)
    assert.strictEqual(
      r.stocks.total,
      before + f.admitted + f.readmitted + f.transferredIn + f.importedOpening - f.transferredOut - f.struckOff -
        f.allowedToLeave - f.expelled - f.died
    )
  })

  it("importedOpening counts the opening roster of the period", () => {
    const f = report({ from: "2019-01-01", to: "2019-12-31" }).flows
    assert.strictEqual(f.importedOpening, 8) // m3 m4 m6 m8 m9 m10 m11 m13 (m7 is in the other province)
  })

  it("struckOffByReason splits the strike-offs", () => {
    const f = report({ from: "2020-01-01", to: "2020-12-31" }).flows
    assert.strictEqual(f.struckOff, 1)
    assert.strictEqual(f.struckOffByReason.unpaidDues, 1)
    assert.strictEqual(f.struckOffByReason.abandonedActivity, 0)
  })

  it("knownAt: a retraction recorded later is ignored, the event still counts", () => {
    const r = report({ ...year2024, knownAt: "2024-12-31T12:00:00.000Z" })
    assert.strictEqual(r.flows.struckOff, 1)
    assert.strictEqual(r.stocks.total, 9)
    assert.strictEqual(r.query.knownAt, "2024-12-31T12:00:00.000Z")
    // and an event recorded after knownAt is ignored: before 2024-09-02 m8 was not yet struck off.
    const early = report({ ...year2024, knownAt: "2024-09-01T12:00:00.000Z" })
    assert.strictEqual(early.flows.struckOff, 0)
    assert.strictEqual(early.stocks.total, 11) // m8, and m5 whose death (2024-10-01) is not yet recorded
    assert.strictEqual(early.flows.died, 1)
  })

  it("knownAt after everything equals no knownAt", () => {
    const a = report(year2024)
    const b = report({ ...year2024, knownAt: "2030-01-01T00:00:00.000Z" })
    assert.deepStrictEqual({ ...b, query: a.query }, a)
  })

  it("a merge inside the period is restructuring: the member follows without a transfer", () => {
    const c1 = report({ ...year2024, org: C1 })
    const before = report({ asOf: "2023-12-31", org: C1 }).stocks.total
    assert.strictEqual(before, 5) // m1 m4 m8 m13 m15
    assert.strictEqual(c1.stocks.total, 5) // m1 m6 m8 m14 m15
    assert.strictEqual(c1.flows.transferredIn, 1) // only m14
    assert.deepStrictEqual(c1.flows.restructuring, { movedIn: 1, movedOut: 0 })
    const f = c1.flows
    assert.strictEqual(
      c1.stocks.total,
      before + f.admitted + f.readmitted + f.transferredIn + f.importedOpening - f.transferredOut - f.struckOff -
        f.allowedToLeave - f.expelled - f.died + f.restructuring.movedIn - f.restructuring.movedOut
    )
    // The merged-away unit: empty on asOf, its member moved out.
    const c3 = report({ ...year2024, org: C3 })
    assert.strictEqual(c3.stocks.total, 0)
    assert.deepStrictEqual(c3.flows.restructuring, { movedIn: 0, movedOut: 1 })
  })

  it("a unit reparented inside the period moves its members between subtrees, not the province's", () => {
    const G1 = org(21)
    const G2 = org(22)
    const X = org(23)
    const idx = Statistics.make(all(
      [
        founded(P, "province", null),
        founded(G1, "grassrootsCommittee", P),
        founded(G2, "grassrootsCommittee", P),
        founded(X, "cell", G1),
        orgEvent(X, "OrganizationReparented", "2024-07-01", { parentId: G2 })
      ],
      life(member(31)).imported("2019-01-01", X),
      life(member(32)).imported("2019-01-01", X).add("Died", "2024-09-01", {})
    ))
    const q = (o: typeof P) => Result.getOrThrow(Statistics.query(idx, { org: o, ...year2024 }))
    assert.deepStrictEqual(q(G1).flows.restructuring, { movedIn: 0, movedOut: 2 })
    assert.deepStrictEqual(q(G2).flows.restructuring, { movedIn: 2, movedOut: 0 }) // both, then one died in G2
    assert.strictEqual(q(G2).flows.died, 1)
    assert.strictEqual(q(G2).stocks.total, 1)
    assert.deepStrictEqual(q(P).flows.restructuring, { movedIn: 0, movedOut: 0 })
    // Restated in the tree of 2024-12-31, X was always in G2.
    const restated = Result.getOrThrow(Statistics.query(idx, { org: G2, ...year2024, structureAsOf: "2024-12-31" }))
    assert.deepStrictEqual(restated.flows.restructuring, { movedIn: 0, movedOut: 0 })
    assert.strictEqual(
      Result.getOrThrow(Statistics.query(idx, { org: G2, asOf: "2023-12-31", structureAsOf: "2024-12-31" })).stocks
        .total,
      2
    )
  })

  it("structureAsOf restates a merged unit's past in the unit it was merged into", () => {
    const historical = report({ asOf: "2023-12-31", org: C1 })
    const restated = report({ asOf: "2023-12-31", org: C1, structureAsOf: "2024-12-31" })
    assert.strictEqual(historical.stocks.total, 5)
    assert.strictEqual(restated.stocks.total, 6) // + m6 of C3
    assert.strictEqual(restated.query.structureAsOf, "2024-12-31")
    // Restated, the 2024 flows of C1 need no restructuring.
    const r2024 = report({ ...year2024, org: C1, structureAsOf: "2024-12-31" })
    assert.deepStrictEqual(r2024.flows.restructuring, { movedIn: 0, movedOut: 0 })
  })

  it("ratings of a period: latest rating wins, not rated by reason, shares", () => {
    const r = report(year2024).ratings
    assert.deepStrictEqual(r, {
      period: "2024",
      members: 10,
      rated: 2,
      notRated: { admittedUnder6Months: 0, exempted: 1, suspended: 0, other: 0, unrecorded: 7 },
      byLevel: { excellent: 1, good: 0, completed: 1, notCompleted: 0 },
      ratedShare: 0.2,
      levelShares: { excellent: 0.5, good: 0, completed: 0.5, notCompleted: 0 }
    })
    const h1 = report({ ...year2024, period: "2024-H1" }).ratings
    assert.strictEqual(h1.rated, 0)
    assert.strictEqual(h1.ratedShare, 0)
  })

  it("ratios: admission rate, plan summed over children, last year's period", () => {
    const r = report(year2024).ratios
    assert.strictEqual(r.admissionRate, 2 / 10)
    assert.strictEqual(r.planTarget, 6) // G 4 + Y 2: P has no plan of its own
    assert.strictEqual(r.planAttainment, 2 / 6)
    assert.deepStrictEqual(r.samePeriodLastYear, {
      from: "2023-01-01",
      to: "2023-12-31",
      admitted: 1, // m15
      admittedChange: 1,
      admittedRatio: 2
    })
    const g = report({ ...year2024, org: G }).ratios
    assert.strictEqual(g.planTarget, 4)
    assert.strictEqual(g.planAttainment, 2 / 4)
    const c4 = report({ ...year2024, org: C4 }).ratios
    assert.strictEqual(c4.planTarget, null)
    assert.strictEqual(c4.planAttainment, null)
    assert.strictEqual(c4.admissionRate, null)
  })

  it("organisations on asOf: kinds, tccsd, cells under grassroots committees, units without members", () => {
    assert.deepStrictEqual(report(year2024).organizations, {
      byKind: { province: 1, upper: 0, grassrootsCommittee: 1, grassrootsCell: 1, subCommittee: 0, cell: 3 },
      tccsd: 2,
      cellsUnderGrassroots: 3,
      withoutMembers: 1 // C4
    })
    // Before the merge C3 is a live unit too.
    assert.strictEqual(report({ asOf: "2023-12-31" }).organizations.byKind.cell, 4)
  })

  it("the report is plain JSON with integer counts", () => {
    const r = report(year2024)
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), r)
    assert.deepStrictEqual(Object.keys(r), ["query", "stocks", "flows", "ratings", "ratios", "organizations"])
  })

  it("an unknown organisation is a tagged error naming it", () => {
    const r = Statistics.query(index, { org: org(99), asOf: "2024-12-31" })
    assert.isTrue(Result.isFailure(r))
    if (Result.isFailure(r)) {
      assert.strictEqual(r.failure._tag, "UnknownOrganization")
      assert.deepStrictEqual((r.failure as Statistics.UnknownOrganization).org, org(99))
    }
  })

  it("a query without dates, or with from after to, is invalid", () => {
    const none = Statistics.query(index, { org: P })
    assert.isTrue(Result.isFailure(none) && none.failure._tag === "InvalidQuery")
    const reversed = Statistics.query(index, { org: P, from: "2024-12-01", to: "2024-01-01" })
    assert.isTrue(Result.isFailure(reversed) && reversed.failure._tag === "InvalidQuery")
  })

  it("knownAt is an ISO instant with its offset: without one its meaning would be the machine's time zone's", () => {
    for (const knownAt of ["2024-12-31", "2024-12-31T12:00:00", "yesterday", "2024-12-31T24:00:00Z"]) {
      const r = Statistics.query(index, { org: P, ...year2024, knownAt })
      assert.deepInclude(Result.isFailure(r) ? r.failure : {}, { _tag: "InvalidQuery", field: "knownAt" }, knownAt)
    }
    for (const knownAt of ["2024-12-31T12:00:00Z", "2024-12-31T19:00:00+07:00", "2024-12-31T12:00Z"]) {
      assert.isTrue(Result.isSuccess(Statistics.query(index, { org: P, ...year2024, knownAt })), knownAt)
    }
    // One instant, two spellings: one answer.
    assert.deepStrictEqual(
      report({ ...year2024, knownAt: "2024-09-01T19:00:00+07:00" }).stocks,
      report({ ...year2024, knownAt: "2024-09-01T12:00:00.000Z" }).stocks
    )
  })

  it("a query's dates lie from 0101-01-01 to 9998-12-31: at the ends it answers, beyond them it is invalid (not a loop)", () => {
    for (const asOf of ["0101-01-01", "9998-12-31"]) {
      for (const q of [{ asOf }, { from: asOf, to: asOf }, { asOf: "2024-12-31", structureAsOf: asOf }]) {
        assert.isTrue(Result.isSuccess(Statistics.query(index, { org: P, ...q })), JSON.stringify(q))
      }
    }
    for (
      const [field, d] of [["asOf", "9999-12-31"], ["to", "9999-11-07"], ["from", "0100-12-31"], [
        "structureAsOf",
        "0001-01-01"
      ]] as const
    ) {
      const q = field === "from" ? { from: d, to: "2024-12-31" } : field === "structureAsOf"
        ? { asOf: "2024-12-31", structureAsOf: d }
        : { [field]: d }
      const r = Statistics.query(index, { org: P, ...q })
      assert.deepInclude(Result.isFailure(r) ? r.failure : {}, {
        _tag: "InvalidQuery",
        field,
        message: `${d} is outside the dates a query may ask (0101-01-01 to 9998-12-31)`
      })
    }
  })

  it("grows one envelope at a time: incremental equals built at once", () => {
    const grown = Statistics.make()
    for (const e of world) grown.add(e)
    assert.strictEqual(grown.size, world.length)
    const q = { org: P, ...year2024 }
    assert.deepStrictEqual(Statistics.query(grown, q), Statistics.query(index, q))
    // A query between additions sees the new events (cached timelines are invalidated).
    const partial = Statistics.make(all(orgs, m8struck))
    assert.strictEqual(Result.getOrThrow(Statistics.query(partial, q)).flows.struckOff, 1)
    partial.add(m8.envelopes[m8.envelopes.length - 1]!)
    assert.strictEqual(Result.getOrThrow(Statistics.query(partial, q)).flows.struckOff, 0)
  })
})

describe("Statistics.makeCompact", () => {
  const compact = Statistics.makeCompact(world)
  const queries: ReadonlyArray<Statistics.Query> = [
    { org: P, ...year2024 },
    { org: G, ...year2024 },
    { org: C1, from: "2024-03-01", to: "2024-09-30" },
    { org: P, ...year2024, knownAt: "2024-12-31T00:00:00.000Z" },
    { org: P, ...year2024, knownAt: "2024-09-01T12:00:00.000Z" },
    { org: P, ...year2024, structureAsOf: "2024-12-31" },
    { org: C1, from: "2023-01-01", to: "2023-12-31", structureAsOf: "2024-12-31" },
    { org: Y, asOf: "2024-06-30", period: "2024-H1" },
    { org: Q, ...year2024 }
  ]

  it("answers every query as the full index does (knownAt, structureAsOf and periods included)", () => {
    assert.strictEqual(compact.size, index.size)
    assert.strictEqual(compact.members, 16)
    for (const q of queries) assert.deepStrictEqual(Statistics.query(compact, q), Statistics.query(index, q))
    const q = { org: P, asOf: "2024-12-31" as const }
    assert.deepStrictEqual(Statistics.headcounts(compact, q), Statistics.headcounts(index, q))
  })

  it("grows one envelope at a time; a query between additions sees them", () => {
    const partial = Statistics.makeCompact(all(orgs, m8struck))
    const q = { org: P, ...year2024 }
    assert.strictEqual(Result.getOrThrow(Statistics.query(partial, q)).flows.struckOff, 1)
    partial.add(m8.envelopes[m8.envelopes.length - 1]!)
    assert.strictEqual(Result.getOrThrow(Statistics.query(partial, q)).flows.struckOff, 0)
  })
})

describe("planTarget restated: the plans of the units that made the organisation up", () => {
  // Provinces A and B, each with a plan of 2 for 2024 and 2 admissions in it; A merges into B in
  // 2025 (the provinces merged on 2025-07-01).
  const [A, B, CA, CB, S] = [org(51), org(52), org(53), org(54), org(55)]
  const admittedIn = (n: number, cell: typeof A, committee: typeof A) =>
    life(member(n)).registered("2023-02-01", cell).admitted("2024-03-01", committee)
  const restatedWorld = all(
    [
      founded(A, "province", null),
      founded(B, "province", null),
      founded(CA, "grassrootsCell", A),
      founded(CB, "grassrootsCell", B),
      orgEvent(A, "AdmissionTargetSet", "2024-01-15", { year: 2024, target: 2 }),
      orgEvent(B, "AdmissionTargetSet", "2024-01-15", { year: 2024, target: 2 }),
      orgEvent(A, "OrganizationMerged", "2025-07-01", { intoOrgId: B }),
      // A unit inside A's subtree with a plan of its own: A's plan covers it.
      founded(S, "cell", CA),
      orgEvent(S, "AdmissionTargetSet", "2024-01-20", { year: 2024, target: 5 })
    ],
    admittedIn(51, CA, CA),
    admittedIn(52, CA, CA),
    admittedIn(53, CB, CB),
    admittedIn(54, CB, CB)
  )
  const restatedIndex = Statistics.make(restatedWorld)
  const ratios = (q: Statistics.Query) => {
    const r = Result.getOrThrow(Statistics.query(restatedIndex, q))
    return { admitted: r.flows.admitted, planTarget: r.ratios.planTarget, planAttainment: r.ratios.planAttainment }
  }
  const year = { from: "2024-01-01", to: "2024-12-31" }

  it("B on its own tree: its plan against its admissions", () => {
    assert.deepStrictEqual(ratios({ org: B, ...year }), { admitted: 2, planTarget: 2, planAttainment: 1 })
  })

  it("B restated on the merged tree: A's admissions count, and so does A's plan (not 200%)", () => {
    assert.deepStrictEqual(ratios({ org: B, ...year, structureAsOf: "2025-07-01" }), {
      admitted: 4,
      planTarget: 4,
      planAttainment: 1
    })
    // A's plan covers its whole subtree (S under it in 2024): S's own plan is not added again.
    assert.deepStrictEqual(ratios({ org: A, ...year, structureAsOf: "2025-06-30" }).planTarget, 2)
  })

  it("restated on a tree with no change, a query answers as without restating", () => {
    assert.deepStrictEqual(ratios({ org: B, ...year, structureAsOf: "2024-12-31" }), ratios({ org: B, ...year }))
    assert.deepStrictEqual(ratios({ org: A, ...year, structureAsOf: "2024-12-31" }), ratios({ org: A, ...year }))
  })
})
