/**
 * The storage port: an append-only log of streams with optimistic concurrency, idempotent by
 * event id, and a global order for projections. Adapters (memory here, SQLite and others
 * elsewhere) implement the `EventStore` service.
 *
 * Stream versions are 1-based (a stream with 3 events has version 3; an absent stream has
 * version 0) and global positions start at 1 and strictly increase.
 *
 * @since 0.1.0
 */
import { Context, Data, Deferred, Duration, Effect, Layer, Option, Result, type Scope, Stream } from "effect"
import type { Envelope, Header } from "./Envelope.ts"
import * as EnvelopeCodec from "./Envelope.ts"
import type { EventId, StreamName } from "./Ids.ts"
import * as Memory from "./internal/memoryStore.ts"
import type { MemberEvent } from "./MemberEvent.ts"
import type { OrgEvent } from "./OrgEvent.ts"
import type * as Upcaster from "./Upcaster.ts"

/**
 * What the writer expects the stream's version to be: anything, no stream at all (version 0),
 * or exactly `version`.
 *
 * @category models
 * @since 0.1.0
 */
export type ExpectedVersion =
  | { readonly _tag: "Any" }
  | { readonly _tag: "NoStream" }
  | { readonly _tag: "Exact"; readonly version: number }

/**
 * Constructors and the check of `ExpectedVersion`: `ExpectedVersion.exact(3)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const ExpectedVersion: {
  /** No check. */
  readonly any: ExpectedVersion
  /** The stream must not exist yet (version 0). */
  readonly noStream: ExpectedVersion
  /** The stream must be at exactly this version. */
  readonly exact: (version: number) => ExpectedVersion
  /** `noStream` for 0, else `exact(version)`: the expectation after reading a stream. */
  readonly fromVersion: (version: number) => ExpectedVersion
  /** Does the actual version satisfy the expectation? */
  readonly matches: (expected: ExpectedVersion, actual: number) => boolean
} = {
  any: { _tag: "Any" },
  noStream: { _tag: "NoStream" },
  exact: (version) => ({ _tag: "Exact", version }),
  fromVersion: (version) => version === 0 ? { _tag: "NoStream" } : { _tag: "Exact", version },
  matches: Memory.matches
}

/**
 * An event to append: an envelope without the fields the store assigns (`stream`,
 * `streamVersion`, `position`).
 *
 * @category models
 * @since 0.1.0
 */
export type NewEvent = (MemberEvent | OrgEvent) & Omit<Header, "stream" | "streamVersion" | "position">

/**
 * The outcome of an append: the stream's version after it, the global position of each event of
 * the batch (in batch order, including events that were already stored), and how many events
 * were actually written.
 *
 * @category models
 * @since 0.1.0
 */
export interface AppendResult {
  readonly streamVersion: number
  readonly positions: ReadonlyArray<number>
  readonly appended: number
}

/**
 * One stream's part of a bulk append.
 *
 * @category models
 * @since 0.1.0
 */
export interface BatchItem {
  readonly stream: StreamName
  readonly events: ReadonlyArray<NewEvent>
  readonly expected: ExpectedVersion
}

/**
 * One event of a bulk write: the stream, the version the event takes in it, and the event as one
 * NDJSON line of the event catalog (`recordedAt` may be absent: the session's `defaultRecordedAt`
 * applies). The importer has checked the rules, the ids and the versions before handing it over.
 *
 * @category models
 * @since 0.1.0
 */
export interface BulkRow {
  readonly stream: StreamName
  readonly streamVersion: number
  readonly line: string
}

/**
 * A bulk write in progress (`EventStore.bulk`): rows go, in order, into one transaction that
 * nobody sees until `commit`. The store holds its write lock from the session's start, so the
 * history the importer read after opening the session stays the latest until the end. Closing the
 * session's scope without `commit` rolls everything back, and so does a crash: the store is left
 * as it was.
 *
 * @category models
 * @since 0.1.0
 */
