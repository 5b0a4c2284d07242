/**
 * `ProjectionStore` on the `checkpoints` and `checkpoint_parts` tables: `save` upserts position and
 * state and replaces the state's binary parts (cut into `bytea` chunks) in one transaction, so they
 * never disagree; run inside a caller's transaction on the same client, it joins it (a projection
 * writing its read model to the same database checkpoints atomically with it).
 *
 * @internal
 */
import { StorageError } from "@dangvien/core/EventStore"
import { chunksOf, partsOf, ProjectionStore, requireJson } from "@dangvien/core/Projection"
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Effect } from "effect"
import type { Statements } from "./statements.ts"
import { mapSqlError } from "./storageError.ts"

/** The largest chunk of a part in one row (a `bytea` holds at most a gigabyte). */
export const chunkBytes = 64 * 1024 * 1024

/** The checkpoint store of a migrated schema on `pg`. */
export const make = (pg: PgClient, statements: Statements, chunk = chunkBytes): ProjectionStore["Service"] =>
  ProjectionStore.of({
    load: (name) =>
      Effect.gen(function*() {
        const rows = yield* pg.unsafe<
          { position: bigint | null; state: unknown; part: number | null; bytes: Uint8Array | null }
        >(statements.loadCheckpointWithParts, [name])
        const row = rows.find((r) => r.part === null)
        if (row === undefined) return undefined
        const parts = partsOf(rows.flatMap((c) => (c.part === null ? [] : [[c.part, c.bytes!] as const])))
        return { position: Number(row.position), state: row.state, ...(parts.length === 0 ? {} : { parts }) }
      }).pipe(mapSqlError("loadCheckpoint")),
    save: (name, checkpoint) =>
      Effect.andThen(
        requireJson(name, checkpoint.state),
        Effect.try({
          try: () => checkpoint.state === undefined ? null : JSON.stringify(checkpoint.state),
          catch: (cause) =>
            new StorageError({
              operation: "saveCheckpoint",
              cause,
              message: `checkpoint ${name}: state is not JSON: ${cause}`
            })
        }).pipe(
          Effect.flatMap((state) =>
            pg.withTransaction(Effect.gen(function*() {
              yield* pg.unsafe(statements.saveCheckpoint, [name, checkpoint.position, state]).raw
              yield* pg.unsafe(statements.resetCheckpointParts, [name]).raw
              const parts = checkpoint.parts ?? []
              for (let part = 0; part < parts.length; part++) {
                const bytes = parts[part]!
                const pieces = chunksOf(bytes, chunk)
                for (let n = 0; n < pieces.length; n++) {
                  yield* pg.unsafe(statements.saveCheckpointPart, [name, part, n, pieces[n]]).raw
                }
              }
            }))
          ),
          mapSqlError("saveCheckpoint"),
          Effect.asVoid
        )
      ),
    reset: (name) =>
      pg.withTransaction(Effect.gen(function*() {
        yield* pg.unsafe(statements.resetCheckpoint, [name]).raw
        yield* pg.unsafe(statements.resetCheckpointParts, [name]).raw
      })).pipe(mapSqlError("resetCheckpoint"), Effect.asVoid)
  })
