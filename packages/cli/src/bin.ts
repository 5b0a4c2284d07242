#!/usr/bin/env -S node --max-semi-space-size=128
/**
 * The `dangvien` executable. It runs with a 128 MiB young generation (`--max-semi-space-size`):
 * an import's batches and a replay's envelopes live just long enough to be copied out of V8's
 * default 16 MiB one, and the larger one saves about a tenth of the demo's time.
 *
 * @since 0.1.0
 */
import { main } from "./Cli.ts"

// A reader that stops early (`dangvien export | head`) closes the pipe: stop quietly, as `cat` would,
// instead of failing on the next write with EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0)
  throw error
})

// Ctrl-C interrupts the command, whose finalizers then run (an import rolls back and removes a store
// file it created); a second Ctrl-C ends the process at once, as Node does by default.
const interrupt = new AbortController()
process.once("SIGINT", () => interrupt.abort())

process.exitCode = await main(process.argv.slice(2), { signal: interrupt.signal })
