/**
 * The organisation events of a compact statistics index, as bytes (`OrgEventLog`): every event
 * comes back as it was added — also one the layout cannot hold (kept as JSON) — from the log and
 * from its bytes read back, and the common events take a tenth of what their objects did.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as Calendar from "../src/Calendar.ts"
import type { OrgEnvelope } from "../src/Envelope.ts"
import type { OrgId } from "../src/Ids.ts"
import { OrgEventLog } from "../src/internal/orgEventLog.ts"
import { org } from "./fixtures/world.ts"

/** The numbering the log shares with the member columns' homes. */
const numbering = () => {
  const orgIds: Array<OrgId> = []
  const numbers = new Map<OrgId, number>()
  return {
    orgIds,
    org: (id: OrgId) => {
      let n = numbers.get(id)
      if (n === undefined) {
        n = orgIds.length
        orgIds.push(id)
        numbers.set(id, n)
      }
      return n
    }
  }
}

const orgIds = Array.from({ length: 6 }, (_, i) => org(i + 1))
const anOrg = fc.constantFrom(...orgIds)
const day = fc.integer({ min: Calendar.toDayNumber("1930-01-01"), max: Calendar.toDayNumber("2040-12-31") })
const kind = fc.constantFrom("province", "upper", "grassrootsCommittee", "grassrootsCell", "subCommittee", "cell")
const name = fc.oneof(fc.string(), fc.constantFrom("Chi bộ thôn Đông", "Đảng bộ tỉnh Lai Châu", ""))
const count = fc.nat({ max: 3_000_000 })

/** Data of each event type, with optional keys present or not. */
const data = fc.oneof(
  fc.record({ name, kind, parentId: fc.option(anOrg, { nil: null }), code: name }, {
    requiredKeys: ["name", "kind", "parentId"]
  })
    .map((d) => ["OrganizationFounded", d] as const),
  fc.record({ name }).map((d) => ["OrganizationRenamed", d] as const),
  fc.record({ parentId: anOrg }).map((d) => ["OrganizationReparented", d] as const),
  fc.record({ kind }).map((d) => ["OrganizationKindChanged", d] as const),
  fc.record({ intoOrgId: anOrg }).map((d) => ["OrganizationMerged", d] as const),
  fc.record({ membersMovedTo: anOrg }, { requiredKeys: [] }).map((d) => ["OrganizationDissolved", d] as const),
  fc.record({ kind: fc.constantFrom("chiUy", "secretary"), size: fc.integer({ min: 1, max: 40 }) }, {
    requiredKeys: ["kind"]
  }).map((d) => ["CommitteeElected", d] as const),
  fc.record({ year: fc.integer({ min: 1930, max: 2200 }), target: count }).map((d) =>
    ["AdmissionTargetSet", d] as const
  )
)

const ulid = fc.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/u)

const envelope = fc.record({
  id: ulid,
  stream: anOrg.map((id) => `org-${id}`),
  data,
  schemaVersion: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 300 })),
  occurredOn: day,
  // After the day's midnight, sometimes before it; whole seconds or not.
  lagMs: fc.oneof(fc.integer({ min: 0, max: 400 }).map((s) => s * 60_000), fc.integer({ min: -86_400_000, max: 1e11 })),
  meta: fc.option(fc.record({ actor: fc.string(), note: name }, { requiredKeys: [] }), { nil: undefined }),
  streamVersion: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }),
  position: fc.option(fc.integer({ min: 1, max: 1e9 }), { nil: undefined })
}).map(({ data: [type, d], lagMs, meta, occurredOn, position, streamVersion, ...header }): OrgEnvelope => {
  const on = Calendar.fromDayNumber(occurredOn)
  return {
    ...header,
    type,
    occurredOn: on,
    recordedAt: new Date(occurredOn * 86_400_000 + lagMs).toISOString(),
    data: d,
    ...(meta !== undefined ? { meta } : {}),
    ...(streamVersion !== undefined ? { streamVersion } : {}),
    ...(position !== undefined ? { position } : {})
  } as OrgEnvelope
})