export interface BulkSession {
  /** Queues rows for writing; may wait for the writer to catch up (bounded memory). */
  readonly write: (rows: ReadonlyArray<BulkRow>) => Effect.Effect<void, StorageError>
  /** Writes what is queued and commits: every row becomes visible at once. */
  readonly commit: Effect.Effect<{ readonly appended: number }, StorageError>
  /**
   * Every event of these streams as the session sees it: committed before it began, then the rows
   * handed to `write` so far — stream by stream, each in version order, with their positions (a
   * stream nobody wrote has none). Each event once, even for a stream named twice. Read inside the
   * session's transaction, so an importer can drop a stream's folded state and rebuild it later
   * without holding every stream in memory.
   */
  readonly readStreams: (streams: ReadonlyArray<StreamName>) => Effect.Effect<ReadonlyArray<Envelope>, StorageError>
  /**
   * The position of each of these event ids that the session sees (committed before it began, or
   * handed to `write` so far); ids it does not see are absent, an id asked twice is answered once.
   * How an importer tells a repeated id without keeping every id in memory.
   */
  readonly positionsOf: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, number>, StorageError>
}

/**
 * Options of `readStream`: `fromVersion` is inclusive (default 1, the whole stream).
 *
 * @category models
 * @since 0.1.0
 */
export interface ReadStreamOptions {
  readonly fromVersion?: number
}

/**
 * Options of `readAll`: `fromPosition` is exclusive (events with a greater position; default 0,
 * everything), `batchSize` bounds each read from storage (the adapter chooses the default).
 *
 * @category models
 * @since 0.1.0
 */
export interface ReadAllOptions {
  readonly fromPosition?: number
  readonly batchSize?: number
}

/**
 * Options of `subscribe`: `fromPosition` (exclusive) and `batchSize` as for `readAll`;
 * `pollInterval` bounds how long a caught-up subscriber waits before looking again when no
 * notification wakes it (default 100 ms).
 *
 * @category models
 * @since 0.1.0
 */
export interface SubscribeOptions extends ReadAllOptions {
  readonly pollInterval?: Duration.Input
}

const describe = (e: ExpectedVersion): string =>
  e._tag === "Exact" ? `version ${e.version}` : e._tag === "NoStream" ? "no stream" : "any version"

/**
 * The stream is not at the expected version: someone else appended first. Reload and retry.
 *
 * @category errors
 * @since 0.1.0
 */
export class StreamVersionConflict extends Data.TaggedError("StreamVersionConflict")<{
  readonly stream: StreamName
  readonly expected: ExpectedVersion
  readonly actual: number
}> {
  /** `stream X: expected version 2, found version 3` */
  override get message(): string {
    return `stream ${this.stream}: expected ${describe(this.expected)}, found version ${this.actual}`
  }
}

/**
 * A different event is already stored under this event id.
 *
 * @category errors
 * @since 0.1.0
 */
export class DuplicateEvent extends Data.TaggedError("DuplicateEvent")<{
  readonly eventId: EventId
  readonly stream: StreamName
}> {
  /** `event X appended to stream Y differs from the event stored under that id` */
  override get message(): string {
    return `event ${this.eventId} appended to stream ${this.stream} differs from the event stored under that id`
  }
}

/**
 * The storage failed (I/O, driver, corrupted data).
 *
 * `retryable` is `true` when the same operation may succeed if tried again: the connection to the
 * server was lost, the database was busy or locked, a deadlock or serialization failure. An append
 * that failed so may or may not have committed (a connection lost during the commit leaves that
 * unknown), and retrying it with the same events is safe either way: appends are idempotent by
 * event id, so an append that did commit is then a no-op. Absent or `false`: retrying will not help
 * (a refused schema, corrupted data, a full disk).
 *
 * @category errors
 * @since 0.1.0
 */
export class StorageError extends Data.TaggedError("StorageError")<{
  readonly operation: string
  readonly cause: unknown
  readonly message: string
  readonly retryable?: boolean
}> {}

/**
 * The event store service.
 *
 * - `append` is atomic (all or nothing) and idempotent by event id: an event already stored with
 *   identical content is skipped; a batch made only of such events succeeds as a no-op whatever the
 *   expected version; a different event under a stored id fails with `DuplicateEvent`. The
 *   expected version is checked against the stream's version before the new events. An empty
 *   batch only checks the expected version.
 * - `appendBatch` appends to several streams in one atomic write (bulk import): items are checked
 *   in order, each as `append` would check it against the version the items before it leave, then
 *   all are written or none.
 * - `readStream` returns the stream's envelopes (with `streamVersion` and `position`), `[]` if absent.
 * - `readAll` streams every envelope in global order.
 * - `subscribe` is `readAll` that never ends: after catching up it waits for new events. A
 *   subscriber never skips an event, even one committed out of position order by a concurrent
 *   transaction (the adapter only hands out positions below which every transaction has ended).
 * - `bulk` (optional) opens a `BulkSession` for imports: one transaction, written while the
 *   importer is still checking the rest of its file, committed only once the whole file is
 *   accepted. A store without it is imported into with `appendBatch`, after the check.
 *
 * @category services
 * @since 0.1.0
 */
