/**
 * `dangvien demo [--members N] [--seed S]`: generates a province (about 60,000 members with 22
 * years of history by default, 2004–2025), imports it into the store with the rules checked, and
 * prints the province's statistics for its last year. Running it again stores nothing twice.
 *
 * @since 0.1.0
 */
import { EventStore, Import, Statistics } from "@dangvien/core"
import { Console, Effect, Option, Result } from "effect"
import { Command, Flag } from "effect/cli"
import { CliFailure } from "../CliFailure.ts"
import { count } from "../Count.ts"
import * as Flags from "../Flags.ts"
import * as Progress from "../Progress.ts"
import * as Root from "../Root.ts"
import * as StatsFormat from "../StatsFormat.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"
import * as Synthetic from "../Synthetic.ts"
import { historyFlags, options } from "./generateCommand.ts"

/**
 * The demo's first year: 22 years of history (members imported on 1 January 2004 as the opening
 * roster, then every admission, rating, transfer, badge… to 2025): about 1.4 million events,
 * half a minute's work on two cores.
 *
 * @category constants
 * @since 0.1.0
 */
export const demoFrom = 2004

/** `s` as one word of a POSIX shell: as it is if plain, else in single quotes. */
export const shellWord = (s: string): string => /^[\w./:@%+=,-]+$/u.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`

/**
 * How the user ran the command, for hints they can copy: through the repository's `dangvien`
 * script (`npx -y pnpm@… dangvien`, as the README's quick start), else as the installed `dangvien`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const invokedAs = (env: Readonly<Record<string, string | undefined>>): string => {
  if (env["npm_lifecycle_event"] !== "dangvien") return "dangvien"
  const pnpm = /\bpnpm\/(\d+\.\d+\.\d+)/u.exec(env["npm_config_user_agent"] ?? "")?.[1]
  return pnpm === undefined ? "npm run dangvien --" : `npx -y pnpm@${pnpm} dangvien`
}

/**
 * `dangvien demo`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "demo",
  {
    members: Flag.Int("members").pipe(
      Flag.withDescription("members at the end (default 60,000)"),
      Flag.withDefault(60_000)
    ),
    lang: Flags.lang,
    ...historyFlags,
    from: Flag.Int("from").pipe(Flag.withDescription(`first year of the history (default ${demoFrom})`), Flag.optional)
  },
  (flags) =>
    Store.use((location) =>
      Effect.gen(function*() {
        const o = yield* options({ ...flags, from: flags.from._tag === "Some" ? flags.from : Option.some(demoFrom) })
        const started = performance.now()
        yield* Console.log(
          `dangvien demo: a synthetic province of about ${
            o.members.toLocaleString("en-US")
          } members (seed ${o.seed}) into ${Store.describe(location)}`
        )
        const held = yield* EventStore.EventStore.use((store) => store.lastPosition)
        const progress = Progress.make()
        const summary = yield* Import.run(Synthetic.source(o), {
          recordedAt: "2026-01-01T00:00:00.000Z",
          progressEvery: 20_000,
          onProgress: (p) => progress.update(Progress.importLabel(p), p.events, "events")
        }).pipe(
          Effect.ensuring(progress.done),
          Effect.mapError((e) => {
            if (e._tag !== "ImportRefused") return new CliFailure({ message: e.message })
            if (held === 0) return new CliFailure({ message: `the generated history was refused:\n${e.message}` })
            // Not a fault of the generator: the province's ids and card numbers are another history's.
            return new CliFailure({
              details: Import.refusalLines(e, 3),
              message: `${Store.describe(location)} already holds ${
                count(held, "event")
              } of another history, which this demo's province (seed ${o.seed}, ${
                o.members.toLocaleString("en-US")
              } members) does not extend: run the demo into a new --store, or again with the flags that made it`
            })
          })
        )
        const imported = (performance.now() - started) / 1000
        yield* Console.log(
          `imported ${summary.events.toLocaleString("en-US")} events of ${
            summary.streams.toLocaleString("en-US")
          } streams in ${imported.toFixed(1)} s: ${summary.appended.toLocaleString("en-US")} new, ${
            summary.alreadyStored.toLocaleString("en-US")
          } already stored`
        )
        const loaded = yield* StatsIndex.loadCompact
        const year = Synthetic.lastYear(o)
        const asOf = `${year}-12-31` as const
        const provinces = loaded.orgs.rootsOn(asOf)
        for (const province of provinces) {
          const r = Statistics.query(loaded.index, { org: province, from: `${year}-01-01`, to: asOf })
          if (Result.isFailure(r)) return yield* new CliFailure({ message: r.failure.message })
          const name = loaded.orgs.on(province, asOf)?.name ?? province
          yield* Effect.sync(() =>
            process.stdout.write(
              `\n${
                StatsFormat.table(
                  r.success,
                  flags.lang,
                  flags.lang === "vi" ? `${name} — năm ${year}` : `${name} — ${year}`
                )
              }`
            )
          )
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        // The hints name the store given, so that they can be copied as they are.
        const { store } = yield* Root.command
        const dangvien = invokedAs(process.env)
        const at = Option.isSome(store) ? `${dangvien} --store ${shellWord(store.value)}` : dangvien
        yield* Console.log(
          `\ndone in ${seconds} s. Next: ${at} orgs · ${at} stats --org ${
            provinces[0] ?? "<id>"
          } --format csv · ${at} report --org ${provinces[0] ?? "<id>"} --year ${year} --out report.html`
        )
      }), { mustExist: false })
).pipe(Command.withDescription("generate a province, import it and print its statistics"))
