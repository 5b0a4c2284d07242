/**
 * The PostgreSQL side of the benchmarks: the server, a scratch schema per run (dropped at the
 * end, whatever happens), and a raw `@effect/sql-pg` client for the baselines.
 *
 * Server: `DANGVIEN_PG_URL` (default postgres://postgres@127.0.0.1:5432/test).
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import * as PgTypes from "@effect/sql-pg/PgTypes"
import { Effect, Redacted } from "effect"

export { PgClient, PgTypes }

export const url = process.env["DANGVIEN_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

/** A fresh schema name for this run: `dangvien_bench_<time>`. */
export const scratchSchema = (): string => `dangvien_bench_${Date.now().toString(36)}`

/** The raw client's layer (a small pool). */
export const clientLayer = PgClient.layer({ url: Redacted.make(url), maxConnections: 2 })

/** Runs `f` with a scratch schema name; the schema is dropped afterwards (errors ignored). */
export const withScratchSchema = async <A>(f: (schema: string) => Promise<A>): Promise<A> => {
  const schema = scratchSchema()
  try {
    return await f(schema)
  } finally {
    await Effect.runPromise(
      Effect.gen(function*() {
        const pg = yield* PgClient.PgClient
        yield* pg.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).unprepared
      }).pipe(Effect.provide(clientLayer), Effect.ignore)
    )
  }
}

/** `PgTypes.array`, failing as a defect (the values are ours and always encodable). */
export const array = (values: ReadonlyArray<unknown>, oid: number) => {
  const r = PgTypes.array(values, oid)
  if (r._tag === "Failure") throw r.failure
  return r.success
}
