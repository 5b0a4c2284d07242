import { Statistics } from "@dangvien/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as DuyTien from "../src/DuyTien.ts"
import * as Published from "../src/Published.ts"
import { importAndIndex, sqliteInTemp } from "../src/Replay.ts"

const t = Published.duyTien
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
/** The instant of a ULID's time part (its first 10 characters). */
const ulidTime = (id: string) => {
  let ms = 0
  for (let i = 0; i < 10; i++) ms = ms * 32 + CROCKFORD.indexOf(id[i]!)
  return ms
}

describe("Duy Tiên, 2016–2020 and 2021, replayed from SQLite", () => {
  it.effect("gives exactly the published figures", () =>
    Effect.gen(function*() {
      const history = yield* Effect.fromResult(DuyTien.history())
      const { index, summary } = yield* importAndIndex(history.lines).pipe(Effect.provide(sqliteInTemp("duy-tien")))
      assert.strictEqual(summary.appended, history.generated + history.added)
      const query = (q: Omit<Statistics.Query, "org">) =>
        Effect.fromResult(Statistics.query(index, { ...q, org: history.root, knownAt: t.knownAt }))

      const term = (yield* query({ from: t.from, to: t.to })).flows
      assert.strictEqual(term.admitted, t.admitted)
      assert.strictEqual(term.recognizedOfficial, t.recognizedOfficial)
      assert.strictEqual(term.badges.total, t.badges)
      assert.strictEqual(term.badges.total - term.badges.posthumous, t.badgesAwarded)
      assert.strictEqual(term.badges.posthumous, t.badgesPosthumous)
      assert.strictEqual(term.transferredOut, t.transferredOut)
      assert.strictEqual(term.struckOff, t.struckOff)
      assert.strictEqual(term.allowedToLeave + term.expelled, t.allowedToLeaveOrExpelled)
      assert.strictEqual(term.died, t.died)
      assert.strictEqual(term.cardsIssued, t.cardsIssued)

      const nine = (yield* query({ from: t.nineMonths2021.from, to: t.nineMonths2021.to })).flows
      assert.strictEqual(nine.admitted, t.nineMonths2021.admitted)
      assert.strictEqual(nine.recognizedOfficial, t.nineMonths2021.recognizedOfficial)
      assert.strictEqual(nine.struckOff, t.nineMonths2021.struckOff)

      const h1 = t.rating2021H1
      const rating = (yield* query({ from: "2021-01-01", to: h1.on, period: h1.period })).ratings
      assert.strictEqual(rating.members, h1.members)
      assert.strictEqual(rating.rated, h1.rated)
      assert.deepStrictEqual(rating.byLevel, {
        excellent: h1.excellent,
        good: h1.good,
        completed: h1.completed,
        notCompleted: h1.notCompleted
      })
      assert.strictEqual(Published.percent(rating.ratedShare!, 2), h1.ratedPercent)
      // The article's level percentages add up to 100.00 and are not the counts rounded (4,340 /
      // 5,975 = 72.636…% is printed 72.65%): each is within 0.01 point of the count's share.
      const shares = rating.levelShares
      assert.approximately(Published.percent(shares.excellent!, 2), h1.excellentPercent, 0.0101)
      assert.approximately(Published.percent(shares.good!, 2), h1.goodPercent, 0.0101)
      assert.approximately(Published.percent(shares.completed!, 2), h1.completedPercent, 0.0101)
      assert.approximately(Published.percent(shares.notCompleted!, 2), h1.notCompletedPercent, 0.0101)
    }).pipe(Effect.scoped))

  it("gives the calibration's streams and events ULIDs of their recording instant, unique", () => {
    const history = DuyTien.history()
    assert.isTrue(history._tag === "Success")
    if (history._tag !== "Success") return
    const added = [...history.success.lines()].slice(history.success.generated).map((l) =>
      JSON.parse(l) as { id: string; stream: string; recordedAt: string }
    )
    assert.isAbove(added.length, 1_000)
    const firstOf = new Map<string, string>()
    for (const e of added) {
      assert.match(e.id, /^[0-9A-HJKMNP-TV-Z]{26}$/)
      assert.strictEqual(ulidTime(e.id), Date.parse(e.recordedAt))
      if (!firstOf.has(e.stream)) firstOf.set(e.stream, e.recordedAt)
    }
    for (const [stream, at] of firstOf) assert.strictEqual(ulidTime(stream.slice("member-".length)), Date.parse(at))
    assert.strictEqual(new Set(added.map((e) => e.id)).size, added.length)
    assert.strictEqual(new Set([...added.map((e) => e.id), ...firstOf.keys()]).size, added.length + firstOf.size)
  })
})
