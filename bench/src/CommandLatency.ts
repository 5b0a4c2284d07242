/**
 * command-latency: one member command end to end on SQLite — `CommandHandler.handle` with
 * `MemberDecider.decider` and `IdGenerator.layerUlid`: read the member's stream (about 20
 * events), fold it, decide, append one event with the version read (one `BEGIN IMMEDIATE …
 * COMMIT`, `synchronous: "normal"`). The store is built first by importing the synthetic file
 * (not timed); then `Rate` commands (a `QualityRated` for period "2025", on 2026-02-02, level
 * "good": a correction of the member's 2025 rating, RAT-05 — a date before today, which CAL-01
 * wants of a command) go to members picked at random (all imported members are official), one after another,
 * each timed with `performance.now()`. The decider context is `{}`: `Rate` needs no facts from
 * other streams, and the default rule book and calendar apply. The first 200 commands warm up the
 * JIT and are not counted.
 */
import { CommandHandler, IdGenerator, MemberCommand, MemberDecider } from "@dangvien/core"
import { memberId, memberStream } from "@dangvien/core/Ids"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect, Layer } from "effect"
import { join } from "node:path"
import { numberArg, report } from "./Figures.ts"
import { buildStore, generate, random, round, withScratchDir } from "./Setup.ts"
import { ulid } from "./Synthetic.ts"

const warmup = 200

export const run = async (): Promise<void> => {
  const target = numberArg("events", 200_000)
  const commands = numberArg("commands", 2_000)
  await withScratchDir(async (dir) => {
    const file = join(dir, "province.ndjson")
    const { events, members } = generate(file, target)
    const store = SqliteEventStore.layer({ filename: join(dir, "dangvien.sqlite") })
    await buildStore("sqlite", file, store)

    const rnd = random(7)
    const command = MemberCommand.make("Rate", "2026-02-02", { period: "2025", level: "good" })
    // The synthetic file's member ids: ulid(2_000_000_000 + k), k = 1 … members.
    const pick = () => memberStream(memberId(ulid(2_000_000_000 + 1 + Math.floor(rnd() * members))))
    const timings = await Effect.runPromise(
      Effect.gen(function*() {
        const out: Array<number> = []
        for (let i = 0; i < warmup + commands; i++) {
          const stream = pick()
          const t = performance.now()
          const result = yield* CommandHandler.handle({ decider: MemberDecider.decider, stream, command, context: {} })
          const ms = performance.now() - t
          if (result.events.length !== 1) return yield* Effect.die(new Error(`${stream}: no event appended`))
          if (i >= warmup) out.push(ms)
        }
        return out
      }).pipe(Effect.provide(Layer.merge(store, IdGenerator.layerUlid)))
    )

    const sorted = [...timings].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
    report("command-latency", {
      events,
      members,
      commands,
      warmupCommands: warmup,
      context: "{} (Rate needs no cross-stream facts)",
      p50Ms: round(at(0.5)),
      p90Ms: round(at(0.9)),
      p99Ms: round(at(0.99)),
      meanMs: round(timings.reduce((s, x) => s + x, 0) / timings.length),
      maxMs: round(sorted.at(-1)!)
    })
  })
}
