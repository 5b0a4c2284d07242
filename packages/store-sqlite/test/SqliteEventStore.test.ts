import * as Envelope from "@dangvien/core/Envelope"
import { EventStore, ExpectedVersion, type NewEvent, StorageError } from "@dangvien/core/EventStore"
import { eventId, orgId, orgStream } from "@dangvien/core/Ids"
import * as Projection from "@dangvien/core/Projection"
import * as EventStoreConformance from "@dangvien/testing/EventStoreConformance"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Context, Effect, Exit, Fiber, Layer, Stream } from "effect"
import { TestClock } from "effect/testing"
import { execFile } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import * as Checkpoints from "../src/internal/checkpoints.ts"
import * as Database from "../src/internal/database.ts"
import * as Migrations from "../src/internal/migrations.ts"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"

const dir = mkdtempSync(join(tmpdir(), "dangvien-store-sqlite-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const freshFile = () => join(dir, `${crypto.randomUUID()}.sqlite`)

EventStoreConformance.run({
  name: "sqlite :memory:",
  layer: () => SqliteEventStore.layer({ filename: ":memory:" }),
  layerWith: (options) => SqliteEventStore.layer({ filename: ":memory:", ...options })
})

EventStoreConformance.run({
  name: "sqlite file",
  layer: () => SqliteEventStore.layer({ filename: freshFile() }),
  layerWith: (options) => SqliteEventStore.layer({ filename: freshFile(), ...options }),
  bulk: {
    layerTwice: () => {
      const filename = freshFile()
      return [SqliteEventStore.layer({ filename }), SqliteEventStore.layer({ filename, busyTimeoutMs: 50 })] as const
    }
  }
})

// ---------------------------------------------------------------------------------------------
// Adapter specifics
// ---------------------------------------------------------------------------------------------

const id = (n: number) => eventId(`01JD3Q8Y7W${String(n).padStart(16, "0")}`)
const streamA = orgStream(orgId("01JD3Q8Y7W00000000000000AA"))
const streamB = orgStream(orgId("01JD3Q8Y7W00000000000000BB"))
const renamed = (n: number, name: string, extra: Partial<NewEvent> = {}): NewEvent =>
  ({
    id: id(n),
    type: "OrganizationRenamed",
    schemaVersion: 1,
    occurredOn: "2021-06-01",
    recordedAt: "2021-06-02T09:30:00.000+07:00",
    data: { name },
    ...extra
  }) as NewEvent

/** The services of a layer built in the current scope (closed with it). */
const open = (options: SqliteEventStore.Options) =>
  Effect.map(Layer.build(SqliteEventStore.layer(options)), (context) => ({
    store: Context.get(context, EventStore),
    checkpoints: Context.get(context, Projection.ProjectionStore)
  }))

/** Opens `filename` as a program that only reads would (`create: false`), and closes it: the exit. */
const readOnly = (filename: string) => Effect.exit(Effect.scoped(open({ filename, create: false })))

/** Runs `f` on a store over `filename`, closing the database afterwards. */
const withStore = <A, E>(
  filename: string,
  f: (services: Effect.Success<ReturnType<typeof open>>) => Effect.Effect<A, E>
) => Effect.scoped(Effect.flatMap(open({ filename }), f))

/** Reads the file with a plain connection of its own. */
const raw = <A>(filename: string, f: (db: DatabaseSync) => A): A => {
  const db = new DatabaseSync(filename)
  try {
    return f(db)
  } finally {
    db.close()
  }
}

const storageError = (exit: Exit.Exit<unknown, unknown>): StorageError => {
  if (Exit.isSuccess(exit)) return assert.fail("expected a StorageError, got a success")
  const error = exit.cause.reasons.find((r) => r._tag === "Fail")
  if (error === undefined || !(error.error instanceof StorageError)) {
    return assert.fail(`expected a StorageError, got ${exit.cause}`)
  }
  return error.error
}

describe("SqliteEventStore", () => {
  it.effect("a checkpoint state that is not JSON (a Map) is refused with a defect saying where, nothing saved", () =>
    withStore(freshFile(), ({ checkpoints, store }) =>
      Effect.gen(function*() {
        yield* store.append(streamA, [renamed(1, "A")], ExpectedVersion.noStream)
        const byStream: Projection.Projection<Map<string, number>> = {
          name: "by-stream",
          initial: new Map(),
          apply: (m, e) => new Map(m).set(e.stream, 1)
        }
        // JSON.stringify would have saved {}, and the next run would have read back another state.
        const exit = yield* Effect.exit(
          Projection.catchUp([byStream]).pipe(
            Effect.provideService(Projection.ProjectionStore, checkpoints),
            Effect.provideService(EventStore, store)
          )
        )
        assert.isTrue(Exit.hasDies(exit))
        assert.include(String(Exit.isFailure(exit) ? exit.cause : ""), "by-stream is not JSON: state is a Map")
        assert.isUndefined(yield* checkpoints.load("by-stream"))
      })))

  it.effect("a reopened file keeps its events and checkpoints", () =>
    Effect.gen(function*() {
      const file = freshFile()
      yield* withStore(file, ({ checkpoints, store }) =>
        Effect.gen(function*() {
          yield* store.append(streamA, [renamed(1, "A"), renamed(2, "B")], ExpectedVersion.noStream)
          yield* store.append(streamB, [renamed(3, "C")], ExpectedVersion.noStream)
          yield* checkpoints.save("count", { position: 3, state: { n: 3, names: ["A", "B", "C"] } })
        }))
      yield* withStore(file, ({ checkpoints, store }) =>
        Effect.gen(function*() {
          assert.deepStrictEqual(yield* checkpoints.load("count"), {
            position: 3,
            state: { n: 3, names: ["A", "B", "C"] }
          })
          assert.strictEqual(yield* store.lastPosition, 3)
          assert.strictEqual(yield* store.streamVersion(streamA), 2)
          const all = yield* Stream.runCollect(store.readAll())
          assert.deepStrictEqual(all.map((e) => [e.id, e.stream, e.streamVersion, e.position]), [
            [id(1), streamA, 1, 1],
            [id(2), streamA, 2, 2],
            [id(3), streamB, 1, 3]
          ])
          // Versions and positions carry on; the re-run of a stored event is still a no-op.
          const next = yield* store.append(streamA, [renamed(2, "B"), renamed(4, "D")], ExpectedVersion.exact(2))
          assert.deepStrictEqual(next, { streamVersion: 3, positions: [2, 4], appended: 1 })
        }))
    }))

  it.effect("round-trips recordedAt, meta and schemaVersion through the file, in canonical key order", () =>
    Effect.gen(function*() {
      const file = freshFile()
      const withMeta = renamed(2, "Chi bộ Tân Định", { meta: { actor: "tester", note: "đổi tên" }, schemaVersion: 1 })
      yield* withStore(
        file,
        ({ store }) => store.append(streamA, [renamed(1, "A"), withMeta], ExpectedVersion.noStream)
      )
      const rows = raw(file, (db) => db.prepare("SELECT recorded_at, schema_version, data, meta FROM events").all())
      assert.deepStrictEqual(rows.map((r) => ({ ...r })), [
        { recorded_at: "2021-06-02T09:30:00.000+07:00", schema_version: 1, data: "{\"name\":\"A\"}", meta: null },
        {
          recorded_at: "2021-06-02T09:30:00.000+07:00",
          schema_version: 1,
          data: "{\"name\":\"Chi bộ Tân Định\"}",
          meta: "{\"actor\":\"tester\",\"note\":\"đổi tên\"}"
        }
      ])
      const [first, second] = yield* withStore(file, ({ store }) => store.readStream(streamA))
      assert.isFalse("meta" in first!)
      assert.deepStrictEqual(second!.meta, { actor: "tester", note: "đổi tên" })
      for (const e of [first!, second!]) {
        assert.deepStrictEqual(Object.keys(e), Object.keys(Envelope.make(e, e)))
        assert.strictEqual(e.recordedAt, "2021-06-02T09:30:00.000+07:00")
        assert.strictEqual(e.schemaVersion, 1)
      }
    }))

  it.effect("migrations run once: schema_migrations lists versions 1 and 2 and reopening applies nothing", () =>
    Effect.gen(function*() {
      const file = freshFile()
      yield* TestClock.setTime(Date.parse("2026-11-22T08:00:00Z"))
      yield* withStore(file, () => Effect.void)
      yield* TestClock.adjust("1 day")
      yield* withStore(file, () => Effect.void)
      assert.strictEqual(SqliteEventStore.schemaVersion, 2)
      const migrations = raw(file, (db) => db.prepare("SELECT version, name, applied_at FROM schema_migrations").all())
      assert.deepStrictEqual(migrations.map((r) => ({ ...r })), [
        { version: 1, name: "events and checkpoints", applied_at: "2026-11-22T08:00:00.000Z" },
        { version: 2, name: "checkpoint parts", applied_at: "2026-11-22T08:00:00.000Z" }
      ])
      const tables = raw(
        file,
        (db) =>
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r["name"])
      )
      assert.deepStrictEqual(tables, ["checkpoint_parts", "checkpoints", "events", "schema_migrations"])
      assert.strictEqual(raw(file, (db) => db.prepare("PRAGMA journal_mode").get()?.["journal_mode"]), "wal")
    }))

  it.effect("a file of schema version 1 is brought to version 2, its checkpoints kept", () =>
    Effect.gen(function*() {
      const file = freshFile()
      yield* withStore(file, () => Effect.void)
      // What the previous release left: no parts table, version 1 only, a checkpoint.
      raw(file, (db) =>
        db.exec(`DROP TABLE checkpoint_parts; DELETE FROM schema_migrations WHERE version = 2;
          INSERT INTO checkpoints (name, position, state) VALUES ('old', 7, '{"n":7}')`))
      const loaded = yield* withStore(file, ({ checkpoints }) =>
        Effect.gen(function*() {
          const old = yield* checkpoints.load("old")
          yield* checkpoints.save("new", { position: 8, state: {}, parts: [Uint8Array.from([4, 2])] })
          return { old, parts: (yield* checkpoints.load("new"))?.parts?.map((p) => Array.from(p)) }
        }))
      assert.deepStrictEqual(loaded, { old: { position: 7, state: { n: 7 } }, parts: [[4, 2]] })
    }))

  it("a part larger than a chunk is cut into chunks and read back whole", () => {
    const file = freshFile()
    const db = new DatabaseSync(file)
    try {
      const tx = Database.transactions(db)
      Migrations.migrate(db, tx, "2026-12-06T00:00:00.000Z")
      const checkpoints = Checkpoints.make(db, tx, 4)
      const part = Uint8Array.from({ length: 10 }, (_, i) => i)
      checkpoints.save("p", { position: 1, state: null, parts: [part, new Uint8Array(0)] }, "2026-12-06T00:00:00.000Z")
      const chunks = db.prepare("SELECT part, chunk, length(bytes) AS n FROM checkpoint_parts ORDER BY part, chunk")
        .all()
      assert.deepStrictEqual(chunks.map((r) => [r["part"], r["chunk"], r["n"]]), [[0, 0, 4], [0, 1, 4], [0, 2, 2], [
        1,
        0,
        0
      ]])
      assert.deepStrictEqual(checkpoints.load("p")?.parts?.map((p) => Array.from(p)), [Array.from(part), []])
    } finally {
      db.close()
    }
  })

  it.effect("a file migrated by a newer library is refused", () =>
    Effect.gen(function*() {
      const file = freshFile()
      yield* withStore(file, () => Effect.void)
      raw(file, (db) => db.exec("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00Z')"))
      const error = storageError(yield* Effect.exit(withStore(file, () => Effect.void)))
      assert.strictEqual(error.operation, "migrate")
      assert.include(error.message, "version 99")
    }))

  it.effect("two connections on one file: exactly one winner per version", () =>
    Effect.scoped(Effect.gen(function*() {
      const file = freshFile()
      const a = yield* open({ filename: file })
      const b = yield* open({ filename: file })
      const stores = [a.store, b.store]
      // Everyone expects an empty stream: one append wins, whichever connection it used.
      const first = yield* Effect.forEach(
        Array.from({ length: 10 }, (_, i) => i),
        (i) =>
          Effect.exit(
            Effect.andThen(
              Effect.yieldNow,
              stores[i % 2]!.append(streamA, [renamed(100 + i, `${i}`)], ExpectedVersion.exact(0))
            )
          ),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(first.filter(Exit.isSuccess).length, 1)
      // Read-then-append writers on alternate connections, retrying on conflicts.
      const winners: Array<number> = []
      yield* Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        (i) =>
          Effect.gen(function*() {
            const store = stores[i % 2]!
            const version = yield* store.streamVersion(streamA)
            yield* Effect.yieldNow
            const result = yield* store.append(streamA, [renamed(200 + i, `${i}`)], ExpectedVersion.exact(version))
            winners.push(result.streamVersion)
          }).pipe(Effect.retry({ while: (e) => e._tag === "StreamVersionConflict" })),
        { concurrency: "unbounded", discard: true }
      )
      assert.deepStrictEqual(winners.sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 2))
      for (const store of stores) {
        const stored = yield* store.readStream(streamA)
        assert.deepStrictEqual(stored.map((e) => e.streamVersion), Array.from({ length: 21 }, (_, i) => i + 1))
        assert.strictEqual(new Set(stored.map((e) => e.id)).size, 21)
      }
    })))

  it.live("separate processes racing on one file: exactly one winner per version", () =>
    Effect.gen(function*() {
      const file = freshFile()
      const script = fileURLToPath(new URL("./fixtures/racingWriter.ts", import.meta.url))
      const processes = 3
      const count = 50
      // The writers start appending together, once all of them have opened the file.
      const barrier = mkdtempSync(join(dir, "barrier-"))
      const outputs = yield* Effect.forEach(
        Array.from({ length: processes }, (_, w) => w),
        (w) =>
          Effect.callback<string, Error>((resume) => {
            const args = [script, file, String(w), String(count), barrier, String(processes)]
            execFile(
              process.execPath,
              args,
              (error, stdout, stderr) =>
                resume(error === null ? Effect.succeed(stdout) : Effect.fail(new Error(`${error.message}\n${stderr}`)))
            )
          }),
        { concurrency: "unbounded" }
      )
      const won = outputs.flatMap((o) => (JSON.parse(o) as { readonly won: Array<number> }).won).sort((x, y) => x - y)
      assert.deepStrictEqual(won, Array.from({ length: processes * count }, (_, i) => i + 1))
      const stream = orgStream(orgId("01JD3Q8Y7W00000000000000RC"))
      const stored = yield* withStore(file, ({ store }) => store.readStream(stream))
      assert.deepStrictEqual(stored.map((e) => e.streamVersion), won)
      assert.deepStrictEqual(stored.map((e) => e.position), won)
      assert.strictEqual(new Set(stored.map((e) => e.id)).size, processes * count)
    }), 60_000)

  it.live("a subscriber sees appends made through another connection (by polling)", () =>
    Effect.scoped(Effect.gen(function*() {
      const file = freshFile()
      const a = yield* open({ filename: file })
      const b = yield* open({ filename: file })
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(Stream.take(a.store.subscribe({ pollInterval: "10 millis" }), 3))
      )
      yield* b.store.append(streamA, [renamed(1, "A")], ExpectedVersion.noStream)
      yield* Effect.sleep("30 millis")
      yield* b.store.append(streamA, [renamed(2, "B"), renamed(3, "C")], ExpectedVersion.exact(1))
      const seen = yield* Fiber.join(fiber)
      assert.deepStrictEqual(seen.map((e) => e.position), [1, 2, 3])
    })))

  describe("appendBatch", () => {
    it.effect("items are appended in order, each checked against the version left by the ones before", () =>
      Effect.scoped(Effect.gen(function*() {
        const { store } = yield* open({ filename: ":memory:" })
        const result = yield* store.appendBatch([
          { stream: streamA, events: [renamed(1, "A")], expected: ExpectedVersion.noStream },
          { stream: streamA, events: [renamed(2, "B")], expected: ExpectedVersion.exact(1) },
          // A repeat of an event of an earlier item is skipped, whatever the expected version.
          { stream: streamA, events: [renamed(1, "A")], expected: ExpectedVersion.noStream }
        ])
        assert.deepStrictEqual(result, { appended: 2 })
        assert.deepStrictEqual((yield* store.readStream(streamA)).map((e) => e.id), [id(1), id(2)])
        // Two items expecting the same version: the second conflicts and nothing is written.
        const conflict = yield* Effect.flip(store.appendBatch([
          { stream: streamB, events: [renamed(3, "C")], expected: ExpectedVersion.noStream },
          { stream: streamB, events: [renamed(4, "D")], expected: ExpectedVersion.noStream }
        ]))
        if (conflict._tag !== "StreamVersionConflict") return assert.fail(`unexpected ${conflict._tag}`)
        assert.strictEqual(conflict.actual, 1)
        assert.strictEqual(yield* store.streamVersion(streamB), 0)
        // An empty item checks its version, as `append` does.
        const empty = yield* Effect.flip(store.appendBatch([
          { stream: streamB, events: [renamed(3, "C")], expected: ExpectedVersion.noStream },
          { stream: streamA, events: [], expected: ExpectedVersion.exact(5) }
        ]))
        assert.strictEqual(empty._tag, "StreamVersionConflict")
        assert.strictEqual(yield* store.lastPosition, 2)
        // An id repeated across items with different content is a DuplicateEvent.
        const duplicate = yield* Effect.flip(store.appendBatch([
          { stream: streamB, events: [renamed(5, "E")], expected: ExpectedVersion.any },
          { stream: streamB, events: [renamed(5, "not E")], expected: ExpectedVersion.any }
        ]))
        assert.strictEqual(duplicate._tag, "DuplicateEvent")
        assert.strictEqual(yield* store.lastPosition, 2)
      })))

    it.effect("an id repeated with identical content is stored once, at the position of its first occurrence", () =>
      Effect.scoped(Effect.gen(function*() {
        const { store } = yield* open({ filename: ":memory:" })
        const result = yield* store.append(
          streamA,
          [renamed(1, "A"), renamed(2, "B"), renamed(1, "A")],
          ExpectedVersion.noStream
        )
        assert.deepStrictEqual(result, { streamVersion: 2, positions: [1, 2, 1], appended: 2 })
        const batch = yield* store.appendBatch([
          { stream: streamB, events: [renamed(3, "C")], expected: ExpectedVersion.noStream },
          { stream: streamB, events: [renamed(3, "C"), renamed(4, "D")], expected: ExpectedVersion.exact(1) }
        ])
        assert.deepStrictEqual(batch, { appended: 2 })
        assert.deepStrictEqual((yield* store.readStream(streamB)).map((e) => [e.id, e.position]), [[id(3), 3], [
          id(4),
          4
        ]])
      })))

    it.effect("a large import in one call", () =>
      Effect.scoped(Effect.gen(function*() {
        const { store } = yield* open({ filename: freshFile() })
        const items = Array.from({ length: 1_000 }, (_, s) => ({
          stream: orgStream(orgId(`01JD3Q8Y7W${String(s).padStart(16, "0")}`)),
          events: Array.from({ length: 10 }, (__, k) => renamed(s * 10 + k, `${s}-${k}`)),
          expected: ExpectedVersion.noStream
        }))
        assert.deepStrictEqual(yield* store.appendBatch(items), { appended: 10_000 })
        assert.deepStrictEqual(yield* store.appendBatch(items), { appended: 0 })
        const all = yield* Stream.runCollect(store.readAll({ batchSize: 3_000 }))
        assert.deepStrictEqual(all.map((e) => e.position), Array.from({ length: 10_000 }, (_, i) => i + 1))
        assert.deepStrictEqual(all.slice(0, 11).map((e) => e.streamVersion), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1])
      })))
  })

  describe("failures are StorageErrors", () => {
    it.effect("a file in a directory that does not exist", () =>
      Effect.gen(function*() {
        const filename = join(dir, "missing", "store.sqlite")
        const error = storageError(yield* Effect.exit(withStore(filename, () => Effect.void)))
        assert.strictEqual(error.operation, "open")
        assert.include(error.message, filename)
        assert.isDefined(error.cause)
      }))

    it.effect("create: false — a file that is not there, not a database, or not a store is refused and left as it was", () =>
      Effect.gen(function*() {
        const missing = join(dir, "not-there.sqlite")
        assert.include(storageError(yield* readOnly(missing)).message, "no such store")
        assert.isFalse(existsSync(missing), "nothing created")
        const text = join(dir, "text.sqlite")
        writeFileSync(text, "name,party age\nNguyễn Văn A,40\n".repeat(100))
        assert.strictEqual(storageError(yield* readOnly(text)).operation, "open")
        const other = join(dir, "other.sqlite")
        raw(other, (db) => db.exec("CREATE TABLE foo (x)"))
        assert.include(storageError(yield* readOnly(other)).message, "not a dangvien store")
        assert.deepStrictEqual(
          raw(
            other,
            (db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r["name"])
          ),
          ["foo"]
        )
        // A store opens as usual.
        const store = freshFile()
        yield* withStore(store, ({ store: s }) => s.append(streamA, [renamed(1, "A")], ExpectedVersion.any))
        assert.strictEqual((yield* readOnly(store))._tag, "Success")
      }))

    it.effect("a file that is not a database", () =>
      Effect.gen(function*() {
        const filename = join(dir, "not-a-database.sqlite")
        writeFileSync(filename, "name,party age\nNguyễn Văn A,40\n".repeat(100))
        const error = storageError(yield* Effect.exit(withStore(filename, () => Effect.void)))
        assert.strictEqual(error.operation, "open")
        assert.include(error.message, "not a database")
      }))

    it.effect("a directory", () =>
      Effect.gen(function*() {
        const filename = join(dir, "a-directory")
        mkdirSync(filename)
        storageError(yield* Effect.exit(withStore(filename, () => Effect.void)))
      }))

    it.effect("another connection holding the write lock past the busy timeout: retryable, and the retry succeeds", () =>
      Effect.scoped(Effect.gen(function*() {
        const file = freshFile()
        const { store } = yield* open({ filename: file, busyTimeoutMs: 20 })
        const other = new DatabaseSync(file)
        other.exec("BEGIN IMMEDIATE")
        const error = storageError(yield* Effect.exit(store.append(streamA, [renamed(1, "A")], ExpectedVersion.any)))
        assert.strictEqual(error.operation, "append")
        assert.include(error.message, "locked")
        assert.isTrue(error.retryable, "a busy database is worth retrying")
        other.exec("ROLLBACK")
        other.close()
        // The store is usable again once the lock is released.
        assert.strictEqual((yield* store.append(streamA, [renamed(1, "A")], ExpectedVersion.any)).appended, 1)
      })))

    it.effect("a stored event whose data is not JSON", () =>
      Effect.gen(function*() {
        const file = freshFile()
        yield* withStore(file, ({ store }) => store.append(streamA, [renamed(1, "A")], ExpectedVersion.any))
        raw(file, (db) => db.exec("UPDATE events SET data = '{not json'"))
        const error = storageError(
          yield* Effect.exit(withStore(file, ({ store }) => Stream.runCollect(store.readAll())))
        )
        assert.strictEqual(error.operation, "readAll")
        assert.isNotTrue(error.retryable, "corrupted data is not worth retrying")
      }))

    it.effect("a checkpoint state without a JSON form", () =>
      Effect.scoped(Effect.gen(function*() {
        const { checkpoints } = yield* open({ filename: ":memory:" })
        const error = storageError(yield* Effect.exit(checkpoints.save("p", { position: 1, state: undefined })))
        assert.strictEqual(error.operation, "checkpoint.save")
        assert.isUndefined(yield* checkpoints.load("p"))
      })))
  })
})