export class EventStore extends Context.Service<EventStore, {
  readonly append: (
    stream: StreamName,
    events: ReadonlyArray<NewEvent>,
    expected: ExpectedVersion
  ) => Effect.Effect<AppendResult, StreamVersionConflict | DuplicateEvent | StorageError>
  readonly appendBatch: (
    items: ReadonlyArray<BatchItem>
  ) => Effect.Effect<{ readonly appended: number }, StreamVersionConflict | DuplicateEvent | StorageError>
  readonly readStream: (
    stream: StreamName,
    options?: ReadStreamOptions
  ) => Effect.Effect<ReadonlyArray<Envelope>, StorageError>
  readonly streamVersion: (stream: StreamName) => Effect.Effect<number, StorageError>
  readonly readAll: (options?: ReadAllOptions) => Stream.Stream<Envelope, StorageError>
  readonly subscribe: (options?: SubscribeOptions) => Stream.Stream<Envelope, StorageError>
  readonly lastPosition: Effect.Effect<number, StorageError>
  readonly bulk?: (
    options: { readonly defaultRecordedAt: string }
  ) => Effect.Effect<BulkSession, StorageError, Scope.Scope>
}>()("@dangvien/core/EventStore") {}

/**
 * Is `event`, appended to `stream`, the very event `stored` (same stream, type, dates, data, meta
 * and schema version, compared canonically)? The idempotency rule adapters share.
 *
 * @category predicates
 * @since 0.1.0
 */
export const isSameEvent: (stored: Envelope, stream: StreamName, event: NewEvent) => boolean = Memory.isSameEvent

/**
 * A `readAll` stream over a function reading up to `limit` envelopes after a position: reads
 * batch after batch until a short batch. For adapters.
 *
 * @category constructors
 * @since 0.1.0
 */
export const paginateAll = <E, R>(
  read: (afterPosition: number, limit: number) => Effect.Effect<ReadonlyArray<Envelope>, E, R>,
  options: ReadAllOptions = {}
): Stream.Stream<Envelope, E, R> => {
  const limit = Math.max(1, Math.floor(options.batchSize ?? 1000))
  return Stream.paginate(
    Math.max(0, options.fromPosition ?? 0),
    (after: number) =>
      Effect.map(read(after, limit), (batch) => {
        const last = batch.at(-1)
        return [
          batch,
          batch.length < limit || last === undefined ? Option.none() : Option.some(last.position!)
        ] as const
      })
  )
}

/**
 * A `subscribe` stream over a function reading up to `limit` envelopes after a position and an
 * effect that completes when new events may have been appended (a notification; it is raced with
 * `pollInterval`, so a missed notification costs at most one interval). For adapters.
 *
 * @category constructors
 * @since 0.1.0
 */
export const subscription = <E, R>(
  read: (afterPosition: number, limit: number) => Effect.Effect<ReadonlyArray<Envelope>, E, R>,
  wake: Effect.Effect<void, never, R>,
  options: SubscribeOptions = {}
): Stream.Stream<Envelope, E, R> => {
  const limit = Math.max(1, Math.floor(options.batchSize ?? 1000))
  const interval = options.pollInterval ?? Duration.millis(100)
  return Stream.paginate(
    Math.max(0, options.fromPosition ?? 0),
    (after: number) =>
      Effect.flatMap(read(after, limit), (batch) => {
        const last = batch.at(-1)
        if (last === undefined) {
          return Effect.as(Effect.timeoutOption(wake, interval), [[], Option.some(after)] as const)
        }
        return Effect.succeed([batch, Option.some(last.position!)] as const)
      })
  )
}

/**
 * A new, empty in-memory event store.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeMemory: Effect.Effect<EventStore["Service"]> = Effect.suspend(() => makeMemoryWith())

/**
 * Options of the stores: `upcasters` rewrite events written under an older `schemaVersion` when
 * they are read.
 *
 * @category models
 * @since 0.1.0
 */
export interface StoreOptions {
  readonly upcasters?: Upcaster.Upcasters
}

