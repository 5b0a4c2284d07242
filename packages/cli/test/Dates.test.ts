import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Dates from "../src/Dates.ts"

describe("Dates.instant (--known-at)", () => {
  it.effect("an instant with its offset, or a date read as the end of that day in Vietnam", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* Dates.instant("known-at", "2025-06-30T10:00:00Z"), "2025-06-30T10:00:00.000Z")
      assert.strictEqual(yield* Dates.instant("known-at", "2025-06-30T10:00:00+07:00"), "2025-06-30T03:00:00.000Z")
      assert.strictEqual(yield* Dates.instant("known-at", "2025-06-30"), "2025-06-30T16:59:59.999Z")
    }))

  it.effect("refuses a day that does not exist, hour 24, and a time without an offset (the machine's zone would decide)", () =>
    Effect.gen(function*() {
      for (const value of ["2025-02-30T00:00:00Z", "2025-06-30T24:00:00Z", "2025-06-30T10:00:00", "yesterday"]) {
        const e = yield* Effect.flip(Dates.instant("known-at", value))
        assert.include(e.message, `--known-at ${value} is not an instant`)
        assert.strictEqual(e.exitCode, 2)
      }
    }))
})

describe("Dates.inVietnam (how --known-at is shown)", () => {
  it("shows an instant as the time in Vietnam: the end of a day given as a date is that day's 23:59:59", () => {
    assert.strictEqual(Dates.inVietnam("2022-01-15T16:59:59.999Z"), "2022-01-15 23:59:59 (UTC+7)")
    assert.strictEqual(Dates.inVietnam("2025-06-30T17:00:00.000Z"), "2025-07-01 00:00:00 (UTC+7)")
  })
})
