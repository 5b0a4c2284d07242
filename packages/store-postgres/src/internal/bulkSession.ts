/**
 * Bulk sessions of the PostgreSQL store (`EventStore.bulk`): one transaction on a connection of the
 * pool, held by a fiber of its own, that takes the append lock first and then inserts the rows the
 * importer hands over while it goes on checking — the server works on one message while Node
 * parses the next lines. At most two messages of rows wait (`write` waits beyond that), so memory
 * stays bounded. `readStreams` and `positionsOf` are jobs of the same queue, answered through a
 * `Deferred` by the session's fiber inside its transaction, so they see every row handed over before
 * them (and every event committed before the session began); rows are decoded and upcast by the
 * caller, as `readStream` does, so an upcaster's failure does not end the session. `commit`
 * notifies subscribers and commits; a session whose scope ends without a commit is interrupted and
 * its transaction rolled back, and a crash leaves nothing either (the server rolls back a
 * transaction whose connection is gone). A session that failed or is over answers every call with
 * its `StorageError`.
 *
 * @internal
 */
import type { Envelope } from "@dangvien/core/Envelope"
import { type BulkRow, type BulkSession, StorageError } from "@dangvien/core/EventStore"
import type { StreamName } from "@dangvien/core/Ids"
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Deferred, Effect, Fiber, Queue, type Scope } from "effect"
import type * as AppendPlan from "./appendPlan.ts"
import { insertRows } from "./insert.ts"
import type * as Rows from "./rows.ts"
import type { Statements } from "./statements.ts"
import { mapSqlError } from "./storageError.ts"

type Job =
  | { readonly _tag: "Rows"; readonly rows: ReadonlyArray<AppendPlan.Row> }
  | {
    readonly _tag: "ReadStreams"
    readonly streams: ReadonlyArray<string>
    readonly done: Deferred.Deferred<ReadonlyArray<Rows.EventRow>>
  }
  | {
    readonly _tag: "PositionsOf"
    readonly ids: ReadonlyArray<string>
    readonly done: Deferred.Deferred<ReadonlyMap<string, number>>
  }
  | { readonly _tag: "Commit" }

/**
 * Opens a session: waits until its transaction holds the append lock. `decode` turns selected rows
 * into envelopes as the store's `readStream` does (upcasting included).
 */
export const open = (
  pg: PgClient,
  statements: Statements,
  schema: string,
  defaultRecordedAt: string,
  decode: (rows: ReadonlyArray<Rows.EventRow>) => Effect.Effect<ReadonlyArray<Envelope>, StorageError>
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
        switch (job._tag) {
          case "Rows":
            yield* insertRows(pg, statements, job.rows)
            appended += job.rows.length
            break
          case "ReadStreams":
            yield* Deferred.succeed(job.done, yield* pg.unsafe<Rows.EventRow>(statements.readStreams, [job.streams]))
            break
          case "PositionsOf": {
            const rows = yield* pg.unsafe<{ id: string; position: bigint }>(statements.positionsByIds, [job.ids])
            yield* Deferred.succeed(job.done, new Map(rows.map((row) => [row.id, Number(row.position)])))
            break
          }
        }
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

    /** Without a query: fails as `failure` when the session is already over, else `value`. */
    const unlessOver = <A>(value: A) =>
      Effect.suspend(() => fiber.pollUnsafe() === undefined ? Effect.succeed(value) : failure)

    /**
     * Queues a job answered through `done` and waits for the answer, or for the session's failure
     * (a session that fails leaves the jobs still queued unanswered).
     */
    const ask = <A>(job: (done: Deferred.Deferred<A>) => Job) =>
      Effect.gen(function*() {
        const done = yield* Deferred.make<A>()
        if (!(yield* Queue.offer(jobs, job(done)))) return yield* failure
        return yield* Effect.raceFirst(Deferred.await(done), failure)
      })

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
      readStreams: (streams: ReadonlyArray<StreamName>) =>
        Effect.suspend(() => {
          if (streams.length === 0) return unlessOver<ReadonlyArray<Envelope>>([])
          const distinct = [...new Set(streams)]
          return Effect.flatMap(
            ask<ReadonlyArray<Rows.EventRow>>((done) => ({ _tag: "ReadStreams", streams: distinct, done })),
            decode
          )
        }),
      positionsOf: (ids: ReadonlyArray<string>) =>
        Effect.suspend(() => {
          if (ids.length === 0) return unlessOver<ReadonlyMap<string, number>>(new Map())
          const distinct = [...new Set(ids)]
          return ask<ReadonlyMap<string, number>>((done) => ({ _tag: "PositionsOf", ids: distinct, done }))
        }),
      commit: Effect.gen(function*() {
        if (!(yield* Queue.offer(jobs, { _tag: "Commit" }))) return yield* failure
        yield* Fiber.join(fiber)
        return { appended }
      })
    } satisfies BulkSession
  })
