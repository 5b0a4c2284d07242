import { EventStore, ExpectedVersion } from "@dangvien/core/EventStore"
import { PgClient } from "@effect/sql-pg"
import { assert, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as ProjectionStoreImpl from "../src/internal/projectionStore.ts"
import * as Statements from "../src/internal/statements.ts"
import * as Migrations from "../src/Migrations.ts"
import * as PostgresStore from "../src/PostgresStore.ts"
import { founded, stream } from "./fixtures.ts"
import { describePostgres, dropOnClose, freshSchema, url } from "./server.ts"

const client = PgClient.layer({ url: Redacted.make(url) })

describePostgres("Migrations", () => {
  it.live("migrate applies each migration once: running it again does nothing", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      assert.deepStrictEqual(yield* Migrations.appliedVersions(schema), [])
      assert.deepStrictEqual(yield* Migrations.migrate(schema), [1, 2])
      assert.deepStrictEqual(yield* Migrations.migrate(schema), [])
      assert.deepStrictEqual(yield* Migrations.appliedVersions(schema), [1, 2])
      assert.strictEqual(Migrations.latestVersion, 2)
    }).pipe(Effect.provide(Layer.merge(client, dropOnClose(schema)), { local: true }))
  })

  it.live("concurrent migrators of one schema: exactly one applies, none fails", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      const applied = yield* Effect.forEach([1, 2, 3, 4], () => Migrations.migrate(schema), {
        concurrency: "unbounded"
      })
      assert.deepStrictEqual(applied.flat(), [1, 2])
    }).pipe(Effect.provide(Layer.merge(client, dropOnClose(schema)), { local: true }))
  })

  it.live("a schema of version 1 is brought to version 2, its checkpoints kept", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      yield* Migrations.migrate(schema)
      // What a store of the previous release left: no parts table, version 1 only, a checkpoint.
      const sql = yield* PgClient.PgClient
      yield* sql.unsafe(`DROP TABLE "${schema}".checkpoint_parts`).raw
      yield* sql.unsafe(`DELETE FROM "${schema}".dangvien_migrations WHERE version = 2`).raw
      yield* sql.unsafe(`INSERT INTO "${schema}".checkpoints (name, position, state) VALUES ('old', 7, '{"n": 7}')`).raw
      assert.deepStrictEqual(yield* Migrations.migrate(schema), [2])
      const rows = yield* sql.unsafe<{ position: string; state: unknown }>(
        `SELECT position::text, state FROM "${schema}".checkpoints WHERE name = 'old'`
      )
      assert.deepStrictEqual(rows.map((r) => ({ ...r })), [{ position: "7", state: { n: 7 } }])
      assert.deepStrictEqual(yield* Migrations.appliedVersions(schema), [1, 2])
    }).pipe(Effect.provide(Layer.merge(client, dropOnClose(schema)), { local: true }))
  })

  it.live("a store built again on a migrated schema keeps its events", () => {
    const schema = freshSchema()
    const store = () => PostgresStore.layer({ url, schema })
    return Effect.gen(function*() {
      yield* Effect.gen(function*() {
        yield* (yield* EventStore).append(stream(1), [founded(1)], ExpectedVersion.noStream)
      }).pipe(Effect.provide(store(), { local: true }))
      const version = yield* Effect.gen(function*() {
        return yield* (yield* EventStore).streamVersion(stream(1))
      }).pipe(Effect.provide(store(), { local: true }))
      assert.strictEqual(version, 1)
    }).pipe(Effect.provide(dropOnClose(schema), { local: true }))
  })

  it.live("a checkpoint part larger than a chunk is cut into chunks and read back whole", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      yield* Migrations.migrate(schema)
      const sql = yield* PgClient.PgClient
      const checkpoints = ProjectionStoreImpl.make(sql, Statements.make(schema), 4)
      const part = Uint8Array.from({ length: 10 }, (_, i) => i)
      yield* checkpoints.save("p", { position: 1, state: null, parts: [part, new Uint8Array(0)] })
      const chunks = yield* sql.unsafe<{ part: number; chunk: number; n: number }>(
        `SELECT part, chunk, length(bytes) AS n FROM "${schema}".checkpoint_parts ORDER BY part, chunk`
      )
      assert.deepStrictEqual(chunks.map((r) => [r.part, r.chunk, r.n]), [[0, 0, 4], [0, 1, 4], [0, 2, 2], [1, 0, 0]])
      const loaded = yield* checkpoints.load("p")
      assert.deepStrictEqual(loaded?.parts?.map((p) => Array.from(p)), [Array.from(part), []])
    }).pipe(Effect.provide(Layer.merge(client, dropOnClose(schema)), { local: true }))
  })

  it.live("an invalid schema name is refused before any SQL", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Migrations.migrate("Dangvien-Prod"))
      assert.strictEqual(error._tag, "StorageError")
      assert.include(error.message, "invalid schema name")
    }).pipe(Effect.provide(client, { local: true })))
})
