/**
 * The memory a structure holds: a full garbage collection before reading `heapUsed` plus
 * `arrayBuffers` (typed arrays keep their bytes outside the JavaScript heap; the collector is
 * reached through V8's flag, set at run time, so the benchmarks need no command-line flag).
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

/** `heapUsed` + `arrayBuffers` after a full collection. */
export const heapUsedAfterGc = (): number => {
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
