/**
 * The `dangvien` command with all its subcommands, and `main`, which runs it on a list of
 * arguments and turns every failure into one line on standard error and an exit code.
 *
 * @since 0.1.0
 */
import { NodeServices } from "@effect/platform-node"
import { Cause, Console, Effect, Exit } from "effect"
import { Command } from "effect/cli"
import { CliFailure, ExitCode } from "./CliFailure.ts"
import * as auditCommand from "./commands/auditCommand.ts"
import * as badgesCommand from "./commands/badgesCommand.ts"
import * as demoCommand from "./commands/demoCommand.ts"
import * as excellentCommand from "./commands/excellentCommand.ts"
import * as exportCommand from "./commands/exportCommand.ts"
import * as generateCommand from "./commands/generateCommand.ts"
import * as importCommand from "./commands/importCommand.ts"
import * as memberCommand from "./commands/memberCommand.ts"
import * as orgsCommand from "./commands/orgsCommand.ts"
import * as reportCommand from "./commands/reportCommand.ts"
import * as statsCommand from "./commands/statsCommand.ts"
import * as Root from "./Root.ts"

/**
 * `dangvien` and its subcommands.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Root.command.pipe(
  Command.withSubcommands([
    demoCommand.command,
    generateCommand.command,
    importCommand.command,
    exportCommand.command,
    statsCommand.command,
    memberCommand.command,
    orgsCommand.command,
    badgesCommand.command,
    excellentCommand.command,
    auditCommand.command,
    reportCommand.command
  ])
)

/**
 * The version printed by `--version`.
 *
 * @category constants
 * @since 0.1.0
 */
export const version = "0.1.0"

/**
 * Runs the command on `args` (without the node and script paths) and resolves with the exit code.
 * `signal` (the executable aborts it on Ctrl-C) interrupts the command: its finalizers run — an
 * import's open transaction is rolled back and a store file it created is removed — and the exit
 * code is 130.
 *
 * @category running
 * @since 0.1.0
 */
export const main = (args: ReadonlyArray<string>, options: { readonly signal?: AbortSignal } = {}): Promise<number> =>
  Effect.runPromiseExit(
    Command.runWith(command, { version })(args).pipe(Effect.provide(NodeServices.layer)),
    { signal: options.signal }
  ).then((exit) => Exit.isSuccess(exit) ? 0 : report(exit.cause))

const report = (cause: Cause.Cause<unknown>): Promise<number> => {
  if (Cause.hasInterruptsOnly(cause)) {
    process.stderr.write("dangvien: interrupted\n")
    return Promise.resolve(ExitCode.interrupted)
  }
  const error = Cause.squash(cause)
  if (error instanceof CliFailure) {
    for (const line of error.details ?? []) process.stderr.write(`${line}\n`)
    process.stderr.write(`dangvien: ${error.message}\n`)
    return Promise.resolve(error.exitCode ?? ExitCode.failure)
  }
  // effect/cli has already printed a parse error and the help; say nothing more.
  if (isCliError(error)) return Promise.resolve(ExitCode.usage)
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`dangvien: unexpected failure: ${message.split("\n")[0]}\n`)
  return Effect.runPromise(Console.log("")).then(() => ExitCode.failure)
}

const isCliError = (e: unknown) =>
  typeof e === "object" && e !== null && "_tag" in e && typeof e._tag === "string" &&
  /^(MissingOption|MissingArgument|InvalidValue|UnknownSubcommand|UnrecognizedOption|DuplicateOption|ShowHelp|UserError)/u
    .test(e._tag)
