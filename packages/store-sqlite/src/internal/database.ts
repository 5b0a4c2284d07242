/**
 * The connection: opening a `node:sqlite` database, the pragmas the store relies on, write
 * transactions, and quiet close/rollback for clean-up paths. Everything here is synchronous and
 * lets driver exceptions propagate: `SqliteEventStore.ts` runs it inside `Effect.try` and turns
 * them into `StorageError`s.
 *
 * @internal
 */
import { DatabaseSync, type StatementSync } from "node:sqlite"

/** How hard a commit waits for the disk. */
export type Synchronous = "normal" | "full"

/** Opens (creating if needed) the database file, or a private in-memory database for `:memory:`. */
export const open = (filename: string): DatabaseSync => new DatabaseSync(filename)

/**
 * Sets the pragmas: WAL journal (readers never block the writer), the commit durability level,
 * foreign keys, and how long a connection waits for another one's write lock before `SQLITE_BUSY`.
 * The first statement also makes SQLite read the file header, so a file that is not a database
 * fails here.
 */
export const configure = (
  db: DatabaseSync,
  options: { readonly busyTimeoutMs: number; readonly synchronous: Synchronous; readonly cacheSizeKiB?: number }
): void => {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`)
  db.exec("PRAGMA journal_mode = WAL")
  db.exec(`PRAGMA synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`)
  db.exec("PRAGMA foreign_keys = ON")
  // Event ids are random across streams, so the id index takes inserts all over its pages: a
  // page cache the size of the index's hot part keeps bulk appends off the disk (the default,
  // 2 MiB, makes a 2-million-event import spend most of its time re-reading index pages).
  db.exec(`PRAGMA cache_size = ${-Math.max(2048, Math.floor(options.cacheSizeKiB ?? 262_144))}`)
  // Checkpoint the WAL every 10,000 pages (40 MiB) rather than 1,000: bulk appends write each hot
  // index page once per checkpoint instead of ten times.
  db.exec("PRAGMA wal_autocheckpoint = 10000")
}

/** Closes the database, ignoring a second close. */
export const closeQuietly = (db: DatabaseSync): void => {
  try {
    db.close()
  } catch {
    // Already closed or never fully opened: nothing left to release.
  }
}

/** Rolls back the open transaction, if any, ignoring failures (the original failure is reported). */
const rollbackQuietly = (db: DatabaseSync): void => {
  try {
    db.exec("ROLLBACK")
  } catch {
    // No transaction was open (SQLite already rolled it back after the error).
  }
}

/** The statements that open and end write transactions, prepared once. */
export interface Transactions {
  /**
   * Runs `body` inside `BEGIN IMMEDIATE` (the write lock is taken first, so the reads in `body`
   * see the latest committed state and nobody can write until the end). Commits when `commit`
   * accepts the result, rolls back otherwise or when anything throws.
   */
  readonly write: <A>(body: () => A, commit: (result: A) => boolean) => A
}

/** Prepares the transaction statements of a connection. */
export const transactions = (db: DatabaseSync): Transactions => {
  const begin: StatementSync = db.prepare("BEGIN IMMEDIATE")
  const commitStatement: StatementSync = db.prepare("COMMIT")
  const rollback: StatementSync = db.prepare("ROLLBACK")
  return {
    write: (body, commit) => {
      begin.run()
      let active = true
      try {
        const result = body()
        if (commit(result)) commitStatement.run()
        else rollback.run()
        active = false
        return result
      } finally {
        if (active) rollbackQuietly(db)
      }
    }
  }
}
