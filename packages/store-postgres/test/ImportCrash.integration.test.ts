/**
 * A crash in the middle of a bulk import (`kill -9`) leaves the PostgreSQL store readable and
 * consistent — as it was before: the import writes in one bulk session, committed only at the end,
 * and the server rolls back the transaction of a connection that is gone — and running the same
 * import again completes it with no duplicates.
 */
import { EventStore, Import } from "@dangvien/core"
import { killDuringWrite, writeProvinceFile } from "@dangvien/testing/ImportFixture"
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
          const { killedAfter } = yield* killDuringWrite(join(import.meta.dirname, "fixtures", "importChild.ts"), [
            file,
            url,
            schema
          ])
          // The kill came in the middle: thousands of events handed to the session (inserted in its
          // open transaction), the rest of the file not yet.
          assert.ok(killedAfter >= 5_000 && killedAfter < ids.length, `killed after ${killedAfter}`)

          const layer = PostgresStore.layer({ url, schema })
          const readAll = Effect.flatMap(EventStore.EventStore, (s) => Stream.runCollect(s.readAll()))
          // Readable and consistent, and untouched: the session was never committed.
          assert.strictEqual((yield* Effect.provide(readAll, layer)).length, 0)

          const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "")
          const summary = yield* Effect.provide(Import.run(() => Stream.fromArray(lines)), layer)
          assert.deepStrictEqual([summary.alreadyStored, summary.appended], [0, ids.length])
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
