/**
 * Wake-ups for caught-up subscribers: one `LISTEN dangvien_events` connection per store, opened
 * when the first subscriber waits and kept until the store's scope closes. Every notification
 * whose payload is this store's schema completes the current signal and replaces it. If the
 * listening connection fails it is opened again a second later; meanwhile (and for a notification
 * missed between a subscriber's read and its wait) the subscribers' polling interval applies.
 *
 * @internal
 */
import type { PgClient } from "@effect/sql-pg/PgClient"
import { Deferred, Effect, Queue, Schedule, type Scope } from "effect"
import { channel } from "./statements.ts"

/** An effect that completes at the next notification for `schema` (starts listening on first use). */
export const make = (pg: PgClient, schema: string): Effect.Effect<Effect.Effect<void>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    let signal = yield* Deferred.make<void>()
    const fire = Effect.flatMap(Deferred.make<void>(), (next) => {
      const done = signal
      signal = next
      return Deferred.succeed(done, undefined)
    })
    const listen = Effect.scoped(Effect.gen(function*() {
      const notifications = yield* pg.listen(channel)
      // Something may have been appended while we were not listening.
      yield* fire
      while (true) {
        const notification = yield* Queue.take(notifications)
        if (notification.payload === schema) yield* fire
      }
    }))
    let started = false
    const start = Effect.suspend(() => {
      if (started) return Effect.void
      started = true
      return Effect.asVoid(Effect.forkIn(Effect.retry(listen, Schedule.spaced("1 second")), scope))
    })
    return Effect.andThen(start, Effect.suspend(() => Deferred.await(signal)))
  })
