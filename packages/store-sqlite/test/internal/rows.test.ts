import { assert, describe, it } from "@effect/vitest"
import { DatabaseSync } from "node:sqlite"
import * as Database from "../../src/internal/database.ts"
import * as Migrations from "../../src/internal/migrations.ts"
import { columns, reader } from "../../src/internal/rows.ts"

describe("rows", () => {
  it("rows read as arrays and as objects give the same envelopes", () => {
    const db = new DatabaseSync(":memory:")
    try {
      Migrations.migrate(db, Database.transactions(db), "2026-11-22T00:00:00.000Z")
      db.exec(`INSERT INTO events (${columns}) VALUES
        (1, 'E1', 'org-A', 1, 'OrganizationRenamed', 1, '2021-06-01', '2021-06-02T09:30:00Z', '{"name":"A"}', NULL),
        (2, 'E2', 'org-A', 2, 'OrganizationRenamed', 2, '2021-06-03', '2021-06-04T09:30:00Z', '{"name":"B"}', '{"actor":"x"}')`)
      const sql = `SELECT ${columns} FROM events ORDER BY position`
      const asArrays = reader(db.prepare(sql))()
      const asObjects = reader(db.prepare(sql), { arrays: false })()
      assert.deepStrictEqual(asObjects, asArrays)
      assert.deepStrictEqual(asArrays[1], {
        id: "E2",
        stream: "org-A",
        type: "OrganizationRenamed",
        schemaVersion: 2,
        occurredOn: "2021-06-03",
        recordedAt: "2021-06-04T09:30:00Z",
        data: { name: "B" },
        meta: { actor: "x" },
        streamVersion: 2,
        position: 2
      } as unknown)
      assert.deepStrictEqual(asObjects.map((e) => Object.keys(e)), asArrays.map((e) => Object.keys(e)))
    } finally {
      db.close()
    }
  })
})
