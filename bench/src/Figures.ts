/**
 * Printing and recording benchmark figures: a table on stdout and flat JSON in
 * `bench/results/<name>.json`. Figures are never asserted: benchmarks do not fail on timing.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "results")

export type Figures = Readonly<Record<string, number | string>>

const show = (v: number | string) =>
  typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(3)) : v

/** Prints the figures and writes them to `bench/results/<name>.json`. */
export const report = (name: string, figures: Figures): void => {
  const width = Math.max(...Object.keys(figures).map((k) => k.length))
  console.log(`\n${name}`)
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(width)}  ${show(v)}`)
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`)
}

/** Samples the resident set size while a phase runs; `stop()` gives the peak in bytes. */
export const rssSampler = (everyMs = 50) => {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, everyMs)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage().rss)
    }
  }
}

/** Seconds since `start` (a `performance.now()` reading). */
export const seconds = (start: number) => (performance.now() - start) / 1000

/** `--name value` or `--name=value` from the command line, as a number. */
export const numberArg = (name: string, fallback: number): number => {
  const args = process.argv
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (i < 0) return fallback
  const raw = args[i]!.includes("=") ? args[i]!.split("=")[1]! : args[i + 1]!
  const n = Number(raw.replaceAll("_", ""))
  return Number.isFinite(n) ? n : fallback
}
