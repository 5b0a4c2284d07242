/**
 * A progress line for long imports and replays, drawn on standard error when it is a terminal
 * (never when output is piped or redirected): phase, lines or events so far, and the rate.
 *
 * @since 0.1.0
 */
import type { Import } from "@dangvien/core"
import { Effect } from "effect"

/**
 * A progress reporter.
 *
 * @category models
 * @since 0.1.0
 */
export interface Progress {
  /** Reports `count` items done in `phase`; redrawn at most ten times a second. */
  readonly update: (phase: string, count: number, unit: string) => Effect.Effect<void>
  /** Ends the line. */
  readonly done: Effect.Effect<void>
}

/**
 * The label of an import's progress: `checking`, `checking and writing` (a store that writes in a
 * bulk session while the file is checked) or `writing`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const importLabel = (p: Import.Progress): string =>
  p.phase === "write" ? "writing" : p.written > 0 ? "checking and writing" : "checking"

const quiet: Progress = { update: () => Effect.void, done: Effect.void }

/**
 * A reporter on standard error if it is a terminal, else one that prints nothing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (stream: NodeJS.WriteStream = process.stderr): Progress => {
  if (!stream.isTTY) return quiet
  let phase = ""
  let started = 0
  let drawn = 0
  let open = false
  return {
    update: (next, count, unit) =>
      Effect.sync(() => {
        const now = performance.now()
        if (next !== phase) {
          if (open) stream.write("\n")
          phase = next
          started = now
        } else if (now - drawn < 100) return
        drawn = now
        open = true
        const seconds = (now - started) / 1000
        const rate = seconds > 0 ? Math.round(count / seconds) : 0
        const width = 24
        const filled = Math.floor(seconds * 4) % (width + 1)
        const bar = `${"=".repeat(filled)}>`.padEnd(width + 1, " ").slice(0, width)
        stream.write(
          `\r${phase.padEnd(8)} [${bar}] ${count.toLocaleString("en-US")} ${unit} · ${
            rate.toLocaleString("en-US")
          } ${unit}/s · ${seconds.toFixed(1)} s `
        )
      }),
    done: Effect.sync(() => {
      if (open) stream.write("\n")
      open = false
      phase = ""
    })
  }
}
