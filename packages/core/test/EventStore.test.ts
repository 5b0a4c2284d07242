import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Stream } from "effect"
import type { Envelope } from "../src/Envelope.ts"
import { EventStore, ExpectedVersion, layerMemory, type NewEvent } from "../src/EventStore.ts"
import * as EventStoreModule from "../src/EventStore.ts"
import { eventId, orgId, orgStream } from "../src/Ids.ts"

// ---------------------------------------------------------------------------------------------
// Fixtures: small hand-made organisation events.
// ---------------------------------------------------------------------------------------------

const id = (n: number) => eventId(`01JD3Q8Y7W${String(n).padStart(16, "0")}`)
const streamA = orgStream(orgId("01JD3Q8Y7W00000000000000AA"))
const streamB = orgStream(orgId("01JD3Q8Y7W00000000000000BB"))

const founded = (n: number, name = "Chi bộ 1"): NewEvent => ({
  id: id(n),
  type: "OrganizationFounded",
  schemaVersion: 1,
  occurredOn: "2020-01-01",
  recordedAt: "2020-01-01T08:00:00.000Z",
  data: { name, kind: "cell", parentId: null }
})

const renamed = (n: number, name: string): NewEvent => ({
  id: id(n),
  type: "OrganizationRenamed",
  schemaVersion: 1,
  occurredOn: "2021-06-01",
  recordedAt: "2021-06-02T09:30:00.000+07:00",
  data: { name }
})

const ids = (envelopes: ReadonlyArray<Envelope>) => envelopes.map((e) => e.id)

// ---------------------------------------------------------------------------------------------
// The conformance suite every EventStore adapter must pass (to be lifted to @dangvien/testing).
// `layer` must give an empty store each time it is built.
// ---------------------------------------------------------------------------------------------

