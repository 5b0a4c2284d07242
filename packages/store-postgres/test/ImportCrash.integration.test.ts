/**
 * A crash in the middle of a bulk import (`kill -9`) leaves the PostgreSQL store readable and
 * consistent; running the same import again completes it with no duplicates.
 */
import { EventStore, Import } from "@dangvien/core"
import { assertConsistentPrefix, killDuringWrite, writeProvinceFile } from "@dangvien/testing/ImportFixture"
import { assert, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as PostgresStore from "../src/PostgresStore.ts"
import { describePostgres, dropOnClose, freshSchema, url } from "./server.ts"

describePostgres("bulk import survives kill -9 (PostgreSQL)", () => {
  it.effect(
    "the store stays consistent and a re-run completes the import without duplicates",
    () =>
      Effect.gen(function*() {
        const dir = mkdtempSync(join(tmpdir(), "dangvien-crash-"))
        const schema = freshSchema()
        try {
          const file = join(dir, "province.ndjson")
          const ids = writeProvinceFile(file, 30_000)
          yield* killDuringWrite(join(import.meta.dirname, "fixtures", "importChild.ts"), [file, url, schema])

          const layer = PostgresStore.layer({ url, schema })
          const readAll = Effect.flatMap(EventStore.EventStore, (s) => Stream.runCollect(s.readAll()))
          const stored = yield* Effect.provide(readAll, layer)
          assertConsistentPrefix(stored, ids)

          const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "")
          const summary = yield* Effect.provide(Import.run(() => Stream.fromArray(lines)), layer)
          assert.deepStrictEqual([summary.alreadyStored, summary.appended], [stored.length, ids.length - stored.length])
          const all = yield* Effect.provide(readAll, layer)
          assert.deepStrictEqual(all.map((e) => e.id), ids)
        } finally {
          rmSync(dir, { recursive: true, force: true })
          yield* Effect.provide(Effect.void, dropOnClose(schema).pipe(Layer.orDie))
        }
      }),
    180_000
  )
})