/** Envelopes the layout cannot hold as they are: each is kept whole. */
const odd: ReadonlyArray<OrgEnvelope> = (() => {
  const base = {
    id: "01J0EV00000000000000000001",
    stream: `org-${org(1)}`,
    type: "OrganizationFounded",
    schemaVersion: 1,
    occurredOn: "2020-01-01",
    recordedAt: "2020-01-01T03:00:00.000Z",
    data: { name: "Chi bộ 1", kind: "cell", parentId: null }
  }
  return [
    { ...base, data: { ...base.data, extra: 1 } },
    { ...base, data: { ...base.data, name: "Chi bộ \uD800" } },
    { ...base, recordedAt: "2020-01-01T10:00:00+07:00" },
    { ...base, id: "not a ulid" },
    { ...base, occurredOn: "2020-02-30" },
    { ...base, data: { ...base.data, kind: "village" } },
    { ...base, type: "SomethingElse" },
    { ...base, data: { name: "Chi bộ 1", kind: "cell" } },
    { ...base, schemaVersion: 1.5 },
    { ...base, extra: true }
  ] as unknown as ReadonlyArray<OrgEnvelope>
})()

describe("OrgEventLog (the organisation events of a compact index)", () => {
  it("gives back every event as it was added, from the log and from its bytes read back", () => {
    fc.assert(
      fc.property(fc.array(envelope, { maxLength: 30 }), fc.subarray([...odd]), (events, strange) => {
        const all = [...events, ...strange].sort((a, b) => a.id.localeCompare(b.id))
        const orgs = numbering()
        const log = new OrgEventLog(orgs)
        all.forEach((e, i) => assert.strictEqual(log.add(e), i))
        assert.strictEqual(log.length, all.length)
        all.forEach((e, i) => {
          assert.deepStrictEqual(log.at(i), e)
          assert.strictEqual(log.orgOf(i), e.stream.slice(4))
        })
        assert.deepStrictEqual(Array.from({ length: log.length }, (_, i) => log.at(i)), all)
        const read: Array<OrgEnvelope> = []
        assert.strictEqual(
          OrgEventLog.read(log.view().slice(), all.length, orgs.orgIds, (e) => read.push(e)),
          undefined
        )
        assert.deepStrictEqual(read, all)
      }),
      { seed: 20261207, numRuns: 300 }
    )
  })

  it("keeps a founding in about 50 bytes, a reparenting in 26", () => {
    const log = new OrgEventLog(numbering())
    log.add({
      id: "01J0EV00000000000000000001",
      stream: `org-${org(2)}`,
      type: "OrganizationFounded",
      schemaVersion: 1,
      occurredOn: "1985-03-01",
      recordedAt: "1985-03-01T08:30:00.000Z",
      data: { name: "Chi bộ thôn Đông Hòa", kind: "cell", parentId: org(1) }
    } as OrgEnvelope)
    // Type, id (17), organisation, day (2 bytes before 1992), instant (3), shape, name (1 + 26
    // bytes of UTF-8), parent.
    assert.strictEqual(log.view().length, 1 + 17 + 1 + 2 + 3 + 1 + 27 + 1)
    log.add({
      id: "01J0EV00000000000000000002",
      stream: `org-${org(2)}`,
      type: "OrganizationReparented",
      schemaVersion: 1,
      occurredOn: "2025-07-01",
      recordedAt: "2025-07-01T08:30:00.000Z",
      data: { parentId: org(3) }
    } as OrgEnvelope)
    assert.strictEqual(log.view().length, 53 + 1 + 17 + 1 + 3 + 3 + 1)
  })

  it("reports bytes that do not read back", () => {
    const orgs = numbering()
    const log = new OrgEventLog(orgs)
    for (const e of fc.sample(envelope, { seed: 7, numRuns: 5 })) log.add(e)
    const bytes = log.view().slice()
    const read = (b: Uint8Array, n = 5, ids = orgs.orgIds) => OrgEventLog.read(b, n, ids, () => {})
    assert.strictEqual(read(bytes), undefined)
    assert.match(String(read(bytes, 6)), /^organisation event 5: the bytes end before it$/u)
    assert.match(String(read(bytes, 4)), /bytes after the last organisation event$/u)
    assert.match(String(read(bytes.subarray(0, -1))), /^organisation event 4: the bytes end inside it$/u)
    assert.match(String(read(bytes, 5, [])), /^organisation event 0: organisation number \d+ names no organisation$/u)
    const badType = bytes.slice()
    badType[0] = (badType[0]! & ~15) | 9
    assert.strictEqual(read(badType), "organisation event 0: no event type has code 9")
  })
})
