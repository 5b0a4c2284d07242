/**
 * Versioned migrations of a store's schema. Each migration runs once, in order, and is recorded in
 * the schema's `dangvien_migrations` table; `migrate` is idempotent and safe to run from several
 * processes at once (they queue on an advisory lock, and DDL is transactional in PostgreSQL).
 * `PostgresStore.layer` runs it when the layer is built.
 *
 * @since 0.1.0
 */
import type { StorageError } from "@dangvien/core/EventStore"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Statements from "./internal/statements.ts"
import { invalidSchema, mapSqlError } from "./internal/storageError.ts"

/**
 * One migration: its version (1, 2, …), a name, and its statements for a schema (already
 * validated and quoted by the caller).
 *
 * @category models
 * @since 0.1.0
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly statements: (schema: string) => ReadonlyArray<string>
}

/**
 * The migrations of this version of the library, in order.
 *
 * Migration 1: `events` (global `position` primary key, assigned under the append lock;
 * `transaction_id xid8` of the writing transaction; unique `id`; unique `(stream, stream_version)`;
 * `recorded_at` kept as the exact text given; `data`/`meta` as `jsonb`) with an index on
 * `(transaction_id, position)` for the read horizon, and `checkpoints`.
 *
 * Migration 2: `checkpoint_parts`, the binary parts of a checkpoint's state cut into `bytea`
 * chunks (written in the transaction that writes the checkpoint's row).
 *
 * @category constants
 * @since 0.1.0
 */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "events and checkpoints",
    statements: (s) => [
      `CREATE TABLE ${s}.events (
        position bigint PRIMARY KEY CHECK (position > 0),
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        id text NOT NULL UNIQUE,
        stream text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version > 0),
        type text NOT NULL,
        schema_version integer NOT NULL,
        occurred_on date NOT NULL,
        recorded_at text NOT NULL,
        data jsonb NOT NULL,
        meta jsonb,
        UNIQUE (stream, stream_version)
      )`,
      `CREATE INDEX events_transaction_id_position ON ${s}.events (transaction_id, position)`,
      `CREATE TABLE ${s}.checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        state jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`
    ]
  },
  {
    version: 2,
    name: "checkpoint parts",
    statements: (s) => [
      `CREATE TABLE ${s}.checkpoint_parts (
        name text NOT NULL,
        part integer NOT NULL CHECK (part >= 0),
        chunk integer NOT NULL CHECK (chunk >= 0),
        bytes bytea NOT NULL,
        PRIMARY KEY (name, part, chunk)
      )`
    ]
  }
]

/**
 * The version of the newest migration this library knows.
 *
 * @category constants
 * @since 0.1.0
 */
export const latestVersion: number = migrations.at(-1)!.version

/**
 * Brings `schema` (created if absent) up to date and returns the versions it applied (empty when
 * there was nothing to do). Fails with a `StorageError` on an invalid schema name or any SQL error.
 *
 * @category migrating
 * @since 0.1.0
 */
export const migrate = (schema: string): Effect.Effect<ReadonlyArray<number>, StorageError, SqlClient> =>
  Statements.isSchemaName(schema)
    ? Effect.gen(function*() {
      const sql = yield* SqlClient
      const s = `"${schema}"`
      return yield* sql.withTransaction(Effect.gen(function*() {
        yield* sql.unsafe(`SELECT pg_advisory_xact_lock(${Statements.lockClass}, hashtext($1))`, [`${schema}.migrate`])
        yield* sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${s}`).unprepared
        yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${s}.dangvien_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`).unprepared
        const applied = new Set(
          (yield* sql.unsafe<{ version: number }>(`SELECT version FROM ${s}.dangvien_migrations`).unprepared)
            .map((r) => r.version)
        )
        const done: Array<number> = []
        for (const migration of migrations) {
          if (applied.has(migration.version)) continue
          for (const statement of migration.statements(s)) yield* sql.unsafe(statement).unprepared
          yield* sql.unsafe(`INSERT INTO ${s}.dangvien_migrations (version, name) VALUES ($1, $2)`, [
            migration.version,
            migration.name
          ]).unprepared
          done.push(migration.version)
        }
        return done
      }))
    }).pipe(mapSqlError("migrate"))
    : Effect.fail(invalidSchema(schema))

/**
 * The migration versions recorded in `schema` (empty when it was never migrated).
 *
 * @category migrating
 * @since 0.1.0
 */
export const appliedVersions = (schema: string): Effect.Effect<ReadonlyArray<number>, StorageError, SqlClient> =>
  Statements.isSchemaName(schema)
    ? Effect.gen(function*() {
      const sql = yield* SqlClient
      const [table] = yield* sql.unsafe<{ present: boolean }>(
        `SELECT to_regclass($1) IS NOT NULL AS present`,
        [`"${schema}".dangvien_migrations`]
      )
      if (table?.present !== true) return []
      const rows = yield* sql.unsafe<{ version: number }>(
        `SELECT version FROM "${schema}".dangvien_migrations ORDER BY version`
      ).unprepared
      return rows.map((r) => r.version)
    }).pipe(mapSqlError("appliedVersions"))
    : Effect.fail(invalidSchema(schema))
