/**
 * Which SQL failures a `StorageError` marks retryable: those the SQL client classifies so, and the
 * lost connections it leaves unclassified (the server terminating the backend, a reset socket).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ConnectionError, SqlError, SqlSyntaxError, UnknownError } from "effect/sql/SqlError"
import { isRetryable, mapSqlError } from "../src/internal/storageError.ts"

const unknown = (cause: unknown) => new SqlError({ reason: new UnknownError({ cause, message: "failed" }) })
const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code })

describe("PostgreSQL failures: retryable or not", () => {
  it("a lost or refused connection, a terminated backend, a reset socket are retryable", () => {
    assert.isTrue(isRetryable(new SqlError({ reason: new ConnectionError({ cause: new Error("Connection closed") }) })))
    for (const code of ["57P01", "57P02", "57P03", "ECONNRESET", "ECONNREFUSED", "EPIPE"]) {
      assert.isTrue(isRetryable(unknown(withCode(code))), code)
    }
    assert.isTrue(isRetryable(unknown(new Error("Connection terminated unexpectedly"))))
  })

  it("a refused statement, a constraint, an unknown failure are not", () => {
    assert.isFalse(isRetryable(new SqlError({ reason: new SqlSyntaxError({ cause: withCode("42P01") }) })))
    assert.isFalse(isRetryable(unknown(withCode("23514"))))
    assert.isFalse(isRetryable(unknown("no detail")))
  })

  it.effect("mapSqlError maps a SqlError failure, and a SqlError defect (a failed ROLLBACK), to a StorageError", () =>
    Effect.gen(function*() {
      const lost = new SqlError({ reason: new ConnectionError({ cause: new Error("Connection closed") }) })
      const failed = yield* Effect.flip(mapSqlError("append")(Effect.fail(lost)))
      const died = yield* Effect.flip(mapSqlError("append")(Effect.die(lost)))
      for (const e of [failed, died]) {
        assert.strictEqual(e._tag, "StorageError")
        assert.strictEqual(e.operation, "append")
        assert.isTrue(e.retryable)
      }
      // Any other defect stays one.
      const other = yield* Effect.exit(mapSqlError("append")(Effect.die(new Error("bug"))))
      assert.strictEqual(other._tag, "Failure")
    }))
})
