/**
 * Shared set-up of the storage benchmarks: a scratch directory, the synthetic province file, and
 * an untimed import of it into a store (the state a read or command benchmark starts from).
 */
import { NdjsonFile } from "@dangvien/cli"
import { Import } from "@dangvien/core"
import type { EventStore } from "@dangvien/core/EventStore"
import { Effect, Layer } from "effect"
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { StringDecoder } from "node:string_decoder"
import { seconds } from "./Figures.ts"
import { writeFile } from "./Synthetic.ts"

/** Runs `f` with a fresh directory under the system's temporary directory, removed afterwards. */
export const withScratchDir = async <A>(f: (dir: string) => Promise<A>): Promise<A> => {
  const dir = mkdtempSync(join(tmpdir(), "dangvien-bench-"))
  try {
    return await f(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Writes the synthetic province (about `target` events) to `file` and says how big it is. */
export const generate = (file: string, target: number): { readonly events: number; readonly members: number } => {
  const t = performance.now()
  const made = writeFile(file, { events: target })
  console.log(
    `generated ${made.events.toLocaleString("en-US")} events of ${made.members.toLocaleString("en-US")} members in ${
      seconds(t).toFixed(1)
    } s (${(statSync(file).size / 1e6).toFixed(0)} MB)`
  )
  return made
}

/** The options every benchmark imports with (a fixed `recordedAt`, batches of 5,000). */
export const importOptions = { recordedAt: "2026-11-22T00:00:00.000Z" } as const

/** `Import.run` of `file` as an effect needing the store. */
export const importFile = (file: string) => Import.run(NdjsonFile.lines(file), importOptions)

/** Imports `file` into the store of `layer` (untimed set-up), printing how long it took. */
export const buildStore = async <E>(
  label: string,
  file: string,
  layer: Layer.Layer<EventStore, E>
): Promise<number> => {
  const t = performance.now()
  const summary = await Effect.runPromise(importFile(file).pipe(Effect.provide(layer)))
  console.log(
    `${label}: imported ${summary.appended.toLocaleString("en-US")} events in ${seconds(t).toFixed(1)} s (set-up)`
  )
  return summary.appended
}

/** A deterministic generator in [0, 1) (mulberry32), for picking members. */
export const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Rounds to `digits` decimals (for the JSON figures). */
export const round = (x: number, digits = 3): number => Number(x.toFixed(digits))

/**
 * The non-empty lines of `file`, read synchronously 1 MiB at a time (the raw baselines' reader:
 * memory does not grow with the file).
 */
export function* linesOf(file: string): Generator<string> {
  const fd = openSync(file, "r")
  const buffer = Buffer.allocUnsafe(1 << 20)
  const decoder = new StringDecoder("utf8")
  let rest = ""
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null)
      if (n === 0) break
      const parts = (rest + decoder.write(buffer.subarray(0, n))).split("\n")
      rest = parts.pop()!
      for (const line of parts) if (line !== "") yield line
    }
    rest += decoder.end()
    if (rest !== "") yield rest
  } finally {
    closeSync(fd)
  }
}
