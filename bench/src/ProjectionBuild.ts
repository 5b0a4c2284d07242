/**
 * projection-build: the compact statistics projection (`Statistics.compactProjection()`) built by
 * replaying a SQLite store — the log read in batches of 10,000 into `Statistics.makeCompact()`,
 * timed — for a province (`--members`, default 60,000; 1,000,000 for the large run, written to
 * `projection-build-1000000.json`); then the same through the projections runner
 * (`Projection.catchUp`, its checkpoint saved at the end), timed, with the outcome and size (JSON
 * and binary parts) of the save; then a restart: the checkpoint read back (`catchUp` again, nothing left to replay), timed.
 * The store is built first by importing `ProvinceHistory` with every rule checked (not timed).
 * Prints events/s, wall times, the heap the index holds (after full collections, settled: the heap
 * with the index less the heap once it is dropped) and the peak resident memory.
 */
import { Projection, Statistics } from "@dangvien/core"
import { Effect, Result } from "effect"
import { numberArg, report, rssSampler, seconds } from "./Figures.ts"
import { settledHeapBytes } from "./Heap.ts"
import { replayIndex, withProvinceStore } from "./Province.ts"
import { round } from "./Setup.ts"

export const run = async (): Promise<void> => {
  const members = numberArg("members", 60_000)
  const figures = await withProvinceStore(members, (events) =>
    Effect.gen(function*() {
      const memory = rssSampler()
      let t = performance.now()
      let folded: Statistics.Compact | undefined = yield* replayIndex
      const foldSeconds = seconds(t)
      if (folded.size !== events) throw new Error(`folded ${folded.size} events of ${events}`)
      // The index's memory: the heap with it less the heap once it is dropped (what the set-up
      // left behind and the replay freed does not count, as it did when measured from before).
      const heapWithIndex = yield* Effect.promise(settledHeapBytes)
      folded = undefined
      const heapBytes = heapWithIndex - (yield* Effect.promise(settledHeapBytes))

      // Through the runner, with its checkpoint (JSON and binary parts; a failed save is reported,
      // not hidden).
      const projection = Statistics.compactProjection("bench-statistics")
      t = performance.now()
      const runner = yield* Effect.result(Projection.catchUp([projection], { batchSize: 10_000 }))
      const runnerSeconds = seconds(t)
      const saved = yield* Effect.flatMap(Projection.ProjectionStore, (s) => s.load("bench-statistics"))
      const checkpointBytes = saved === undefined
        ? 0
        : JSON.stringify(saved.state).length + (saved.parts ?? []).reduce((n, p) => n + p.length, 0)
      t = performance.now()
      const restarted = yield* Effect.result(Projection.catchUp([projection], { batchSize: 10_000 }))
      const restartSeconds = seconds(t)
      if (Result.isSuccess(restarted) && restarted.success[0].size !== events) {
        throw new Error(`restarted with ${restarted.success[0].size} events of ${events}`)
      }
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
        checkpointBytes,
        restartSeconds: Result.isSuccess(restarted) ? round(restartSeconds) : `failed: ${restarted.failure.message}`,
        peakRssBytes
      }
    }))
  report(members === 60_000 ? "projection-build" : `projection-build-${members}`, figures)
}
