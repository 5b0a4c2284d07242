/**
 * The schema, as a list of numbered migrations applied in order and recorded in
 * `schema_migrations`. A migration is never edited once released: a change is a new migration.
 *
 * @internal
 */
import type { DatabaseSync } from "node:sqlite"
import type { Transactions } from "./database.ts"

/** One step of the schema. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/**
 * The migrations, by version.
 *
 * 1. `events`: the log. `position` is the rowid (global order, assigned by the writer holding the
 *    write lock, so commits happen in position order); `id` is unique (idempotency by event id);
 *    `UNIQUE (stream, stream_version)` is the last line of optimistic concurrency and the index
 *    that reads a stream and finds its version. `data` and `meta` are JSON text.
 *    `checkpoints`: one row per projection, position and JSON state written together.
 * 2. `checkpoint_parts`: the binary parts of a checkpoint's state, each cut into chunks (a BLOB holds
 *    at most a gigabyte), written in the same transaction as the row in `checkpoints`.
 */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "events and checkpoints",
    sql: `
      CREATE TABLE events (
        position INTEGER PRIMARY KEY CHECK (position >= 1),
        id TEXT NOT NULL UNIQUE,
        stream TEXT NOT NULL,
        stream_version INTEGER NOT NULL CHECK (stream_version >= 1),
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
        occurred_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        data TEXT NOT NULL,
        meta TEXT,
        UNIQUE (stream, stream_version)
      ) STRICT;
      CREATE TABLE checkpoints (
        name TEXT PRIMARY KEY,
        position INTEGER NOT NULL CHECK (position >= 0),
        state TEXT NOT NULL,
        updated_at TEXT
      ) STRICT;
    `
  },
  {
    version: 2,
    name: "checkpoint parts",
    sql: `
      CREATE TABLE checkpoint_parts (
        name TEXT NOT NULL,
        part INTEGER NOT NULL CHECK (part >= 0),
        chunk INTEGER NOT NULL CHECK (chunk >= 0),
        bytes BLOB NOT NULL,
        PRIMARY KEY (name, part, chunk)
      ) STRICT;
    `
  }
]

/** The version of the newest migration this library knows. */
export const latestVersion: number = migrations.reduce((max, m) => Math.max(max, m.version), 0)

/** The outcome of `migrate`: the versions applied now, or a database written by a newer library. */
export type MigrateOutcome =
  | { readonly _tag: "Migrated"; readonly applied: ReadonlyArray<number> }
  | { readonly _tag: "TooNew"; readonly found: number }

/** The schema version of the database: 0 for one that is not a store (no `schema_migrations`). */
export const currentVersion = (db: DatabaseSync): number => {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get()
  if (table === undefined) return 0
  const row = db.prepare("SELECT coalesce(max(version), 0) AS version FROM schema_migrations").get()
  return Number(row?.["version"] ?? 0)
}

/**
 * Applies the pending migrations in one write transaction (all or none), recording each with
 * `appliedAt`. Up to date: nothing is written and no write lock is taken.
 */
export const migrate = (db: DatabaseSync, tx: Transactions, appliedAt: string): MigrateOutcome => {
  const before = currentVersion(db)
  if (before > latestVersion) return { _tag: "TooNew", found: before }
  if (before === latestVersion) return { _tag: "Migrated", applied: [] }
  return tx.write((): MigrateOutcome => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`)
    // Another connection may have migrated between the check above and the write lock.
    const current = currentVersion(db)
    if (current > latestVersion) return { _tag: "TooNew", found: current }
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
    const applied: Array<number> = []
    for (const m of migrations) {
      if (m.version <= current) continue
      db.exec(m.sql)
      record.run(m.version, m.name, appliedAt)
      applied.push(m.version)
    }
    return { _tag: "Migrated", applied }
  }, (outcome) => outcome._tag === "Migrated" && outcome.applied.length > 0)
}
