/**
 * `dangvien excellent --org ID|CODE --last-year YYYY [--years N] [--known-at T] [--structure-as-of D]
 * [--lang vi|en]`: the members rated excellent (hoàn thành xuất sắc nhiệm vụ) N years running up to
 * a year — whom committees commend — with `Commendation.consecutiveExcellent`.
 *
 * @since 0.1.0
 */
import { Commendation, Statistics } from "@dangvien/core"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import { CliFailure } from "../CliFailure.ts"
import { count } from "../Count.ts"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as MemberNames from "../MemberNames.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"
import { queryFlags } from "./statsCommand.ts"

/**
 * `dangvien excellent`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "excellent",
  {
    org: Flags.org,
    lastYear: Flag.Int("last-year").pipe(Flag.withDescription("the last year of the run, e.g. 2014")),
    years: Flag.Int("years").pipe(
      Flag.withDescription("how many years running, up to --last-year (default 5)"),
      Flag.withDefault(5)
    ),
    knownAt: queryFlags.knownAt,
    structureAsOf: queryFlags.structureAsOf,
    lang: queryFlags.lang
  },
  (flags) =>
    Store.use(() =>
      Effect.gen(function*() {
        const structureAsOf = yield* Dates.optionalDate("structure-as-of", flags.structureAsOf)
        const knownAt = yield* Dates.optionalInstant("known-at", flags.knownAt)
        const loaded = yield* StatsIndex.loadCompact
        const org = yield* StatsIndex.resolveOrg(loaded, flags.org)
        const rows = yield* StatsIndex.answer(
          Commendation.consecutiveExcellent(loaded.index, {
            org,
            lastYear: flags.lastYear,
            years: flags.years,
            knownAt,
            structureAsOf
          })
        )
        const vi = flags.lang === "vi"
        const names = yield* MemberNames.read(rows.map((row) => row.memberId), knownAt).pipe(
          Effect.mapError((e) => new CliFailure({ message: `storage: ${e.message}` }))
        )
        const registry = Statistics.registry(loaded.index, knownAt)
        const judgedOn = structureAsOf ?? `${flags.lastYear}-12-31`
        for (const row of rows) {
          const run = flags.lastYear - row.since + 1
          yield* Console.log(
            `${MemberNames.label(names, row.memberId)}  ${row.since}–${flags.lastYear}  ${
              vi ? `${run} năm liền` : count(run, "year") + " running"
            }  ${vi ? "tại" : "in"} ${StatsIndex.nameOf(registry, row.unit, judgedOn)}`
          )
        }
        const span = `${flags.lastYear - flags.years + 1}–${flags.lastYear}`
        yield* Console.log(
          vi
            ? `${
              rows.length.toLocaleString("en-US")
            } đảng viên hoàn thành xuất sắc nhiệm vụ ${flags.years} năm liền (${span})`
            : `${count(rows.length, "member")} rated excellent ${count(flags.years, "year")} running (${span})`
        )
      })
    )
).pipe(Command.withDescription("members rated excellent several years running (commendations)"))
