/**
 * The test server: where it is (`DANGVIEN_PG_URL`), how to leave the integration tests out
 * (`DANGVIEN_SKIP_POSTGRES=1`, said loudly), the failure that says how to start it when it is not
 * reachable, and fresh schemas dropped when a test's layer closes.
 */
import { PgClient } from "@effect/sql-pg"
import { beforeAll, describe } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as PostgresStore from "../src/PostgresStore.ts"

/** The server under test. */
export const url = process.env["DANGVIEN_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

/** Why the integration tests are left out, when the runner said so. */
export const skipReason = process.env["DANGVIEN_SKIP_POSTGRES"] === "1"
  ? "DANGVIEN_SKIP_POSTGRES=1 — PostgreSQL integration tests left out"
  : undefined

/** The message of a run whose server is not reachable. */
export const unreachable = (target: string, cause: string) =>
  [
    `PostgreSQL is not reachable at ${target}: ${cause}.`,
    "The store-postgres integration tests need a PostgreSQL (≥ 13) server. Start the local one with",
    "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "or point DANGVIEN_PG_URL at another server (default postgres://postgres@127.0.0.1:5432/test),",
    "or set DANGVIEN_SKIP_POSTGRES=1 to leave these tests out."
  ].join("\n")

/** A one-off client on `target` for the duration of `f`. */
export const withClient = <A, E>(target: string, f: (pg: PgClient.PgClient) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.gen(function*() {
    const pg = yield* PgClient.makeClient({ url: Redacted.make(target), connectTimeout: "3 seconds" })
    return yield* f(pg)
  })).pipe(Effect.provideServiceEffect(Reactivity.Reactivity, Reactivity.make))

/** `undefined` when the server at `target` answers, else the message saying how to start it. */
export const probe = (target: string): Effect.Effect<string | undefined> =>
  withClient(target, (pg) => pg`SELECT 1`).pipe(
    Effect.as(undefined),
    Effect.catch((error) => Effect.succeed(unreachable(target, `${error.message} ${String(error.reason.cause)}`)))
  )

/**
 * `describe` for integration tests: fails every test of the block with `unreachable` when the
 * server does not answer; skips loudly when `DANGVIEN_SKIP_POSTGRES=1`.
 */
export const describePostgres = (name: string, body: () => void) => {
  if (skipReason !== undefined) {
    console.warn(`store-postgres: ${name} skipped: ${skipReason}`)
    return describe.skip(`${name} (skipped: ${skipReason})`, body)
  }
  return describe(name, () => {
    beforeAll(async () => {
      const problem = await Effect.runPromise(probe(url))
      if (problem !== undefined) throw new Error(problem)
    })
    body()
  })
}

/** A fresh schema name, `dangvien_test_<random>`. */
export const freshSchema = () => `dangvien_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`

/** Drops `schema` when the layer closes (giving up after 5 s rather than hanging on a lock). */
export const dropOnClose = (schema: string) =>
  Layer.effectDiscard(Effect.addFinalizer(() =>
    withClient(url, (pg) =>
      Effect.andThen(
        pg.unsafe(`SET lock_timeout = '5s'`),
        pg.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      )).pipe(
        Effect.tapError((error) => Effect.logWarning(`could not drop test schema ${schema}: ${error.message}`)),
        Effect.ignore
      )
  ))

/** A store in a fresh schema of the test server, dropped when the layer closes. */
export const freshStore = (options: Omit<PostgresStore.Options, "url" | "schema"> = {}, schema = freshSchema()) =>
  PostgresStore.layer({ ...options, url, schema }).pipe(Layer.provideMerge(dropOnClose(schema)))
