/**
 * catchup: a projection (a counter) catching up with the whole log through the projections runner,
 * `Projection.catchUp([counter], { checkpointEvery: 50_000 })` — reads in batches of 5,000 (the
 * runner's default) and saves a checkpoint every 50,000 events and at the end, all timed — from
 * `SqliteEventStore.layer` and from `PostgresStore.layer` (a scratch schema, dropped at the end).
 * Both stores are built first by importing the same synthetic file (not timed).
 */
import { Projection } from "@dangvien/core"
import type { EventStore } from "@dangvien/core/EventStore"
import type { ProjectionStore } from "@dangvien/core/Projection"
import { PostgresStore } from "@dangvien/store-postgres"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect, type Layer } from "effect"
import { join } from "node:path"
import { numberArg, report, seconds } from "./Figures.ts"
import { url, withScratchSchema } from "./Pg.ts"
import { buildStore, generate, round, withScratchDir } from "./Setup.ts"

const counter: Projection.Projection<number> = { name: "bench-counter", initial: 0, apply: (n) => n + 1 }

const catchUp = async <E>(label: string, layer: Layer.Layer<EventStore | ProjectionStore, E>, expected: number) => {
  // Timed inside the program: opening (and connecting to) the store is not part of the catch-up.
  const { count, elapsed } = await Effect.runPromise(
    Effect.gen(function*() {
      const t = performance.now()
      const [counted] = yield* Projection.catchUp([counter], { checkpointEvery: 50_000 })
      return { count: counted, elapsed: seconds(t) }
    }).pipe(Effect.provide(layer))
  )
  if (count !== expected) throw new Error(`${label}: the counter reached ${count}, not ${expected}`)
  console.log(`${label}: caught up with ${count.toLocaleString("en-US")} events in ${elapsed.toFixed(2)} s`)
  return elapsed
}

export const run = async (): Promise<void> => {
  const target = numberArg("events", 1_000_000)
  await withScratchDir((dir) =>
    withScratchSchema(async (schema) => {
      const file = join(dir, "province.ndjson")
      const { events } = generate(file, target)

      const sqlite = SqliteEventStore.layer({ filename: join(dir, "dangvien.sqlite") })
      await buildStore("sqlite", file, sqlite)
      const sqliteSeconds = await catchUp("sqlite", sqlite, events)

      const postgres = PostgresStore.layer({ url, schema })
      await buildStore("postgres", file, postgres)
      const postgresSeconds = await catchUp("postgres", postgres, events)

      report("catchup", {
        events,
        sqliteSeconds: round(sqliteSeconds, 3),
        sqliteEventsPerSecond: Math.round(events / sqliteSeconds),
        postgresSeconds: round(postgresSeconds, 3),
        postgresEventsPerSecond: Math.round(events / postgresSeconds)
      })
    })
  )
}
