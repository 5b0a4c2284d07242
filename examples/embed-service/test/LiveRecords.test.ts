import { CommandHandler, EventStore, IdGenerator, Ids, OrganizationDecider, OrganizationRegistry } from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as LiveRecords from "../src/LiveRecords.ts"

const province = Ids.orgId("01J0000000000000000000PR01")
const district = Ids.orgId("01J0000000000000000000DT01")

const found = (id: Ids.OrgId, parentId: Ids.OrgId | null, registry: OrganizationRegistry.Registry) =>
  Effect.map(
    CommandHandler.handle({
      decider: OrganizationDecider.decider,
      stream: Ids.orgStream(id),
      command: {
        _tag: "Found",
        occurredOn: "1990-01-01",
        data: { name: id, kind: parentId === null ? "province" : "upper", parentId }
      },
      context: registry.contextFor(id)
    }),
    (result) => result.events
  )

const store = Layer.mergeAll(EventStore.layerMemory, IdGenerator.layerDeterministic(7))

describe("LiveRecords", () => {
  it.live("is built from what the store holds, then follows it", () =>
    Effect.gen(function*() {
      const seeded = yield* found(province, null, OrganizationRegistry.empty)
      yield* Effect.gen(function*() {
        // Ready once caught up: the province is there without waiting.
        const { records } = yield* LiveRecords.LiveRecords
        assert.isTrue(records.orgs.isLiveOn(province, "1990-01-01"))
        assert.strictEqual(records.statistics.size, 1)

        const appended = yield* found(district, province, OrganizationRegistry.make(seeded))
        const reached = yield* LiveRecords.reach(appended[0]!.position!, "5 seconds")
        assert.deepStrictEqual(reached.orgs.childrenOn(province, "1990-01-01"), [district])
        assert.strictEqual(reached.statistics.size, 2)
        assert.strictEqual(reached, records)
      }).pipe(Effect.provide(LiveRecords.layer))
    }).pipe(Effect.provide(store)))

  it.live("refuses a read past its patience when the position is not reached (NotCaughtUp)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(LiveRecords.reach(1_000, "50 millis"))
      assert.deepInclude(error, { _tag: "NotCaughtUp", position: 1_000, reached: 0 })
    }).pipe(Effect.provide(LiveRecords.layer), Effect.provide(store)))
})
