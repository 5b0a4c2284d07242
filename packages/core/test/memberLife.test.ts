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
import { eventId, memberStream } from "../src/Ids.ts"
import { MemberColumns, periodCode } from "../src/internal/memberColumns.ts"
import { type Counted, fold } from "../src/internal/memberLife.ts"
import type { MemberEvent } from "../src/MemberEvent.ts"
import * as Person from "../src/Person.ts"
import * as Timeline from "../src/Timeline.ts"
import { member, org, person } from "./fixtures/world.ts"

const M = member(1)
const orgs = [org(1), org(2), org(3)]
const anOrg = fc.constantFrom(...orgs)
const aDay = fc.integer({ min: Calendar.toDayNumber("1960-01-01"), max: Calendar.toDayNumber("2030-12-31") }).map(
  Calendar.fromDayNumber
)
const aPerson = fc.record({
  birthDate: aDay,
  gender: fc.constantFrom("male" as const, "female" as const),
  ethnicity: fc.option(fc.constantFrom("Kinh", "Tày", "Thái"), { nil: undefined }),
  religion: fc.constantFrom(null, "Phật giáo")
}).map(({ ethnicity, ...p }) => person({ ...p, ...(ethnicity === undefined ? {} : { ethnicity }) }))
const aPatch = fc.record({
  birthDate: aDay,
  gender: fc.constantFrom("male" as const, "female" as const),
  ethnicity: fc.constantFrom("Kinh", "Mường"),
  religion: fc.constantFrom(null, "Công giáo")
}, { requiredKeys: [] })
const aPeriod = fc.tuple(fc.integer({ min: 1990, max: 2030 }), fc.constantFrom("", "-H1", "-H2")).map(([y, h]) =>
  `${y}${h}`
)

/** An event's type and data; ids to retract or annul are picked later among the earlier events. */
const anEvent: fc.Arbitrary<{ readonly type: string; readonly data: Record<string, unknown> }> = fc.oneof(
  fc.record({ type: fc.constant("CandidateRegistered"), data: fc.record({ person: aPerson, orgId: anOrg }) }),
  fc.record({
    type: fc.constant("MemberImported"),
    data: fc.record({
      person: aPerson,
      orgId: anOrg,
      basis: fc.constantFrom("openingBalance", "transferIn"),
      status: fc.constantFrom("probationary", "official"),
      admissionDecidedOn: aDay,
      firstAdmissionDecidedOn: fc.option(aDay, { nil: undefined }),
      partyAgeGaps: fc.option(
        fc.array(fc.tuple(aDay, aDay).map(([from, to]) => ({ from, to, reason: "gap" })), { maxLength: 2 }),
        { nil: undefined }
      )
    }).map((d) => JSON.parse(JSON.stringify(d)) as Record<string, unknown>)
  }),
  fc.record({
    type: fc.constant("AdmissionDecided"),
    data: fc.record({ kind: fc.constantFrom("first", "readmission") })
  }),
  fc.record({ type: fc.constant("OfficialRecognized"), data: fc.constant({}) }),
  fc.record({
    type: fc.constant("TransferredOut"),
    data: fc.record({ kind: fc.constant("official"), toOrgId: anOrg })
  }),
  fc.record({ type: fc.constant("TransferredIn"), data: fc.record({ orgId: anOrg }) }),
  fc.record({ type: fc.constant("ActivityExempted"), data: fc.record({ reason: fc.constantFrom("age", "health") }) }),
  fc.record({ type: fc.constant("ActivityExemptionEnded"), data: fc.constant({}) }),
  fc.record({
    type: fc.constant("QualityRated"),
    data: fc.record({ period: aPeriod, level: fc.constantFrom("excellent", "good", "completed", "notCompleted") })
  }),
  fc.record({
    type: fc.constant("NotRated"),
    data: fc.record({
      period: aPeriod,
      reason: fc.constantFrom("admittedUnder6Months", "exempted", "suspended", "other")
    })
  }),
  fc.record({
    type: fc.constant("Disciplined"),
    data: fc.record({ form: fc.constantFrom("reprimand", "warning", "removalFromPost", "expulsion") })
  }),
  fc.record({ type: fc.constant("DisciplineAnnulled"), data: fc.constant({}) }),
  fc.record({ type: fc.constant("EventRetracted"), data: fc.constant({ reason: "entered by mistake" }) }),
  fc.record({ type: fc.constant("CardIssued"), data: fc.constant({ cardNo: "12345678" }) }),
  fc.record({ type: fc.constant("CardReissued"), data: fc.constant({ cardNo: "87654321", reason: "lost" }) }),
  fc.record({
    type: fc.constant("BadgeAwarded"),
    data: fc.record({ milestone: fc.constantFrom(30, 40, 50, 90), posthumous: fc.boolean(), early: fc.boolean() })
  }),
  fc.record({
    type: fc.constant("StruckOff"),
    data: fc.record({ reason: fc.constantFrom("abandonedActivity", "unpaidDues", "probationNotRecognized") })
  }),
  fc.record({ type: fc.constant("AllowedToLeave"), data: fc.constant({}) }),
  fc.record({ type: fc.constant("Died"), data: fc.constant({}) }),
  fc.record({ type: fc.constant("PersonCorrected"), data: fc.record({ person: aPatch }) }),
  fc.record({ type: fc.constant("TemporaryTransferStarted"), data: fc.record({ hostOrgId: anOrg }) }),
  fc.record({ type: fc.constant("TemporaryTransferEnded"), data: fc.constant({}) }),
  fc.record({ type: fc.constant("AdmissionCeremonyHeld"), data: fc.constant({}) })
)

