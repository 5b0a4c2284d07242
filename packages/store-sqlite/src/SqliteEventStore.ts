/**
 * The embedded default event store: one SQLite file (plus its `-wal` and `-shm` companions) on
 * Node's built-in `node:sqlite`, providing both `EventStore` and `ProjectionStore` of
 * `@dangvien/core` from the same database.
 *
 * - **Writes.** Each `append` / `appendBatch` is one `BEGIN IMMEDIATE … COMMIT` transaction: the
 *   write lock is taken first, the expected versions and event ids are checked against the latest
 *   committed state, then every new event is inserted, or nothing is. `node:sqlite` is synchronous,
 *   so the whole transaction runs without yielding: it is atomic among the fibers of this process,
 *   and SQLite's lock serialises it with other connections and processes on the same file (a
 *   connection that finds the lock taken waits up to `busyTimeoutMs`, blocking its thread).
 *   `UNIQUE (stream, stream_version)` and `UNIQUE (id)` back the checks in the database itself.
 * - **Reads.** `readAll` reads batches of rows with one statement each (10,000 rows by default)
 *   and turns them into envelopes in a plain loop; `subscribe` does the same, then waits for an
 *   append made through this layer or for `pollInterval` (appends by other connections or
 *   processes are seen on the next poll). Positions are assigned under the write lock, so commits
 *   happen in position order and a subscriber never skips an event.
 * - **Durability.** The journal is WAL (readers never block the writer and vice versa). With the
 *   default `synchronous: "normal"` a commit is atomic and survives a crash of the process, but the
 *   last commits before a power cut or an operating-system crash may be lost (never corrupted):
 *   the WAL is synced at checkpoints, not at every commit. `synchronous: "full"` syncs the WAL on
 *   every commit, durable against power loss at the cost of one `fsync` per append.
 *
 * ```ts
 * import { SqliteEventStore } from "@dangvien/store-sqlite"
 * const StoreLive = SqliteEventStore.layer({ filename: "lai-chau.sqlite" })
 * ```
 *
 * @since 0.1.0
 */
import type { Envelope } from "@dangvien/core/Envelope"
import {
  type AppendResult,
  type BatchItem,
  DuplicateEvent,
  EventStore,
  paginateAll,
  StorageError,
  type StoreOptions,
  StreamVersionConflict,
  subscription,
  upcastOnRead
} from "@dangvien/core/EventStore"
import { ProjectionStore, requireJson } from "@dangvien/core/Projection"
import type { Upcasters } from "@dangvien/core/Upcaster"
import { Clock, Context, Deferred, Effect, Layer, type Scope } from "effect"
import { existsSync } from "node:fs"
import * as Bulk from "./internal/bulk.ts"
import { isBusy } from "./internal/busy.ts"
import * as Checkpoints from "./internal/checkpoints.ts"
import * as Database from "./internal/database.ts"
import * as EventLog from "./internal/eventLog.ts"
import * as Migrations from "./internal/migrations.ts"

/**
 * How hard a commit waits for the disk (SQLite's `PRAGMA synchronous`, in WAL mode): `"normal"`
 * survives a process crash but may lose the last commits on power loss; `"full"` survives power
 * loss too, with one `fsync` per commit.
 *
 * @category models
 * @since 0.1.0
 */
export type Synchronous = "normal" | "full"

/**
 * Options of the store: the database file (`":memory:"` for a private in-memory database, new at
 * each layer build), `upcasters` applied on read, how long to wait for another connection's
 * write lock (`busyTimeoutMs`, default 5,000), the commit durability (`synchronous`, default
 * `"normal"`), and the batch size of `readAll`/`subscribe` when the caller gives none
 * (`readBatchSize`, default 10,000).
 *
 * @category models
 * @since 0.1.0
 */
