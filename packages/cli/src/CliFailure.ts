/**
 * What the `dangvien` command reports when it cannot do what was asked: one line for the user
 * (never a stack trace) and the exit code.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * A failure of a command: `message` is printed as `dangvien: <message>` on standard error, and
 * the process exits with `exitCode` (1 unless said otherwise). `details` are printed before it,
 * one per line (e.g. the refused lines of an import).
 *
 * @category errors
 * @since 0.1.0
 */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly message: string
  readonly details?: ReadonlyArray<string>
  readonly exitCode?: number
}> {}

/**
 * Exit codes: 1 a command failed, 2 the command line is wrong, 130 interrupted (Ctrl-C: 128 + SIGINT,
 * as a shell reports it).
 *
 * @category constants
 * @since 0.1.0
 */
export const ExitCode = { failure: 1, usage: 2, interrupted: 130 } as const