/**
 * Brings an envelope read from storage up to its type's current schema version. For adapters.
 *
 * @category constructors
 * @since 0.1.0
 */
export const upcastOnRead = (
  upcasters: Upcaster.Upcasters | undefined
): (e: Envelope) => Effect.Effect<Envelope, StorageError> =>
(e) => {
  if (upcasters === undefined || e.schemaVersion >= upcasters.current(e.type)) return Effect.succeed(e)
  const decoded = EnvelopeCodec.decode(e, { upcasters })
  return Result.isSuccess(decoded)
    ? Effect.succeed({
      ...decoded.success,
      ...(e.streamVersion === undefined ? {} : { streamVersion: e.streamVersion }),
      ...(e.position === undefined ? {} : { position: e.position })
    } as Envelope)
    : Effect.fail(
      new StorageError({ operation: "upcast", cause: decoded.failure, message: `event ${e.id}: ${decoded.failure}` })
    )
}

/**
 * A new, empty in-memory event store with options.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeMemoryWith = (storeOptions: StoreOptions = {}): Effect.Effect<EventStore["Service"]> =>
  Effect.gen(function*() {
    const store = Memory.make()
    const { upcasters } = storeOptions
    const upcast = upcastOnRead(upcasters)
    const upcastAll = (events: ReadonlyArray<Envelope>) =>
      upcasters === undefined ? Effect.succeed(events) : Effect.forEach(events, upcast)
    // Completed and replaced on every append: what a caught-up subscriber waits on.
    let appended = yield* Deferred.make<void>()
    const notify = Effect.suspend(() => {
      const done = appended
      return Effect.flatMap(Deferred.make<void>(), (next) => {
        appended = next
        return Deferred.succeed(done, undefined)
      })
    })
    return EventStore.of({
      append: (stream, events, expected) =>
        Effect.suspend((): Effect.Effect<AppendResult, StreamVersionConflict | DuplicateEvent> => {
          // Synchronous: the version check and the write happen without yielding, hence atomically.
          const outcome = store.append(stream, events, expected)
          switch (outcome._tag) {
            case "Appended":
              return Effect.as(outcome.appended > 0 ? notify : Effect.void, {
                streamVersion: outcome.streamVersion,
                positions: outcome.positions,
                appended: outcome.appended
              })
            case "Conflict":
              return Effect.fail(new StreamVersionConflict({ stream, expected, actual: outcome.actual }))
            case "Duplicate":
              return Effect.fail(new DuplicateEvent({ eventId: outcome.eventId, stream }))
          }
        }),
      appendBatch: (items) =>
        Effect.suspend((): Effect.Effect<{ readonly appended: number }, StreamVersionConflict | DuplicateEvent> => {
          const outcome = store.appendBatch(items)
          switch (outcome._tag) {
            case "Appended":
              return Effect.as(outcome.appended > 0 ? notify : Effect.void, { appended: outcome.appended })
            case "Conflict":
              return Effect.fail(
                new StreamVersionConflict({
                  stream: outcome.stream,
                  expected: items[outcome.index]!.expected,
                  actual: outcome.actual
                })
              )
            case "Duplicate":
              return Effect.fail(new DuplicateEvent({ eventId: outcome.eventId, stream: outcome.stream }))
          }
        }),
      readStream: (stream, options) =>
        Effect.flatMap(Effect.sync(() => store.readStream(stream, options?.fromVersion ?? 1)), upcastAll),
      streamVersion: (stream) => Effect.sync(() => store.streamVersion(stream)),
      readAll: (options) =>
        paginateAll(
          (after, limit) => Effect.flatMap(Effect.sync(() => store.readAll(after, limit)), upcastAll),
          options
        ),
      subscribe: (options) =>
        subscription(
          (after, limit) => Effect.flatMap(Effect.sync(() => store.readAll(after, limit)), upcastAll),
          Effect.suspend(() => Deferred.await(appended)),
          options
        ),
      lastPosition: Effect.sync(() => store.lastPosition())
    })
  })

/**
 * The in-memory event store, empty when the layer is built.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory: Layer.Layer<EventStore> = Layer.effect(EventStore, makeMemory)

/**
 * The in-memory event store with options (e.g. upcasters), empty when the layer is built.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemoryWith = (options: StoreOptions): Layer.Layer<EventStore> =>
  Layer.effect(EventStore, makeMemoryWith(options))
