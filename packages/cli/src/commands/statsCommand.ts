/**
 * `dangvien stats --org ID|CODE [--from D] [--to D] [--as-of D] [--known-at T]
 * [--structure-as-of D] [--period P] [--format table|json|csv] [--lang vi|en]`: every figure of
 * statistics.md for an organisation's subtree, rebuilt from the store's history.
 *
 * @since 0.1.0
 */
import { Statistics } from "@dangvien/core"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as StatsFormat from "../StatsFormat.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"

const optionalDateFlag = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(description), Flag.optional)

/**
 * The query of the command line: dates checked, `to`/`asOf` defaulting to today (Vietnam).
 *
 * @category parsing
 * @since 0.1.0
 */
export const queryFlags = {
  org: Flag.String("org").pipe(Flag.withDescription("the organisation (id or code): the report covers its subtree")),
  from: optionalDateFlag("from", "first day of the period (default: 1 January of the year of --to)"),
  to: optionalDateFlag("to", "last day of the period (default: --as-of, else today)"),
  asOf: optionalDateFlag("as-of", "date of the stock figures (default: --to)"),
  knownAt: Flag.String("known-at").pipe(
    Flag.withDescription("ignore what was recorded after this instant (e.g. 2022-01-15T00:00:00Z, or a date: its end)"),
    Flag.optional
  ),
  structureAsOf: optionalDateFlag("structure-as-of", "restate every date on the organisation tree of this date"),
  lang: Flags.lang
}

/**
 * Builds a `Statistics.Query` from the flags.
 *
 * @category parsing
 * @since 0.1.0
 */
export const query = (
  loaded: StatsIndex.Loaded,
  flags: {
    readonly org: string
    readonly from: Option.Option<string>
    readonly to: Option.Option<string>
    readonly asOf: Option.Option<string>
    readonly knownAt: Option.Option<string>
    readonly structureAsOf: Option.Option<string>
  },
  period?: string
) =>
  Effect.gen(function*() {
    const org = yield* StatsIndex.resolveOrg(loaded, flags.org)
    const from = yield* Dates.optionalDate("from", flags.from)
    const to = yield* Dates.optionalDate("to", flags.to)
    const asOf = yield* Dates.optionalDate("as-of", flags.asOf)
    const structureAsOf = yield* Dates.optionalDate("structure-as-of", flags.structureAsOf)
    const knownAt = yield* Dates.optionalInstant("known-at", flags.knownAt)
    const end = to ?? asOf ?? (yield* Dates.today)
    return {
      org,
      from,
      to: end,
      asOf: asOf ?? end,
      knownAt,
      structureAsOf,
      ...(period === undefined ? {} : { period })
    } satisfies Statistics.Query
  })

/**
 * `dangvien stats`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "stats",
  {
    ...queryFlags,
    period: Flag.String("period").pipe(
      Flag.withDescription("the rating period, YYYY or YYYY-H1/H2 (default: the year of --to)"),
      Flag.optional
    ),
    format: Flag.Literals("format", ["table", "json", "csv"]).pipe(Flag.withDefault("table" as const))
  },
  (flags) =>
    Store.use(() =>
      Effect.gen(function*() {
        const loaded = yield* StatsIndex.loadCompact
        const q = yield* query(loaded, flags, Option.getOrUndefined(flags.period))
        const r = yield* StatsIndex.answer(Statistics.query(loaded.index, q))
        const registry = Statistics.registry(loaded.index, r.query.knownAt ?? undefined)
        yield* StatsIndex.liveOver(
          registry,
          q.org,
          r.query.from,
          r.query.asOf > r.query.to ? r.query.asOf : r.query.to,
          r.query.structureAsOf
        )
        if (flags.format === "json") return yield* Console.log(StatsFormat.json(r).trimEnd())
        if (flags.format === "csv") {
          return yield* Effect.sync(() => process.stdout.write(StatsFormat.csv(r, flags.lang)))
        }
        const name = StatsIndex.nameOf(registry, q.org, r.query.structureAsOf ?? r.query.asOf)
        const heading = flags.lang === "vi"
          ? `${name} — kỳ ${r.query.from} đến ${r.query.to}, đảng số ngày ${r.query.asOf}${
            r.query.knownAt === null ? "" : `, theo dữ liệu ghi nhận đến ${Dates.inVietnam(r.query.knownAt)}`
          }${r.query.structureAsOf === null ? "" : `, theo cơ cấu tổ chức ngày ${r.query.structureAsOf}`}`
          : `${name} — ${r.query.from} to ${r.query.to}, membership on ${r.query.asOf}${
            r.query.knownAt === null ? "" : `, as known at ${Dates.inVietnam(r.query.knownAt)}`
          }${r.query.structureAsOf === null ? "" : `, restated on the tree of ${r.query.structureAsOf}`}`
        yield* Effect.sync(() => process.stdout.write(StatsFormat.table(r, flags.lang, heading)))
      })
    )
).pipe(Command.withDescription("the statistics of an organisation's subtree, rebuilt from history"))
