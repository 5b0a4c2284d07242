/**
 * Read-your-writes over the global order. A PostgreSQL store hands out `readAll` only up to the
 * first event committed while an older transaction (any client's, on the same server) is still
 * open — the price of never letting a subscriber skip an event. So a request could read the store
 * and miss what the previous request just appended. The service notes the last position it
 * appended and, before reading the global order, waits (briefly) until the store releases it.
 * This holds within one service process; instances behind a load balancer would pass the position
 * to the client as a consistency token instead.
 */
import { EventStore } from "@dangvien/core"
import { Context, Effect, Layer, Ref } from "effect"

/** The last position this process appended. */
export class ReadYourWrites extends Context.Service<ReadYourWrites, Ref.Ref<number>>()(
  "@dangvien/example-embed-service/ReadYourWrites"
) {}

/** A fresh record, at position 0. */
export const layer: Layer.Layer<ReadYourWrites> = Layer.effect(ReadYourWrites, Ref.make(0))

/** Notes the positions of appended events. */
export const noteAppended = (events: ReadonlyArray<{ readonly position?: number }>) =>
  Effect.gen(function*() {
    const written = yield* ReadYourWrites
    yield* Ref.update(written, (last) => Math.max(last, ...events.map((e) => e.position ?? 0)))
  })

/** How long a read waits for the store to release this process's writes before reading anyway. */
const patience = 100

/** Waits until the global order reaches this process's last write (at most ~10 s). */
export const awaitOwnWrites = Effect.gen(function*() {
  const written = yield* Ref.get(yield* ReadYourWrites)
  const store = yield* EventStore.EventStore
  for (let i = 0; i < patience; i++) {
    if ((yield* store.lastPosition) >= written) return
    yield* Effect.sleep("100 millis")
  }
  yield* Effect.logWarning(`reading the store before it released position ${written}`)
})
