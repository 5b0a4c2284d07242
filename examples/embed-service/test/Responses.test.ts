import { EventStore } from "@dangvien/core"
import { describe, expect, it } from "vitest"
import * as Responses from "../src/Responses.ts"

const storage = (retryable: boolean) =>
  Responses.refusal(
    new EventStore.StorageError({ operation: "append", cause: "x", message: "connection terminated", retryable })
  )

describe("Responses.refusal", () => {
  it("answers a retryable storage failure (a lost connection, a deadlock) 503 with Retry-After, any other 500", () => {
    const retry = storage(true)
    expect(retry.status).toBe(503)
    expect(retry.headers["retry-after"]).toBe("1")
    const failed = storage(false)
    expect(failed.status).toBe(500)
    expect(failed.headers["retry-after"]).toBeUndefined()
  })
})
