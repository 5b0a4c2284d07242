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
import type { MemberEnvelope } from "../src/Envelope.ts"
import { type EventId, eventId, makeUlid, type MemberId, memberStream, type OrgId } from "../src/Ids.ts"
import { dayText, idBits, idHash, load, MemberColumns, periodCode, save } from "../src/internal/memberColumns.ts"
import { type Counted, fold, type Life, membershipText, type Point, pointOn } from "../src/internal/memberLife.ts"
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

/**
 * Event ids whose 16 bits (`idHash`, what an event's bytes keep of its id) are all the same: every
 * event of a stream of them shares its hash with every other, so a retraction finds the event it
 * names through the full ids kept for such events.
 */
const sameHashIds: ReadonlyArray<EventId> = (() => {
  const ids: Array<EventId> = []
  let hash = -1
  for (let n = 1; ids.length < 40; n++) {
    const id = eventId(`01KC7777777777${String(n).padStart(12, "0")}`)
    const h = idHash(idBits(id, 14), idBits(id, 20))
    if (hash === -1) hash = h
    if (h === hash) ids.push(id)
  }
  return ids
})()

/** An organisation number of the columns as an id (−1: undefined). */
const idOf = (columns: MemberColumns, n: number): OrgId | undefined => (n === -1 ? undefined : columns.orgIds[n])

/** A point as `Timeline` gives it: its date as text, its organisations as ids. */
const pointText = (columns: MemberColumns, p: Point): Timeline.Point => ({
  from: dayText(p.day),
  status: p.status,
  home: idOf(columns, p.home),
  transitFrom: idOf(columns, p.transitFrom),
  transitOutside: p.transitOutside,
  exempted: p.exempted
})
const pointsText = (columns: MemberColumns, life: Life): ReadonlyArray<Timeline.Point> =>
  life.points.map((p) => pointText(columns, p))

/** The fold of every member of `columns` (ordinal order) agrees with `Timeline` on `streams`. */
const agrees = (
  columns: MemberColumns,
  streams: ReadonlyArray<readonly [MemberId, ReadonlyArray<MemberEnvelope>]>,
  instants: ReadonlyArray<number>
): void => {
  streams.forEach(([memberId, envelopes], ordinal) => {
    for (const minutes of [undefined, ...instants]) {
      const knownAt = minutes === undefined ? undefined : new Date(base + minutes * 60_000).toISOString()
      const knownMs = knownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(knownAt)
      const life = fold(columns, ordinal, knownMs)
      const t = Timeline.make(memberId, envelopes, { knownAt })
      // The rating of each period (the fold keeps the one period it is asked for).
      for (const period of new Set([...t.ratings.keys(), ...t.notRated.keys(), "2024", "2024-H1"])) {
        const rated = fold(columns, ordinal, knownMs, periodCode(period))
        expect([period, rated.rating, rated.notRated]).toEqual([
          period,
          t.ratings.get(period),
          t.notRated.get(period)
        ])
      }
      expect(pointsText(columns, life)).toEqual(counting(t.points))
      for (const p of t.points) {
        for (const d of [p.from, Calendar.addDays(p.from, -1)]) {
          const { from: _, ...answer } = Timeline.on(t, d)
          const { from: __, ...found } = pointText(columns, pointOn(life, Calendar.toDayNumber(d)))
          expect(found).toEqual(answer)
        }
      }
      expect(life.marks).toEqual(
        t.marks.map((m) => ({
          day: Calendar.toDayNumber(m.on),
          org: columns.orgNumbers.get(m.org),
          counted: counted(m.event)
        }))
      )
      expect([life.rating, life.notRated]).toEqual([undefined, undefined])
      expect(life.membership === undefined ? undefined : membershipText(life.membership)).toEqual(t.membership)
      expect(life.facts).toEqual(
        t.person === undefined ? undefined : {
          female: t.person.gender === "female",
          minority: Person.isEthnicMinority(t.person),
          religious: t.person.religion != null,
          birth: Calendar.toDayNumber(t.person.birthDate)
        }
      )
    }
  })
}

/**
 * Each stream's events added in turn, one at a time: the members' events interleave. With `cut`,
 * the columns are saved and read back (a checkpoint) once each stream's first `cut` are added.
 */