export interface Options extends StoreOptions {
  readonly filename: string
  /**
   * Create the file and its tables if they are not there (default `true`). With `false` — a
   * program that only reads — a file that is not there, or is not a dangvien store, fails the layer
   * with a `StorageError` and is left as it was (a store of an older schema version is still
   * brought up to date).
   */
  readonly create?: boolean
  readonly busyTimeoutMs?: number
  readonly synchronous?: Synchronous
  readonly readBatchSize?: number
  /** SQLite's page cache for this connection, in KiB (default 262,144: 256 MiB, taken as needed). */
  readonly cacheSizeKiB?: number
  /**
   * The most page cache a bulk session's writer grows to, in KiB (default 1,048,576: 1 GiB). It
   * starts at 32 MiB and grows by 96 bytes for each row whose id is below the greatest stored so
   * far, so that the event-id index of a large import stays in memory (the ids of a file ordered
   * stream by stream land all over it; ids in increasing order need no more than the start).
   */
  readonly bulkCacheSizeKiB?: number
}

/**
 * The version of the database schema this library creates: the newest migration, recorded in the
 * `schema_migrations` table. Opening a file migrates it up to this version; a file with a newer
 * version fails with a `StorageError`.
 *
 * @category constants
 * @since 0.1.0
 */
export const schemaVersion: number = Migrations.latestVersion

const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

const upcastBatch = (
  upcasters: Upcasters | undefined
): (batch: ReadonlyArray<Envelope>) => Effect.Effect<ReadonlyArray<Envelope>, StorageError> => {
  if (upcasters === undefined) return Effect.succeed
  const upcast = upcastOnRead(upcasters)
  return (batch) =>
    batch.some((e) => e.schemaVersion < upcasters.current(e.type))
      ? Effect.forEach(batch, upcast)
      : Effect.succeed(batch)
}

