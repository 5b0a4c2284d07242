import { EventStore, ExpectedVersion } from "@dangvien/core/EventStore"
import { PgClient } from "@effect/sql-pg"
import { assert, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
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
      assert.deepStrictEqual(yield* Migrations.migrate(schema), [1])
      assert.deepStrictEqual(yield* Migrations.migrate(schema), [])
      assert.deepStrictEqual(yield* Migrations.appliedVersions(schema), [Migrations.latestVersion])
    }).pipe(Effect.provide(Layer.merge(client, dropOnClose(schema)), { local: true }))
  })

  it.live("concurrent migrators of one schema: exactly one applies, none fails", () => {
    const schema = freshSchema()
    return Effect.gen(function*() {
      const applied = yield* Effect.forEach([1, 2, 3, 4], () => Migrations.migrate(schema), {
        concurrency: "unbounded"
      })
      assert.deepStrictEqual(applied.flat(), [1])
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

  it.live("an invalid schema name is refused before any SQL", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Migrations.migrate("Dangvien-Prod"))
      assert.strictEqual(error._tag, "StorageError")
      assert.include(error.message, "invalid schema name")
    }).pipe(Effect.provide(client, { local: true })))
})
