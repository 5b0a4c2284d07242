import { EventStore, Statistics } from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as HaNoi from "../src/HaNoi.ts"
import * as Published from "../src/Published.ts"
import { importAndIndex } from "../src/Replay.ts"

const t = Published.haNoi

describe("Hà Nội, members rated excellent five years running (2010–2014), replayed", () => {
  it.effect("gives exactly the published figures", () =>
    Effect.gen(function*() {
      const history = yield* Effect.fromResult(HaNoi.history())
      const { index, summary } = yield* importAndIndex(history.lines).pipe(Effect.provide(EventStore.layerMemory))
      assert.strictEqual(summary.appended, history.generated + history.added)
      // `Commendation.consecutiveExcellent` for 2010–2014 on the replayed store.
      const commended = yield* Effect.fromResult(HaNoi.commended(index, history.root))
      assert.strictEqual(commended.length, t.commended)
      assert.isTrue(commended.every((r) => r.since <= 2010))
      // Six years running are fewer: none of the members the calibration added was rated for 2009.
      const six = yield* Effect.fromResult(HaNoi.commended(index, history.root, 6))
      assert.isBelow(six.length, t.commended)
      for (let year = 2010; year <= 2014; year++) {
        const r = yield* Effect.fromResult(
          Statistics.query(index, {
            org: history.root,
            from: `${year}-01-01`,
            to: `${year}-12-31`,
            knownAt: t.knownAt
          })
        )
        assert.isAbove(r.ratings.ratedShare!, t.ratedShareAbove, `rated share ${year}`)
        if (year === 2014) {
          assert.strictEqual(Published.percent(r.ratings.levelShares.excellent!, 1), t.excellentPercent)
        }
      }
    }))
})
