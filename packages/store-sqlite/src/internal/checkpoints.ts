/**
 * The `checkpoints` table behind the SQLite `ProjectionStore`: one row per projection, its
 * position and JSON state written by one statement (hence atomically, in SQLite's own implicit
 * transaction). Synchronous; driver and JSON exceptions propagate to the caller's `Effect.try`.
 *
 * @internal
 */
import type { Checkpoint } from "@dangvien/core/Projection"
import type { DatabaseSync } from "node:sqlite"

/** Checkpoint operations on one connection. */
export interface Checkpoints {
  readonly load: (name: string) => Checkpoint | undefined
  /** Saves position and state; `false` when the state has no JSON form (e.g. `undefined`). */
  readonly save: (name: string, checkpoint: Checkpoint, updatedAt: string) => boolean
  readonly reset: (name: string) => void
}

/** Prepares the checkpoint statements on a migrated connection. */
export const make = (db: DatabaseSync): Checkpoints => {
  const select = db.prepare("SELECT position, state FROM checkpoints WHERE name = ?")
  const upsert = db.prepare(
    `INSERT INTO checkpoints (name, position, state, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET
       position = excluded.position, state = excluded.state, updated_at = excluded.updated_at`
  )
  const remove = db.prepare("DELETE FROM checkpoints WHERE name = ?")
  return {
    load: (name) => {
      const row = select.get(name)
      return row === undefined
        ? undefined
        : { position: Number(row["position"]), state: JSON.parse(String(row["state"])) }
    },
    save: (name, checkpoint, updatedAt) => {
      const state: string | undefined = JSON.stringify(checkpoint.state)
      if (state === undefined) return false
      upsert.run(name, checkpoint.position, state, updatedAt)
      return true
    },
    reset: (name) => void remove.run(name)
  }
}
