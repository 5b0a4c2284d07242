import { assert, describe, it } from "@effect/vitest"
import * as OrganizationRegistry from "../src/OrganizationRegistry.ts"
import * as Timeline from "../src/Timeline.ts"
import { all, founded, life, member, org, orgEvent } from "./fixtures/world.ts"

const P = org(1)
const G = org(2)
const C1 = org(3)
const C2 = org(4)
const C3 = org(5)
const registry = OrganizationRegistry.make([
  founded(P, "province", null),
  founded(G, "grassrootsCommittee", P),
  founded(C1, "cell", G),
  founded(C2, "cell", G),
  founded(C3, "cell", G),
  orgEvent(C3, "OrganizationMerged", "2022-06-01", { intoOrgId: C1 })
])

const M = member(1)

describe("Timeline", () => {
  it("status intervals from candidate to official, queried by date", () => {
    const t = Timeline.make(
      M,
      life(M)
        .registered("2019-01-10", C1)
        .admitted("2019-04-20", G)
        .add("AdmissionCeremonyHeld", "2019-05-06", {})
        .add("OfficialRecognized", "2020-05-06", {}).envelopes
    )
    assert.strictEqual(Timeline.on(t, "2019-01-09").status, "none")
    assert.strictEqual(Timeline.on(t, "2019-01-10").status, "candidate")
    assert.strictEqual(Timeline.on(t, "2019-04-19").status, "candidate")
    assert.strictEqual(Timeline.on(t, "2019-04-20").status, "probationary")
    assert.strictEqual(Timeline.on(t, "2020-05-05").status, "probationary")
    assert.strictEqual(Timeline.on(t, "2020-05-06").status, "official")
    assert.isFalse(Timeline.isMemberOn(t, "2019-04-19"))
    assert.isTrue(Timeline.isMemberOn(t, "2019-04-20"))
    // The ceremony changes nothing the timeline keeps: one point per change.
    assert.strictEqual(t.points.length, 3)
  })

  it("an OfficialRecognized recorded after later events takes effect on its own date (STR-02)", () => {
    const t = Timeline.make(
      M,
      life(M)
        .registered("2019-01-10", C1)
        .admitted("2019-04-20", G)
        .add("AdmissionCeremonyHeld", "2019-05-06", {})
        .add("TransferredOut", "2020-06-01", { kind: "official" })
        .add("OfficialRecognized", "2020-05-06", {}, "2020-06-10T03:00:00.000Z").envelopes
    )
    assert.strictEqual(Timeline.on(t, "2020-05-05").status, "probationary")
    assert.strictEqual(Timeline.on(t, "2020-05-06").status, "official")
    assert.strictEqual(Timeline.on(t, "2020-05-06").home, C1)
    assert.strictEqual(Timeline.on(t, "2020-06-01").status, "official")
    assert.strictEqual(Timeline.on(t, "2020-06-01").transitFrom, C1)
    assert.deepStrictEqual(t.points.map((p) => p.from), ["2019-01-10", "2019-04-20", "2020-05-06", "2020-06-01"])
  })

  it("home org: set on arrival, cleared by a transfer out (in transit), temporary transfers keep it", () => {
    const t = Timeline.make(
      M,
      life(M)
        .imported("2019-01-01", C1)
        .add("TemporaryTransferStarted", "2020-01-01", { hostOrgId: C2 })
        .add("TemporaryTransferEnded", "2020-06-01", {})
        .add("TransferredOut", "2021-03-01", { kind: "official", toOrgId: C2 })
        .add("TransferredIn", "2021-03-20", { orgId: C2 }).envelopes
    )
    assert.strictEqual(Timeline.on(t, "2020-03-01").home, C1)
    const transit = Timeline.on(t, "2021-03-10")
    assert.strictEqual(transit.home, undefined)
    assert.strictEqual(transit.transitFrom, C1)
    assert.isTrue(Timeline.isMemberOn(t, "2021-03-10"))
    assert.strictEqual(Timeline.on(t, "2021-03-20").home, C2)
    assert.strictEqual(Timeline.on(t, "2021-03-20").transitFrom, undefined)
  })

  it("homeOrgOn follows a merge through the registry, without rewriting the timeline", () => {
    const t = Timeline.make(M, life(M).imported("2019-01-01", C3).envelopes)
    assert.strictEqual(Timeline.homeOrgOn(t, "2022-05-31", registry), C3)
    assert.strictEqual(Timeline.homeOrgOn(t, "2022-06-01", registry), C1)
    assert.strictEqual(Timeline.on(t, "2022-06-01").home, C3)
  })

  it("several events on one day: the end of the day counts", () => {
    const t = Timeline.make(
      M,
      life(M)
        .imported("2019-01-01", C1)
        .add("TransferredOut", "2021-03-01", { kind: "official" })
        .add("TransferredIn", "2021-03-01", { orgId: C2 }).envelopes
    )
    assert.strictEqual(Timeline.on(t, "2021-03-01").home, C2)
    assert.strictEqual(Timeline.on(t, "2021-02-28").home, C1)
    assert.strictEqual(t.marks.length, 3)
    // Out and back in on one day: nothing changed by the end of it, no point.
    const back = Timeline.make(
      M,
      life(M)
        .imported("2019-01-01", C1)
        .add("TransferredOut", "2021-03-01", { kind: "official" })
        .add("TransferredIn", "2021-03-01", { orgId: C1 }).envelopes
    )
    assert.strictEqual(back.points.length, 1)
  })

  it("exemption intervals, ratings by period (latest wins), disciplines, person corrections", () => {
    const base = life(M)
      .imported("2019-01-01", C1, { person: { ethnicity: "Kinh" } })
      .add("ActivityExempted", "2020-01-01", { reason: "age" })
      .add("ActivityExemptionEnded", "2021-01-01", {})
      .add("QualityRated", "2021-12-10", { period: "2021", level: "good" })
      .add("NotRated", "2021-12-20", { period: "2021", reason: "other" })
      .add("QualityRated", "2021-12-30", { period: "2021", level: "excellent" })
      .add("Disciplined", "2022-01-01", { form: "reprimand" })
    const annulled = base.add("Disciplined", "2022-02-01", { form: "warning" })
    const t = Timeline.make(
      M,
      annulled
        .add("DisciplineAnnulled", "2022-03-01", { disciplineEventId: annulled.lastId })
        .add("PersonCorrected", "2022-04-01", { person: { ethnicity: "Mường" } }).envelopes
    )
    assert.isFalse(Timeline.on(t, "2019-12-31").exempted)
    assert.isTrue(Timeline.on(t, "2020-06-01").exempted)
    assert.isFalse(Timeline.on(t, "2021-01-01").exempted)
    assert.strictEqual(t.ratings.get("2021"), "excellent")
    assert.isFalse(t.notRated.has("2021"))
    assert.deepStrictEqual(t.disciplines.map((d) => d.form), ["reprimand"])
    assert.strictEqual(t.person?.ethnicity, "Mường")
  })

  it("party age from the membership, with the gap of a readmission", () => {
    const t = Timeline.make(
      M,
      life(M)
        .imported("2005-01-01", C1, { admittedOn: "2000-01-01" })
        .add("StruckOff", "2010-01-01", { reason: "unpaidDues" })
        .admitted("2014-01-01", G, "readmission").envelopes
    )
    assert.strictEqual(Timeline.partyAgeYears(t, "2019-12-31"), 15) // 19 years 11 months minus 4 years
    assert.strictEqual(Timeline.on(t, "2014-01-01").home, C1)
  })

  it("retractions neutralise the event; knownAt ignores what was recorded later", () => {
    const struck = life(M)
      .imported("2019-01-01", C1)
      .add("StruckOff", "2021-01-01", { reason: "unpaidDues" }, "2021-01-02T00:00:00.000Z")
    const envelopes = all(
      struck.add("EventRetracted", "2021-06-01", { eventId: struck.lastId, reason: "wrong" }, "2021-06-01T05:00:00Z")
    )
    const now = Timeline.make(M, envelopes)
    assert.isTrue(Timeline.isMemberOn(now, "2022-01-01"))
    assert.strictEqual(now.marks.length, 1) // only the import
    const thenKnown = Timeline.make(M, envelopes, { knownAt: "2021-03-01T00:00:00.000Z" })
    assert.isFalse(Timeline.isMemberOn(thenKnown, "2022-01-01"))
    assert.strictEqual(thenKnown.marks.length, 2)
    const before = Timeline.make(M, envelopes, { knownAt: "2021-01-01T23:59:59.000Z" })
    assert.isTrue(Timeline.isMemberOn(before, "2022-01-01"))
  })

  it("marks: departures count in the sending org, a candidate's death and transfer count nowhere", () => {
    const t = Timeline.make(
      M,
      life(M)
        .registered("2019-01-10", C1)
        .add("TransferredOut", "2019-02-01", { kind: "official" })
        .add("TransferredIn", "2019-02-10", { orgId: C2 })
        .add("Died", "2019-03-01", {}).envelopes
    )
    assert.deepStrictEqual(t.marks, [])
    const m = Timeline.make(
      M,
      life(M).imported("2019-01-01", C1).add("TransferredOut", "2019-02-01", { kind: "official" }).envelopes
    )
    assert.deepStrictEqual(m.marks.map((x) => [x.event.type, x.org]), [["MemberImported", C1], ["TransferredOut", C1]])
  })
})
