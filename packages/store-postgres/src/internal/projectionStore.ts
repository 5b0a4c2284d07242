/**
 * `ProjectionStore` on the `checkpoints` table: `save` is one upsert of position and state, so the
 * two never disagree; run inside a caller's transaction on the same client, it joins it (a
 * projection writing its read model to the same database checkpoints atomically with it).
 *
 * @internal
 */
import { StorageError } from "@dangvien/core/EventStore"
import { ProjectionStore } from "@dangvien/core/Projection"
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Effect } from "effect"
import type { Statements } from "./statements.ts"
import { mapSqlError } from "./storageError.ts"

/** The checkpoint store of a migrated schema on `pg`. */
export const make = (pg: PgClient, statements: Statements): ProjectionStore["Service"] =>
  ProjectionStore.of({
    load: (name) =>
      pg.unsafe<{ position: bigint; state: unknown }>(statements.loadCheckpoint, [name]).pipe(
        mapSqlError("loadCheckpoint"),
        Effect.map((rows) => {
          const row = rows[0]
          return row === undefined ? undefined : { position: Number(row.position), state: row.state }
        })
      ),
    save: (name, checkpoint) =>
      Effect.try({
        try: () => checkpoint.state === undefined ? null : JSON.stringify(checkpoint.state),
        catch: (cause) =>
          new StorageError({
            operation: "saveCheckpoint",
            cause,
            message: `checkpoint ${name}: state is not JSON: ${cause}`
          })
      }).pipe(
        Effect.flatMap((state) => pg.unsafe(statements.saveCheckpoint, [name, checkpoint.position, state]).raw),
        mapSqlError("saveCheckpoint"),
        Effect.asVoid
      ),
    reset: (name) =>
      Effect.asVoid(pg.unsafe(statements.resetCheckpoint, [name]).raw).pipe(mapSqlError("resetCheckpoint"))
  })
