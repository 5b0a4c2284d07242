/**
 * `dangvien generate --members N [--seed S] [--from Y] [--to Y]`: a synthetic province history
 * as NDJSON on standard output — deterministic by seed, every line accepted by the rules.
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import { CliFailure, ExitCode } from "../CliFailure.ts"
import * as Dates from "../Dates.ts"
import * as Stdout from "../Stdout.ts"
import * as Synthetic from "../Synthetic.ts"

/**
 * Flags shared with `demo`.
 *
 * @category parsing
 * @since 0.1.0
 */
export const historyFlags = {
  seed: Flag.Int("seed").pipe(
    Flag.withDescription("the seed: the same seed gives the same history"),
    Flag.withDefault(1)
  ),
  from: Flag.Int("from").pipe(Flag.withDescription("first year of the history (default 1995)"), Flag.optional),
  to: Flag.Int("to").pipe(Flag.withDescription("last year of the history (default 2025)"), Flag.optional)
}

/**
 * Checks the sizes and years given.
 *
 * @category parsing
 * @since 0.1.0
 */
export const options = (flags: {
  readonly members: number
  readonly seed: number
  readonly from: { readonly _tag: "Some"; readonly value: number } | { readonly _tag: "None" }
  readonly to: { readonly _tag: "Some"; readonly value: number } | { readonly _tag: "None" }
}): Effect.Effect<Synthetic.Options, CliFailure> => {
  const from = flags.from._tag === "Some" ? flags.from.value : undefined
  const to = flags.to._tag === "Some" ? flags.to.value : undefined
  if (flags.members < 100 || flags.members > 6_000_000) {
    return Effect.fail(
      new CliFailure({ message: "--members must be between 100 and 6,000,000", exitCode: ExitCode.usage })
    )
  }
  if ((from !== undefined && (from < 1950 || from > 2025)) || (to !== undefined && (to < 1960 || to > 2026))) {
    return Effect.fail(
      new CliFailure({ message: "--from/--to: years between 1950 and 2026", exitCode: ExitCode.usage })
    )
  }
  if (from !== undefined && to !== undefined && to - from < 5) {
    return Effect.fail(
      new CliFailure({ message: "--to must be at least 5 years after --from", exitCode: ExitCode.usage })
    )
  }
  return Effect.succeed({
    members: flags.members,
    seed: flags.seed,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to })
  })
}

/**
 * `dangvien generate`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "generate",
  {
    members: Flag.Int("members").pipe(Flag.withDescription("members at the end of the history")),
    ...historyFlags
  },
  (flags) =>
    Effect.gen(function*() {
      const o = yield* options(flags)
      const today = yield* Dates.today
      const last = Synthetic.lastYear(o)
      if (`${last}-12-31` > today) {
        // Not refused (a test may want it), but `import` would refuse those lines: say so first.
        yield* Console.error(
          `dangvien generate: the history runs to 31 December ${last}, after today (${today}); dangvien import refuses its lines recorded after the time it starts (CAL-01). --to ${
            Number(today.slice(0, 4)) - 1
          } is the last full year.`
        )
      }
      for (const chunk of Synthetic.lineChunks(o)) yield* Stdout.write(`${chunk.join("\n")}\n`)
    })
).pipe(Command.withDescription("print a synthetic province history as NDJSON"))
