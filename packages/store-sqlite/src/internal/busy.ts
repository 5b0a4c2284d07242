/**
 * Is a SQLite failure one that may pass if tried again: the database busy or locked by another
 * connection (`SQLITE_BUSY`, `SQLITE_LOCKED`, and their extended codes) once `busyTimeoutMs` ran
 * out? What `StorageError.retryable` says. The bulk writer thread reports only the message, so the
 * message (SQLite's own, `sqlite3_errstr`) is recognised too.
 *
 * @internal
 */
const busyCodes = new Set([5, 6]) // SQLITE_BUSY, SQLITE_LOCKED

export const isBusy = (cause: unknown): boolean => {
  if (typeof cause === "string") return /database (table )?is locked|database is busy/u.test(cause)
  if (typeof cause !== "object" || cause === null) return false
  const errcode = (cause as { readonly errcode?: unknown }).errcode
  if (typeof errcode === "number") return busyCodes.has(errcode & 0xff)
  return cause instanceof Error && isBusy(cause.message)
}
