/**
 * `dangvien report --org ID|CODE --year Y --out F.html [--lang vi|en]`: the yearly report of an
 * organisation as one self-contained HTML file with charts and tables.
 *
 * @since 0.1.0
 */
import type { Calendar } from "@dangvien/core"
import { Console, Effect, Result } from "effect"
import { Command, Flag } from "effect/cli"
import { writeFileSync } from "node:fs"
import { CliFailure, ExitCode } from "../CliFailure.ts"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as ReportHtml from "../ReportHtml.ts"
import * as ReportPage from "../ReportPage.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"

/**
 * Writes the report of `org` for `year` to `out`.
 *
 * @category running
 * @since 0.1.0
 */
export const write = (loaded: StatsIndex.Loaded, options: {
  readonly org: string
  readonly year: number
  readonly out: string
  readonly lang: "vi" | "en"
}) =>
  Effect.gen(function*() {
    const org = yield* StatsIndex.resolveOrg(loaded, options.org)
    const now = yield* Dates.today
    const yearEnd = `${options.year}-12-31` as Calendar.CalendarDate
    if (options.year < 1930 || `${options.year}-01-01` > now) {
      return yield* new CliFailure({
        message: `--year ${options.year} is not a year from 1930 (the Party's founding) to ${now.slice(0, 4)}`,
        exitCode: ExitCode.usage
      })
    }
    const asOf = yearEnd < now ? yearEnd : now
    yield* StatsIndex.liveOver(loaded.orgs, org, `${options.year}-01-01`, asOf)
    const name = StatsIndex.nameOf(loaded.orgs, org, asOf)
    const page = ReportPage.make(loaded.index, { org, orgName: name, year: options.year, asOf, lang: options.lang })
    if (Result.isFailure(page)) return yield* new CliFailure({ message: `${page.failure.message} in ${options.year}` })
    yield* Effect.try({
      try: () => writeFileSync(options.out, ReportHtml.render(page.success)),
      catch: (e) =>
        new CliFailure({ message: `cannot write ${options.out}: ${e instanceof Error ? e.message : String(e)}` })
    })
    return page.success
  })

/**
 * `dangvien report`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "report",
  {
    org: Flags.org,
    year: Flag.Int("year").pipe(Flag.withDescription("the year of the report")),
    out: Flag.String("out").pipe(Flag.withDescription("the HTML file to write")),
    lang: Flags.lang
  },
  (flags) =>
    Store.use(() =>
      Effect.gen(function*() {
        const loaded = yield* StatsIndex.loadCompact
        const page = yield* write(loaded, flags)
        yield* Console.log(`${flags.out}: ${page.title}`)
      })
    )
).pipe(Command.withDescription("a yearly report with charts, as one self-contained HTML file"))
