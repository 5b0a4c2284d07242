/**
 * `Import.run` into a SQLite file, where it writes through a bulk session (a writer thread with
 * one transaction, committed once the whole file is accepted): what is stored, what a refusal
 * leaves, and a re-run over a partly imported file.
 */
import { EventStore, Import } from "@dangvien/core"
import { idsTakenScenario, provinceLines, readBackScenario } from "@dangvien/testing/ImportFixture"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as SqliteEventStore from "../src/SqliteEventStore.ts"

const dir = mkdtempSync(join(tmpdir(), "dangvien-sqlite-import-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const recordedAt = "2026-11-22T00:00:00.000Z"
const importLines = (lines: ReadonlyArray<string>) =>
  Import.run(() => Stream.rechunk(Stream.fromArray(lines), 700), { recordedAt })
const everything = Effect.flatMap(EventStore.EventStore, (s) => Stream.runCollect(s.readAll()))

describe("Import into SQLite (bulk session)", () => {
  it.effect("stores the file in order with gapless versions; a re-run over a partial import appends the rest", () =>
    Effect.gen(function*() {
      const { ids, lines } = provinceLines(3_000)
      const half = lines.slice(0, 1_500)
      const first = yield* importLines(half)
      assert.deepStrictEqual([first.appended, first.alreadyStored], [1_500, 0])
      const second = yield* importLines(lines)
      assert.deepStrictEqual([second.appended, second.alreadyStored], [ids.length - 1_500, 1_500])
      const stored = yield* everything
      assert.deepStrictEqual(stored.map((e) => e.id), ids)
      assert.deepStrictEqual(stored.map((e) => e.position), stored.map((_, i) => i + 1))
      const versions = new Map<string, number>()
      for (const e of stored) {
        const v = (versions.get(e.stream) ?? 0) + 1
        assert.strictEqual(e.streamVersion, v, `stream ${e.stream}`)
        versions.set(e.stream, v)
      }
      assert.deepStrictEqual(
        stored.map((e) => JSON.stringify({ ...e, streamVersion: undefined, position: undefined })),
        lines.map((l) => JSON.stringify({ ...JSON.parse(l), streamVersion: undefined, position: undefined }))
      )
    }).pipe(Effect.provide(SqliteEventStore.layer({ filename: join(dir, "partial.sqlite") }))))

  it.effect("a refused file leaves the store as it was and its write lock free", () =>
    Effect.gen(function*() {
      const { lines } = provinceLines(2_000)
      yield* importLines(lines.slice(0, 500))
      const bad = lines.slice(500, 1_800)
      // A day that does not exist, deep in the file: everything before it was handed to the writer.
      bad[1_200] = bad[1_200]!.replace(/"occurredOn":"\d{4}-\d{2}-\d{2}"/u, "\"occurredOn\":\"2021-02-30\"")
      const refused = yield* Effect.flip(importLines(bad))
      assert.strictEqual(refused._tag, "ImportRefused")
      assert.match(refused.message, /^line 1201: EVT-0\d occurredOn: /u)
      assert.strictEqual((yield* everything).length, 500)
      // The lock is free: the rest imports.
      const rest = yield* importLines(lines)
      assert.deepStrictEqual([rest.appended, rest.alreadyStored], [lines.length - 500, 500])
    }).pipe(Effect.provide(SqliteEventStore.layer({ filename: join(dir, "refused.sqlite"), busyTimeoutMs: 100 }))))
  it.effect("an import that cannot take the write lock fails with a StorageError and stores nothing", () => {
    const filename = join(dir, "locked.sqlite")
    return Effect.gen(function*() {
      const { lines } = provinceLines(300)
      yield* importLines(lines.slice(0, 100))
      // Another connection holds the write lock.
      const other = new DatabaseSync(filename)
      other.exec("BEGIN IMMEDIATE")
      try {
        const failure = yield* Effect.flip(importLines(lines))
        assert.strictEqual(failure._tag, "StorageError")
        assert.match(failure.message, /^SQLite bulk begin on .*locked\.sqlite: database is locked/u)
        assert.isTrue(failure._tag === "StorageError" && failure.retryable, "a busy database is worth retrying")
      } finally {
        other.exec("ROLLBACK")
        other.close()
      }
      assert.strictEqual((yield* everything).length, 100)
      const rest = yield* importLines(lines)
      assert.deepStrictEqual([rest.appended, rest.alreadyStored], [lines.length - 100, 100])
    }).pipe(Effect.provide(SqliteEventStore.layer({ filename, busyTimeoutMs: 100 })))
  })

  it.effect("a file in time order with more members than it holds at once: streams are read back from the session", () =>
    readBackScenario.pipe(Effect.provide(SqliteEventStore.layer({ filename: join(dir, "time-ordered.sqlite") }))))

  it.effect("EVT-02: a line taking the id of a stored event of another stream is refused with its line; the same event written otherwise is stored once", () =>
    idsTakenScenario.pipe(Effect.provide(SqliteEventStore.layer({ filename: join(dir, "ids-taken.sqlite") }))))
})
