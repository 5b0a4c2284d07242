/**
 * What a bulk session sees inside its transaction (`readStreams`, `positionsOf`): the events
 * committed before it began and the rows handed to `write` so far, decoded as `readStream` does.
 */
import * as EnvelopeCodec from "@dangvien/core/Envelope"
import type { Envelope } from "@dangvien/core/Envelope"
import { type BulkRow, EventStore, ExpectedVersion, type NewEvent, StorageError } from "@dangvien/core/EventStore"
import type { StreamName } from "@dangvien/core/Ids"
import * as Upcaster from "@dangvien/core/Upcaster"
import { idsTakenScenario, readBackScenario } from "@dangvien/testing/ImportFixture"
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { founded, id, renamed, stream } from "./fixtures.ts"
import { describePostgres, freshStore } from "./server.ts"

const recordedAt = "2026-01-01T00:00:00.000Z"

const row = (to: StreamName, streamVersion: number, event: NewEvent): BulkRow => ({
  stream: to,
  streamVersion,
  line: EnvelopeCodec.encodeLine({ ...event, stream: to } as Envelope)
})

const shape = (envelopes: ReadonlyArray<Envelope>) =>
  envelopes.map((e) => [e.id, e.stream, e.streamVersion, e.position])

const bulk = Effect.gen(function*() {
  const store = yield* EventStore
  return yield* store.bulk!({ defaultRecordedAt: recordedAt })
})

describePostgres("PostgreSQL bulk session reads", () => {
  it.effect("readStreams: committed events then the session's rows, stream by stream in the order asked", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append(stream(1), [founded(1)], ExpectedVersion.noStream)
      yield* store.append(stream(2), [founded(2)], ExpectedVersion.noStream)
      yield* Effect.scoped(Effect.gen(function*() {
        const session = yield* bulk
        yield* session.write([row(stream(2), 2, renamed(3)), row(stream(1), 2, renamed(4))])
        yield* session.write([row(stream(3), 1, founded(5)), row(stream(1), 3, renamed(6, "Sáu"))])
        assert.deepStrictEqual(shape(yield* session.readStreams([stream(1), stream(2), stream(9), stream(1)])), [
          [id(1), stream(1), 1, 1],
          [id(4), stream(1), 2, 4],
          [id(6), stream(1), 3, 6],
          [id(2), stream(2), 1, 2],
          [id(3), stream(2), 2, 3]
        ])
        const [first, second] = yield* session.readStreams([stream(3), stream(2)])
        assert.deepStrictEqual([first!.id, first!.position, second!.id], [id(5), 5, id(2)])
        const [own] = (yield* session.readStreams([stream(1)])).slice(2)
        assert.deepStrictEqual(own!.data, { name: "Sáu" })
        assert.strictEqual(own!.recordedAt, renamed(6).recordedAt)
        assert.deepStrictEqual(yield* session.readStreams([]), [])
        yield* session.commit
      }))
      // The same events as readStream sees them after the commit.
      assert.deepStrictEqual(shape(yield* store.readStream(stream(1))), [
        [id(1), stream(1), 1, 1],
        [id(4), stream(1), 2, 4],
        [id(6), stream(1), 3, 6]
      ])
    }).pipe(Effect.provide(freshStore(), { local: true })))

  it.effect("readStreams upcasts as readStream does", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append(stream(1), [founded(1)], ExpectedVersion.noStream)
      yield* Effect.scoped(Effect.gen(function*() {
        const session = yield* bulk
        yield* session.write([row(stream(1), 2, { ...renamed(2), data: { title: "Cũ" } } as NewEvent)])
        const read = yield* session.readStreams([stream(1)])
        assert.deepStrictEqual(read[1]!.data, { name: "Cũ" })
      }))
    }).pipe(
      Effect.provide(
        freshStore({
          upcasters: Upcaster.make([{
            type: "OrganizationRenamed",
            fromVersion: 1,
            up: (data) => ({ name: (data as { title: string }).title })
          }])
        }),
        { local: true }
      )
    ))

  it.effect("positionsOf: the positions of the ids the session sees, absent ids left out", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append(stream(1), [founded(1), renamed(2)], ExpectedVersion.noStream)
      yield* Effect.scoped(Effect.gen(function*() {
        const session = yield* bulk
        yield* session.write([row(stream(2), 1, founded(3))])
        yield* session.write([row(stream(2), 2, renamed(4))])
        const positions = yield* session.positionsOf([id(2), id(4), id(7), id(3), id(2)])
        assert.deepStrictEqual(
          [...positions].sort(([a], [b]) => a.localeCompare(b)),
          [[id(2), 2], [id(3), 3], [id(4), 4]]
        )
        assert.strictEqual((yield* session.positionsOf([])).size, 0)
        assert.strictEqual((yield* session.positionsOf([id(9)])).size, 0)
      }))
      // The rows of a session that did not commit are gone.
      assert.deepStrictEqual(yield* store.readStream(stream(2)), [])
    }).pipe(Effect.provide(freshStore(), { local: true })))

  it.effect("a session that failed, or is over, answers with a StorageError", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      yield* Effect.scoped(Effect.gen(function*() {
        const session = yield* bulk
        // The same id twice: the insert breaks the unique key and ends the session.
        yield* session.write([row(stream(1), 1, founded(1)), row(stream(2), 1, founded(1))])
        assert.instanceOf(yield* Effect.flip(session.readStreams([stream(1)])), StorageError)
        assert.instanceOf(yield* Effect.flip(session.positionsOf([id(1)])), StorageError)
        assert.instanceOf(yield* Effect.flip(session.positionsOf([])), StorageError)
      }))
      yield* Effect.scoped(Effect.gen(function*() {
        const session = yield* bulk
        yield* session.write([row(stream(1), 1, founded(1))])
        yield* session.commit
        assert.instanceOf(yield* Effect.flip(session.readStreams([stream(1)])), StorageError)
        assert.instanceOf(yield* Effect.flip(session.positionsOf([id(1)])), StorageError)
        assert.instanceOf(yield* Effect.flip(session.readStreams([])), StorageError)
      }))
      assert.strictEqual(yield* store.streamVersion(stream(1)), 1)
    }).pipe(Effect.provide(freshStore(), { local: true })))

  it.effect(
    "an import holding 5 member states reads dropped streams back from its session (time-ordered file)",
    () => readBackScenario.pipe(Effect.provide(freshStore(), { local: true })),
    60_000
  )

  it.effect(
    "EVT-02: an import line taking the id of a stored event of another stream is refused with its line; the same event written otherwise is stored once",
    () => idsTakenScenario.pipe(Effect.provide(freshStore(), { local: true })),
    60_000
  )
})
