/**
 * @dangvien/cli — the `dangvien` command. Its modules are importable for embedding the same
 * commands elsewhere: `import { Cli } from "@dangvien/cli"`.
 *
 * @since 0.1.0
 */

/** The command and `main`. */
export * as Cli from "./Cli.ts"
/** Failures of a command: one line and an exit code. */
export * as CliFailure from "./CliFailure.ts"
/** NDJSON files as streams of lines. */
export * as NdjsonFile from "./NdjsonFile.ts"
/** Which store a command works on. */
export * as Store from "./Store.ts"