/** Registers the EventStore conformance cases for an adapter. */
export const conformance = <E>(name: string, layer: Layer.Layer<EventStore, E>) =>
  describe(`EventStore conformance: ${name}`, () => {
    const run = <A, E2>(effect: Effect.Effect<A, E2, EventStore>) => Effect.provide(effect, layer, { local: true })

    it.effect("an empty store has no streams and no events", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        assert.deepStrictEqual(yield* store.readStream(streamA), [])
        assert.strictEqual(yield* store.streamVersion(streamA), 0)
        assert.strictEqual(yield* store.lastPosition, 0)
        assert.deepStrictEqual(yield* Stream.runCollect(store.readAll()), [])
      })))

    it.effect("appends a batch atomically with 1-based versions and positions", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        const result = yield* store.append(
          streamA,
          [founded(1), renamed(2, "Chi bộ 2"), renamed(3, "Chi bộ 3")],
          ExpectedVersion.noStream
        )
        assert.deepStrictEqual(result, { streamVersion: 3, positions: [1, 2, 3], appended: 3 })
        const stored = yield* store.readStream(streamA)
        assert.deepStrictEqual(stored.map((e) => [e.id, e.streamVersion, e.position, e.stream]), [
          [id(1), 1, 1, streamA],
          [id(2), 2, 2, streamA],
          [id(3), 3, 3, streamA]
        ])
        assert.strictEqual(yield* store.streamVersion(streamA), 3)
        assert.strictEqual(yield* store.lastPosition, 3)
      })))

    it.effect("round-trips recordedAt, meta and schemaVersion", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        const event: NewEvent = { ...renamed(2, "Chi bộ Tân Định"), meta: { actor: "tester", note: "đổi tên" } }
        yield* store.append(streamA, [founded(1), event], ExpectedVersion.any)
        const [first, second] = yield* store.readStream(streamA)
        assert.deepStrictEqual(first, {
          id: id(1),
          stream: streamA,
          type: "OrganizationFounded",
          schemaVersion: 1,
          occurredOn: "2020-01-01",
          recordedAt: "2020-01-01T08:00:00.000Z",
          data: { name: "Chi bộ 1", kind: "cell", parentId: null },
          streamVersion: 1,
          position: 1
        })
        assert.deepStrictEqual(second, {
          id: id(2),
          stream: streamA,
          type: "OrganizationRenamed",
          schemaVersion: 1,
          occurredOn: "2021-06-01",
          recordedAt: "2021-06-02T09:30:00.000+07:00",
          data: { name: "Chi bộ Tân Định" },
          meta: { actor: "tester", note: "đổi tên" },
          streamVersion: 2,
          position: 2
        })
        assert.isFalse("meta" in first!)
      })))

    it.effect("noStream fails when the stream exists", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        const error = yield* Effect.flip(store.append(streamA, [renamed(2, "X")], ExpectedVersion.noStream))
        if (error._tag !== "StreamVersionConflict") return assert.fail(`unexpected ${error._tag}`)
        assert.strictEqual(error.stream, streamA)
        assert.deepStrictEqual(error.expected, ExpectedVersion.noStream)
        assert.strictEqual(error.actual, 1)
        assert.deepStrictEqual(ids(yield* store.readStream(streamA)), [id(1)])
      })))

    it.effect("exact fails on any other version and writes nothing", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1), renamed(2, "X")], ExpectedVersion.noStream)
        for (const wrong of [0, 1, 3]) {
          const error = yield* Effect.flip(
            store.append(streamA, [renamed(3, "Y"), renamed(4, "Z")], ExpectedVersion.exact(wrong))
          )
          if (error._tag !== "StreamVersionConflict") return assert.fail(`unexpected ${error._tag}`)
          assert.deepStrictEqual(error.expected, ExpectedVersion.exact(wrong))
          assert.strictEqual(error.actual, 2)
        }
        assert.strictEqual(yield* store.lastPosition, 2)
        const ok = yield* store.append(streamA, [renamed(3, "Y")], ExpectedVersion.exact(2))
        assert.deepStrictEqual(ok, { streamVersion: 3, positions: [3], appended: 1 })
      })))

    it.effect("any appends whatever the version; an empty batch only checks the version", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1)], ExpectedVersion.any)
        yield* store.append(streamA, [renamed(2, "X")], ExpectedVersion.any)
        assert.strictEqual(yield* store.streamVersion(streamA), 2)
        const empty = yield* store.append(streamA, [], ExpectedVersion.exact(2))
        assert.deepStrictEqual(empty, { streamVersion: 2, positions: [], appended: 0 })
        const error = yield* Effect.flip(store.append(streamA, [], ExpectedVersion.noStream))
        assert.strictEqual(error._tag, "StreamVersionConflict")
      })))

    it.effect("concurrent writers expecting the same version: exactly one wins", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        const exits = yield* Effect.forEach(
          Array.from({ length: 20 }, (_, i) => i),
          (i) => Effect.exit(Effect.andThen(Effect.yieldNow, store.append(streamA, [founded(100 + i)], ExpectedVersion.exact(0)))),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
        for (const exit of exits) {
          if (Exit.isFailure(exit)) assert.include(String(exit.cause), "StreamVersionConflict")
        }
        assert.strictEqual((yield* store.readStream(streamA)).length, 1)
      })))

    it.effect("concurrent read-then-append writers: one winner per version, no lost event", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        const winners = new Map<number, number>()
        const writer = (i: number) =>
          Effect.gen(function*() {
            const version = yield* store.streamVersion(streamA)
            yield* Effect.yieldNow
            const result = yield* store.append(streamA, [renamed(200 + i, `Chi bộ ${i}`)], ExpectedVersion.exact(version))
            winners.set(result.streamVersion, (winners.get(result.streamVersion) ?? 0) + 1)
          }).pipe(Effect.retry({ while: (e) => e._tag === "StreamVersionConflict" }))
        yield* Effect.forEach(Array.from({ length: 20 }, (_, i) => i), writer, { concurrency: "unbounded" })
        const stored = yield* store.readStream(streamA)
        assert.strictEqual(stored.length, 21)
        assert.deepStrictEqual(stored.map((e) => e.streamVersion), Array.from({ length: 21 }, (_, i) => i + 1))
        assert.deepStrictEqual([...winners.keys()].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 2))
        assert.isTrue([...winners.values()].every((n) => n === 1))
        assert.strictEqual(new Set(ids(stored)).size, 21)
      })))

    it.effect("re-appending stored events is a no-op, whatever the expected version", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        const batch = [founded(1), renamed(2, "X"), renamed(3, "Y")]
        yield* store.append(streamA, batch, ExpectedVersion.noStream)
        for (const expected of [ExpectedVersion.noStream, ExpectedVersion.exact(1), ExpectedVersion.any]) {
          const again = yield* store.append(streamA, batch, expected)
          assert.deepStrictEqual(again, { streamVersion: 3, positions: [1, 2, 3], appended: 0 })
        }
        // Key order does not matter: the comparison is canonical.
        const reordered: NewEvent = {
          data: { parentId: null, kind: "cell", name: "Chi bộ 1" },
          recordedAt: "2020-01-01T08:00:00.000Z",
          occurredOn: "2020-01-01",
          schemaVersion: 1,
          type: "OrganizationFounded",
          id: id(1)
        }
        assert.strictEqual((yield* store.append(streamA, [reordered], ExpectedVersion.noStream)).appended, 0)
        assert.strictEqual(yield* store.lastPosition, 3)
        assert.deepStrictEqual(ids(yield* Stream.runCollect(store.readAll())), [id(1), id(2), id(3)])
      })))

    it.effect("a mixed batch appends only the new events, checking the version", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1), renamed(2, "X")], ExpectedVersion.noStream)
        const conflict = yield* Effect.flip(
          store.append(streamA, [renamed(2, "X"), renamed(3, "Y")], ExpectedVersion.exact(1))
        )
        assert.strictEqual(conflict._tag, "StreamVersionConflict")
        const result = yield* store.append(streamA, [renamed(2, "X"), renamed(3, "Y")], ExpectedVersion.exact(2))
        assert.deepStrictEqual(result, { streamVersion: 3, positions: [2, 3], appended: 1 })
        assert.deepStrictEqual(ids(yield* store.readStream(streamA)), [id(1), id(2), id(3)])
      })))

    it.effect("a different event under a stored id is a DuplicateEvent, and nothing is written", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1), renamed(2, "X")], ExpectedVersion.noStream)
        const changed = [renamed(3, "Y"), renamed(2, "not X")]
        const error = yield* Effect.flip(store.append(streamA, changed, ExpectedVersion.any))
        if (error._tag !== "DuplicateEvent") return assert.fail(`unexpected ${error._tag}`)
        assert.strictEqual(error.eventId, id(2))
        assert.strictEqual(error.stream, streamA)
        // Same content under another stream is a different event too.
        const elsewhere = yield* Effect.flip(store.append(streamB, [founded(1)], ExpectedVersion.any))
        assert.strictEqual(elsewhere._tag, "DuplicateEvent")
        // Different meta is a different event.
        const withMeta = yield* Effect.flip(
          store.append(streamA, [{ ...founded(1), meta: { actor: "someone" } }], ExpectedVersion.any)
        )
        assert.strictEqual(withMeta._tag, "DuplicateEvent")
        assert.deepStrictEqual(ids(yield* Stream.runCollect(store.readAll())), [id(1), id(2)])
        assert.strictEqual(yield* store.streamVersion(streamB), 0)
      })))

    it.effect("a batch repeating one id with different content is a DuplicateEvent", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        const error = yield* Effect.flip(
          store.append(streamA, [founded(1), renamed(2, "X"), renamed(2, "Y")], ExpectedVersion.noStream)
        )
        assert.strictEqual(error._tag, "DuplicateEvent")
        assert.strictEqual(yield* store.lastPosition, 0)
      })))

    it.effect("readStream from a version", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1), renamed(2, "X"), renamed(3, "Y")], ExpectedVersion.noStream)
        assert.deepStrictEqual(ids(yield* store.readStream(streamA, { fromVersion: 2 })), [id(2), id(3)])
        assert.deepStrictEqual(ids(yield* store.readStream(streamA, { fromVersion: 1 })), [id(1), id(2), id(3)])
        assert.deepStrictEqual(ids(yield* store.readStream(streamA, { fromVersion: 4 })), [])
        assert.deepStrictEqual(yield* store.readStream(streamB, { fromVersion: 2 }), [])
      })))

    it.effect("readAll: global order, strictly increasing positions, fromPosition exclusive", () =>
      run(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        yield* store.append(streamB, [founded(2, "Chi bộ B"), renamed(3, "B2")], ExpectedVersion.noStream)
        yield* store.append(streamA, [renamed(4, "A2")], ExpectedVersion.exact(1))
        yield* store.append(streamB, [renamed(5, "B3")], ExpectedVersion.exact(2))
        const all = yield* Stream.runCollect(store.readAll())
        assert.deepStrictEqual(ids(all), [id(1), id(2), id(3), id(4), id(5)])
        assert.deepStrictEqual(all.map((e) => e.stream), [streamA, streamB, streamB, streamA, streamB])
        const positions = all.map((e) => e.position!)
        assert.strictEqual(positions[0], 1)
        assert.isTrue(positions.every((p, i) => i === 0 || p > positions[i - 1]!))
        assert.strictEqual(yield* store.lastPosition, positions.at(-1))
        assert.deepStrictEqual(all.map((e) => e.streamVersion), [1, 1, 2, 2, 3])
        const after = yield* Stream.runCollect(store.readAll({ fromPosition: positions[2]! }))
        assert.deepStrictEqual(ids(after), [id(4), id(5)])
        assert.deepStrictEqual(yield* Stream.runCollect(store.readAll({ fromPosition: positions.at(-1)! })), [])
        for (const batchSize of [1, 2, 3, 5, 100]) {
          assert.deepStrictEqual(yield* Stream.runCollect(store.readAll({ batchSize })), all)
          assert.deepStrictEqual(
            ids(yield* Stream.runCollect(store.readAll({ batchSize, fromPosition: positions[0]! }))),
            [id(2), id(3), id(4), id(5)]
          )
        }
      })))
  })

conformance("memory", layerMemory)

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
