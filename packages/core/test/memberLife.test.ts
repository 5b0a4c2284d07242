/**
 * The compact statistics store folds a member's life from columns of numbers; `Timeline.make` folds
 * it from envelopes with `Member`'s own semantics. They must agree on every point, mark, rating,
 * party-age membership and person fact, as known at any instant — checked here on arbitrary event
 * sequences (any order, any dates, late recordings, retractions and annulments, corrections), not
 * only on histories the deciders accept.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import { memberStream } from "../src/Ids.ts"
import { MemberColumns, periodCode } from "../src/internal/memberColumns.ts"
import { type Counted, fold } from "../src/internal/memberLife.ts"
import type { MemberEvent } from "../src/MemberEvent.ts"
import * as Person from "../src/Person.ts"
import * as Timeline from "../src/Timeline.ts"
import * as Streams from "./fixtures/memberStreams.ts"
import * as World from "./fixtures/world.ts"
import { member, org } from "./fixtures/world.ts"

const M = member(1)
const orgs = [org(1), org(2), org(3)]
const aStream = Streams.aStream(M, orgs)
const base = Streams.base

/**
 * The points without the leading ones in which nothing has happened yet (no status, home or
 * transit): the fold leaves them out, and `Timeline.on` answers the same without them.
 */
const counting = (points: ReadonlyArray<Timeline.Point>): ReadonlyArray<Timeline.Point> => {
  const first = points.findIndex((p) =>
    p.status !== "none" || p.home !== undefined || p.transitFrom !== undefined || p.exempted
  )
  return first === -1 ? [] : points.slice(first)
}

const counted = (e: MemberEvent): Counted | undefined => {
  switch (e.type) {
    case "AdmissionDecided":
      return { type: e.type, readmission: e.data.kind === "readmission" }
    case "MemberImported":
      return { type: e.type, transferIn: e.data.basis === "transferIn" }
    case "StruckOff":
      return { type: e.type, reason: e.data.reason }
    case "Disciplined":
      return { type: e.type, form: e.data.form }
    case "BadgeAwarded":
      return { type: e.type, milestone: e.data.milestone, posthumous: e.data.posthumous, early: e.data.early }
    default:
      return { type: e.type } as Counted
  }
}

describe("memberLife.fold (the compact statistics store)", () => {
  it("agrees with Timeline.make as known at any instant", () => {
    fc.assert(
      fc.property(aStream, fc.array(fc.integer({ min: -1, max: 10_001 }), { maxLength: 4 }), (envelopes, instants) => {
        const columns = new MemberColumns()
        for (const e of envelopes) columns.add(M, e)
        for (const minutes of [undefined, ...instants]) {
          const knownAt = minutes === undefined ? undefined : new Date(base + minutes * 60_000).toISOString()
          const knownMs = knownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(knownAt)
          const life = fold(columns, 0, knownMs)
          const t = Timeline.make(M, envelopes, { knownAt })
          // The rating of each period (the fold keeps the one period it is asked for).
          for (const period of new Set([...t.ratings.keys(), ...t.notRated.keys(), "2024", "2024-H1"])) {
            const rated = fold(columns, 0, knownMs, periodCode(period))
            expect([period, rated.rating, rated.notRated]).toEqual([
              period,
              t.ratings.get(period),
              t.notRated.get(period)
            ])
          }
          expect(life.points).toEqual(counting(t.points))
          for (const p of t.points) {
            for (const d of [p.from, Calendar.addDays(p.from, -1)]) {
              const { from: _, ...answer } = Timeline.on(t, d)
              expect(Timeline.on(life, d)).toMatchObject(answer)
            }
          }
          expect(life.marks).toEqual(t.marks.map((m) => ({ on: m.on, org: m.org, counted: counted(m.event) })))
          expect([life.rating, life.notRated]).toEqual([undefined, undefined])
          expect(life.membership).toEqual(t.membership)
          expect(life.facts).toEqual(
            t.person === undefined ? undefined : {
              female: t.person.gender === "female",
              minority: Person.isEthnicMinority(t.person),
              religious: t.person.religion != null,
              birthDate: t.person.birthDate
            }
          )
        }
      }),
      { seed: 20261206, numRuns: 1000 }
    )
  })

  it("reads the rating of a period decades away from the member's other events", () => {
    // A rating's period is written as a byte relative to the year of the last other event, in 2
    // bytes when further than that byte reaches (42 years).
    const { envelopes } = World.life(M).imported("1950-03-01", orgs[0]!)
      .add("QualityRated", "2020-12-20", { period: "2020", level: "good" })
      .add("QualityRated", "1951-01-10", { period: "1950", level: "excellent" })
      .add("NotRated", "1990-12-20", { period: "1990", reason: "other" })
      .add("QualityRated", "2010-12-20", { period: "2010-H2", level: "completed" })
    const columns = new MemberColumns()
    for (const e of envelopes) columns.add(M, e)
    const rating = (period: string) => {
      const l = fold(columns, 0, Number.POSITIVE_INFINITY, periodCode(period))
      return [l.rating, l.notRated]
    }
    expect(["2020", "1950", "1990", "2010-H2", "2010"].map(rating)).toEqual([
      ["good", undefined],
      ["excellent", undefined],
      [undefined, "other"],
      ["completed", undefined],
      [undefined, undefined]
    ])
  })

  it("keeps each member's events apart when streams interleave", () => {
    const columns = new MemberColumns()
    const other = member(2)
    const mine = fc.sample(aStream, { seed: 7, numRuns: 1 })[0]!
    const theirs = fc.sample(aStream, { seed: 8, numRuns: 1 })[0]!.map((e) => ({ ...e, stream: memberStream(other) }))
    for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
      if (i < mine.length) columns.add(M, mine[i]!)
      if (i < theirs.length) columns.add(other, theirs[i]!)
    }
    expect(fold(columns, 0, Number.POSITIVE_INFINITY).points).toEqual(counting(Timeline.make(M, mine).points))
    expect(fold(columns, 1, Number.POSITIVE_INFINITY).points).toEqual(counting(Timeline.make(other, theirs).points))
  })
})
