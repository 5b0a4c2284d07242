/**
 * The `EventStore` port on PostgreSQL.
 *
 * Writes: every append runs in one transaction that first takes the store's advisory append lock
 * (in its own statement), then reads the state the batch depends on, plans it in memory with the
 * memory store's rules (`appendPlan.ts`), inserts the new rows with consecutive positions in
 * bulk, and notifies subscribers. The lock makes appends commit one after another in position
 * order, and each lock holder sees every earlier append (PostgreSQL makes a commit visible before
 * it releases the committer's locks), so its checks and its `max(position) + 1` are exact.
 *
 * Reads in global order (`readAll`, `subscribe`, `lastPosition`) only hand out the prefix of the
 * log whose transactions are all below the snapshot's xmin: a row of a transaction that committed
 * while an older one is still open is held back, and so is everything after it. Stream reads
 * (`readStream`, `streamVersion`) see every committed event.
 *
 * @internal
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
import type { StreamName } from "@dangvien/core/Ids"
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Effect, type Scope } from "effect"
import * as AppendPlan from "./appendPlan.ts"
import * as BulkSession from "./bulkSession.ts"
import { insertRows } from "./insert.ts"
import * as Rows from "./rows.ts"
import type { Statements } from "./statements.ts"
import { mapSqlError } from "./storageError.ts"
import * as WakeUp from "./wakeUp.ts"

interface ReadRow extends Rows.EventRow {
  readonly released: boolean
}

/** The event store of `schema` (migrated) on `pg`. */
export const make = (
  pg: PgClient,
  statements: Statements,
  schema: string,
  options: StoreOptions
): Effect.Effect<EventStore["Service"], never, Scope.Scope> =>
  Effect.gen(function*() {
    const upcast = upcastOnRead(options.upcasters)
    const decodeAll = (rows: ReadonlyArray<Rows.EventRow>): Effect.Effect<ReadonlyArray<Envelope>, StorageError> => {
      const envelopes = rows.map(Rows.toEnvelope)
      return options.upcasters === undefined ? Effect.succeed(envelopes) : Effect.forEach(envelopes, upcast)
    }
    const wake = yield* WakeUp.make(pg, schema)

    /** Reads what `plan` needs for `items`, under the append lock already held. */
    const readState = (items: ReadonlyArray<BatchItem>) =>
      Effect.gen(function*() {
        const ids = [...new Set(items.flatMap((i) => i.events.map((e) => e.id)))]
        const streams = [...new Set(items.map((i) => i.stream))]
        const stored = ids.length === 0
          ? []
          : yield* pg.unsafe<Rows.EventRow>(statements.storedByIds, [ids])
        const versions = yield* pg.unsafe<{ stream: string; version: number; last_position: bigint }>(
          statements.versions,
          [streams]
        )
        const state: AppendPlan.State = {
          stored: new Map(stored.map((row) => [row.id, Rows.toEnvelope(row)])),
          versions: new Map(versions.map((row) => [row.stream, row.version])),
          lastPosition: Number(versions[0]?.last_position ?? 0)
        }
        return state
      })

    const insert = (rows: ReadonlyArray<AppendPlan.Row>) =>
      Effect.andThen(insertRows(pg, statements, rows), pg.unsafe(statements.notify, [schema]).raw)

    /** Plans and writes `items` in one transaction under the append lock. */
    const write = (
      items: ReadonlyArray<BatchItem>
    ): Effect.Effect<ReadonlyArray<AppendPlan.ItemResult>, StreamVersionConflict | DuplicateEvent | StorageError> =>
      pg.withTransaction(Effect.gen(function*() {
        yield* pg.unsafe(statements.appendLock, [statements.appendLockKey]).raw
        const plan = AppendPlan.plan(items, yield* readState(items))
        switch (plan._tag) {
          case "Conflict":
            return yield* new StreamVersionConflict({
              stream: plan.stream,
              expected: plan.expected,
              actual: plan.actual
            })
          case "Duplicate":
            return yield* new DuplicateEvent({ eventId: plan.eventId, stream: plan.stream })
          case "Write":
            if (plan.rows.length > 0) yield* insert(plan.rows)
            return plan.items
        }
      })).pipe(mapSqlError("append"))

    const readAfter = (after: number, limit: number): Effect.Effect<ReadonlyArray<Envelope>, StorageError> =>
      pg.unsafe<ReadRow>(statements.readAll, [after, limit]).pipe(
        mapSqlError("readAll"),
        Effect.flatMap((rows) => {
          const held = rows.findIndex((row) => !row.released)
          return decodeAll(held === -1 ? rows : rows.slice(0, held))
        })
      )

    return EventStore.of({
      append: (stream: StreamName, events, expected) =>
        Effect.map(
          write([{ stream, events, expected }]),
          ([result]): AppendResult => result!
        ),
      appendBatch: (items) =>
        items.length === 0
          ? Effect.succeed({ appended: 0 })
          : Effect.map(write(items), (results) => ({
            appended: results.reduce((n, r) => n + r.appended, 0)
          })),
      readStream: (stream, readOptions) =>
        pg.unsafe<Rows.EventRow>(statements.readStream, [stream, Math.max(1, readOptions?.fromVersion ?? 1)]).pipe(
          mapSqlError("readStream"),
          Effect.flatMap(decodeAll)
        ),
      streamVersion: (stream) =>
        pg.unsafe<{ version: number }>(statements.streamVersion, [stream]).pipe(
          mapSqlError("streamVersion"),
          Effect.map((rows) => rows[0]?.version ?? 0)
        ),
      readAll: (readOptions) => paginateAll(readAfter, readOptions),
      subscribe: (subscribeOptions) => subscription(readAfter, wake, subscribeOptions),
      bulk: ({ defaultRecordedAt }) => BulkSession.open(pg, statements, schema, defaultRecordedAt, decodeAll),
      lastPosition: pg.unsafe<{ position: bigint }>(statements.releasedPosition).pipe(
        mapSqlError("lastPosition"),
        Effect.map((rows) => Number(rows[0]?.position ?? 0))
      )
    })
  })