const interleaved = (
  streams: ReadonlyArray<readonly [MemberId, ReadonlyArray<MemberEnvelope>]>,
  cut = -1
): MemberColumns => {
  let columns = new MemberColumns()
  for (let i = 0; i < Math.max(...streams.map(([, es]) => es.length)); i++) {
    if (i === cut) {
      const loaded = load(save(columns))
      if (typeof loaded === "string") throw new Error(loaded)
      columns = loaded
    }
    for (const [m, envelopes] of streams) if (i < envelopes.length) columns.add(m, envelopes[i]!)
  }
  return columns
}

const someInstants = fc.array(fc.integer({ min: -1, max: 10_001 }), { maxLength: 4 })

/**
 * The first member's streams of `mine`, with a second member's events interleaved (ids of other
 * keys: a member's keys are read back from its chain when another's event came between), fold as
 * `Timeline` says, also when added after a checkpoint read back (which keeps the full ids).
 */
const agreesWithAnother = (mine: fc.Arbitrary<ReadonlyArray<MemberEnvelope>>, seed: number): void => {
  const other = member(2)
  fc.assert(
    fc.property(
      mine,
      Streams.aStream(other, orgs, "KD"),
      someInstants,
      fc.nat({ max: 40 }),
      (m, others, instants, cut) => {
        const streams = [[M, m], [other, others]] as const
        agrees(interleaved(streams), streams, instants)
        agrees(interleaved(streams, cut), streams, instants)
      }
    ),
    { seed, numRuns: 300 }
  )
}

describe("memberLife.fold (the compact statistics store)", () => {
  it("agrees with Timeline.make as known at any instant", () => {
    fc.assert(
      fc.property(aStream, someInstants, (envelopes, instants) => {
        const columns = new MemberColumns()
        for (const e of envelopes) columns.add(M, e)
        agrees(columns, [[M, envelopes]], instants)
      }),
      { seed: 20261206, numRuns: 1000 }
    )
  })

  it("neutralises the event a retraction names among events whose ids share their 16 bits (STR-03)", () => {
    // Every id of the first member's stream has the same hash: its first event is found as the first
    // with it, the others by the full ids kept for them. A second member interleaved (ids of other
    // hashes): a member's hashes are read back from its chain when another's event came between.
    agreesWithAnother(Streams.aStream(M, orgs, "KC", (i) => sameHashIds[i]!), 20261207)
  })

  it("neutralises the event a retraction names among events whose ids carry the same instant (STR-03)", () => {
    // Every id of the first member's stream has as its time part the first event's recording
    // instant: the events recorded then keep no id bits (their key is that instant) and share their
    // key with one another; the others keep their 16 bits, but a retraction naming one of them would
    // also seek it under that instant's key. Either way the full ids are kept for all but the first.
    const sameInstant = Streams.aStream(M, orgs, "KE").map((stream) => {
      const t = Date.parse(stream[0]!.recordedAt)
      const ids = new Map(stream.map((e, i) => [e.id, eventId(makeUlid(t, 0xe0000n + BigInt(i)))]))
      // Half the events recorded at that instant too (keyed).
      return stream.map((e, i) => {
        const data = e.data as Record<string, unknown>
        const named = (key: string) =>
          typeof data[key] === "string" ? { ...data, [key]: ids.get(data[key] as EventId) ?? data[key] } : data
        return {
          ...e,
          id: ids.get(e.id)!,
          recordedAt: i % 2 === 0 ? stream[0]!.recordedAt : e.recordedAt,
          data: e.type === "EventRetracted"
            ? named("eventId")
            : e.type === "DisciplineAnnulled"
            ? named("disciplineEventId")
            : data
        } as MemberEnvelope
      })
    })
    agreesWithAnother(sameInstant, 20261210)
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
    const other = member(2)
    const mine = fc.sample(aStream, { seed: 7, numRuns: 1 })[0]!
    const theirs = fc.sample(aStream, { seed: 8, numRuns: 1 })[0]!.map((e) => ({ ...e, stream: memberStream(other) }))
    const columns = interleaved([[M, mine], [other, theirs]])
    expect(pointsText(columns, fold(columns, 0, Number.POSITIVE_INFINITY))).toEqual(
      counting(Timeline.make(M, mine).points)
    )
    expect(pointsText(columns, fold(columns, 1, Number.POSITIVE_INFINITY))).toEqual(
      counting(Timeline.make(other, theirs).points)
    )
  })
})
