/**
 * Replaying a history: import its NDJSON lines into a store with `Import.run` (every line judged
 * by the rule book against what came before it; a refusal stores nothing), then read the whole
 * log back and build the (compact) statistics index from it. The figures an analyst reads come from this
 * index, never from the generator.
 */
import { EventStore, Import, Statistics } from "@dangvien/core"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect, Layer, Stream } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/** What a replay gives: the import's summary and the index over the stored log. */
export interface Replayed {
  readonly summary: Import.Summary
  readonly index: Statistics.Compact
}

/** Imports the lines into the `EventStore` provided, then indexes every stored envelope. */
export const importAndIndex = (lines: () => Iterable<string>) =>
  Effect.gen(function*() {
    const summary = yield* Import.run(() => Stream.fromIterable(lines()))
    const store = yield* EventStore.EventStore
    const index = Statistics.makeCompact()
    yield* Stream.runForEachArray(store.readAll(), (batch) =>
      Effect.sync(() => {
        for (const e of batch) index.add(e)
      }))
    return { summary, index } satisfies Replayed
  })

/**
 * A SQLite store in a new temporary directory, removed when the layer's scope closes.
 */
export const sqliteInTemp = (name: string): Layer.Layer<EventStore.EventStore, EventStore.StorageError> =>
  Layer.unwrap(
    Effect.acquireRelease(
      Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "analyst-replay-"))),
      (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
    ).pipe(Effect.map((dir) => SqliteEventStore.layer({ filename: path.join(dir, `${name}.sqlite`) })))
  )
