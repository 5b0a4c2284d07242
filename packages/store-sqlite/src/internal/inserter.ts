/**
 * Multi-row inserts into `events`, shared by the log's appends and the bulk writer's thread.
 *
 * @internal
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite"
import { columns } from "./rows.ts"

/** Rows inserted per statement: one `INSERT` of many rows costs far less than as many single-row ones. */
const rowsPerInsert = 16
const rowPlaceholders = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/**
 * `OR ROLLBACK`: a row breaking `UNIQUE (id)` or `UNIQUE (stream, stream_version)` rolls back the
 * whole transaction (and `append` fails with a `StorageError`). `appendAll` has checked ids and
 * versions under the write lock before inserting, so that is only the last line of defence — and
 * it spares SQLite the statement journal it otherwise keeps to undo one statement alone: a copy of
 * every page a multi-row insert touches, which on a large, randomly filled id index cost a third of
 * a bulk import's time.
 */
const insertRows = `INSERT OR ROLLBACK INTO events (${columns})`

/**
 * Buffers rows and inserts them `rowsPerInsert` at a time; `flush` inserts the rest one by one.
 * Rows in the buffer are not in the table yet: `appendAll` keeps the versions it wrote itself and
 * flushes before it returns.
 */
export const inserter = (db: DatabaseSync) => {
  const many = db.prepare(
    `${insertRows} VALUES ${Array(rowsPerInsert).fill(rowPlaceholders).join(", ")}`
  )
  const one = db.prepare(`${insertRows} VALUES ${rowPlaceholders}`)
  const width = 10
  const buffer: Array<SQLInputValue> = []
  return {
    row: (...values: [number, string, string, number, string, number, string, string, string, string | null]) => {
      for (const v of values) buffer.push(v)
      if (buffer.length === rowsPerInsert * width) {
        many.run(...buffer)
        buffer.length = 0
      }
    },
    flush: () => {
      for (let i = 0; i < buffer.length; i += width) one.run(...buffer.slice(i, i + width))
      buffer.length = 0
    },
    /** Drops buffered rows (after a refusal: the transaction is rolled back). */
    clear: () => {
      buffer.length = 0
    }
  }
}
