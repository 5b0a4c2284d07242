import { EventStore, Statistics } from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Pleiku from "../src/Pleiku.ts"
import * as Published from "../src/Published.ts"
import { importAndIndex } from "../src/Replay.ts"

const t = Published.pleiku

// About 46,000 events: through the in-memory store (the same `Import.run` and rule book);
// `main.ts` replays it from SQLite.
describe("Pleiku on 6/12/2017, replayed", () => {
  it.effect("gives exactly the published figures", () =>
    Effect.gen(function*() {
      const history = yield* Effect.fromResult(Pleiku.history())
      const { index, summary } = yield* importAndIndex(history.lines).pipe(Effect.provide(EventStore.layerMemory))
      assert.strictEqual(summary.appended, history.generated + history.added)
      const query = (q: Omit<Statistics.Query, "org">) =>
        Effect.fromResult(Statistics.query(index, { ...q, org: history.root, knownAt: t.knownAt }))
      const report = yield* query({ asOf: t.asOf })
      const s = report.stocks

      // The city committee is a district-level one: its 68 grassroots organisations.
      assert.strictEqual(report.organizations.byKind.upper, 1)
      assert.strictEqual(report.organizations.byKind.province, 0)
      assert.strictEqual(report.organizations.tccsd, t.grassroots)
      assert.strictEqual(s.total, t.members)
      assert.isAbove(s.total, 7_650)
      assert.strictEqual(s.female, t.female)
      assert.isAbove(s.female / s.total, t.femaleShareAbove)
      assert.strictEqual(s.ethnicMinority, t.ethnicMinority)
      assert.isTrue(Published.nearly(s.ethnicMinority / s.total, t.ethnicMinorityPercent))
      assert.strictEqual(s.religious, t.religious)
      assert.isBelow(s.religious, 130)
      assert.isTrue(Published.nearly(s.religious / s.total, t.religiousPercent))
      assert.strictEqual(s.ageBands["≤30"], t.youth)
      assert.isAbove(s.ageBands["≤30"] / s.total, t.youthShareAbove)

      const year = (yield* query({ from: t.from, to: t.to })).flows.admitted
      assert.strictEqual(year, t.admitted)
      assert.isAbove(year, 130)
      const term = (yield* query({ from: t.termFrom, to: t.to })).flows.admitted
      assert.strictEqual(term, t.admittedInTerm)
      assert.isAbove(term, 400)
      assert.isAbove(term / t.termTarget, t.termTargetShareAbove)
    }))
})
