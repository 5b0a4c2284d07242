/**
 * The command line against the real PostgreSQL server (`DANGVIEN_PG_URL`, default
 * postgres://postgres@127.0.0.1:5432/test), in a scratch schema dropped at the end. When the
 * server does not answer, these tests fail with the command's own message; they never skip.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { afterAll, describe } from "vitest"
import { importExportSuite } from "./importExport.ts"

const url = process.env["DANGVIEN_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"
const schema = `dangvien_cli_${Date.now().toString(36)}_${process.pid}`

describe("dangvien on PostgreSQL", () => {
  afterAll(() =>
    Effect.runPromise(
      Effect.scoped(Effect.gen(function*() {
        const pg = yield* PgClient.makeClient({ url: Redacted.make(url), connectTimeout: "3 seconds" })
        yield* pg.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      })).pipe(Effect.provideServiceEffect(Reactivity.Reactivity, Reactivity.make), Effect.ignore)
    )
  )
  importExportSuite(() => `${url}${url.includes("?") ? "&" : "?"}schema=${schema}`)
})
