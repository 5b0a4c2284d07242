/**
 * Events for the adapter's own tests, and writers outside the adapter: raw SQL on a second
 * connection inside a transaction that stays open until the test commits it.
 */
import type { NewEvent } from "@dangvien/core/EventStore"
import { eventId, orgId, orgStream, type StreamName } from "@dangvien/core/Ids"
import type { PgClient } from "@effect/sql-pg"
import { Deferred, Effect, Fiber } from "effect"
import { url, withClient } from "./server.ts"

/** The event id `n`. */
export const id = (n: number) => eventId(`01JD3Q8Y7W${String(n).padStart(16, "0")}`)

/** The organisation stream `n` (two hex digits of it). */
export const stream = (n: number): StreamName =>
  orgStream(orgId(`01JD3Q8Y7W000000000000${n.toString(16).toUpperCase().padStart(4, "0")}`))

/** An `OrganizationFounded` event with id `n`. */
export const founded = (n: number, recordedAt = "2020-01-01T08:00:00.000Z"): NewEvent => ({
  id: id(n),
  type: "OrganizationFounded",
  schemaVersion: 1,
  occurredOn: "2020-01-01",
  recordedAt,
  data: { name: `Chi bộ ${n}`, kind: "cell", parentId: null }
})

/** An `OrganizationRenamed` event with id `n`. */
export const renamed = (n: number, name = `Chi bộ ${n}`): NewEvent => ({
  id: id(n),
  type: "OrganizationRenamed",
  schemaVersion: 1,
  occurredOn: "2021-06-01",
  recordedAt: "2021-06-02T09:30:00.000+07:00",
  data: { name }
})

/** Inserts `founded(n)` into `stream(n)` at `position`, as a writer that bypasses the adapter would. */
export const rawInsert = (pg: PgClient.PgClient, schema: string, n: number, position: number) =>
  pg.unsafe(
    `INSERT INTO "${schema}".events
      (position, stream_version, id, stream, type, schema_version, occurred_on, recorded_at, data)
      VALUES ($1, 1, $2, $3, 'OrganizationFounded', 1, '2020-01-01', '2020-01-01T08:00:00.000Z', $4::jsonb)`,
    [position, id(n), stream(n), JSON.stringify(founded(n).data)]
  )

/** Takes the store's append lock as the adapter does (see `internal/statements.ts`). */
export const rawAppendLock = (pg: PgClient.PgClient, schema: string) =>
  pg.unsafe(`SELECT pg_advisory_xact_lock(1146486785, hashtext($1))`, [`${schema}.events`])

/**
 * Runs `work` in a transaction on a connection of its own and leaves the transaction open: returns
 * what `work` returned and `commit`, which ends it. Closing the scope rolls it back if it is still
 * open (before the store's layer drops its schema, which would otherwise wait for it).
 */
export const openTransaction = <A, E>(work: (pg: PgClient.PgClient) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const ready = yield* Deferred.make<A>()
    const release = yield* Deferred.make<void>()
    const fiber = yield* Effect.forkScoped(
      withClient(url, (pg) =>
        pg.withTransaction(
          Effect.flatMap(work(pg), (a) => Effect.andThen(Deferred.succeed(ready, a), Deferred.await(release)))
        ))
    )
    const value = yield* Effect.raceFirst(
      Deferred.await(ready),
      Effect.flatMap(Fiber.await(fiber), (exit) => Effect.die(`the open transaction ended early: ${exit}`))
    )
    return { value, commit: Effect.andThen(Deferred.succeed(release, undefined), Fiber.join(fiber)) }
  })
