/**
 * `dangvien import <file.ndjson | ->`: validate the whole file against the rules and the stored
 * history, then append it; every refused line is reported as `line N: RULE-ID field: message`
 * and nothing is stored. Standard input (`-`) is spooled to a temporary file first, because the
 * import may read its source more than once.
 *
 * @since 0.1.0
 */
import { Import } from "@dangvien/core"
import { Clock, Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { closeSync, createWriteStream, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { pipeline } from "node:stream/promises"
import { CliFailure, ExitCode } from "../CliFailure.ts"
import { count } from "../Count.ts"
import * as NdjsonFile from "../NdjsonFile.ts"
import * as Progress from "../Progress.ts"
import * as Root from "../Root.ts"
import * as Store from "../Store.ts"

/** Standard input copied to a temporary file, removed when the scope closes. */
const spooledStdin = Effect.acquireRelease(
  Effect.tryPromise({
    try: async () => {
      const dir = mkdtempSync(join(tmpdir(), "dangvien-import-"))
      const file = join(dir, "stdin.ndjson")
      await pipeline(process.stdin, createWriteStream(file))
      return { dir, file }
    },
    catch: (e) =>
      new CliFailure({ message: `cannot read standard input: ${e instanceof Error ? e.message : String(e)}` })
  }),
  ({ dir }) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const sourceFile = (file: string) =>
  file === "-"
    ? Effect.map(spooledStdin, (s) => s.file)
    : !existsSync(file)
    ? Effect.fail(new CliFailure({ message: `no file ${file}` }))
    : statSync(file).isFile()
    ? Effect.succeed(file)
    : Effect.fail(
      new CliFailure({
        message: `${file} is ${
          statSync(file).isDirectory() ? "a directory" : "not a regular file"
        }: import reads one NDJSON file (or - for standard input)`
      })
    )

/**
 * Removes a SQLite store this import created and left empty (a refused file) — unless another
 * process has meanwhile stored events in it. Best effort: a store it cannot judge is left.
 */
const removeIfEmpty = (filename: string): void => {
  try {
    const db = new DatabaseSync(filename, { readOnly: true })
    let events: number
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get()
      events = table === undefined
        ? 0
        : Number((db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n)
    } finally {
      db.close()
    }
    if (events > 0) return
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${filename}${suffix}`, { force: true })
  } catch {
    // Left as it is: a later command says what it is.
  }
}

/** Does the file hold anything but white space (read up to its first other byte)? */
const hasContent = (path: string): boolean => {
  const fd = openSync(path, "r")
  try {
    const buffer = Buffer.alloc(1 << 16)
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      for (let i = 0; i < n; i++) {
        const b = buffer[i]!
        if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return true
      }
    }
    return false
  } finally {
    closeSync(fd)
  }
}

/**
 * Imports a file into the store; returns the summary. `file` is the name the user gave (`-` for
 * standard input), `path` the file read (standard input spooled to one).
 *
 * @category running
 * @since 0.1.0
 */
export const importFile = (
  file: string,
  options: { readonly path: string; readonly maxErrors: number; readonly memberStates?: number }
) =>
  Effect.gen(function*() {
    const { path } = options
    const progress = Progress.make()
    // The time of the import: a line recorded after it is a fact from the future (CAL-01).
    const now = new Date(yield* Clock.currentTimeMillis).toISOString()
    const summary = yield* Import.run(NdjsonFile.lines(path), {
      recordedAt: now,
      recordedUpTo: now,
      maxErrors: options.maxErrors,
      ...(options.memberStates === undefined ? {} : { memberStatesInMemory: options.memberStates }),
      progressEvery: 20_000,
      onProgress: (p) => progress.update(Progress.importLabel(p), p.events, "events")
    }).pipe(
      Effect.ensuring(progress.done),
      Effect.catchTags({
        ImportRefused: (e) =>
          Effect.fail(
            new CliFailure({
              details: Import.refusalLines(e),
              message: `${file}: ${count(e.errors.length + e.more, "refused line")}; nothing was stored`
            })
          ),
        ImportSourceChanged: (e) =>
          Effect.fail(new CliFailure({ message: `${file} changed during the import (line ${e.line}): run it again` })),
        FileError: (e) => Effect.fail(new CliFailure({ message: e.message })),
        StorageError: (e) => Effect.fail(new CliFailure({ message: `storage: ${e.message}` })),
        StreamVersionConflict: (e) =>
          Effect.fail(
            new CliFailure({ message: `another writer changed ${e.stream} during the import: run it again` })
          ),
        DuplicateEvent: (e) =>
          Effect.fail(new CliFailure({ message: `event ${e.eventId} is stored already with other content` }))
      })
    )
    if (summary.events === 0) {
      return yield* new CliFailure({ message: `${file} is empty: no events to import` })
    }
    return summary
  })

/**
 * `dangvien import`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "import",
  {
    file: Argument.String("file").pipe(Argument.withDescription("an NDJSON file of events, or - for standard input")),
    maxErrors: Flag.Int("max-errors").pipe(
      Flag.withDescription("refused lines reported at most"),
      Flag.withDefault(100)
    ),
    memberStates: Flag.Int("member-states").pipe(
      Flag.withDescription(
        "member states held in memory at once (about 1.5 KB each); beyond them the oldest are read back from the " +
          "store when met again — raise it for a file in time order (an export) with more members"
      ),
      Flag.withDefault(100_000)
    )
  },
  ({ file, maxErrors, memberStates }) =>
    Effect.gen(function*() {
      for (const [flag, value] of [["max-errors", maxErrors], ["member-states", memberStates]] as const) {
        if (value < 1) {
          return yield* new CliFailure({
            message: `--${flag} must be 1 or more, not ${value}`,
            exitCode: ExitCode.usage
          })
        }
      }
      // An empty file is refused before the store is opened: no store file is created for it.
      const path = yield* sourceFile(file)
      if (!hasContent(path)) return yield* new CliFailure({ message: `${file} is empty: no events to import` })
      // A refused file leaves no new SQLite file behind (a later command would call it an empty store).
      const { store } = yield* Root.command
      const target = Store.locate(Option.getOrUndefined(store))
      const created = target._tag === "Sqlite" && target.filename !== ":memory:" && target.filename !== "" &&
          !existsSync(target.filename)
        ? target.filename
        : undefined
      yield* Store.use((location) =>
        Effect.gen(function*() {
          const summary = yield* importFile(file, { maxErrors, memberStates, path })
          // Events neither stored now nor before: lines repeating an earlier line of the file.
          const repeated = summary.events - summary.appended - summary.alreadyStored
          yield* Console.log(
            `${file}: ${count(summary.events, "event")} in ${count(summary.lines, "line")}, ${
              count(summary.streams, "stream")
            }; stored ${summary.appended.toLocaleString("en-US")} new, ${
              summary.alreadyStored.toLocaleString("en-US")
            } already stored${repeated > 0 ? `, ${count(repeated, "repeated line")} skipped` : ""} — ${
              Store.describe(location)
            }`
          )
          if (summary.readBack > 0) {
            yield* Console.log(
              `${summary.readBack.toLocaleString("en-US")} times a member's history was read back from the store ` +
                `(more members met again than --member-states ${memberStates.toLocaleString("en-US")} holds): ` +
                "a larger --member-states is faster, if memory allows"
            )
          }
        }), { mustExist: false }).pipe(
          // Refused, failed or interrupted (Ctrl-C).
          Effect.onError(() => Effect.sync(() => created === undefined ? undefined : removeIfEmpty(created)))
        )
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("validate an NDJSON file against the rules and append it atomically"))