const base = Date.parse("2000-01-01T00:00:00.000Z")

/** A stream: events with dates, recording instants (late ones included) and ids. */
const aStream = fc.array(
  fc.tuple(anEvent, aDay, fc.integer({ min: 0, max: 10_000 }), fc.nat()),
  { minLength: 1, maxLength: 40 }
).map((raw) => {
  const envelopes: Array<MemberEnvelope> = []
  raw.forEach(([{ data, type }, occurredOn, minutes, pick], i) => {
    // What the store keeps of an id is its last 12 characters (60 bits of the randomness).
    const id = eventId(`01KB${String(pick % 1e10).padStart(10, "7")}${String(i + 1).padStart(12, "0")}`)
    const earlier = envelopes.filter((e) => e.type !== "EventRetracted" && e.type !== "DisciplineAnnulled")
    const target = earlier.length === 0 ? undefined : earlier[pick % earlier.length]!.id
    const named = type === "EventRetracted"
      ? { ...data, eventId: target ?? id }
      : type === "DisciplineAnnulled"
      ? { disciplineEventId: target ?? id }
      : data
    envelopes.push({
      id,
      stream: memberStream(M),
      schemaVersion: 1,
      type,
      occurredOn,
      recordedAt: new Date(base + minutes * 60_000).toISOString(),
      data: named
    } as unknown as MemberEnvelope)
  })
  return envelopes
})

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
          expect(life.points).toEqual(t.points)
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

  it("keeps each member's events apart when streams interleave", () => {
    const columns = new MemberColumns()
    const other = member(2)
    const mine = fc.sample(aStream, { seed: 7, numRuns: 1 })[0]!
    const theirs = fc.sample(aStream, { seed: 8, numRuns: 1 })[0]!.map((e) => ({ ...e, stream: memberStream(other) }))
    for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
      if (i < mine.length) columns.add(M, mine[i]!)
      if (i < theirs.length) columns.add(other, theirs[i]!)
    }
    expect(fold(columns, 0, Number.POSITIVE_INFINITY).points).toEqual(Timeline.make(M, mine).points)
    expect(fold(columns, 1, Number.POSITIVE_INFINITY).points).toEqual(Timeline.make(other, theirs).points)
  })
})
