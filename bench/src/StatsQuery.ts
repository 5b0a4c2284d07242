/**
 * stats-query: full statistics queries (`Statistics.query`: every figure of statistics.md) answered
 * from a built index — 100 queries (`--queries N`) for random organisations, years and half-years,
 * a third of them as known 15 days after their period, a quarter restated on the structure of
 * 2025-12-31 — over a province (`--members`, default 60,000) imported into SQLite and replayed
 * into `Statistics.makeCompact()` (not timed). Each query is timed alone; prints p50, p99 and the maximum.
 */
import { Effect } from "effect"
import { numberArg, report } from "./Figures.ts"
import { percentile, queries, registry, replayIndex, timeQueries, withProvinceStore } from "./Province.ts"
import { round } from "./Setup.ts"

export const run = async (): Promise<void> => {
  const members = numberArg("members", 60_000)
  const count = numberArg("queries", 100)
  const figures = await withProvinceStore(members, (events) =>
    Effect.gen(function*() {
      const index = yield* replayIndex
      const plan = queries(yield* registry, count)
      const times = timeQueries(index, plan)
      const sorted = [...times].sort((a, b) => a - b)
      return {
        members,
        events,
        queries: count,
        withKnownAt: plan.filter((q) => q.knownAt !== undefined).length,
        restated: plan.filter((q) => q.structureAsOf !== undefined).length,
        firstQueryMs: round(times[0]!, 1),
        p50Ms: round(percentile(sorted, 50), 1),
        p99Ms: round(percentile(sorted, 99), 1),
        maxMs: round(sorted.at(-1)!, 1),
        meanMs: round(times.reduce((a, b) => a + b, 0) / times.length, 1)
      }
    }))
  report("stats-query", figures)
}
