/**
 * Builds each calibrated history, imports it into a SQLite file in a temporary directory (every
 * line judged by the rule book), replays the store into the statistics and prints each figure next
 * to the published one.
 *
 * `node_modules/.bin/node examples/analyst-replay/src/main.ts`
 */
import { type Ids, Statistics } from "@dangvien/core"
import { Console, Effect } from "effect"
import type { History } from "./Calibration.ts"
import * as DaNang from "./DaNang.ts"
import * as DuyTien from "./DuyTien.ts"
import * as HaNoi from "./HaNoi.ts"
import * as LaiChau from "./LaiChau.ts"
import * as Pleiku from "./Pleiku.ts"
import * as Published from "./Published.ts"
import { importAndIndex, sqliteInTemp } from "./Replay.ts"

/** A figure published as a bound ("hơn", "gần"): the replayed value, the words, whether it meets them. */
const claim = (label: string, replayed: number | null, published: string, ok: boolean) =>
  `  ${label.padEnd(52)}${String(replayed).padStart(10)}${published.padStart(12)}  ${ok ? "=" : "≠"}`

/** A figure published exactly. */
const row = (label: string, replayed: number | null, published: number) =>
  claim(label, replayed, String(published), replayed === published)

/** The queries of a replayed history: on its organisation, as known at the reporting instant. */
const queryOf = (index: Statistics.Compact, org: Ids.OrgId, knownAt: string) => (q: Omit<Statistics.Query, "org">) =>
  Effect.fromResult(Statistics.query(index, { ...q, org, knownAt }))

const replay = (name: string, file: string, history: History) =>
  Effect.gen(function*() {
    const started = Date.now()
    const { index, summary } = yield* importAndIndex(history.lines).pipe(Effect.provide(sqliteInTemp(file)))
    yield* Console.log(
      `\n${name}: ${history.generated.toLocaleString("en")} generated events + ${
        history.added.toLocaleString("en")
      } added by the calibration (${[...history.adjustments].map(([k, n]) => `${n} ${k}`).join(", ")}); ${
        summary.appended.toLocaleString("en")
      } imported into SQLite and replayed in ${((Date.now() - started) / 1000).toFixed(1)} s`
    )
    yield* Console.log(`  ${"figure".padEnd(52)}${"replayed".padStart(10)}${"published".padStart(12)}`)
    return index
  })

const laiChau = Effect.gen(function*() {
  const t = Published.laiChau
  const history = yield* Effect.fromResult(LaiChau.history())
  const index = yield* replay("Lai Châu, 31/12/2021", "lai-chau", history)
  const r = yield* Effect.fromResult(
    Statistics.query(index, { org: history.root, from: "2021-01-01", to: t.on, knownAt: t.knownAt })
  )
  for (
    const line of [
      row("district-level committees", r.organizations.byKind.upper, t.uppers),
      row("grassroots organisations", r.organizations.tccsd, t.grassroots),
      row("  đảng bộ cơ sở", r.organizations.byKind.grassrootsCommittee, t.grassrootsCommittees),
      row("  chi bộ cơ sở", r.organizations.byKind.grassrootsCell, t.grassrootsCells),
      row("đảng bộ bộ phận", r.organizations.byKind.subCommittee, t.subCommittees),
      row("chi bộ under grassroots committees", r.organizations.cellsUnderGrassroots, t.cellsUnderGrassroots),
      row("members", r.stocks.total, t.members),
      row("  probationary", r.stocks.probationary, t.probationary),
      row("  female", r.stocks.female, t.female),
      row("  ethnic minority", r.stocks.ethnicMinority, t.ethnicMinority),
      row("admitted in 2021", r.flows.admitted, t.admitted),
      row("  % of the plan", Published.percent(r.ratios.planAttainment ?? 0, 0), t.planAttainmentPercent)
    ]
  ) yield* Console.log(line)
})

const daNang = Effect.gen(function*() {
  const t = Published.daNang
  const history = yield* Effect.fromResult(DaNang.history())
  const index = yield* replay("Đà Nẵng, 1/1–31/8/2024", "da-nang", history)
  const r = yield* Effect.fromResult(
    Statistics.query(index, { org: history.root, from: t.from, to: t.to, knownAt: t.knownAt })
  )
  const start = yield* Effect.fromResult(
    Statistics.query(index, { org: history.root, asOf: "2023-12-31", knownAt: t.knownAt })
  )
  const last = r.ratios.samePeriodLastYear
  for (
    const line of [
      row("admitted", r.flows.admitted, t.admitted),
      row(
        "  % of the members on 31/12/2023",
        Published.percent(r.ratios.admissionRate ?? 0, 2),
        t.admissionRatePercent
      ),
      row("members on 31/12/2023 (\"about 61,400\")", start.stocks.total, t.membersStartOfYear),
      row("admitted 1/1–31/8/2023", last.admitted, t.admittedLastYear),
      row("  change", last.admittedChange, t.admittedChange),
      row("  % of 2023", Published.percent(last.admittedRatio ?? 0, 1), t.admittedRatioPercent)
    ]
  ) yield* Console.log(line)
})

