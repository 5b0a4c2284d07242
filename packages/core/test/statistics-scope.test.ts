/**
 * A query folds only the members whose organisations fall in its subtree on some date it reads
 * (`scopeDates`). Leaving the others out must change nothing: on arbitrary streams of several
 * members in a tree with a merge, a unit moved to another province and back, and a dissolution, the stocks, flows and ratings of
 * a query equal those computed over every member's life.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import type { Envelope } from "../src/Envelope.ts"
import type { OrgId } from "../src/Ids.ts"
import * as Figures from "../src/internal/statisticsFigures.ts"
import { storeOf } from "../src/internal/statisticsIndex.ts"
import * as Statistics from "../src/Statistics.ts"
import * as Streams from "./fixtures/memberStreams.ts"
import { founded, life, member, org, orgEvent } from "./fixtures/world.ts"

const [P, G, C1, C2, C3, Y, Q, QY, D] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(org) as [
  ReturnType<typeof org>,
  ...Array<ReturnType<typeof org>>
]
const tree: ReadonlyArray<Envelope> = [
  founded(P, "province", null, "1960-01-01"),
  founded(G, "grassrootsCommittee", P!, "1960-01-01"),
  founded(C1, "cell", G!, "1960-01-01"),
  founded(C2, "cell", G!, "1960-01-01"),
  founded(C3, "cell", G!, "1960-01-01"),
  founded(Y, "grassrootsCell", P, "1960-01-01"),
  founded(Q, "province", null, "1960-01-01"),
  founded(QY, "grassrootsCell", Q!, "1960-01-01"),
  founded(D, "cell", G!, "1960-01-01"),
  orgEvent(C3!, "OrganizationMerged", "2010-06-01", { intoOrgId: C1! }),
  orgEvent(Y!, "OrganizationReparented", "2015-01-01", { parentId: Q! }),
  orgEvent(Y!, "OrganizationReparented", "2017-01-01", { parentId: P! }),
  orgEvent(D!, "OrganizationDissolved", "2012-03-01", { membersMovedTo: C2! })
]
const homes = [C1!, C2!, C3!, Y!, QY!, D!]
// Three members anywhere, and one only ever in Y (in Q's subtree in 2015–2016 alone).
const members = fc.tuple(
  ...[1, 2, 3].map((n) => Streams.aStream(member(n), homes, `K${n}`)),
  Streams.aStream(member(4), [Y!], "K4")
)
const aDate = fc.integer({ min: Calendar.toDayNumber("2005-01-01"), max: Calendar.toDayNumber("2020-12-31") }).map(
  Calendar.fromDayNumber
)

/**
 * Checks a report's stocks, flows, ratings and last year's admissions against the same figures
 * computed over every member's life (no member left out); gives those lives and the scopes.
 */
const expectAsOverEveryLife = (
  index: Statistics.Compact,
  q: {
    readonly org: OrgId
    readonly from: string
    readonly to: string
    readonly knownAt?: string | undefined
    readonly structureAsOf?: string | undefined
  },
  report: Statistics.Report
) => {
  const store = storeOf(index)
  const structure = store.structure(q.knownAt)
  const scopeOn = Figures.makeScopes(structure, q.org, q.structureAsOf)
  const every = { ...structure, lives: store.lives(q.knownAt, report.query.period) }
  expect(report.stocks).toEqual(Figures.stocks(every, q.to, scopeOn(q.to)).stocks)
  expect(report.flows).toEqual(Figures.flows(every, q.from, q.to, scopeOn))
  expect(report.ratings).toEqual(Figures.ratings(every, report.query.period, scopeOn))
  const lastYear = Figures.flows(every, Calendar.addYears(q.from, -1), Calendar.addYears(q.to, -1), scopeOn)
  expect(report.ratios.samePeriodLastYear.admitted).toBe(lastYear.admitted)
  return { every, scopeOn }
}

