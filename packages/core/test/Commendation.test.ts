/**
 * `Commendation.consecutiveExcellent`: members rated excellent several years running (RAT-01,
 * RAT-05), as Hà Nội commended 140 members rated excellent five years running (2010–2014).
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as Commendation from "../src/Commendation.ts"
import type { RatingLevel } from "../src/MemberEvent.ts"
import * as Statistics from "../src/Statistics.ts"
import { all, founded, type Life, life, member, org, orgEvent } from "./fixtures/world.ts"

const P = org(1) // the committee asked about
const A = org(2) // its cell
const B = org(3) // a cell elsewhere until merged into A in 2016
const X = org(4) // another committee

/** Yearly ratings recorded on 20 December of each year. */
const rated = (l: Life, levels: Readonly<Record<number, RatingLevel>>): Life =>
  Object.entries(levels).reduce(
    (acc, [year, level]) => acc.add("QualityRated", `${year}-12-20`, { period: year, level }),
    l
  )

const five = { 2010: "excellent", 2011: "excellent", 2012: "excellent", 2013: "excellent", 2014: "excellent" } as const

const m1 = rated(life(member(1)).imported("2005-01-01", A), five)
const m2 = rated(life(member(2)).imported("2005-01-01", A), { ...five, 2008: "excellent", 2009: "excellent" })
const m3 = rated(life(member(3)).imported("2005-01-01", A), { ...five, 2012: "good" })
// Corrected (RAT-05): the 2011 rating is superseded by a later one, and back again for m5.
const m4 = rated(life(member(4)).imported("2005-01-01", A), five).add("QualityRated", "2012-01-10", {
  period: "2011",
  level: "good"
})
const m5 = rated(life(member(5)).imported("2005-01-01", A), { ...five, 2011: "good" }).add(
  "QualityRated",
  "2012-01-10",
  { period: "2011", level: "excellent" }
)
// A half-year rating is no yearly rating.
const m6 = rated(life(member(6)).imported("2005-01-01", A), {
  2010: "excellent",
  2011: "excellent",
  2013: "excellent",
  2014: "excellent"
})
  .add("QualityRated", "2012-06-20", { period: "2012-H1", level: "excellent" })
// Died in 2014 after the rating: not a member at the end of the year.
const m7 = rated(life(member(7)).imported("2005-01-01", A), five).add("Died", "2014-12-28", {})
// Elsewhere (X's subtree) at the end of 2014.
const m8 = rated(life(member(8)).imported("2005-01-01", X), five)
// Rated excellent 2010–2014, then a retraction of the 2013 rating recorded in 2015.
const m9base = rated(life(member(9)).imported("2005-01-01", A), {
  2010: "excellent",
  2011: "excellent",
  2012: "excellent"
})
  .add("QualityRated", "2013-12-20", { period: "2013", level: "excellent" })
const m9 = m9base.add("QualityRated", "2014-12-20", { period: "2014", level: "excellent" }).add(
  "EventRetracted",
  "2015-03-01",
  { eventId: m9base.lastId, reason: "entered in error" }
)
// In B, outside P until B is merged into A in 2016.
const m10 = rated(life(member(10)).imported("2005-01-01", B), five)
// A later NotRated for 2012 supersedes its excellent rating.
const m11 = rated(life(member(11)).imported("2005-01-01", A), five).add("NotRated", "2013-01-05", {
  period: "2012",
  reason: "suspended"
})
// Transferred from A to X in December 2014: counts in X at the end of the year.
const m12 = rated(life(member(12)).imported("2005-01-01", A), five)
  .add("TransferredOut", "2014-12-22", { kind: "official", toOrgId: X })
  .add("TransferredIn", "2014-12-27", { orgId: X })

const envelopes = all(
  [
    founded(P, "grassrootsCommittee", null),
    founded(A, "cell", P),
    founded(X, "grassrootsCommittee", null),
    founded(B, "grassrootsCell", null),
    orgEvent(B, "OrganizationMerged", "2016-01-01", { intoOrgId: A })
  ],
  m1,
  m2,
  m3,
  m4,
  m5,
  m6,
  m7,
  m8,
  m9,
  m10,
  m11,
  m12
)