const duyTien = Effect.gen(function*() {
  const t = Published.duyTien
  const history = yield* Effect.fromResult(DuyTien.history())
  const index = yield* replay("Duy Tiên, 2016–2020 and 2021", "duy-tien", history)
  const query = queryOf(index, history.root, t.knownAt)
  const f = (yield* query({ from: t.from, to: t.to })).flows
  const nine = (yield* query({ from: t.nineMonths2021.from, to: t.nineMonths2021.to })).flows
  const h1 = t.rating2021H1
  const r = (yield* query({ from: "2021-01-01", to: h1.on, period: h1.period })).ratings
  for (
    const line of [
      row("admitted 2016–2020", f.admitted, t.admitted),
      row("recognised official 2016–2020", f.recognizedOfficial, t.recognizedOfficial),
      row("badges 2016–2020", f.badges.total, t.badges),
      row("  awarded", f.badges.total - f.badges.posthumous, t.badgesAwarded),
      row("  posthumous", f.badges.posthumous, t.badgesPosthumous),
      row("transferred out 2016–2020", f.transferredOut, t.transferredOut),
      row("struck off 2016–2020", f.struckOff, t.struckOff),
      row("allowed to leave / expelled 2016–2020", f.allowedToLeave + f.expelled, t.allowedToLeaveOrExpelled),
      row("died 2016–2020", f.died, t.died),
      row("cards issued 2016–2020", f.cardsIssued, t.cardsIssued),
      row("admitted 1–9/2021", nine.admitted, t.nineMonths2021.admitted),
      row("recognised official 1–9/2021", nine.recognizedOfficial, t.nineMonths2021.recognizedOfficial),
      row("struck off 1–9/2021", nine.struckOff, t.nineMonths2021.struckOff),
      row("2021-H1 members", r.members, h1.members),
      row("  rated", r.rated, h1.rated),
      row("    excellent", r.byLevel.excellent, h1.excellent),
      row("    good", r.byLevel.good, h1.good),
      row("    completed", r.byLevel.completed, h1.completed),
      row("    not completed", r.byLevel.notCompleted, h1.notCompleted)
    ]
  ) yield* Console.log(line)
})

const haNoi = Effect.gen(function*() {
  const t = Published.haNoi
  const history = yield* Effect.fromResult(HaNoi.history())
  const index = yield* replay("Hà Nội, ratings 2010–2014", "ha-noi", history)
  const commended = yield* Effect.fromResult(HaNoi.commended(index, history.root))
  yield* Console.log(row("rated excellent 5 years running (2010–2014)", commended.length, t.commended))
  for (let year = 2010; year <= 2014; year++) {
    const r = (yield* Effect.fromResult(
      Statistics.query(index, { org: history.root, from: `${year}-01-01`, to: `${year}-12-31`, knownAt: t.knownAt })
    )).ratings
    yield* Console.log(
      claim(
        `rated ${year}, % of the members`,
        Published.percent(r.ratedShare ?? 0, 1),
        "> 85",
        (r.ratedShare ?? 0) > t.ratedShareAbove
      )
    )
    if (year === 2014) {
      yield* Console.log(
        row(
          "  excellent 2014, % of those rated",
          Published.percent(r.levelShares.excellent ?? 0, 1),
          t.excellentPercent
        )
      )
    }
  }
})

const pleiku = Effect.gen(function*() {
  const t = Published.pleiku
  const history = yield* Effect.fromResult(Pleiku.history())
  const index = yield* replay("Pleiku, 6/12/2017", "pleiku", history)
  const query = queryOf(index, history.root, t.knownAt)
  const r = yield* query({ asOf: t.asOf })
  const s = r.stocks
  const share = (n: number) => n / s.total
  /** A count's share of the members, against the article's words for it. */
  const ofMembers = (n: number, published: string, ok: (share: number) => boolean) =>
    claim("    % of the members", Published.percent(share(n), 2), published, ok(share(n)))
  const year = (yield* query({ from: t.from, to: t.to })).flows.admitted
  const term = (yield* query({ from: t.termFrom, to: t.to })).flows.admitted
  for (
    const line of [
      row("grassroots organisations", r.organizations.tccsd, t.grassroots),
      row("members (\"more than 7,650\")", s.total, t.members),
      row("  female", s.female, t.female),
      ofMembers(s.female, "> 42", (x) => x > t.femaleShareAbove),
      row("  ethnic minority", s.ethnicMinority, t.ethnicMinority),
      ofMembers(s.ethnicMinority, "≈ 5.5", (x) => Published.nearly(x, t.ethnicMinorityPercent)),
      row("  religious", s.religious, t.religious),
      ofMembers(s.religious, "≈ 1.7", (x) => Published.nearly(x, t.religiousPercent)),
      row("  30 or under (Youth Union age)", s.ageBands["≤30"], t.youth),
      ofMembers(s.ageBands["≤30"], "> 10", (x) => x > t.youthShareAbove),
      row("admitted 1/1–30/11/2017", year, t.admitted),
      row("admitted 1/7/2015–30/11/2017 (the term so far)", term, t.admittedInTerm),
      claim(
        "  % of the term's target of 800",
        Published.percent(term / t.termTarget, 1),
        "> 50",
        term / t.termTarget > t.termTargetShareAbove
      )
    ]
  ) yield* Console.log(line)
})

Effect.runPromise(
  Effect.scoped(
    Effect.andThen(Effect.andThen(Effect.andThen(Effect.andThen(laiChau, daNang), duyTien), haNoi), pleiku)
  )
).catch(
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exitCode = 1
  }
)
