import { Statistics } from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as LaiChau from "../src/LaiChau.ts"
import * as Published from "../src/Published.ts"
import { importAndIndex, sqliteInTemp } from "../src/Replay.ts"

const t = Published.laiChau

describe("Lai Châu on 31/12/2021, replayed from SQLite", () => {
  it.effect("gives exactly the published figures", () =>
    Effect.gen(function*() {
      const history = yield* Effect.fromResult(LaiChau.history())
      const { index, summary } = yield* importAndIndex(history.lines).pipe(Effect.provide(sqliteInTemp("lai-chau")))
      assert.strictEqual(summary.appended, history.generated + history.added)
      const report = yield* Effect.fromResult(
        Statistics.query(index, { org: history.root, from: "2021-01-01", to: t.on, knownAt: t.knownAt })
      )

      assert.strictEqual(report.organizations.byKind.upper, t.uppers)
      assert.strictEqual(report.organizations.tccsd, t.grassroots)
      assert.strictEqual(report.organizations.byKind.grassrootsCommittee, t.grassrootsCommittees)
      assert.strictEqual(report.organizations.byKind.grassrootsCell, t.grassrootsCells)
      assert.strictEqual(report.organizations.byKind.subCommittee, t.subCommittees)
      assert.strictEqual(report.organizations.cellsUnderGrassroots, t.cellsUnderGrassroots)
      assert.strictEqual(report.stocks.total, t.members)
      assert.strictEqual(report.stocks.probationary, t.probationary)
      assert.strictEqual(report.stocks.female, t.female)
      assert.strictEqual(report.stocks.ethnicMinority, t.ethnicMinority)
      assert.strictEqual(report.flows.admitted, t.admitted)
      assert.strictEqual(report.ratios.planTarget, t.planTarget)
      assert.strictEqual(Published.percent(report.ratios.planAttainment!, 0), t.planAttainmentPercent)

      // Events recorded after the report (late entries of deaths, transfers…) change the figures
      // as known today; as known on the reporting day they are left out.
      const today = yield* Effect.fromResult(
        Statistics.query(index, { org: history.root, from: "2021-01-01", to: t.on })
      )
      const late = [...history.lines()].filter((l) => {
        const e = JSON.parse(l) as { occurredOn: string; recordedAt: string }
        return e.occurredOn <= t.on && e.recordedAt > t.knownAt
      })
      assert.isAbove(late.length, 0)
      assert.notDeepEqual(today.stocks, report.stocks)
    }).pipe(Effect.scoped))
})