// #region commended
/** Hà Nội's question for its committee: who was rated excellent five years running, 2010–2014? */
const commended = (index: Statistics.Compact) =>
  Commendation.consecutiveExcellent(index, {
    org: P,
    lastYear: 2014, // the run's last yearly rating period
    years: 5, // 2010, 2011, 2012, 2013 and 2014
    knownAt: "2015-01-15T00:00:00.000Z" // as the committee knew it that day
  }).pipe(
    // One row a member: { memberId, unit, since } — since: the first year of the whole run.
    Result.map((rows) => rows.map((r) => `${r.memberId} ${r.since}–2014 in ${r.unit}`))
  )
// #endregion commended

const ask = (index: Statistics.Index | Statistics.Compact, q: Partial<Commendation.Query> = {}) =>
  Result.getOrThrow(Commendation.consecutiveExcellent(index, { org: P, lastYear: 2014, years: 5, ...q }))

const ids = (rows: ReadonlyArray<Commendation.Row>) => rows.map((r) => r.memberId)

describe("Commendation.consecutiveExcellent (RAT-01, RAT-05)", () => {
  it("docs/statistics.md's example: the rows as known on 2015-01-15 (m9's retraction not yet recorded)", () => {
    assert.deepStrictEqual(Result.getOrThrow(commended(Statistics.makeCompact(envelopes))), [
      `${member(1)} 2010–2014 in ${A}`,
      `${member(2)} 2008–2014 in ${A}`,
      `${member(5)} 2010–2014 in ${A}`,
      `${member(9)} 2010–2014 in ${A}`
    ])
  })

  for (const [engine, make] of [["Index", Statistics.make], ["Compact", Statistics.makeCompact]] as const) {
    describe(engine, () => {
      const index = make(envelopes)

      it("finds the members rated excellent each of the five years, in the subtree at the end of the last", () => {
        const rows = ask(index)
        assert.deepStrictEqual(ids(rows), [member(1), member(2), member(5)])
        assert.deepStrictEqual(rows.find((r) => r.memberId === member(1)), {
          memberId: member(1),
          unit: A,
          since: 2010
        })
        // The whole run: m2 was excellent from 2008.
        assert.strictEqual(rows.find((r) => r.memberId === member(2))!.since, 2008)
      })

      it("honours a retraction as of its recording (knownAt)", () => {
        assert.include(ids(ask(index, { knownAt: "2015-01-15T00:00:00.000Z" })), member(9))
        assert.notInclude(ids(ask(index, { knownAt: "2015-06-01T00:00:00.000Z" })), member(9))
      })

      it("fewer years find more members; one year is the ratings' excellent count", () => {
        const three = ids(ask(index, { years: 3 }))
        for (const id of ids(ask(index))) assert.include(three, id)
        // 2012–2014: m4 too (its 2011 rating corrected to good); m3 and m11 break their run in 2012,
        // m6 has no yearly 2012 rating, m9's 2013 rating is retracted.
        assert.deepStrictEqual(three, [member(1), member(2), member(4), member(5)])
        const one = ask(index, { years: 1 })
        const report = Result.getOrThrow(Statistics.query(index, { org: P, from: "2014-01-01", to: "2014-12-31" }))
        assert.strictEqual(one.length, report.ratings.byLevel.excellent)
      })

      it("restated on a later structure, counts the members of a unit merged in since, in the unit they count in", () => {
        const rows = ask(index, { structureAsOf: "2016-06-01" })
        assert.include(ids(rows), member(10))
        assert.strictEqual(rows.find((r) => r.memberId === member(10))!.unit, A)
        assert.notInclude(ids(ask(index)), member(10))
        assert.deepStrictEqual(ids(ask(index, { org: X })), [member(8), member(12)])
      })

      const fail = (q: Partial<Commendation.Query>) => {
        const r = Commendation.consecutiveExcellent(index, { org: P, lastYear: 2014, years: 5, ...q })
        return Result.isFailure(r) ? r.failure : undefined
      }

      it("refuses a bad query with a tagged error naming the field", () => {
        assert.deepInclude(fail({ years: 0 }), { _tag: "InvalidQuery", field: "years" })
        assert.deepInclude(fail({ years: 2.5 }), { _tag: "InvalidQuery", field: "years" })
        assert.deepInclude(fail({ lastYear: 14 }), { _tag: "InvalidQuery", field: "lastYear" })
        assert.deepInclude(fail({ knownAt: "yesterday" }), { _tag: "InvalidQuery", field: "knownAt" })
        assert.deepInclude(fail({ structureAsOf: "2016-13-01" }), { _tag: "InvalidQuery", field: "structureAsOf" })
        assert.deepInclude(fail({ org: org(99) }), { _tag: "UnknownOrganization" })
      })
    })
  }
})
