/**
 * projection-build: the statistics projection (`Statistics.projection()`) built by replaying a
 * SQLite store — the log read in batches of 10,000 into `Statistics.make()`, timed — for a province
 * (`--members`, default 60,000; 1,000,000 for the large run, written to
 * `projection-build-1000000.json`); then the same through the projections runner
 * (`Projection.catchUp`, its checkpoint saved at the end), timed, with the outcome of the save. The store is built first by importing
 * `ProvinceHistory` with every rule checked (not timed). Prints events/s, wall times, the heap the
 * index holds (after a full collection) and the peak resident memory.
 */
import { Projection, Statistics } from "@dangvien/core"
import { Effect, Result } from "effect"
import { numberArg, report, rssSampler, seconds } from "./Figures.ts"
import { heapUsedAfterGc } from "./Heap.ts"
import { replayIndex, withProvinceStore } from "./Province.ts"
import { round } from "./Setup.ts"

export const run = async (): Promise<void> => {
  const members = numberArg("members", 60_000)
  const figures = await withProvinceStore(members, (events) =>
    Effect.gen(function*() {
      const memory = rssSampler()
      const heapBefore = heapUsedAfterGc()
      let t = performance.now()
      const folded = yield* replayIndex
      const foldSeconds = seconds(t)
      const heapBytes = heapUsedAfterGc() - heapBefore
      if (folded.size !== events) throw new Error(`folded ${folded.size} events of ${events}`)

      // Through the runner, with its checkpoint (the index's checkpoint is every envelope as
      // JSON: past a size, V8 cannot make the string, and the save fails — reported, not hidden).
      t = performance.now()
      const runner = yield* Effect.result(Projection.catchUp([Statistics.projection("bench-statistics")], {
        checkpointEvery: Number.MAX_SAFE_INTEGER,
        batchSize: 10_000
      }))
      const runnerSeconds = seconds(t)
      const peakRssBytes = memory.stop()
      return {
        members,
        events,
        seconds: round(foldSeconds),
        eventsPerSecond: Math.round(events / foldSeconds),
        heapBytes,
        bytesPerMember: Math.round(heapBytes / members),
        runnerWithCheckpoint: Result.isSuccess(runner) ? "saved" : `failed: ${runner.failure.message}`,
        runnerSeconds: round(runnerSeconds),
        runnerEventsPerSecond: Result.isSuccess(runner) ? Math.round(events / runnerSeconds) : 0,
        peakRssBytes
      }
    }))
  report(members === 60_000 ? "projection-build" : `projection-build-${members}`, figures)
}
