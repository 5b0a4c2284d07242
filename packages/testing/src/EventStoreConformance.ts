/**
 * The conformance suite every `EventStore` adapter must pass — ours (memory, SQLite, PostgreSQL)
 * and yours. An adapter test file is one call:
 *
 * ```ts
 * import * as EventStoreConformance from "@dangvien/testing/EventStoreConformance"
 * EventStoreConformance.run({ name: "my-store", layer: () => myLayer, layerWith: (o) => myLayerWith(o) })
 * ```
 *
 * It checks atomic multi-event append; optimistic concurrency under concurrent writers (exactly one
 * winner per version); idempotency by event id; `readStream`; `readAll` in global order; a
 * subscriber that never skips an event while writers append concurrently; durable projection
 * checkpoints (binary parts included); the round trip of `recordedAt`, `meta` and `schemaVersion`;
 * upcasting on read; and, for an adapter declared with `bulk: { layerTwice }` (`layerTwice()`: two
 * layers on one new store, two connections), its bulk sessions (`EventStore.bulk`): invisible until
 * the commit, nothing left by a session that ends without one, the write lock held throughout, and
 * what the session sees meanwhile (`readStreams`, `positionsOf`: committed events and its own rows).
 *
 * @since 0.1.0
 */
import type { Envelope } from "@dangvien/core/Envelope"
import * as EnvelopeCodec from "@dangvien/core/Envelope"
import {
  type BulkRow,
  type BulkSession,
  EventStore,
  ExpectedVersion,
  type NewEvent,
  type StoreOptions
} from "@dangvien/core/EventStore"
import { eventId, orgId, orgStream } from "@dangvien/core/Ids"
import * as Projection from "@dangvien/core/Projection"
import * as Upcaster from "@dangvien/core/Upcaster"
import { assert, describe, it } from "@effect/vitest"
import { Context, Deferred, Effect, Exit, Fiber, Layer, type Scope, Stream } from "effect"

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
const shape = (envelopes: ReadonlyArray<Envelope>) =>
  envelopes.map((e) => [e.id, e.stream, e.streamVersion, e.position])

/** Each stream's events in the order read, checking that the events of a stream come together. */
const byStream = (envelopes: ReadonlyArray<Envelope>) => {
  const streams = new Map<string, Array<Envelope>>()
  let previous: string | undefined
  for (const e of envelopes) {
    const events = streams.get(e.stream)
    if (events === undefined) streams.set(e.stream, [e])
    else {
      assert.strictEqual(previous, e.stream, `the events of ${e.stream} come together`)
      events.push(e)
    }
    previous = e.stream
  }
  return streams
}

/** Do two byte arrays hold the same bytes? */
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && a.length === b.length && a.every((x, i) => x === b[i])

/**
 * An adapter under test. `layer()` gives a new, empty store (and its checkpoint store) each time it
 * is built; `layerWith(options)` the same with store options (upcasters).
 *
 * @category models
 * @since 0.1.0
 */
export interface Adapter<E> {
  readonly name: string
  readonly layer: () => Layer.Layer<EventStore | Projection.ProjectionStore, E>
  readonly layerWith: (options: StoreOptions) => Layer.Layer<EventStore | Projection.ProjectionStore, E>
  /** How many concurrent writers to race in the concurrency cases (default 20). */
  readonly writers?: number
  /**
   * The store offers bulk sessions (`EventStore.bulk`): their cases run, and fail if it does not.
   * `layerTwice()` gives two layers on one new store (two connections), for the lock case.
   */
  readonly bulk?: {
    readonly layerTwice: () => readonly [
      Layer.Layer<EventStore | Projection.ProjectionStore, E>,
      Layer.Layer<EventStore | Projection.ProjectionStore, E>
    ]
  }
}

/** The store's bulk sessions, which an adapter declared with `bulk` must offer. */
const bulkOf = (store: EventStore["Service"]) => {
  assert.isDefined(store.bulk, "the adapter is declared with bulk sessions")
  return store.bulk!
}

/** A bulk row of a fixture event: its NDJSON line, `recordedAt` left out when `withoutRecordedAt`. */
const bulkRow = (
  stream: typeof streamA,
  streamVersion: number,
  event: NewEvent,
  withoutRecordedAt = false
): BulkRow => {
  const line = EnvelopeCodec.encodeLine({ ...event, stream } as Envelope)
  return {
    stream,
    streamVersion,
    line: withoutRecordedAt ? line.replace(/,"recordedAt":"[^"]*"/u, "") : line
  }
}

