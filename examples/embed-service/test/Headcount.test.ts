import {
  CommandHandler,
  EventStore,
  IdGenerator,
  Ids,
  MemberCommand,
  OrganizationDecider,
  OrganizationRegistry
} from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Headcount from "../src/Headcount.ts"
import * as LiveRecords from "../src/LiveRecords.ts"
import * as Members from "../src/Members.ts"
import * as Organizations from "../src/Organizations.ts"
import * as ReadYourWrites from "../src/ReadYourWrites.ts"

const layer = Layer.mergeAll(LiveRecords.layer, ReadYourWrites.layer()).pipe(
  Layer.provideMerge(Layer.mergeAll(EventStore.layerMemory, IdGenerator.layerDeterministic(3)))
)

const province = Ids.orgId("01J0000000000000000000PR01")
const district1 = Ids.orgId("01J0000000000000000000DT01")
const district2 = Ids.orgId("01J0000000000000000000DT02")
const commune1 = Ids.orgId("01J0000000000000000000GR01")
const commune2 = Ids.orgId("01J0000000000000000000GR02")
const village1 = Ids.orgId("01J0000000000000000000CE01")
const village2 = Ids.orgId("01J0000000000000000000CE02")
const caller = { orgId: province }

const found = (
  id: Ids.OrgId,
  name: string,
  kind: OrganizationDecider.CommandOf<"Found">["data"]["kind"],
  parentId: Ids.OrgId
) => Organizations.record(caller, id, { _tag: "Found", occurredOn: "1990-01-01", data: { name, kind, parentId } })

const importMember = (id: string, orgId: Ids.OrgId, gender: "male" | "female", status: "official" | "probationary") =>
  Members.record(
    caller,
    Ids.memberId(id),
    MemberCommand.make("ImportMember", "1999-01-01", {
      orgId,
      person: { fullName: `Member ${id.slice(-3)}`, birthDate: "1960-01-01", gender, religion: null },
      basis: "openingBalance",
      status,
      admissionDecidedOn: status === "official" ? "1985-01-10" : "1998-06-10",
      ceremonyOn: status === "official" ? "1985-02-01" : "1998-07-01",
      ...(status === "official" ? { officialOn: "1986-02-01" } : {})
    })
  )

/** Province → two districts → a commune each → a village each; three members, one moving. */
const history = Effect.gen(function*() {
  yield* CommandHandler.handle({
    decider: OrganizationDecider.decider,
    stream: Ids.orgStream(province),
    command: { _tag: "Found", occurredOn: "1990-01-01", data: { name: "Tỉnh", kind: "province", parentId: null } },
    context: OrganizationRegistry.empty.contextFor(province)
  }).pipe(Effect.tap((result) => ReadYourWrites.noteAppended(result.events)))
  yield* found(district1, "Huyện 1", "upper", province)
  yield* found(district2, "Huyện 2", "upper", province)
  yield* found(commune1, "Xã 1", "grassrootsCommittee", district1)
  yield* found(commune2, "Xã 2", "grassrootsCommittee", district2)
  yield* found(village1, "Thôn 1", "cell", commune1)
  yield* found(village2, "Thôn 2", "cell", commune2)
  yield* importMember("01J00000000000000000000MA1", village1, "male", "official")
  yield* importMember("01J00000000000000000000MB1", village1, "female", "official")
  yield* importMember("01J00000000000000000000MC1", village2, "female", "probationary")
  // MA1 moves from district 1 to district 2: in transit between the letter and the arrival (TRF-03).
  const moving = Ids.memberId("01J00000000000000000000MA1")
  yield* Members.record(
    caller,
    moving,
    MemberCommand.make("TransferOut", "2000-01-05", { kind: "official", toOrgId: village2 })
  )
  yield* Members.record(caller, moving, MemberCommand.make("TransferIn", "2000-01-20", { orgId: village2 }))
  return yield* ReadYourWrites.records
})

describe("Headcount", () => {
  it.live("counts members of the subtree on the date, split by status, women among them", () =>
    Effect.gen(function*() {
      const records = yield* history
      assert.deepStrictEqual(Headcount.count(records, province, "1999-06-01"), {
        orgId: province,
        asOf: "1999-06-01",
        organizations: 7,
        members: 3,
        probationary: 1,
        official: 2,
        female: 2
      })
      assert.deepInclude(Headcount.count(records, district1, "1999-06-01"), { members: 2, official: 2, female: 1 })
      assert.deepInclude(Headcount.count(records, village2, "1999-06-01"), {
        organizations: 1,
        members: 1,
        probationary: 1,
        female: 1
      })
    }).pipe(Effect.provide(layer)))

  it.live("counts nobody before their first event, and a member in transit in no one's headcount (TRF-03)", () =>
    Effect.gen(function*() {
      const records = yield* history
      assert.deepInclude(Headcount.count(records, province, "1998-12-31"), { members: 0 })
      // In transit on 2000-01-10: out of district 1, not yet in district 2.
      assert.deepInclude(Headcount.count(records, province, "2000-01-10"), { members: 2 })
      assert.deepInclude(Headcount.count(records, district1, "2000-01-10"), { members: 1 })
      assert.deepInclude(Headcount.count(records, district2, "2000-01-10"), { members: 1 })
      // Arrived.
      assert.deepInclude(Headcount.count(records, district2, "2000-02-01"), {
        members: 2,
        official: 1,
        probationary: 1
      })
      assert.deepInclude(Headcount.count(records, province, "2000-02-01"), { members: 3 })
    }).pipe(Effect.provide(layer)))
})