describe("Statistics.query reads only the members its subtree can count", () => {
  it("counts a member whose unit is in the subtree only in the middle of the period", () => {
    // Y is under Q from 2015-01-01 to 2017-01-01: neither at the start nor at the end of 2014–2017.
    const index = Statistics.makeCompact([...tree, ...life(member(5)).imported("2015-06-01", Y!).envelopes])
    const r = Statistics.query(index, { org: Q!, from: "2014-01-01", to: "2017-12-31" })
    expect(r._tag === "Success" ? [r.success.flows.importedOpening, r.success.flows.restructuring] : r).toEqual([1, {
      movedIn: 0,
      movedOut: 1
    }])
  })

  it("gives the stocks, flows and ratings computed over every member's life", () => {
    fc.assert(
      fc.property(
        members,
        fc.constantFrom(P!, G!, C1!, C2!, Y!, Q!, Q!, Q!),
        fc.tuple(aDate, aDate),
        fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
        fc.option(aDate, { nil: undefined }),
        (streams, orgId, [a, b], minutes, structureAsOf) => {
          const [from, to] = a <= b ? [a, b] : [b, a]
          const index = Statistics.makeCompact([...tree, ...streams.flat()])
          const knownAt = minutes === undefined ? undefined : new Date(Streams.base + minutes * 60_000).toISOString()
          const q = { org: orgId, from, to, knownAt, structureAsOf }
          const r = Statistics.query(index, q)
          if (r._tag === "Failure") return // not founded as known then
          const { every, scopeOn } = expectAsOverEveryLife(index, q, r.success)
          const heads = Statistics.headcounts(index, { org: orgId, asOf: to, knownAt, structureAsOf })
          expect(heads._tag === "Success" ? heads.success : undefined).toEqual(
            Figures.stocks(every, to, scopeOn(to)).byUnit
          )
        }
      ),
      { seed: 61206, numRuns: 500 }
    )
  })

  it("still folds a member who counts nowhere after a day when a later query reads from that day", () => {
    // Admitted and dead on the same day: an admission of that day in last year's window still counts.
    const died = life(member(5)).registered("2008-01-01", C1!).admitted("2010-03-01", C1!).add("Died", "2010-03-01", {})
    const index = Statistics.makeCompact([...tree, ...died.envelopes])
    const admittedLastYear = (from: string, to: string) => {
      const r = Statistics.query(index, { org: G!, from, to } as never)
      return r._tag === "Success" ? r.success.ratios.samePeriodLastYear.admitted : -1
    }
    expect(admittedLastYear("2012-01-01", "2012-12-31")).toBe(0)
    expect(admittedLastYear("2011-03-01", "2011-12-31")).toBe(1)
  })

  it("folds a member whose life begins on the last date a query reads, and no one whose life begins later", () => {
    const index = Statistics.makeCompact([
      ...tree,
      ...life(member(5)).imported("2012-12-31", C1!).envelopes,
      ...life(member(6)).imported("2013-01-01", C1!).envelopes,
      ...life(member(7)).imported("2013-06-30", C1!).envelopes,
      ...life(member(8)).imported("2013-07-01", C1!).envelopes
    ])
    const report = (q: Statistics.Query) => {
      const r = Statistics.query(index, q)
      return r._tag === "Success" ? r.success : expect.fail(String(r.failure))
    }
    const year = report({ org: G!, from: "2012-01-01", to: "2012-12-31" })
    expect([year.stocks.total, year.flows.importedOpening, year.ratings.members]).toEqual([1, 1, 1])
    // The ratings of a later period are read on its end: the members then.
    expect(report({ org: G!, from: "2012-01-01", to: "2012-12-31", period: "2013-H1" }).ratings.members).toBe(3)
    // Stocks on a later day than the period's end.
    expect(report({ org: G!, from: "2012-01-01", to: "2012-12-31", asOf: "2013-07-01" }).stocks.total).toBe(4)
    const heads = Statistics.headcounts(index, { org: G!, asOf: "2013-01-01" })
    expect(heads._tag === "Success" ? heads.success.get(C1!) : undefined).toBe(2)
  })

  it("counts the members who arrive after a query: new ones, and those whose home comes later", () => {
    const index = Statistics.makeCompact([...tree, ...life(member(1)).imported("2001-01-01", C1!).envelopes])
    const q = { org: G!, from: "2002-01-01", to: "2002-12-31" } as const
    const total = () => {
      const r = Statistics.query(index, q)
      return r._tag === "Success" ? r.success.stocks.total : -1
    }
    expect(total()).toBe(1)
    // A new member, and one whose stream begins without a home (a person correction) before it is imported.
    for (const e of life(member(2)).imported("2001-06-01", C2!).envelopes) index.add(e)
    const late = life(member(3)).add("PersonCorrected", "2000-01-01", { person: { gender: "female" } })
    for (const e of late.envelopes) index.add(e)
    expect(total()).toBe(2)
    for (const e of late.imported("2001-09-01", D!).envelopes.slice(1)) index.add(e)
    expect(total()).toBe(3)
  })

  it("answers after more events are added as an index built from all of them", () => {
    // The members of each organisation are kept up to date as events come: new members, homes
    // reached by a transfer, a first home after other events. So is what the index and earlier
    // queries learnt of who counts nowhere from some day on — the index notes it event by event
    // (after a death, a removal, an expulsion, and again at each event after one) — so a later
    // query of another period must not lose a member a new event brings back: the same figures as
    // over every member's life.
    fc.assert(
      fc.property(
        members,
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        fc.constantFrom(P!, G!, C1!, C2!, Y!, Q!),
        fc.tuple(aDate, aDate),
        fc.tuple(aDate, aDate),
        (streams, cuts, orgId, [a, b], [c, d]) => {
          const q1 = { org: orgId, from: a <= b ? a : b, to: a <= b ? b : a }
          const q2 = { org: orgId, from: c <= d ? c : d, to: c <= d ? d : c }
          const head = [...tree, ...streams.flatMap((s, i) => s.slice(0, cuts[i]! % (s.length + 1)))]
          const rest = streams.flatMap((s, i) => s.slice(cuts[i]! % (s.length + 1)))
          const index = Statistics.makeCompact(head)
          const fresh = Statistics.makeCompact(head)
          Statistics.query(index, q1)
          expect(Statistics.query(index, q2)).toEqual(Statistics.query(fresh, q2))
          for (const e of rest) index.add(e)
          const all = Statistics.makeCompact([...tree, ...streams.flat()])
          expect(Statistics.query(index, q2)).toEqual(Statistics.query(all, q2))
          const r = Statistics.query(index, q1)
          expect(r).toEqual(Statistics.query(all, q1))
          if (r._tag === "Failure") return expect.unreachable(r.failure.message)
          expectAsOverEveryLife(index, q1, r.success)
          expect(Statistics.headcounts(index, { org: orgId, asOf: q1.to })).toEqual(
            Statistics.headcounts(all, { org: orgId, asOf: q1.to })
          )
        }
      ),
      { seed: 61207, numRuns: 300 }
    )
  })
})

