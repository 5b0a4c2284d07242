/**
 * Which event store a command works on: `--store <file.sqlite | postgres://…>`, else the
 * `DANGVIEN_STORE` variable, else `./dangvien.sqlite`. SQLite for a path, PostgreSQL for a
 * `postgres://` or `postgresql://` URL (`?schema=name` puts the store in that schema).
 *
 * @since 0.1.0
 */
import type { EventStore, Projection } from "@dangvien/core"
import { PostgresStore } from "@dangvien/store-postgres"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect, Layer, Option } from "effect"
import { existsSync } from "node:fs"
import { CliFailure, ExitCode } from "./CliFailure.ts"
import * as Root from "./Root.ts"

/**
 * A parsed store location.
 *
 * @category models
 * @since 0.1.0
 */
export type Location =
  | { readonly _tag: "Sqlite"; readonly filename: string }
  | { readonly _tag: "Postgres"; readonly url: string; readonly schema: string | undefined }

/**
 * The default store file.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultFile = "./dangvien.sqlite"

/**
 * The store named by the flag, the environment, or the default.
 *
 * @category constructors
 * @since 0.1.0
 */
export const locate = (flag: string | undefined, env: string | undefined = process.env["DANGVIEN_STORE"]): Location => {
  const spec = flag ?? (env === undefined || env === "" ? defaultFile : env)
  if (!/^postgres(ql)?:\/\//u.test(spec)) return { _tag: "Sqlite", filename: spec }
  // `?schema=name` picks the schema the store lives in (several stores can share a database).
  const match = /[?&]schema=([^&#]*)/u.exec(spec)
  const url = match === null ? spec : spec.replace(/([?&])schema=[^&#]*&?/u, "$1").replace(/[?&]$/u, "")
  return { _tag: "Postgres", url, schema: match?.[1] }
}

/**
 * How the location is shown to the user (a URL without its password).
 *
 * @category formatting
 * @since 0.1.0
 */
export const describe = (location: Location): string => {
  if (location._tag === "Sqlite") return location.filename
  try {
    const url = new URL(location.url)
    if (url.password !== "") url.password = "***"
    return `${url.toString()}${location.schema === undefined ? "" : ` (schema ${location.schema})`}`
  } catch {
    return "the PostgreSQL URL given"
  }
}

/**
 * The store layer. With `mustExist` (a command that only reads), a SQLite file that is not there or
 * is not a store, and a PostgreSQL schema that holds no store, are errors, and nothing is created
 * (the stores' `create: false`); otherwise the store is created and migrated.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  location: Location,
  options: { readonly mustExist: boolean }
): Layer.Layer<EventStore.EventStore | Projection.ProjectionStore, CliFailure> => {
  if (location._tag === "Sqlite") {
    if (options.mustExist && location.filename !== ":memory:" && !existsSync(location.filename)) {
      return Layer.effectContext(Effect.fail(
        new CliFailure({
          message:
            `no store at ${location.filename}: run \`dangvien import <file>\` or \`dangvien demo\` first, or give --store`
        })
      ))
    }
    return SqliteEventStore.layer({ filename: location.filename, create: !options.mustExist }).pipe(
      Layer.catchTag("StorageError", (e) =>
        Layer.effectContext(
          Effect.fail(new CliFailure({ message: `cannot open the store ${location.filename}: ${oneLine(e.message)}` }))
        ))
    )
  }
  if (location.schema !== undefined && !PostgresStore.isSchemaName(location.schema)) {
    return Layer.effectContext(Effect.fail(
      new CliFailure({
        message:
          `?schema=${location.schema} is not a schema name: lower-case letters, digits and _ (at most 63, not starting with a digit)`,
        exitCode: ExitCode.usage
      })
    ))
  }
  const schema = location.schema === undefined ? {} : { schema: location.schema }
  return PostgresStore.layer({ url: location.url, connectTimeout: "5 seconds", create: !options.mustExist, ...schema })
    .pipe(
      Layer.catchTag("StorageError", (e) =>
        Layer.effectContext(
          Effect.fail(
            new CliFailure({ message: `cannot use PostgreSQL at ${describe(location)}: ${oneLine(e.message)}` })
          )
        ))
    )
}

const oneLine = (s: string) => s.split("\n")[0]!.trim()

/**
 * Runs `effect` on the store named by the shared `--store` flag (or its defaults).
 *
 * @category layers
 * @since 0.1.0
 */
export const use = <A, E, R>(
  effect: (location: Location) => Effect.Effect<A, E, R>,
  options: { readonly mustExist: boolean } = { mustExist: true }
) =>
  Effect.gen(function*() {
    const { store } = yield* Root.command
    const location = locate(Option.getOrUndefined(store))
    return yield* Effect.provide(effect(location), layer(location, options))
  })
