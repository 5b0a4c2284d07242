import { EventStore, Statistics } from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as DaNang from "../src/DaNang.ts"
import * as Published from "../src/Published.ts"
import { importAndIndex } from "../src/Replay.ts"

const t = Published.daNang

// About 390,000 events: through the in-memory store (the same `Import.run` and rule book) to keep
// the test fast; `main.ts` replays it from SQLite.
describe("Đà Nẵng, 1/1–31/8/2024 against 2023, replayed", () => {
  it.effect("gives exactly the published figures", () =>
    Effect.gen(function*() {
      const history = yield* Effect.fromResult(DaNang.history())
      const { index, summary } = yield* importAndIndex(history.lines).pipe(Effect.provide(EventStore.layerMemory))
      assert.strictEqual(summary.appended, history.generated + history.added)
      const report = yield* Effect.fromResult(
        Statistics.query(index, { org: history.root, from: t.from, to: t.to, knownAt: t.knownAt })
      )
      const start = yield* Effect.fromResult(
        Statistics.query(index, { org: history.root, asOf: "2023-12-31", knownAt: t.knownAt })
      )

      assert.strictEqual(report.flows.admitted, t.admitted)
      assert.strictEqual(report.ratios.samePeriodLastYear.admitted, t.admittedLastYear)
      assert.strictEqual(report.ratios.samePeriodLastYear.admittedChange, t.admittedChange)
      assert.strictEqual(Published.percent(report.ratios.samePeriodLastYear.admittedRatio!, 1), t.admittedRatioPercent)
      assert.strictEqual(start.stocks.total, t.membersStartOfYear)
      assert.strictEqual(Published.percent(report.ratios.admissionRate!, 2), t.admissionRatePercent)
    }))
})
