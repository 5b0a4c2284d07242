import { EventStore, ExpectedVersion, type NewEvent, StorageError } from "@dangvien/core/EventStore"
import * as Projection from "@dangvien/core/Projection"
import { PgClient } from "@effect/sql-pg"
import { assert, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Redacted, Stream } from "effect"
import { lockClass } from "../src/internal/statements.ts"
import { mapSqlError } from "../src/internal/storageError.ts"
import * as PostgresStore from "../src/PostgresStore.ts"
import { ReadLag } from "../src/ReadLag.ts"
import { founded, id, openTransaction, rawAppendLock, rawInsert, renamed, stream } from "./fixtures.ts"
import { describePostgres, dropOnClose, freshSchema, freshStore, url, withClient } from "./server.ts"

const readAllIds = Effect.gen(function*() {
  const all = yield* Stream.runCollect((yield* EventStore).readAll())
  return all.map((e) => [e.id, e.position])
})

const counter: Projection.Projection<number> = { name: "count", initial: 0, apply: (n) => n + 1 }

describePostgres("PostgresStore", () => {
  it.live("a checkpoint state that is not JSON (a Map) is refused with a defect saying where, nothing saved", () =>
    Effect.gen(function*() {
      yield* (yield* EventStore).append(stream(1), [founded(1)], ExpectedVersion.noStream)
      const byStream: Projection.Projection<Map<string, number>> = {
        name: "by-stream",
        initial: new Map(),
        apply: (m, e) => new Map(m).set(e.stream, 1)
      }
      const exit = yield* Effect.exit(Projection.catchUp([byStream]))
      assert.isTrue(Exit.hasDies(exit))
      assert.include(String(Exit.isFailure(exit) ? exit.cause : ""), "by-stream is not JSON: state is a Map")
      assert.isUndefined(yield* (yield* Projection.ProjectionStore).load("by-stream"))
    }).pipe(Effect.scoped, Effect.provide(freshStore({}, freshSchema()), { local: true })))

  it.live("appends queue behind an open append, so positions commit in position order", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append(stream(1), [founded(1)], ExpectedVersion.noStream)
      // T1: an append holding the lock, its event at position 2 not committed.
      const t1 = yield* openTransaction((pg) => Effect.andThen(rawAppendLock(pg, schema), rawInsert(pg, schema, 2, 2)))
      // T2: the adapter's append must wait for T1 rather than commit position 3 first.
      const t2 = yield* Effect.forkChild(store.append(stream(3), [founded(3)], ExpectedVersion.noStream))
      yield* Effect.sleep("400 millis")
      assert.isUndefined(t2.pollUnsafe(), "T2 committed while T1 held the append lock")
      assert.deepStrictEqual(yield* readAllIds, [[id(1), 1]])
      assert.strictEqual(yield* store.lastPosition, 1)
      yield* t1.commit
      assert.deepStrictEqual((yield* Fiber.join(t2)).positions, [3])
      assert.deepStrictEqual(yield* readAllIds, [[id(1), 1], [id(2), 2], [id(3), 3]])
    }).pipe(Effect.scoped, Effect.provide(freshStore({}, schema), { local: true }))
  })

  it.live("a higher position committed while a lower one is still open is held back: nothing is skipped", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      const store = yield* EventStore
      const lag = yield* ReadLag
      const subscriber = yield* Effect.forkChild(
        Stream.runCollect(Stream.take(store.subscribe({ pollInterval: "20 millis" }), 2))
      )
      // Two writers that bypass the append lock: T1 writes position 1 and stays open,
      // T2 writes position 2 and commits.
      const t1 = yield* openTransaction((pg) => rawInsert(pg, schema, 1, 1))
      const t2 = yield* openTransaction((pg) => rawInsert(pg, schema, 2, 2))
      yield* t2.commit
      // Position 2 is committed, but its transaction is younger than T1: readers must not see it,
      // or a checkpoint at 2 would pass position 1 for ever.
      assert.deepStrictEqual(yield* readAllIds, [])
      assert.strictEqual(yield* store.lastPosition, 0)
      assert.strictEqual(yield* Projection.catchUp([counter]).pipe(Effect.map(([n]) => n)), 0)
      assert.isUndefined(yield* (yield* Projection.ProjectionStore).load("count"))
      const during = yield* lag.current
      assert.strictEqual(during.heldBackEvents, 1)
      assert.strictEqual(during.committedPosition, 2)
      assert.strictEqual(during.releasedPosition, 0)
      yield* Effect.sleep("100 millis")
      assert.isUndefined(subscriber.pollUnsafe(), "the subscriber saw events while T1 was open")
      yield* t1.commit
      const seen = yield* Fiber.join(subscriber)
      assert.deepStrictEqual(seen.map((e) => [e.id, e.position]), [[id(1), 1], [id(2), 2]])
      assert.deepStrictEqual(yield* readAllIds, [[id(1), 1], [id(2), 2]])
      assert.strictEqual(yield* Projection.catchUp([counter]).pipe(Effect.map(([n]) => n)), 2)
      assert.strictEqual((yield* lag.current).heldBackEvents, 0)
    }).pipe(Effect.scoped, Effect.provide(freshStore({}, schema), { local: true }))
  })

  it.live("a connection lost during an append fails it with a retryable StorageError; nothing acknowledged is lost, and the retry stores the events once", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      const store = yield* EventStore
      const acknowledged = yield* store.append(stream(1), [founded(1)], ExpectedVersion.noStream)
      // Another writer holds the append lock, so the adapter's append waits for it on its own
      // connection — whose server process is then terminated, as a restart or a network cut would.
      const holder = yield* openTransaction((pg) => rawAppendLock(pg, schema))
      const appending = yield* Effect.forkChild(
        store.append(stream(2), [founded(2), renamed(3)], ExpectedVersion.noStream)
      )
      const terminated = yield* withClient(url, (pg) =>
        Effect.gen(function*() {
          for (let attempt = 0; attempt < 250; attempt++) {
            const waiting = yield* pg<{ pid: number }>`
              SELECT pid FROM pg_locks
              WHERE locktype = 'advisory' AND NOT granted AND classid = ${lockClass}
                AND objid = (hashtext(${`${schema}.events`})::bigint & 4294967295)::text::oid`
            if (waiting.length > 0) {
              return yield* pg<{ done: boolean }>`SELECT pg_terminate_backend(${waiting[0]!.pid}) AS done`
            }
            yield* Effect.sleep("20 millis")
          }
          return []
        }))
      assert.deepStrictEqual(terminated, [{ done: true }], "the waiting append's connection was found and terminated")
      const failed = yield* Effect.flip(Fiber.join(appending))
      assert.instanceOf(failed, StorageError)
      assert.strictEqual(failed._tag === "StorageError" && failed.retryable, true, String(failed))
      yield* holder.commit
      // What was acknowledged is there; the failed append stored nothing; retried, it stores once.
      assert.deepStrictEqual(yield* readAllIds, [[id(1), acknowledged.positions[0]]])
      const retried = yield* store.append(stream(2), [founded(2), renamed(3)], ExpectedVersion.noStream)
      assert.deepStrictEqual(retried.positions, [2, 3])
      // Retried once more, as a client that never saw the answer would: a no-op.
      assert.strictEqual(
        (yield* store.append(stream(2), [founded(2), renamed(3)], ExpectedVersion.noStream)).appended,
        0
      )
      assert.deepStrictEqual(yield* readAllIds, [[id(1), 1], [id(2), 2], [id(3), 3]])
    }).pipe(Effect.scoped, Effect.provide(freshStore({}, schema), { local: true }))
  })

  it.live("create: false — a schema holding no store is refused and not created; a store opens as usual", () => {
    const schema = freshSchema()
    const schemaExists = withClient(url, (pg) =>
      Effect.map(
        pg<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = ${schema}`,
        ([row]) => row!.n === 1
      ))
    return Effect.gen(function*() {
      const refused = yield* Effect.flip(Layer.build(PostgresStore.layer({ url, schema, create: false })))
      assert.instanceOf(refused, StorageError)
      assert.include(refused.message, `no dangvien store in schema ${schema}`)
      assert.isFalse(yield* schemaExists, "nothing created")
      yield* Layer.build(PostgresStore.layer({ url, schema }))
      yield* Layer.build(PostgresStore.layer({ url, schema, create: false }))
      assert.isTrue(yield* schemaExists)
    }).pipe(Effect.scoped, Effect.provide(dropOnClose(schema)))
  })

  it.live("a statement the server refuses is not retryable", () =>
    Effect.gen(function*() {
      const failed = yield* Effect.flip(
        withClient(url, (pg) => mapSqlError("probe")(pg.unsafe("SELECT * FROM no_such_table_anywhere")))
      )
      assert.strictEqual(failed._tag === "StorageError" && failed.retryable, false, String(failed))
    }))

  it.live("an open transaction elsewhere on the server holds readers back, and ReadLag shows it", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      const lag = yield* ReadLag
      // An unrelated transaction that has a transaction id (it has written, or asked for one).
      const open = yield* openTransaction((pg) =>
        Effect.map(pg<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text`, ([row]) => row!.pid)
      )
      yield* store.append(stream(1), [founded(1), renamed(2)], ExpectedVersion.noStream)
      yield* Effect.sleep("150 millis")
      assert.deepStrictEqual(yield* readAllIds, [])
      assert.strictEqual(yield* store.lastPosition, 0)
      // Stream reads are not held back: the command side always sees the latest version.
      assert.strictEqual((yield* store.readStream(stream(1))).length, 2)
      assert.strictEqual(yield* store.streamVersion(stream(1)), 2)
      const during = yield* lag.current
      assert.strictEqual(during.heldBackEvents, 2)
      assert.strictEqual(during.releasedPosition, 0)
      assert.strictEqual(during.committedPosition, 2)
      assert.isAtLeast(during.oldestOpenTransactionAgeMs, 150)
      assert.strictEqual(during.oldestOpenTransactionPid, open.value)
      yield* open.commit
      const after = yield* lag.current
      assert.strictEqual(after.heldBackEvents, 0)
      assert.strictEqual(after.releasedPosition, 2)
      assert.deepStrictEqual(yield* readAllIds, [[id(1), 1], [id(2), 2]])
    }).pipe(Effect.scoped, Effect.provide(freshStore(), { local: true })))

  it.live("a caught-up subscriber is woken by NOTIFY, not by its polling interval", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      const subscriber = yield* Effect.forkChild(
        Stream.runCollect(Stream.take(store.subscribe({ pollInterval: "1 minute" }), 3))
      )
      yield* Effect.sleep("200 millis")
      yield* store.append(stream(1), [founded(1)], ExpectedVersion.noStream)
      yield* Effect.sleep("100 millis")
      yield* store.appendBatch([{ stream: stream(2), events: [founded(2), renamed(3)], expected: ExpectedVersion.any }])
      const seen = yield* Fiber.join(subscriber).pipe(Effect.timeout("5 seconds"))
      assert.deepStrictEqual(seen.map((e) => e.position), [1, 2, 3])
    }).pipe(Effect.provide(freshStore(), { local: true })))

  it.live("recordedAt, occurredOn, meta and data round-trip exactly", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      const instants = [
        "2020-01-01T08:00:00Z",
        "2020-01-01T08:00+07:00",
        "2020-01-01T15:00:00.123456789+07:00",
        "2020-01-01T01:00:00.5-05:00"
      ]
      const events = instants.map((at, i): NewEvent => ({
        ...founded(i + 1, at),
        data: { name: `Chi bộ Đảng ủy xã Tân Định ${"ư".repeat(i)} \u{1F1FB}\u{1F1F3}`, kind: "cell", parentId: null },
        ...(i % 2 === 0 ? { meta: { actor: "cán bộ", correlationId: "c-1", note: "nhập \"lại\"" } } : {})
      } as NewEvent))
      yield* store.append(stream(1), events, ExpectedVersion.noStream)
      const stored = yield* store.readStream(stream(1))
      assert.deepStrictEqual(stored.map((e) => e.recordedAt), instants)
      stored.forEach((e, i) => {
        const { id: eventId, type, schemaVersion, occurredOn, recordedAt, data, meta } = e
        assert.deepStrictEqual({ id: eventId, type, schemaVersion, occurredOn, recordedAt, data, meta }, {
          ...events[i]!,
          meta: events[i]!.meta
        })
        assert.strictEqual("meta" in e, events[i]!.meta !== undefined)
      })
      // Re-appending the same events is a no-op: the stored copies compare equal.
      assert.strictEqual((yield* store.append(stream(1), events, ExpectedVersion.noStream)).appended, 0)
    }).pipe(Effect.provide(freshStore(), { local: true })))

  it.live("appendBatch imports a large batch in one transaction, idempotently, or nothing", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      const streams = 2_000
      const perStream = 10
      const items = Array.from({ length: streams }, (_, s) => ({
        stream: stream(s + 1),
        events: Array.from(
          { length: perStream },
          (_event, k) => k === 0 ? founded(s * perStream + k + 1) : renamed(s * perStream + k + 1)
        ),
        expected: ExpectedVersion.noStream
      }))
      assert.deepStrictEqual(yield* store.appendBatch(items), { appended: streams * perStream })
      assert.strictEqual(yield* store.lastPosition, streams * perStream)
      const all = yield* Stream.runCollect(store.readAll({ batchSize: 7_000 }))
      assert.strictEqual(all.length, streams * perStream)
      assert.isTrue(all.every((e, i) => e.position === i + 1 && e.id === id(i + 1)))
      assert.deepStrictEqual((yield* store.readStream(stream(17))).map((e) => e.streamVersion), [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10
      ])
      // A re-run import stores nothing twice.
      assert.deepStrictEqual(yield* store.appendBatch(items), { appended: 0 })
      // One conflicting item refuses the whole batch.
      const refused = yield* Effect.flip(store.appendBatch([
        { stream: stream(streams + 1), events: [founded(900_001)], expected: ExpectedVersion.noStream },
        { stream: stream(1), events: [renamed(900_002)], expected: ExpectedVersion.exact(3) }
      ]))
      assert.strictEqual(refused._tag, "StreamVersionConflict")
      assert.strictEqual(yield* store.streamVersion(stream(streams + 1)), 0)
      assert.strictEqual(yield* store.lastPosition, streams * perStream)
    }).pipe(Effect.provide(freshStore(), { local: true })))

  it.live("an unreachable server fails the layer with a StorageError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(PostgresStore.layer({ url: "postgres://postgres@127.0.0.1:1/test", connectTimeout: "2 seconds" }))
      )
      assert.instanceOf(error, StorageError)
      assert.include(error.message, "127.0.0.1:1")
    }).pipe(Effect.scoped))

  it.live("an invalid schema name fails the layer with a StorageError before any SQL", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Layer.build(PostgresStore.layer({ url, schema: "x\"; DROP TABLE y; --" })))
      assert.instanceOf(error, StorageError)
      assert.include(error.message, "invalid schema name")
    }).pipe(Effect.scoped))

  it.live("layerFromClient: a checkpoint saved in the application's transaction commits or rolls back with it", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      const pg = yield* PgClient.PgClient
      const checkpoints = yield* Projection.ProjectionStore
      const failed = yield* Effect.exit(pg.withTransaction(Effect.andThen(
        checkpoints.save("report", { position: 7, state: { members: 3 } }),
        Effect.fail("the read model's write failed")
      )))
      assert.isTrue(Exit.isFailure(failed))
      assert.isUndefined(yield* checkpoints.load("report"))
      yield* pg.withTransaction(checkpoints.save("report", { position: 7, state: { members: 3 } }))
      assert.deepStrictEqual(yield* checkpoints.load("report"), { position: 7, state: { members: 3 } })
    }).pipe(
      Effect.provide(
        PostgresStore.layerFromClient({ schema }).pipe(
          Layer.provideMerge(PgClient.layer({ url: Redacted.make(url) })),
          Layer.provideMerge(dropOnClose(schema))
        ),
        { local: true }
      )
    )
  })
})