const make = (
  options: Options
): Effect.Effect<Context.Context<EventStore | ProjectionStore>, StorageError, Scope.Scope> =>
  Effect.gen(function*() {
    const attempt = <A>(operation: string, run: () => A): Effect.Effect<A, StorageError> =>
      Effect.try({
        try: run,
        catch: (cause) =>
          new StorageError({
            operation,
            cause,
            message: `SQLite ${operation} on ${options.filename}: ${describe(cause)}`,
            retryable: isBusy(cause)
          })
      })
    const failWith = (operation: string, cause: unknown, detail: string) =>
      Effect.fail(
        new StorageError({
          operation,
          cause,
          message: `SQLite ${operation} on ${options.filename}: ${detail}`,
          retryable: isBusy(cause)
        })
      )
    const isoNow = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

    const inMemory = options.filename === ":memory:" || options.filename === ""
    if (options.create === false && !inMemory && !existsSync(options.filename)) {
      return yield* failWith("open", options.filename, "no such store (create it with an import)")
    }
    const db = yield* Effect.acquireRelease(
      attempt("open", () => Database.open(options.filename)),
      (opened) => Effect.sync(() => Database.closeQuietly(opened))
    )
    // Read without a write (a file that is not a database fails here, as a StorageError).
    if (options.create === false && !inMemory && (yield* attempt("open", () => Migrations.currentVersion(db))) === 0) {
      return yield* failWith("open", options.filename, "not a dangvien store (it has no schema_migrations table)")
    }
    // The settings of this connection and of a bulk session's writer thread (which has its own
    // page cache, `bulkCacheSizeKiB`).
    const connection = { busyTimeoutMs: options.busyTimeoutMs ?? 5_000, synchronous: options.synchronous ?? "normal" }
    yield* attempt("open", () =>
      Database.configure(db, {
        ...connection,
        ...(options.cacheSizeKiB === undefined ? {} : { cacheSizeKiB: options.cacheSizeKiB })
      }))
    const bulkCacheSizeKiB = Math.max(2048, Math.floor(options.bulkCacheSizeKiB ?? 1_048_576))
    const tx = yield* attempt("open", () => Database.transactions(db))
    const migratedAt = yield* isoNow
    const migrated = yield* attempt("migrate", () => Migrations.migrate(db, tx, migratedAt))
    if (migrated._tag === "TooNew") {
      return yield* failWith(
        "migrate",
        migrated,
        `the database schema is at version ${migrated.found}, newer than this library's ${Migrations.latestVersion}`
      )
    }
    const log = yield* attempt("open", () => EventLog.make(db, tx))
    const checkpoints = yield* attempt("open", () => Checkpoints.make(db, tx))

    const upcast = upcastBatch(options.upcasters)
    const readBatchSize = options.readBatchSize ?? 10_000
    const readAfter = (operation: string) => (after: number, limit: number) =>
      Effect.flatMap(attempt(operation, () => log.readAll(after, limit)), upcast)

    // Completed and replaced on every append that writes: what a caught-up subscriber waits on.
    let appended = Deferred.makeUnsafe<void>()
    const notify = () => {
      const done = appended
      appended = Deferred.makeUnsafe<void>()
      Deferred.doneUnsafe(done, Effect.void)
    }
    type Appended = Extract<EventLog.AppendOutcome, { readonly _tag: "Appended" }>
    const write = (
      operation: string,
      items: ReadonlyArray<BatchItem>
    ): Effect.Effect<Appended, StreamVersionConflict | DuplicateEvent | StorageError> =>
      Effect.flatMap(attempt(operation, () => log.append(items)), (outcome): Effect.Effect<
        Appended,
        StreamVersionConflict | DuplicateEvent
      > => {
        switch (outcome._tag) {
          case "Appended":
            if (outcome.appended > 0) notify()
            return Effect.succeed(outcome)
          case "Conflict":
            return Effect.fail(
              new StreamVersionConflict({ stream: outcome.stream, expected: outcome.expected, actual: outcome.actual })
            )
          case "Duplicate":
            return Effect.fail(new DuplicateEvent({ eventId: outcome.eventId, stream: outcome.stream }))
        }
      })

    const eventStore = EventStore.of({
      append: (stream, events, expected) =>
        Effect.map(write("append", [{ stream, events, expected }]), (outcome): AppendResult => ({
          streamVersion: outcome.items[0]!.streamVersion,
          positions: outcome.items[0]!.positions,
          appended: outcome.appended
        })),
      appendBatch: (items) => Effect.map(write("appendBatch", items), (outcome) => ({ appended: outcome.appended })),
      readStream: (stream, o) =>
        Effect.flatMap(attempt("readStream", () => log.readStream(stream, o?.fromVersion ?? 1)), upcast),
      streamVersion: (stream) => attempt("streamVersion", () => log.streamVersion(stream)),
      readAll: (o) => paginateAll(readAfter("readAll"), { ...o, batchSize: o?.batchSize ?? readBatchSize }),
      subscribe: (o) =>
        subscription(
          readAfter("subscribe"),
          Effect.suspend(() => Deferred.await(appended)),
          { ...o, batchSize: o?.batchSize ?? readBatchSize }
        ),
      lastPosition: attempt("lastPosition", () => log.lastPosition()),
      // A private in-memory database cannot be opened by a second connection: no bulk sessions.
      ...(options.filename === ":memory:" || options.filename === "" ? {} : {
        bulk: ({ defaultRecordedAt }) =>
          Bulk.open({ filename: options.filename, ...connection, bulkCacheSizeKiB, defaultRecordedAt }, {
            onCommit: notify,
            upcast
          })
      })
    })

    const projectionStore = ProjectionStore.of({
      load: (name) => attempt("checkpoint.load", () => checkpoints.load(name)),
      save: (name, checkpoint) =>
        Effect.flatMap(Effect.andThen(requireJson(name, checkpoint.state), isoNow), (now) =>
          Effect.flatMap(
            attempt("checkpoint.save", () => checkpoints.save(name, checkpoint, now)),
            (saved) =>
              saved
                ? Effect.void
                : failWith("checkpoint.save", checkpoint.state, `the state of projection ${name} has no JSON form`)
          )),
      reset: (name) => attempt("checkpoint.reset", () => checkpoints.reset(name))
    })

    return Context.make(EventStore, eventStore).pipe(Context.add(ProjectionStore, projectionStore))
  })

/**
 * The SQLite event store and checkpoint store on one database file, opened (created and migrated
 * if needed) when the layer is built and closed when its scope closes. Fails with a `StorageError`
 * when the file cannot be opened, is not a database, or has a newer schema.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<EventStore | ProjectionStore, StorageError> =>
  Layer.effectContext(make(options))
