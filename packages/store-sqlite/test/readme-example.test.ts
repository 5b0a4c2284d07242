/**
 * The example of packages/store-sqlite/README.md (the README's code block is this region, checked
 * by examples/member-lifecycle/test/docs-snippets.test.ts).
 */
import { assert, it } from "@effect/vitest"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
// #region usage
import { EventStore, Ids, Projection } from "@dangvien/core"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect } from "effect"

const cell = Ids.orgId("01JD3Q8Y7W00000000000000AA")

// How many events each type has: a projection, checkpointed in the same file.
const countByType: Projection.Projection<Record<string, number>> = {
  name: "count-by-type",
  initial: {},
  apply: (counts, e) => ({ ...counts, [e.type]: (counts[e.type] ?? 0) + 1 })
}

const program = Effect.gen(function*() {
  const store = yield* EventStore.EventStore
  yield* store.append(Ids.orgStream(cell), [{
    id: Ids.eventId("01JD3Q8Y7W0000000000000001"),
    type: "OrganizationFounded",
    schemaVersion: 1,
    occurredOn: "2020-01-01",
    recordedAt: "2020-01-02T08:00:00.000+07:00",
    data: { name: "Chi bộ Bản Giang", kind: "cell", parentId: null }
  }], EventStore.ExpectedVersion.noStream)
  const [counts] = yield* Projection.catchUp([countByType])
  return counts
})

const run = (filename: string) => Effect.runPromise(Effect.provide(program, SqliteEventStore.layer({ filename })))
// #endregion usage

it("README: appends to a file and counts by type", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dangvien-readme-"))
  try {
    assert.deepStrictEqual(await run(join(dir, "lai-chau.sqlite")), { OrganizationFounded: 1 })
    // Run again on the same file: the append is a no-op (same event id), the checkpoint is reused.
    assert.deepStrictEqual(await run(join(dir, "lai-chau.sqlite")), { OrganizationFounded: 1 })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
