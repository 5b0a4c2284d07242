/**
 * replay-sqlite: a full read of the log in global order into a trivial fold (counting events) —
 * `Stream.runForEachArray` over `EventStore.readAll()` of `SqliteEventStore.layer` (its default
 * batches of 10,000 envelopes) — against a raw loop over the same table in the same run: one
 * `node:sqlite` prepared statement `SELECT <columns> … WHERE position > ? ORDER BY position LIMIT
 * 10000`, rows as arrays, `JSON.parse` of each `data`. The store is built first by importing the
 * synthetic file (not timed). Each side is timed twice, alternately, and its better run is kept
 * (the file is in the page cache for both).
 *
 * `ratio` = library events/s ÷ raw events/s (equivalently raw time ÷ library time); the target
 * "within 1.5× of raw" is `ratio ≥ 0.667`.
 */
import type { Envelope } from "@dangvien/core/Envelope"
import { EventStore } from "@dangvien/core/EventStore"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect, Stream } from "effect"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { numberArg, report, rssSampler, seconds } from "./Figures.ts"
import { buildStore, generate, round, withScratchDir } from "./Setup.ts"

const batch = 10_000

/** The raw read: paged SELECT, rows as arrays, JSON.parse of `data` (and `meta` when present). */
const rawRead = (filename: string): { readonly count: number; readonly elapsed: number } => {
  const db = new DatabaseSync(filename, { readOnly: true })
  try {
    const select = db.prepare(
      `SELECT position, id, stream, stream_version, type, schema_version, occurred_on, recorded_at, data, meta
       FROM events WHERE position > ? ORDER BY position LIMIT ?`
    )
    select.setReturnArrays(true)
    const t = performance.now()
    let count = 0
    let after = 0
    let sink = 0
    for (;;) {
      const rows = select.all(after, batch) as unknown as ReadonlyArray<ReadonlyArray<unknown>>
      for (const r of rows) {
        const data = JSON.parse(r[8] as string)
        if (r[9] !== null) JSON.parse(r[9] as string)
        if (data === null) sink++
        count++
      }
      if (rows.length < batch) break
      after = rows[rows.length - 1]![0] as number
    }
    const elapsed = seconds(t)
    if (sink > 0) console.log("(null data)")
    return { count, elapsed }
  } finally {
    db.close()
  }
}

/** The library read: every envelope of `readAll`, counted. */
const libraryRead = Effect.gen(function*() {
  const store = yield* EventStore
  let count = 0
  const t = performance.now()
  yield* Stream.runForEachArray(store.readAll(), (envelopes: ReadonlyArray<Envelope>) =>
    Effect.sync(() => {
      count += envelopes.length
    }))
  return { count, elapsed: seconds(t) }
})

export const run = async (): Promise<void> => {
  const target = numberArg("events", 1_000_000)
  await withScratchDir(async (dir) => {
    const file = join(dir, "province.ndjson")
    const filename = join(dir, "dangvien.sqlite")
    const { events } = generate(file, target)
    const layer = SqliteEventStore.layer({ filename })
    const stored = await buildStore("sqlite", file, layer)

    let best = { raw: Infinity, library: Infinity }
    let peakRssBytes = 0
    for (let pass = 1; pass <= 2; pass++) {
      const raw = rawRead(filename)
      const memory = rssSampler()
      const library = await Effect.runPromise(libraryRead.pipe(Effect.provide(layer)))
      peakRssBytes = Math.max(peakRssBytes, memory.stop())
      if (raw.count !== stored || library.count !== stored) {
        throw new Error(`read ${raw.count} (raw) and ${library.count} (library) events of ${stored}`)
      }
      console.log(`pass ${pass}: raw ${raw.elapsed.toFixed(2)} s, library ${library.elapsed.toFixed(2)} s`)
      best = { raw: Math.min(best.raw, raw.elapsed), library: Math.min(best.library, library.elapsed) }
    }
    const eventsPerSecond = Math.round(stored / best.library)
    const rawEventsPerSecond = Math.round(stored / best.raw)
    report("replay-sqlite", {
      events,
      seconds: round(best.library, 3),
      eventsPerSecond,
      rawSeconds: round(best.raw, 3),
      rawEventsPerSecond,
      ratio: round(eventsPerSecond / rawEventsPerSecond),
      ratioMeaning: "library events/s / raw events/s (target >= 0.667, i.e. within 1.5x of raw)",
      peakRssBytes
    })
  })
}
