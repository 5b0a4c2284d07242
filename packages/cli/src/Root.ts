/**
 * The `dangvien` command itself, before its subcommands: the shared `--store` flag. Subcommands
 * read it with `yield* Root.command`.
 *
 * @since 0.1.0
 */
import { Command, Flag } from "effect/cli"

/**
 * `dangvien [--store <file.sqlite | postgres://…>]`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make("dangvien").pipe(
  Command.withDescription("dangvien — hồ sơ đảng viên as an event history: import, statistics, reports"),
  Command.withSharedFlags({
    store: Flag.String("store").pipe(
      Flag.withDescription(
        "the event store: a SQLite file or a postgres:// URL (default: $DANGVIEN_STORE, else ./dangvien.sqlite)"
      ),
      Flag.optional
    )
  })
)
