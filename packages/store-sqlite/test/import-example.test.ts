/**
 * The bulk-import example of docs/storage.md (the doc's code block is the `import` region, checked
 * by examples/member-lifecycle/test/docs-snippets.test.ts).
 */
import { provinceLines } from "@dangvien/testing/ImportFixture"
import { assert, it } from "@effect/vitest"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
// #region import
import { Import } from "@dangvien/core"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect, Stream } from "effect"
import { readFileSync } from "node:fs"

/** Imports an NDJSON file: every line is checked against the rules before anything is committed. */
const importFile = (file: string, store: string) =>
  Import.run(
    // The source may be read more than once, so it is a function that opens it.
    () => Stream.fromArray(readFileSync(file, "utf8").split("\n")),
    { onProgress: (p) => Effect.log(`${p.phase}: ${p.lines} lines`) }
  ).pipe(
    Effect.provide(SqliteEventStore.layer({ filename: store })),
    // A refused file stores nothing and lists every bad line: `line 7: EVT-04 data.person.birthDate: …`
    Effect.catchTag("ImportRefused", (refused) => Effect.fail(refused.message))
  )
// #endregion import

it("docs/storage.md: imports a file, and a second run stores nothing twice", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dangvien-import-example-"))
  try {
    const file = join(dir, "province.ndjson")
    const { ids, lines } = provinceLines(500)
    writeFileSync(file, lines.join("\n") + "\n")
    const first = await Effect.runPromise(importFile(file, join(dir, "store.sqlite")))
    assert.strictEqual(first.appended, ids.length)
    const again = await Effect.runPromise(importFile(file, join(dir, "store.sqlite")))
    assert.deepStrictEqual([again.appended, again.alreadyStored], [0, ids.length])
    writeFileSync(file, lines.join("\n") + "\n{\"id\": \"not a ulid\"}\n")
    const refused = await Effect.runPromise(Effect.flip(importFile(file, join(dir, "other.sqlite"))))
    assert.include(String(refused), `line ${lines.length + 1}: EVT-02 id:`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
