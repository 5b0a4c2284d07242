import { EventStore, Ids } from "@dangvien/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Idempotency from "../src/Idempotency.ts"
import * as Responses from "../src/Responses.ts"

const lost = new EventStore.StorageError({
  operation: "append",
  cause: "x",
  message: "Connection terminated",
  retryable: true
})

describe("Idempotency.outcomeKnown", () => {
  it("a command without a key whose append was lost is OutcomeUnknown: 503, with no Retry-After", () => {
    const error = Effect.runSync(Effect.flip(Idempotency.outcomeKnown(Effect.fail(lost), undefined)))
    expect(error._tag).toBe("OutcomeUnknown")
    const response = Responses.refusal(error)
    expect(response.status).toBe(503)
    expect(response.headers["retry-after"]).toBeUndefined()
  })

  it("with a key, or for a failure that is not retryable, the storage error as it is", () => {
    const keyed = Effect.runSync(
      Effect.flip(Idempotency.outcomeKnown(Effect.fail(lost), Ids.eventId("01J0000000000000000000KEY1")))
    )
    expect(keyed).toBe(lost)
    expect(Responses.refusal(keyed).headers["retry-after"]).toBe("1")
    const broken = new EventStore.StorageError({ operation: "append", cause: "x", message: "disk full" })
    expect(Effect.runSync(Effect.flip(Idempotency.outcomeKnown(Effect.fail(broken), undefined)))).toBe(broken)
  })
})
