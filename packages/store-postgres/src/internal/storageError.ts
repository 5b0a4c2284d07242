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

/** SQLSTATEs of a server going away or not taking connections yet (class 57, operator intervention). */
const serverGone = new Set(["57P01", "57P02", "57P03"])
/** Socket errors of a lost or refused connection. */
const socketGone = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"])

/**
 * May the operation succeed if tried again? What the SQL client marks so (a connection error of
 * class 08, a deadlock, a serialization failure, a lock or statement timeout), and what it leaves
 * unclassified but is a lost connection all the same: the backend terminated (57P01, as
 * `pg_terminate_backend` or a restart does), the socket closed or reset.
 */
export const isRetryable = (error: SqlError): boolean => {
  if (error.isRetryable) return true
  const inner: unknown = error.reason.cause
  if (typeof inner !== "object" || inner === null) return false
  const code = (inner as { readonly code?: unknown }).code
  if (typeof code === "string" && (serverGone.has(code) || socketGone.has(code))) return true
  const message = inner instanceof Error ? inner.message : ""
  return /Connection terminated|connection is closed|Client has encountered a connection error/iu.test(message)
}

/** A `StorageError` for a failed SQL operation. */
export const fromSqlError = (operation: string, error: SqlError): StorageError =>
  new StorageError({
    operation,
    cause: error,
    message: `PostgreSQL ${operation} failed: ${detail(error)}`,
    retryable: isRetryable(error)
  })

/**
 * Maps an effect's `SqlError` to a `StorageError` for `operation`; other errors pass through. A
 * `SqlError` raised as a defect is mapped too: the SQL client's transactions die when their
 * `ROLLBACK` fails, which is what a connection lost in the middle of one does.
 */
export const mapSqlError =
  (operation: string) =>
  <A, E, R>(effect: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, Exclude<E, SqlError> | StorageError, R> =>
    Effect.catchIf(
      effect,
      (e): e is SqlError => isSqlError(e),
      (e) => Effect.fail(fromSqlError(operation, e))
    ).pipe(
      Effect.catchDefect((defect) =>
        isSqlError(defect) ? Effect.fail(fromSqlError(operation, defect)) : Effect.die(defect)
      )
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
