/**
 * A stream named on the command line: `member-<ULID>`, `org-<ULID>`, or a bare ULID (the member
 * or organisation with that id, whichever has events).
 *
 * @since 0.1.0
 */
import { EventStore, Ids } from "@dangvien/core"
import { Effect } from "effect"
import { CliFailure, ExitCode } from "./CliFailure.ts"

/**
 * The stream name a reference points to.
 *
 * @category parsing
 * @since 0.1.0
 */
export const resolve = (ref: string) =>
  Effect.gen(function*() {
    if (/^(member|org)-/u.test(ref)) {
      const at = ref.indexOf("-") + 1
      // ULIDs are case-insensitive (Crockford's base 32); stream names hold them in capitals.
      const id = ref.slice(at).toUpperCase()
      if (!Ids.isUlid(id)) {
        return yield* new CliFailure({
          message: `${ref} is not a stream name: expected member-<ULID> or org-<ULID>`,
          exitCode: ExitCode.usage
        })
      }
      return `${ref.slice(0, at)}${id}` as Ids.StreamName
    }
    const id = ref.toUpperCase()
    if (!Ids.isUlid(id)) {
      return yield* new CliFailure({
        message: `${ref} is not an id: expected a ULID (26 characters)`,
        exitCode: ExitCode.usage
      })
    }
    const store = yield* EventStore.EventStore
    const member = `member-${id}` as Ids.StreamName
    return (yield* store.streamVersion(member)) > 0 ? member : (`org-${id}` as Ids.StreamName)
  })
