/**
 * `dangvien export [--stream ID] [--from-position P]`: the stored events as NDJSON on standard
 * output, in global order (or one stream in version order), with their positions — a file that
 * `dangvien import` takes back.
 *
 * @since 0.1.0
 */
import { Envelope, EventStore } from "@dangvien/core"
import { Effect, Option, Stream } from "effect"
import { Command, Flag } from "effect/cli"
import { CliFailure, ExitCode } from "../CliFailure.ts"
import * as Stdout from "../Stdout.ts"
import * as Store from "../Store.ts"
import * as StreamRef from "../StreamRef.ts"

/**
 * `dangvien export`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "export",
  {
    stream: Flag.String("stream").pipe(
      Flag.withDescription("one stream: member-<ULID>, org-<ULID>, or a bare member or organisation ULID"),
      Flag.optional
    ),
    fromPosition: Flag.Int("from-position").pipe(
      Flag.withDescription("only events after this global position"),
      Flag.withDefault(0)
    )
  },
  ({ fromPosition, stream }) =>
    Store.use(() =>
      Effect.gen(function*() {
        if (fromPosition < 0) {
          return yield* new CliFailure({ message: "--from-position must be 0 or more", exitCode: ExitCode.usage })
        }
        const events = yield* EventStore.EventStore
        if (Option.isSome(stream)) {
          const name = yield* StreamRef.resolve(stream.value)
          const stored = yield* events.readStream(name)
          const lines = stored.filter((e) => (e.position ?? 0) > fromPosition).map((e) => `${Envelope.encodeLine(e)}\n`)
          return yield* Stdout.write(lines.join(""))
        }
        yield* Stream.runForEachArray(
          events.readAll({ fromPosition }),
          (batch) => Stdout.write(batch.map((e) => `${Envelope.encodeLine(e)}\n`).join(""))
        )
      })
    ).pipe(Effect.catchTag("StorageError", (e) => Effect.fail(new CliFailure({ message: `storage: ${e.message}` }))))
).pipe(Command.withDescription("print stored events as NDJSON"))
