/**
 * The memory a structure holds: full garbage collections, settled, before reading `heapUsed` plus
 * `arrayBuffers` (typed arrays keep their bytes outside the JavaScript heap; the collector is
 * reached through V8's flag, set at run time, so the benchmarks need no command-line flag).
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

/** `heapUsed` + `arrayBuffers` after a full collection. */
const heapUsedAfterGc = (): number => {
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/**
 * The same once the collector's work has settled: typed arrays' bytes are given back after a
 * collection, not during it, so `arrayBuffers` read at once can still count those of dropped
 * arrays. Two collections, each followed by a pause.
 */
export const settledHeapBytes = async (): Promise<number> => {
  for (let i = 0; i < 2; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return heapUsedAfterGc()
}