/**
 * Registers the conformance cases for an adapter (inside a vitest file).
 *
 * @category suites
 * @since 0.1.0
 */
export const run = <E>(adapter: Adapter<E>) =>
  describe(`EventStore conformance: ${adapter.name}`, () => {
    const inStore = <A, E2>(effect: Effect.Effect<A, E2, EventStore | Projection.ProjectionStore>) =>
      Effect.provide(effect, adapter.layer(), { local: true })
    const writers = adapter.writers ?? 20

    it.effect("an empty store has no streams and no events", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        assert.deepStrictEqual(yield* store.readStream(streamA), [])
        assert.strictEqual(yield* store.streamVersion(streamA), 0)
        assert.strictEqual(yield* store.lastPosition, 0)
        assert.deepStrictEqual(yield* Stream.runCollect(store.readAll()), [])
      })))

    it.effect("appends a batch atomically with 1-based versions and positions", () =>
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        const exits = yield* Effect.forEach(
          Array.from({ length: writers }, (_, i) => i),
          (i) =>
            Effect.exit(
              Effect.andThen(Effect.yieldNow, store.append(streamA, [founded(100 + i)], ExpectedVersion.exact(0)))
            ),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
        for (const exit of exits) {
          if (Exit.isFailure(exit)) assert.include(String(exit.cause), "StreamVersionConflict")
        }
        assert.strictEqual((yield* store.readStream(streamA)).length, 1)
      })))

    it.effect("concurrent read-then-append writers: one winner per version, no lost event", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        const winners = new Map<number, number>()
        const writer = (i: number) =>
          Effect.gen(function*() {
            const version = yield* store.streamVersion(streamA)
            yield* Effect.yieldNow
            const result = yield* store.append(
              streamA,
              [renamed(200 + i, `Chi bộ ${i}`)],
              ExpectedVersion.exact(version)
            )
            winners.set(result.streamVersion, (winners.get(result.streamVersion) ?? 0) + 1)
          }).pipe(Effect.retry({ while: (e) => e._tag === "StreamVersionConflict" }))
        yield* Effect.forEach(Array.from({ length: writers }, (_, i) => i), writer, { concurrency: "unbounded" })
        const stored = yield* store.readStream(streamA)
        assert.strictEqual(stored.length, writers + 1)
        assert.deepStrictEqual(stored.map((e) => e.streamVersion), Array.from({ length: writers + 1 }, (_, i) => i + 1))
        assert.deepStrictEqual(
          [...winners.keys()].sort((a, b) => a - b),
          Array.from({ length: writers }, (_, i) => i + 2)
        )
        assert.isTrue([...winners.values()].every((n) => n === 1))
        assert.strictEqual(new Set(ids(stored)).size, writers + 1)
      })))

    it.effect("re-appending stored events is a no-op, whatever the expected version", () =>
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
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
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        const error = yield* Effect.flip(
          store.append(streamA, [founded(1), renamed(2, "X"), renamed(2, "Y")], ExpectedVersion.noStream)
        )
        assert.strictEqual(error._tag, "DuplicateEvent")
        assert.strictEqual(yield* store.lastPosition, 0)
      })))

    it.effect("readStream from a version", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1), renamed(2, "X"), renamed(3, "Y")], ExpectedVersion.noStream)
        assert.deepStrictEqual(ids(yield* store.readStream(streamA, { fromVersion: 2 })), [id(2), id(3)])
        assert.deepStrictEqual(ids(yield* store.readStream(streamA, { fromVersion: 1 })), [id(1), id(2), id(3)])
        assert.deepStrictEqual(ids(yield* store.readStream(streamA, { fromVersion: 4 })), [])
        assert.deepStrictEqual(yield* store.readStream(streamB, { fromVersion: 2 }), [])
      })))

    it.effect("readAll: global order, strictly increasing positions, fromPosition exclusive", () =>
      inStore(Effect.gen(function*() {
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
    it.effect("appendBatch writes several streams atomically, idempotently, or nothing", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        const streamC = orgStream(orgId("01JD3Q8Y7W00000000000000CC"))
        yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        const batch = [
          { stream: streamA, events: [renamed(2, "A2"), renamed(3, "A3")], expected: ExpectedVersion.exact(1) },
          { stream: streamB, events: [founded(4), renamed(5, "B2")], expected: ExpectedVersion.noStream }
        ]
        assert.deepStrictEqual(yield* store.appendBatch(batch), { appended: 4 })
        assert.deepStrictEqual((yield* store.readStream(streamA)).map((e) => e.streamVersion), [1, 2, 3])
        assert.deepStrictEqual(
          (yield* Stream.runCollect(store.readAll())).map((e) => e.position),
          [1, 2, 3, 4, 5]
        )
        // Re-running the same batch (a re-run import) stores nothing twice, whatever the versions.
        assert.deepStrictEqual(yield* store.appendBatch(batch), { appended: 0 })
        assert.strictEqual(yield* store.lastPosition, 5)
        // One bad item refuses the whole batch: a conflict on B, a new stream C written nowhere.
        const conflict = yield* Effect.flip(store.appendBatch([
          { stream: streamC, events: [founded(6)], expected: ExpectedVersion.noStream },
          { stream: streamB, events: [renamed(7, "B3")], expected: ExpectedVersion.exact(1) }
        ]))
        assert.strictEqual(conflict._tag, "StreamVersionConflict")
        const duplicate = yield* Effect.flip(store.appendBatch([
          { stream: streamC, events: [founded(6)], expected: ExpectedVersion.noStream },
          { stream: streamB, events: [renamed(2, "not A2")], expected: ExpectedVersion.any }
        ]))
        assert.strictEqual(duplicate._tag, "DuplicateEvent")
        assert.strictEqual(yield* store.streamVersion(streamC), 0)
        assert.strictEqual(yield* store.lastPosition, 5)
      })))

    it.effect("appendBatch checks items in order against the versions the items before them leave", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        // Two items on one stream: the second expects the version the first leaves.
        assert.deepStrictEqual(
          yield* store.appendBatch([
            { stream: streamA, events: [renamed(2, "A2")], expected: ExpectedVersion.exact(1) },
            { stream: streamA, events: [renamed(3, "A3")], expected: ExpectedVersion.exact(2) }
          ]),
          { appended: 2 }
        )
        // Both claiming a new stream: the second conflicts, and nothing is written.
        const twice = yield* Effect.flip(store.appendBatch([
          { stream: streamB, events: [founded(4)], expected: ExpectedVersion.noStream },
          { stream: streamB, events: [renamed(5, "B2")], expected: ExpectedVersion.noStream }
        ]))
        assert.strictEqual(twice._tag, "StreamVersionConflict")
        if (twice._tag === "StreamVersionConflict") {
          assert.deepStrictEqual([twice.expected, twice.actual], [ExpectedVersion.noStream, 1])
        }
        assert.strictEqual(yield* store.streamVersion(streamB), 0)
        // An empty item still checks its version.
        const empty = yield* Effect.flip(
          store.appendBatch([{ stream: streamA, events: [], expected: ExpectedVersion.exact(1) }])
        )
        assert.strictEqual(empty._tag, "StreamVersionConflict")
        assert.strictEqual(yield* store.lastPosition, 3)
      })))

    it.effect("a subscriber follows concurrent writers in position order and never skips an event", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        const total = 6 * 15
        const fiber = yield* Effect.forkChild(
          Stream.runCollect(Stream.take(store.subscribe({ batchSize: 7, pollInterval: "20 millis" }), total))
        )
        // Six writers, each on its own stream, appending concurrently in small batches.
        yield* Effect.forEach(
          [0, 1, 2, 3, 4, 5],
          (w) =>
            Effect.forEach([0, 1, 2, 3, 4], (b) =>
              store.append(
                orgStream(orgId(`01JD3Q8Y7W00000000000000${"ABCDEF"[w]}${b === 0 ? "0" : "1"}`)),
                [0, 1, 2].map((k) => renamed(1000 + w * 100 + b * 10 + k, `W${w}-${b}-${k}`)),
                ExpectedVersion.any
              ), { discard: true }),
          { concurrency: "unbounded", discard: true }
        )
        const seen: ReadonlyArray<Envelope> = yield* Fiber.join(fiber)
        const positions = seen.map((e) => e.position!)
        assert.strictEqual(seen.length, total)
        assert.deepStrictEqual(positions, [...positions].sort((a, b) => a - b))
        assert.strictEqual(new Set(seen.map((e) => e.id)).size, total)
        const all = yield* Stream.runCollect(store.readAll())
        assert.deepStrictEqual(seen.map((e) => e.id), all.map((e) => e.id))
      })))

    it.effect("projection checkpoints are durable and resume where they stopped", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        const checkpoints = yield* Projection.ProjectionStore
        assert.isUndefined(yield* checkpoints.load("count"))
        yield* store.append(streamA, [founded(1), renamed(2, "A"), renamed(3, "B")], ExpectedVersion.noStream)
        let applied = 0
        const count: Projection.Projection<{ readonly n: number; readonly names: ReadonlyArray<string> }> = {
          name: "count",
          initial: { n: 0, names: [] },
          apply: (s, e) => {
            applied++
            return { n: s.n + 1, names: e.type === "OrganizationRenamed" ? [...s.names, e.data.name] : s.names }
          }
        }
        const [first] = yield* Projection.catchUp([count], { checkpointEvery: 2, batchSize: 2 })
        assert.deepStrictEqual(first, { n: 3, names: ["A", "B"] })
        assert.deepStrictEqual(yield* checkpoints.load("count"), { position: 3, state: { n: 3, names: ["A", "B"] } })
        yield* store.append(streamA, [renamed(4, "C")], ExpectedVersion.exact(3))
        applied = 0
        const [second] = yield* Projection.catchUp([count])
        assert.strictEqual(applied, 1)
        assert.deepStrictEqual(second, { n: 4, names: ["A", "B", "C"] })
        yield* checkpoints.reset("count")
        assert.isUndefined(yield* checkpoints.load("count"))
        const [rebuilt] = yield* Projection.rebuild([count])
        assert.deepStrictEqual(rebuilt, second)
      })))

    it.effect("a checkpoint's binary parts are saved with it, replaced by the next save, removed by reset", () =>
      inStore(Effect.gen(function*() {
        const checkpoints = yield* Projection.ProjectionStore
        // Three parts: small, empty, and 3 MB (several chunks where an adapter cuts them small).
        const big = Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 7 + (i >> 11)) & 255)
        const parts = [Uint8Array.from([1, 2, 3]), new Uint8Array(0), big]
        yield* checkpoints.save("parts", { position: 5, state: { columns: 3 }, parts })
        big[0] = 99 // the store holds what was saved, not a view of the caller's buffer
        const loaded = yield* checkpoints.load("parts")
        assert.strictEqual(loaded?.position, 5)
        assert.deepStrictEqual(loaded?.state, { columns: 3 })
        assert.strictEqual(loaded?.parts?.length, 3)
        assert.isTrue(same(loaded?.parts?.[0], Uint8Array.from([1, 2, 3])))
        assert.isTrue(same(loaded?.parts?.[1], new Uint8Array(0)))
        big[0] = 0
        assert.isTrue(same(loaded?.parts?.[2], big))
        yield* checkpoints.save("parts", { position: 6, state: { columns: 1 }, parts: [Uint8Array.from([9])] })
        const replaced = yield* checkpoints.load("parts")
        assert.strictEqual(replaced?.parts?.length, 1)
        assert.isTrue(same(replaced?.parts?.[0], Uint8Array.from([9])))
        yield* checkpoints.save("parts", { position: 7, state: { columns: 0 } })
        assert.strictEqual((yield* checkpoints.load("parts"))?.parts?.length ?? 0, 0)
        yield* checkpoints.reset("parts")
        assert.isUndefined(yield* checkpoints.load("parts"))
      })))

    it.effect("a projection whose state is saved in parts resumes from them", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1), renamed(2, "A"), renamed(3, "B")], ExpectedVersion.noStream)
        // The positions seen, as bytes: a state with no JSON form of its own.
        let applied = 0
        const seen: Projection.Projection<Array<number>> = {
          name: "seen",
          initial: [],
          apply: (s, e) => {
            applied++
            return [...s, e.position!]
          },
          encodeParts: (s) => ({ state: { count: s.length }, parts: [Uint8Array.from(s)] }),
          decodeParts: ({ parts, state }) => {
            const bytes = parts[0] ?? new Uint8Array(0)
            if (bytes.length !== (state as { count: number }).count) throw new Error("parts and state disagree")
            return Array.from(bytes)
          }
        }
        const [first] = yield* Projection.catchUp([seen])
        assert.deepStrictEqual(first, [1, 2, 3])
        yield* store.append(streamA, [renamed(4, "C")], ExpectedVersion.exact(3))
        applied = 0
        const [second] = yield* Projection.catchUp([seen])
        assert.strictEqual(applied, 1)
        assert.deepStrictEqual(second, [1, 2, 3, 4])
      })))

    it.effect("a live projection catches up, follows appends and saves its checkpoint", () =>
      inStore(Effect.gen(function*() {
        const store = yield* EventStore
        yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        const done = yield* Deferred.make<number>()
        const count: Projection.Projection<number> = { name: "live", initial: 0, apply: (n) => n + 1 }
        const fiber = yield* Effect.forkChild(
          Projection.live([count], {
            pollInterval: "20 millis",
            onUpdate: ([n]) => (n === 4 ? Deferred.succeed(done, n) : Effect.void)
          })
        )
        yield* store.append(streamA, [renamed(2, "A"), renamed(3, "B")], ExpectedVersion.exact(1))
        yield* store.append(streamB, [founded(4)], ExpectedVersion.noStream)
        assert.strictEqual(yield* Deferred.await(done), 4)
        yield* Fiber.interrupt(fiber)
        assert.strictEqual((yield* (yield* Projection.ProjectionStore).load("live"))?.position, 4)
      })))

    if (adapter.bulk !== undefined) {
      const layerTwice = adapter.bulk.layerTwice
      const recordedAt = "2026-01-01T00:00:00.000Z"

      it.effect("bulk: rows are invisible until the commit, then stored in order with their versions", () =>
        inStore(Effect.gen(function*() {
          const store = yield* EventStore
          yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
          const appended = yield* Effect.scoped(Effect.gen(function*() {
            const session = yield* bulkOf(store)({ defaultRecordedAt: recordedAt })
            yield* session.write([bulkRow(streamA, 2, renamed(2, "Chi bộ 2")), bulkRow(streamB, 1, founded(3, "B"))])
            yield* session.write([
              bulkRow(streamB, 2, { ...renamed(4, "B2"), meta: { actor: "import" } } as NewEvent, true)
            ])
            assert.deepStrictEqual(ids(yield* Stream.runCollect(store.readAll())), [id(1)])
            return yield* session.commit
          }))
          assert.deepStrictEqual(appended, { appended: 3 })
          const all = yield* Stream.runCollect(store.readAll())
          assert.deepStrictEqual(all.map((e) => [e.id, e.stream, e.streamVersion, e.position]), [
            [id(1), streamA, 1, 1],
            [id(2), streamA, 2, 2],
            [id(3), streamB, 1, 3],
            [id(4), streamB, 2, 4]
          ])
          assert.strictEqual(all[3]!.recordedAt, recordedAt)
          assert.deepStrictEqual(all[3]!.meta, { actor: "import" })
          assert.deepStrictEqual(all[2]!.data, { name: "B", kind: "cell", parentId: null })
          assert.strictEqual(yield* store.streamVersion(streamB), 2)
        })))

      it.effect("bulk: a session that ends without a commit stores nothing and releases the store", () =>
        inStore(Effect.gen(function*() {
          const store = yield* EventStore
          yield* Effect.scoped(Effect.gen(function*() {
            const session = yield* bulkOf(store)({ defaultRecordedAt: recordedAt })
            yield* session.write([bulkRow(streamA, 1, founded(1)), bulkRow(streamA, 2, renamed(2, "X"))])
          }))
          assert.deepStrictEqual(yield* Stream.runCollect(store.readAll()), [])
          yield* store.append(streamA, [founded(5)], ExpectedVersion.noStream)
          assert.deepStrictEqual(ids(yield* Stream.runCollect(store.readAll())), [id(5)])
        })))

      it.effect("bulk: a row breaking a unique key fails the session and stores nothing", () =>
        inStore(Effect.gen(function*() {
          const store = yield* EventStore
          const exit = yield* Effect.exit(Effect.scoped(Effect.gen(function*() {
            const session = yield* bulkOf(store)({ defaultRecordedAt: recordedAt })
            yield* session.write([bulkRow(streamA, 1, founded(1)), bulkRow(streamB, 1, founded(1))])
            return yield* session.commit
          })))
          assert.isTrue(Exit.isFailure(exit))
          assert.deepStrictEqual(yield* Stream.runCollect(store.readAll()), [])
          yield* store.append(streamA, [founded(1)], ExpectedVersion.noStream)
        })))

      it.live("bulk: the session holds the write lock until it ends; a subscriber wakes at its commit", () =>
        Effect.gen(function*() {
          const [first, second] = layerTwice()
          const otherStore = Context.get(yield* Layer.build(second), EventStore)
          yield* Effect.provide(
            Effect.gen(function*() {
              const store = yield* EventStore
              const seen = yield* Effect.forkChild(
                Stream.runCollect(Stream.take(store.subscribe({ pollInterval: "10 seconds" }), 2))
              )
              const other = yield* Effect.scoped(Effect.gen(function*() {
                const session = yield* bulkOf(store)({ defaultRecordedAt: recordedAt })
                yield* session.write([bulkRow(streamA, 1, founded(1))])
                // Another connection cannot write meanwhile: its append waits for the lock (and
                // may give up waiting), it does not get in.
                const waiting = yield* Effect.forkChild(otherStore.append(streamB, [founded(2)], ExpectedVersion.any))
                yield* Effect.sleep("300 millis")
                const early = waiting.pollUnsafe()
                assert.isTrue(early === undefined || Exit.isFailure(early), "no append gets in during a session")
                yield* session.write([bulkRow(streamA, 2, renamed(3, "Y"))])
                yield* session.commit
                return waiting
              }))
              assert.deepStrictEqual(ids(yield* Fiber.join(seen)), [id(1), id(3)])
              // After the commit: the waiting append lands after the session's rows, or it gave up.
              const late = yield* Fiber.await(other)
              if (Exit.isSuccess(late)) assert.deepStrictEqual(late.value.positions, [3])
              else yield* otherStore.append(streamB, [founded(2)], ExpectedVersion.any)
              assert.deepStrictEqual(ids(yield* Stream.runCollect(store.readAll())), [id(1), id(3), id(2)])
            }),
            first,
            { local: true }
          )
        }).pipe(Effect.scoped))

      const streamC = orgStream(orgId("01JD3Q8Y7W00000000000000CC"))
      const unknown = orgStream(orgId("01JD3Q8Y7W00000000000000FF"))
      /** Two events of streamA and one of streamB committed (positions 1–3), then a session. */
      const withSession = <A, E2>(
        body: (
          session: BulkSession,
          store: EventStore["Service"]
        ) => Effect.Effect<A, E2, EventStore | Projection.ProjectionStore | Scope.Scope>
      ) =>
        Effect.gen(function*() {
          const store = yield* EventStore
          yield* store.append(streamA, [founded(1), renamed(2, "A2")], ExpectedVersion.noStream)
          yield* store.append(streamB, [founded(3, "B")], ExpectedVersion.noStream)
          return yield* Effect.scoped(
            Effect.flatMap(bulkOf(store)({ defaultRecordedAt: recordedAt }), (session) => body(session, store))
          )
        })
      /** The session's rows: streamA 3 and 4 (positions 4 and 6, the last without `recordedAt`), streamC 1 (5). */
      const sessionRows = [
        bulkRow(streamA, 3, renamed(4, "A3")),
        bulkRow(streamC, 1, founded(5, "C")),
        bulkRow(streamA, 4, { ...renamed(6, "A4"), meta: { actor: "import" } } as NewEvent, true)
      ]
      it.effect("bulk: readStreams sees the committed events of a stream, then the rows written in the session", () =>
        inStore(withSession((session, store) =>
          Effect.gen(function*() {
            assert.deepStrictEqual(shape(yield* session.readStreams([streamA])), [
              [id(1), streamA, 1, 1],
              [id(2), streamA, 2, 2]
            ])
            yield* session.write(sessionRows.slice(0, 2))
            yield* session.write(sessionRows.slice(2))
            const a = yield* session.readStreams([streamA])
            assert.deepStrictEqual(shape(a), [
              [id(1), streamA, 1, 1],
              [id(2), streamA, 2, 2],
              [id(4), streamA, 3, 4],
              [id(6), streamA, 4, 6]
            ])
            assert.deepStrictEqual(a[2]!.data, { name: "A3" })
            assert.strictEqual(a[2]!.recordedAt, renamed(4, "A3").recordedAt)
            assert.strictEqual(a[3]!.recordedAt, recordedAt, "the session's default recordedAt")
            assert.deepStrictEqual(a[3]!.meta, { actor: "import" })
            assert.deepStrictEqual(yield* session.readStreams([unknown]), [])
            assert.deepStrictEqual(yield* session.readStreams([]), [])
            // Several streams at once: stream by stream, each in version order.
            const several = byStream(yield* session.readStreams([streamC, unknown, streamA, streamB]))
            assert.deepStrictEqual([...several.keys()].sort(), [streamA, streamB, streamC].sort())
            assert.deepStrictEqual(shape(several.get(streamA)!), shape(a))
            assert.deepStrictEqual(shape(several.get(streamB)!), [[id(3), streamB, 1, 3]])
            assert.deepStrictEqual(shape(several.get(streamC)!), [[id(5), streamC, 1, 5]])
            // A stream named twice is read once, in the place of its first naming.
            assert.deepStrictEqual(
              shape(yield* session.readStreams([streamB, streamA, streamB, streamA])),
              [[id(3), streamB, 1, 3], ...shape(a)]
            )
            assert.deepStrictEqual(several.get(streamC)![0]!.data, { name: "C", kind: "cell", parentId: null })
            // Nothing is visible outside the session until it commits; then readStream agrees.
            assert.deepStrictEqual(ids(yield* store.readStream(streamA)), [id(1), id(2)])
            yield* session.commit
            assert.deepStrictEqual(yield* store.readStream(streamA), a)
          })
        )))

      it.effect("bulk: reads asked together are answered in order, after the rows written before them", () =>
        inStore(withSession((session) =>
          Effect.gen(function*() {
            // More messages of rows than the writer takes without waiting, reads in between.
            const rows = Array.from({ length: 12 }, (_, i) => bulkRow(streamC, i + 1, renamed(10 + i, `C${i + 1}`)))
            const [, first, positions, , last] = yield* Effect.all([
              Effect.forEach(rows.slice(0, 8), (r) => session.write([r]), { discard: true }),
              session.readStreams([streamC]),
              session.positionsOf([id(10), id(17), id(18)]),
              Effect.forEach(rows.slice(8), (r) => session.write([r]), { discard: true }),
              session.readStreams([streamC, streamA])
            ], { concurrency: 1 })
            assert.deepStrictEqual(first.map((e) => e.streamVersion), [1, 2, 3, 4, 5, 6, 7, 8])
            assert.deepStrictEqual(new Map(positions), new Map([[id(10), 4], [id(17), 11]]))
            const lastByStream = byStream(last)
            assert.deepStrictEqual(lastByStream.get(streamC)!.map((e) => e.position), rows.map((_, i) => i + 4))
            assert.deepStrictEqual(ids(lastByStream.get(streamA)!), [id(1), id(2)])
            const together = yield* Effect.all([
              session.readStreams([streamA]),
              session.positionsOf([id(21), id(3)]),
              session.readStreams([streamB])
            ], { concurrency: "unbounded" })
            assert.deepStrictEqual(ids(together[0]), [id(1), id(2)])
            assert.deepStrictEqual(new Map(together[1]), new Map([[id(21), 15], [id(3), 3]]))
            assert.deepStrictEqual(ids(together[2]), [id(3)])
          })
        )))

      it.effect("bulk: positionsOf finds the ids committed before and written in the session, omits the others", () =>
        inStore(withSession((session) =>
          Effect.gen(function*() {
            assert.deepStrictEqual(
              new Map(yield* session.positionsOf([id(3), id(4), id(1)])),
              new Map([[id(3), 3], [id(1), 1]])
            )
            yield* session.write(sessionRows)
            const found = yield* session.positionsOf([id(1), id(5), id(99), id(6), id(2), id(4)])
            assert.deepStrictEqual(
              new Map(found),
              new Map([[id(1), 1], [id(2), 2], [id(4), 4], [id(5), 5], [id(6), 6]])
            )
            assert.isFalse(found.has(id(99)))
            assert.strictEqual((yield* session.positionsOf([])).size, 0)
            // An id asked twice is answered once.
            assert.deepStrictEqual(
              [...(yield* session.positionsOf([id(4), id(1), id(4), id(99), id(1)]))].sort(),
              [[id(1), 1], [id(4), 4]]
            )
            assert.strictEqual((yield* session.positionsOf([id(98), id(99)])).size, 0)
          })
        )))

      it.effect("bulk: after a rollback the session's reads left nothing behind", () =>
        inStore(Effect.gen(function*() {
          yield* withSession((session) =>
            Effect.gen(function*() {
              yield* session.write(sessionRows)
              assert.strictEqual((yield* session.readStreams([streamA, streamC])).length, 5)
              assert.strictEqual((yield* session.positionsOf([id(4), id(5), id(6)])).size, 3)
            })
          )
          const store = yield* EventStore
          assert.deepStrictEqual(shape(yield* Stream.runCollect(store.readAll())), [
            [id(1), streamA, 1, 1],
            [id(2), streamA, 2, 2],
            [id(3), streamB, 1, 3]
          ])
          assert.deepStrictEqual(yield* store.readStream(streamC), [])
          assert.strictEqual(yield* store.lastPosition, 3)
          // A new session sees what was committed, and nothing of the one rolled back.
          yield* Effect.scoped(Effect.gen(function*() {
            const session = yield* bulkOf(store)({ defaultRecordedAt: recordedAt })
            assert.deepStrictEqual(ids(yield* session.readStreams([streamA, streamC])), [id(1), id(2)])
            assert.deepStrictEqual([...(yield* session.positionsOf([id(2), id(4), id(5), id(6)]))], [[id(2), 2]])
          }))
        })))

      it.effect("bulk: readStreams upcasts as readStream does", () =>
        Effect.gen(function*() {
          const store = yield* EventStore
          const old = {
            ...renamed(2, "ignored"),
            data: { title: "Chi bộ cũ" }
          } as unknown as NewEvent
          yield* store.append(streamA, [founded(1), old], ExpectedVersion.noStream)
          yield* Effect.scoped(Effect.gen(function*() {
            const session = yield* bulkOf(store)({ defaultRecordedAt: recordedAt })
            yield* session.write([
              bulkRow(streamA, 3, { ...renamed(3, "ignored"), data: { title: "Mới" } } as NewEvent)
            ])
            const read = yield* session.readStreams([streamA])
            assert.deepStrictEqual(read.map((e) => [e.schemaVersion, e.data]), [
              [1, { name: "Chi bộ 1", kind: "cell", parentId: null }],
              [2, { name: "Chi bộ cũ" }],
              [2, { name: "Mới" }]
            ])
            assert.deepStrictEqual(read.map((e) => [e.streamVersion, e.position]), [[1, 1], [2, 2], [3, 3]])
            yield* session.commit
            assert.deepStrictEqual(yield* store.readStream(streamA), read)
          }))
        }).pipe(Effect.provide(adapter.layerWith({ upcasters: renamedV2 }), { local: true })))
    }

    it.effect("upcasts events written under an older schemaVersion when they are read", () =>
      Effect.gen(function*() {
        const store = yield* EventStore
        const old = {
          id: id(1),
          type: "OrganizationRenamed",
          schemaVersion: 1,
          occurredOn: "2021-06-01",
          recordedAt: "2021-06-02T09:30:00.000Z",
          data: { title: "Chi bộ cũ" }
        } as unknown as NewEvent
        yield* store.append(streamA, [founded(2), old], ExpectedVersion.noStream)
        const [, upcast] = yield* store.readStream(streamA)
        assert.strictEqual(upcast!.schemaVersion, 2)
        assert.deepStrictEqual(upcast!.data, { name: "Chi bộ cũ" })
        assert.strictEqual(upcast!.streamVersion, 2)
        const all = yield* Stream.runCollect(store.readAll())
        assert.deepStrictEqual(all[1]!.data, { name: "Chi bộ cũ" })
        assert.strictEqual(all[0]!.schemaVersion, 1)
      }).pipe(Effect.provide(adapter.layerWith({ upcasters: renamedV2 }), { local: true })))
  })

/** Suppose `OrganizationRenamed` v1 stored `{ title }`; v2 is the catalog's `{ name }`. */
const renamedV2 = Upcaster.make([{
  type: "OrganizationRenamed",
  fromVersion: 1,
  up: (data) => ({ name: (data as { title: string }).title })
}])
