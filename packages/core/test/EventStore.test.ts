// The conformance cases of the memory store run from @dangvien/testing (EventStoreConformance).
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { EventStore, ExpectedVersion, layerMemory, type NewEvent } from "../src/EventStore.ts"
import * as EventStoreModule from "../src/EventStore.ts"
import { eventId, orgId, orgStream } from "../src/Ids.ts"

// ---------------------------------------------------------------------------------------------
// Fixtures: small hand-made organisation events.
// ---------------------------------------------------------------------------------------------

const id = (n: number) => eventId(`01JD3Q8Y7W${String(n).padStart(16, "0")}`)
const streamA = orgStream(orgId("01JD3Q8Y7W00000000000000AA"))

const founded = (n: number, name = "Chi bộ 1"): NewEvent => ({
  id: id(n),
  type: "OrganizationFounded",
  schemaVersion: 1,
  occurredOn: "2020-01-01",
  recordedAt: "2020-01-01T08:00:00.000Z",
  data: { name, kind: "cell", parentId: null }
})

describe("EventStore memory specifics", () => {
  it("ExpectedVersion constructors and matches", () => {
    assert.deepStrictEqual(ExpectedVersion.exact(3), { _tag: "Exact", version: 3 })
    assert.deepStrictEqual(ExpectedVersion.fromVersion(0), ExpectedVersion.noStream)
    assert.deepStrictEqual(ExpectedVersion.fromVersion(2), ExpectedVersion.exact(2))
    assert.isTrue(ExpectedVersion.matches(ExpectedVersion.any, 7))
    assert.isTrue(ExpectedVersion.matches(ExpectedVersion.noStream, 0))
    assert.isFalse(ExpectedVersion.matches(ExpectedVersion.noStream, 1))
    assert.isTrue(ExpectedVersion.matches(ExpectedVersion.exact(0), 0))
    assert.isFalse(ExpectedVersion.matches(ExpectedVersion.exact(2), 3))
  })

  it("errors have readable messages", () => {
    const conflict = new EventStoreModule.StreamVersionConflict({
      stream: streamA,
      expected: ExpectedVersion.exact(2),
      actual: 3
    })
    assert.strictEqual(conflict.message, `stream ${streamA}: expected version 2, found version 3`)
    assert.include(new EventStoreModule.DuplicateEvent({ eventId: id(1), stream: streamA }).message, id(1))
  })

  it.effect("stored envelopes are immutable and independent of the caller's objects", () =>
    Effect.gen(function*() {
      const store = yield* EventStoreModule.makeMemory
      const data = { name: "Chi bộ 1", kind: "cell" as const, parentId: null }
      const event: NewEvent = { ...founded(1), type: "OrganizationFounded", data }
      yield* store.append(streamA, [event], ExpectedVersion.noStream)
      data.name = "mutated"
      const [stored] = yield* store.readStream(streamA)
      assert.strictEqual((stored!.data as { name: string }).name, "Chi bộ 1")
      assert.isTrue(Object.isFrozen(stored) && Object.isFrozen(stored!.data))
    }))

  it.effect("each build of layerMemory is a new, empty store", () =>
    Effect.gen(function*() {
      const append = EventStore.use((store) => store.append(streamA, [founded(1)], ExpectedVersion.noStream))
      yield* Effect.provide(append, layerMemory, { local: true })
      yield* Effect.provide(append, layerMemory, { local: true })
    }))
})
