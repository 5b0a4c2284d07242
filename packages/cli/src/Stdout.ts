/**
 * Writing to standard output with its back-pressure respected: large outputs (`export`,
 * `generate`) wait for the pipe to drain instead of buffering everything in memory.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"

/**
 * Writes `text`, resuming once standard output has taken it.
 *
 * @category output
 * @since 0.1.0
 */
export const write = (text: string): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    if (process.stdout.write(text)) resume(Effect.void)
    else process.stdout.once("drain", () => resume(Effect.void))
  })
