/**
 * The PostgreSQL server the integration tests use (`DANGVIEN_PG_URL`, default
 * postgres://postgres@127.0.0.1:5432/test): a probe whose failure says how to start it, fresh
 * schema names, and dropping a schema afterwards. The tests never skip: an unreachable server
 * fails them with that message.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"

/** The server under test. */
export const url = process.env["DANGVIEN_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

const withClient = <A, E>(f: (pg: PgClient.PgClient) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.gen(function*() {
    const pg = yield* PgClient.makeClient({ url: Redacted.make(url), connectTimeout: "3 seconds" })
    return yield* f(pg)
  })).pipe(Effect.provideServiceEffect(Reactivity.Reactivity, Reactivity.make))

/** `undefined` when the server answers, else the message saying how to start it. */
export const probe: Effect.Effect<string | undefined> = withClient((pg) => pg`SELECT 1`).pipe(
  Effect.as(undefined),
  Effect.catch((error) =>
    Effect.succeed(
      [
        `PostgreSQL is not reachable at ${url}: ${error.message}.`,
        "The embed-service tests start the service over a PostgreSQL (≥ 13) server. Start the local one with",
        "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
        "or point DANGVIEN_PG_URL at another server."
      ].join("\n")
    )
  )
)

/** A fresh schema name. */
export const freshSchema = () => `dangvien_embed_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`

/** Drops a schema (giving up after 5 s rather than hanging on a lock). */
export const dropSchema = (schema: string) =>
  withClient((pg) =>
    Effect.andThen(pg.unsafe(`SET lock_timeout = '5s'`), pg.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))
  )
