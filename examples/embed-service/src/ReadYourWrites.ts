/**
 * Read-your-writes. The service answers from records kept current by following the store
 * (`LiveRecords`), and a PostgreSQL store hands events to followers only up to the first one
 * committed while an older transaction (any client's, on the same server) is still open — the
 * price of never letting a follower skip an event. So a request could read records that miss what
 * the previous request just appended. The service notes the last position it appended and, before
 * reading, waits (briefly) until the records have folded it in; past that, the read is refused as
 * `NotCaughtUp` (503) rather than answered stale. This holds within one service process; instances
 * behind a load balancer would pass the position to the client as a consistency token instead.
 */
import { Context, type Duration, Effect, Layer, Ref } from "effect"
import * as LiveRecords from "./LiveRecords.ts"

/** The last position this process appended, and how long a read waits for the records to reach it. */
export class ReadYourWrites extends Context.Service<ReadYourWrites, {
  readonly written: Ref.Ref<number>
  readonly patience: Duration.Input
}>()("@dangvien/example-embed-service/ReadYourWrites") {}

/** A fresh record, at position 0; reads wait at most `patience` (default 10 seconds). */
export const layer = (options: { readonly patience?: Duration.Input } = {}): Layer.Layer<ReadYourWrites> =>
  Layer.effect(
    ReadYourWrites,
    Effect.map(Ref.make(0), (written) => ({ written, patience: options.patience ?? "10 seconds" }))
  )

/** Notes the positions of appended events. */
export const noteAppended = (events: ReadonlyArray<{ readonly position?: number }>) =>
  Effect.gen(function*() {
    const { written } = yield* ReadYourWrites
    yield* Ref.update(written, (last) => Math.max(last, ...events.map((e) => e.position ?? 0)))
  })

/** The records, once they hold this process's last write. */
export const records = Effect.gen(function*() {
  const { patience, written } = yield* ReadYourWrites
  return yield* LiveRecords.reach(yield* Ref.get(written), patience)
})
