import { EventStore, IdGenerator } from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { program, secondBadge } from "../src/lifecycle.ts"

const layer = Layer.mergeAll(EventStore.layerMemory, IdGenerator.layerDeterministic(7))

describe("member lifecycle example", () => {
  it.effect("drives a member from candidate to the 30-year badge (BDG-02)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-11-22T08:00:00Z"))
      const summary = yield* program
      assert.strictEqual(summary.status, "official")
      assert.strictEqual(summary.partyAgeYears, 30)
      assert.deepStrictEqual(summary.badges, [30])
      assert.strictEqual(summary.cardNo, "35.001234")
      assert.strictEqual(summary.orgId, "01J0000000000000000000CE02")
      assert.strictEqual(summary.timeline.length, 14)
      assert.strictEqual(summary.timeline[0], "1993-03-01  CandidateRegistered")
      assert.strictEqual(summary.timeline.at(-1), "2023-11-07  BadgeAwarded")
    }).pipe(Effect.provide(layer)))

  it.effect("refuses a second 30-year badge (BDG-06) and stores nothing", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-11-22T08:00:00Z"))
      yield* program
      const store = yield* EventStore.EventStore
      const before = yield* store.lastPosition
      const refused = yield* Effect.flip(secondBadge)
      assert.strictEqual(refused._tag, "RuleViolation")
      assert.deepInclude(refused, {
        rule: "BDG-06",
        field: "data.milestone",
        message: "the 30-year badge was already awarded",
        messageVi: "đã được tặng Huy hiệu 30 năm tuổi Đảng"
      })
      assert.strictEqual(yield* store.lastPosition, before)
    }).pipe(Effect.provide(layer)))
})
