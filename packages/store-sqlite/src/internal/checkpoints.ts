/**
 * The `checkpoints` and `checkpoint_parts` tables behind the SQLite `ProjectionStore`: one row per
 * projection, its position and JSON state, and the state's binary parts cut into chunks, all written
 * in one transaction (a save replaces the parts saved before). Synchronous; driver and JSON
 * exceptions propagate to the caller's `Effect.try`.
 *
 * @internal
 */
import { type Checkpoint, chunksOf, joinChunks } from "@dangvien/core/Projection"
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
  const select = db.prepare("SELECT position, state FROM checkpoints WHERE name = ?")
  const selectParts = db.prepare("SELECT part, bytes FROM checkpoint_parts WHERE name = ? ORDER BY part, chunk")
  const upsert = db.prepare(
    `INSERT INTO checkpoints (name, position, state, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET
       position = excluded.position, state = excluded.state, updated_at = excluded.updated_at`
  )
  const insertPart = db.prepare("INSERT INTO checkpoint_parts (name, part, chunk, bytes) VALUES (?, ?, ?, ?)")
  const remove = db.prepare("DELETE FROM checkpoints WHERE name = ?")
  const removeParts = db.prepare("DELETE FROM checkpoint_parts WHERE name = ?")
  const readParts = (name: string): ReadonlyArray<Uint8Array> => {
    const chunks: Array<Array<Uint8Array>> = []
    for (const row of selectParts.iterate(name)) {
      const part = Number(row["part"])
      ;(chunks[part] ??= []).push(row["bytes"] as Uint8Array)
    }
    return Array.from(chunks, (c) => (c === undefined ? new Uint8Array(0) : joinChunks(c)))
  }
  return {
    load: (name) => {
      const row = select.get(name)
      if (row === undefined) return undefined
      const parts = readParts(name)
      return {
        position: Number(row["position"]),
        state: JSON.parse(String(row["state"])),
        ...(parts.length === 0 ? {} : { parts })
      }
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
