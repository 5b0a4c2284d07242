/**
 * Turns the SQL client's failures into the core's `StorageError`, keeping the driver error as the
 * cause and a message that says what was being done and why it failed (for a refused connection,
 * the socket error too).
 *
 * @internal
 */
import { StorageError } from "@dangvien/core/EventStore"
import { Effect } from "effect"
import { isSqlError, type SqlError } from "effect/sql/SqlError"

const detail = (error: SqlError): string => {
  const inner: unknown = error.reason.cause
  const extra = inner instanceof Error && inner.message !== "" && inner.message !== error.message
    ? ` (${inner.message})`
    : ""
  return `${error.message}${extra}`
}

/** A `StorageError` for a failed SQL operation. */
export const fromSqlError = (operation: string, error: SqlError): StorageError =>
  new StorageError({ operation, cause: error, message: `PostgreSQL ${operation} failed: ${detail(error)}` })

/** Maps an effect's `SqlError` to a `StorageError` for `operation`; other errors pass through. */
export const mapSqlError =
  (operation: string) =>
  <A, E, R>(effect: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, Exclude<E, SqlError> | StorageError, R> =>
    Effect.catchIf(
      effect,
      (e): e is SqlError => isSqlError(e),
      (e) => Effect.fail(fromSqlError(operation, e))
    ) as Effect.Effect<A, Exclude<E, SqlError> | StorageError, R>

/** The `StorageError` of a schema name we refuse to interpolate into SQL. */
export const invalidSchema = (schema: string): StorageError =>
  new StorageError({
    operation: "configure",
    cause: schema,
    message: `invalid schema name ${
      JSON.stringify(schema)
    }: use lower-case letters, digits and _ (at most 63, not starting with a digit)`
  })
