/**
 * Bulk sessions of the PostgreSQL store (`EventStore.bulk`): one transaction on a connection of the
 * pool, held by a fiber of its own, that takes the append lock first and then inserts the rows the
 * importer hands over while it goes on checking — the server works on one message while Node
 * parses the next lines. At most two messages of rows wait (`write` waits beyond that), so memory
 * stays bounded. `commit` notifies subscribers and commits; a session whose scope ends without a
 * commit is interrupted and its transaction rolled back, and a crash leaves nothing either (the
 * server rolls back a transaction whose connection is gone).
 *
 * @internal
 */
import { type BulkRow, type BulkSession, StorageError } from "@dangvien/core/EventStore"
import type { StreamName } from "@dangvien/core/Ids"
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Deferred, Effect, Fiber, Queue, type Scope } from "effect"
import type * as AppendPlan from "./appendPlan.ts"
import { insertRows } from "./insert.ts"
import type { Statements } from "./statements.ts"
import { mapSqlError } from "./storageError.ts"

type Job =
  | { readonly _tag: "Rows"; readonly rows: ReadonlyArray<AppendPlan.Row> }
  | { readonly _tag: "Commit" }

/** Opens a session: waits until its transaction holds the append lock. */
export const open = (
  pg: PgClient,
  statements: Statements,
  schema: string,
  defaultRecordedAt: string
): Effect.Effect<BulkSession, StorageError, Scope.Scope> =>
  Effect.gen(function*() {
    const jobs = yield* Queue.bounded<Job, StorageError>(2)
    const locked = yield* Deferred.make<number, StorageError>()
    let appended = 0
    const session = pg.withTransaction(Effect.gen(function*() {
      yield* pg.unsafe(statements.appendLock, [statements.appendLockKey]).raw
      const [last] = yield* pg.unsafe<{ position: bigint }>(statements.lastPosition)
      yield* Deferred.succeed(locked, Number(last?.position ?? 0))
      for (;;) {
        const job = yield* Queue.take(jobs)
        if (job._tag === "Commit") break
        yield* insertRows(pg, statements, job.rows)
        appended += job.rows.length
      }
      yield* pg.unsafe(statements.notify, [schema]).raw
    })).pipe(
      mapSqlError("bulk"),
      Effect.tapError((error) => Effect.andThen(Deferred.fail(locked, error), Queue.fail(jobs, error)))
    )
    // The scope's end interrupts a session that did not commit: its transaction is rolled back.
    const fiber = yield* Effect.forkScoped(session)
    let next = (yield* Deferred.await(locked)) + 1

    const failure = Effect.flatMap(Fiber.await(fiber), (exit) =>
      exit._tag === "Failure"
        ? Effect.failCause(exit.cause)
        : Effect.fail(new StorageError({ operation: "bulk", cause: undefined, message: "the session is over" })))

    return {
      write: (rows: ReadonlyArray<BulkRow>) =>
        Effect.suspend(() => {
          if (rows.length === 0) return Effect.void
          const planned: Array<AppendPlan.Row> = []
          for (const row of rows) {
            const { stream: _, ...event } = JSON.parse(row.line)
            if (event.recordedAt === undefined) event.recordedAt = defaultRecordedAt
            planned.push({
              position: next++,
              streamVersion: row.streamVersion,
              stream: row.stream as StreamName,
              event
            })
          }
          return Effect.flatMap(
            Queue.offer(jobs, { _tag: "Rows", rows: planned }),
            (taken) => taken ? Effect.void : failure
          )
        }),
      commit: Effect.gen(function*() {
        if (!(yield* Queue.offer(jobs, { _tag: "Commit" }))) return yield* failure
        yield* Fiber.join(fiber)
        return { appended }
      })
    } satisfies BulkSession
  })
