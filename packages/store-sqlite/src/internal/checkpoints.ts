/**
 * The `checkpoints` and `checkpoint_parts` tables behind the SQLite `ProjectionStore`: one row per
 * projection, its position and JSON state, and the state's binary parts cut into chunks, all written
 * in one transaction (a save replaces the parts saved before). Synchronous; driver and JSON
 * exceptions propagate to the caller's `Effect.try`.
 *
 * @internal
 */
import { type Checkpoint, chunksOf, partsOf } from "@dangvien/core/Projection"
import type { DatabaseSync } from "node:sqlite"
import type { Transactions } from "./database.ts"

/** Checkpoint operations on one connection. */
export interface Checkpoints {
  readonly load: (name: string) => Checkpoint | undefined
  /** Saves position, state and parts; `false` when the state has no JSON form (e.g. `undefined`). */
  readonly save: (name: string, checkpoint: Checkpoint, updatedAt: string) => boolean
  readonly reset: (name: string) => void
}

/** The largest chunk of a part in one row (SQLite's BLOB limit is a billion bytes). */
export const chunkBytes = 256 * 1024 * 1024

/** Prepares the checkpoint statements on a migrated connection. */
export const make = (db: DatabaseSync, tx: Transactions, chunk = chunkBytes): Checkpoints => {
  // One statement, so the row and its parts come from one snapshot (a save may commit meanwhile on
  // another connection): the checkpoint's row first (part NULL), then the chunks in order.
  const select = db.prepare(
    `SELECT position, state, NULL AS part, NULL AS chunk, NULL AS bytes FROM checkpoints WHERE name = ?
     UNION ALL
     SELECT NULL, NULL, part, chunk, bytes FROM checkpoint_parts WHERE name = ?
     ORDER BY part NULLS FIRST, chunk`
  )
  const upsert = db.prepare(
    `INSERT INTO checkpoints (name, position, state, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET
       position = excluded.position, state = excluded.state, updated_at = excluded.updated_at`
  )
  const insertPart = db.prepare("INSERT INTO checkpoint_parts (name, part, chunk, bytes) VALUES (?, ?, ?, ?)")
  const remove = db.prepare("DELETE FROM checkpoints WHERE name = ?")
  const removeParts = db.prepare("DELETE FROM checkpoint_parts WHERE name = ?")
  return {
    load: (name) => {
      let checkpoint: { position: number; state: unknown } | undefined
      const chunks: Array<readonly [number, Uint8Array]> = []
      for (const row of select.iterate(name, name)) {
        if (row["part"] === null) {
          checkpoint = { position: Number(row["position"]), state: JSON.parse(String(row["state"])) }
        } else {
          chunks.push([Number(row["part"]), row["bytes"] as Uint8Array])
        }
      }
      if (checkpoint === undefined) return undefined
      const parts = partsOf(chunks)
      return parts.length === 0 ? checkpoint : { ...checkpoint, parts }
    },
    save: (name, checkpoint, updatedAt) => {
      const state: string | undefined = JSON.stringify(checkpoint.state)
      if (state === undefined) return false
      return tx.write(() => {
        upsert.run(name, checkpoint.position, state, updatedAt)
        removeParts.run(name)
        ;(checkpoint.parts ?? []).forEach((bytes, part) => {
          chunksOf(bytes, chunk).forEach((piece, n) => insertPart.run(name, part, n, piece))
        })
        return true
      }, () => true)
    },
    reset: (name) =>
      tx.write(() => {
        remove.run(name)
        removeParts.run(name)
      }, () => true)
  }
}
