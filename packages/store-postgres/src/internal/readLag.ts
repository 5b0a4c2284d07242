/**
 * The `ReadLag` service of a store: one query for all its figures.
 *
 * @internal
 */
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Effect } from "effect"
import { ReadLag } from "../ReadLag.ts"
import type { Statements } from "./statements.ts"
import { mapSqlError } from "./storageError.ts"

interface LagRow {
  readonly held_back: bigint
  readonly released_position: bigint
  readonly committed_position: bigint
  readonly oldest_pid: number | null
  readonly oldest_age_ms: bigint
}

/** The read lag of the store whose statements are `statements`. */
export const make = (pg: PgClient, statements: Statements): ReadLag["Service"] =>
  ReadLag.of({
    current: pg.unsafe<LagRow>(statements.lag).pipe(
      mapSqlError("readLag"),
      Effect.map(([row]) => ({
        heldBackEvents: Number(row?.held_back ?? 0),
        releasedPosition: Number(row?.released_position ?? 0),
        committedPosition: Number(row?.committed_position ?? 0),
        oldestOpenTransactionAgeMs: Number(row?.oldest_age_ms ?? 0),
        ...(row?.oldest_pid === null || row?.oldest_pid === undefined
          ? {}
          : { oldestOpenTransactionPid: row.oldest_pid })
      }))
    )
  })
