/**
 * A crash in the middle of a bulk import (`kill -9`) leaves the SQLite store readable and
 * consistent — as it was before: the import writes in one bulk session, committed only at the
 * end — and running the same import again completes it with no duplicates.
 */
import { EventStore, Import } from "@dangvien/core"
import { killDuringWrite, writeProvinceFile } from "@dangvien/testing/ImportFixture"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"

describe("bulk import survives kill -9 (SQLite)", () => {
  it.effect(
    "the store stays consistent and a re-run completes the import without duplicates",
    () =>
      Effect.gen(function*() {
        const dir = mkdtempSync(join(tmpdir(), "dangvien-crash-"))
        try {
          const file = join(dir, "province.ndjson")
          const db = join(dir, "store.sqlite")
          const ids = writeProvinceFile(file, 60_000)
          const { killedAfter } = yield* killDuringWrite(join(import.meta.dirname, "fixtures", "importChild.ts"), [
            file,
            db
          ])
          // The kill came in the middle: thousands of events handed to the writer thread (inserted
          // in its open transaction), the rest of the file not yet.
          assert.ok(killedAfter >= 5_000 && killedAfter < ids.length, `killed after ${killedAfter}`)

          const layer = SqliteEventStore.layer({ filename: db })
          // Readable and consistent, and untouched: the session was never committed.
          const stored = yield* Effect.provide(
            Effect.flatMap(EventStore.EventStore, (s) => Stream.runCollect(s.readAll())),
            layer
          )
          assert.strictEqual(stored.length, 0)

          // The same import again completes it.
          const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "")
          const summary = yield* Effect.provide(Import.run(() => Stream.fromArray(lines)), layer)
          assert.deepStrictEqual([summary.alreadyStored, summary.appended], [stored.length, ids.length - stored.length])
          const all = yield* Effect.provide(
            Effect.flatMap(EventStore.EventStore, (s) => Stream.runCollect(s.readAll())),
            layer
          )
          assert.strictEqual(all.length, ids.length)
          assert.deepStrictEqual(all.map((e) => e.id), ids)
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      }),
    120_000
  )
})
