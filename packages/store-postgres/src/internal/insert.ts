/**
 * Inserting planned rows in bulk: the statement of array parameters, `insertChunk` rows at a time,
 * shared by appends and bulk sessions.
 *
 * @internal
 */
import { StorageError } from "@dangvien/core/EventStore"
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Effect, Result } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import type * as AppendPlan from "./appendPlan.ts"
import * as Rows from "./rows.ts"
import type { Statements } from "./statements.ts"

/** Rows per INSERT statement of a large batch (nine array parameters each). */
const insertChunk = 5_000

/** Inserts rows (consecutive positions) in statements of `insertChunk` rows, in the current transaction. */
export const insertRows = (
  pg: PgClient,
  statements: Statements,
  rows: ReadonlyArray<AppendPlan.Row>
): Effect.Effect<void, StorageError | SqlError> =>
  Effect.gen(function*() {
    for (let start = 0; start < rows.length; start += insertChunk) {
      const parameters = Rows.insertParameters(rows.slice(start, start + insertChunk))
      if (Result.isFailure(parameters)) {
        return yield* new StorageError({
          operation: "append",
          cause: parameters.failure,
          message: `PostgreSQL append failed: an event is not JSON-serialisable: ${parameters.failure}`
        })
      }
      yield* pg.unsafe(statements.insert, parameters.success).raw
    }
  })