describe("a query's scope", () => {
  it("answers by organisation number as resolving each organisation on the date, restated or not", () => {
    // The tree above: a merge, a unit moved to another province and back, a dissolution. Each
    // organisation is resolved on the date (and on structureAsOf) through the registry itself and
    // checked against the subtree, then asked of the scope by number, by id, and again (kept).
    const index = Statistics.makeCompact([...tree, ...life(member(5)).imported("2005-01-01", C3!).envelopes])
    const structure = storeOf(index).structure(undefined)
    const { orgNumbers, registry } = structure
    const all = [P!, G!, C1!, C2!, C3!, Y!, Q!, QY!, D!]
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        aDate,
        fc.option(aDate, { nil: undefined }),
        (unit, d, structureAsOf) => {
          const subtree = new Set(registry.subtreeOn(unit, structureAsOf ?? d))
          const scope = Figures.makeScopes(structure, unit, structureAsOf)(d)
          for (const raw of all) {
            const onDay = registry.resolve(raw, d)
            const resolved = onDay === undefined || structureAsOf === undefined
              ? onDay
              : registry.resolve(onDay, structureAsOf)
            const expected = resolved !== undefined && subtree.has(resolved) ? resolved : undefined
            const n = orgNumbers.get(raw)!
            for (let again = 0; again < 2; again++) {
              expect(scope.unitOf(n) === -1 ? undefined : scope.orgIds[scope.unitOf(n)]).toBe(expected)
              expect(scope(raw)).toBe(expected)
            }
          }
          // An id no event names is no organisation of the tree: it counts in no unit.
          expect(scope(org(99)!)).toBeUndefined()
        }
      ),
      { seed: 20261207, numRuns: 500 }
    )
  })
})
