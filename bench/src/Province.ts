/**
 * A realistic province for the projection benchmarks: `ProvinceHistory` of @dangvien/testing
 * (its default years, 1995–2025), imported into a SQLite store with every rule checked (set-up,
 * not timed), and a deterministic plan of statistics queries over it.
 */
import { Envelope, Import, OrganizationRegistry, Statistics } from "@dangvien/core"
import type { Ids } from "@dangvien/core"
import { EventStore } from "@dangvien/core/EventStore"
import type { ProjectionStore } from "@dangvien/core/Projection"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { ProvinceHistory } from "@dangvien/testing"
import { Effect, Result, Stream } from "effect"
import { closeSync, openSync, writeSync } from "node:fs"
import { join } from "node:path"
import { seconds } from "./Figures.ts"
import { random, withScratchDir } from "./Setup.ts"

/** The generator of `members` members (one province per 89,000 members, as the country's). */
export const history = (members: number, seed = 1) =>
  ProvinceHistory.make({ members, provinces: Math.max(1, Math.round(members / 89_000)), seed })

/** Writes the `ProvinceHistory` of `members` members to `file`, a member's stream after another. */
export const writeProvince = (file: string, members: number): { readonly events: number; readonly members: number } => {
  const fd = openSync(file, "w")
  let events = 0
  try {
    for (const batch of history(members).batches()) {
      writeSync(fd, `${batch.join("\n")}\n`)
      events += batch.length
    }
  } finally {
    closeSync(fd)
  }
  return { events, members }
}

/** Imports the history into the store of the context; returns the number of events. */
export const importHistory = (members: number) =>
  Effect.gen(function*() {
    const t = performance.now()
    const source = () =>
      Stream.fromIterable({
        *[Symbol.iterator]() {
          for (const batch of history(members).batches()) yield* batch
        }
      })
    const summary = yield* Import.run(source, { recordedAt: "2026-01-01T00:00:00.000Z" })
    console.log(
      `set-up: ${members.toLocaleString("en-US")} members, ${
        summary.events.toLocaleString("en-US")
      } events imported in ${seconds(t).toFixed(1)} s`
    )
    return summary.events
  })

/**
 * Runs `body` over a SQLite store in a scratch directory holding the history of `members` members
 * (imported first, not timed); `body` gets the number of events.
 */
export const withProvinceStore = <A, E>(
  members: number,
  body: (events: number) => Effect.Effect<A, E, EventStore | ProjectionStore>
): Promise<A> =>
  withScratchDir((dir) =>
    Effect.runPromise(
      Effect.flatMap(importHistory(members), body).pipe(
        Effect.provide(SqliteEventStore.layer({ filename: join(dir, "province.sqlite") }))
      )
    )
  )

/** The compact statistics index of the store of the context: its whole log read into `Statistics.makeCompact()`. */
export const replayIndex = Effect.gen(function*() {
  const index = Statistics.makeCompact()
  yield* Stream.runForEachArray((yield* EventStore).readAll({ batchSize: 10_000 }), (batch) =>
    Effect.sync(() => {
      for (const e of batch) index.add(e)
    }))
  return index
})

/** The organisation tree of the store of the context (to pick organisations to ask about). */
export const registry = Effect.gen(function*() {
  const orgEvents: Array<Envelope.Envelope> = []
  yield* Stream.runForEachArray((yield* EventStore).readAll(), (batch) =>
    Effect.sync(() => {
      for (const e of batch) if (Envelope.isOrgEnvelope(e)) orgEvents.push(e)
    }))
  return OrganizationRegistry.make(orgEvents)
})

/**
 * `n` queries, the same for the same seed: an organisation live on the end date (a province one
 * time in five, else any unit), a year between 2000 and 2025 (or its first half), stocks on its
 * last day; one query in three as known 15 days after the period, one in four restated on
 * 2025-12-31.
 */
export const queries = (orgs: OrganizationRegistry.Registry, n: number, seed = 7): ReadonlyArray<Statistics.Query> => {
  const next = random(seed)
  const pick = <A>(xs: ReadonlyArray<A>) => xs[Math.floor(next() * xs.length)]!
  const out: Array<Statistics.Query> = []
  while (out.length < n) {
    const year = 2000 + Math.floor(next() * 26)
    const to = next() < 0.25 ? `${year}-06-30` : `${year}-12-31`
    const live = next() < 0.2 ? orgs.rootsOn(to as never) : orgs.liveOn(to as never)
    if (live.length === 0) continue
    out.push({
      org: pick(live) as Ids.OrgId,
      from: `${year}-01-01`,
      to,
      ...(next() < 1 / 3 ? { knownAt: new Date(Date.parse(to) + 15 * 86_400_000).toISOString() } : {}),
      ...(next() < 0.25 ? { structureAsOf: "2025-12-31" } : {})
    } as Statistics.Query)
  }
  return out
}

/** Each query of `plan` answered from `index`, timed alone (ms); a query that fails throws. */
export const timeQueries = (
  index: Statistics.Compact,
  plan: ReadonlyArray<Statistics.Query>
): Array<number> =>
  plan.map((q) => {
    const started = performance.now()
    const r = Statistics.query(index, q)
    const ms = performance.now() - started
    if (Result.isFailure(r)) throw new Error(`query ${JSON.stringify(q)}: ${r.failure.message}`)
    return ms
  })

/** The p-th percentile (0–100) of sorted values. */
export const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
