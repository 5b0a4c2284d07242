/**
 * The source of event ids: monotonic ULIDs in production, a deterministic sequence in tests.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer } from "effect"
import { monotonicFactory } from "ulid"
import { type EventId, eventId, makeUlid } from "./Ids.ts"

/**
 * The id generator service.
 *
 * @category services
 * @since 0.1.0
 */
export class IdGenerator extends Context.Service<IdGenerator, {
  readonly next: Effect.Effect<EventId>
}>()("@dangvien/core/IdGenerator") {}

/**
 * Monotonic ULIDs (strictly increasing within the process) whose time part is read from Effect's
 * `Clock`.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerUlid: Layer.Layer<IdGenerator> = Layer.sync(IdGenerator, () => {
  const factory = monotonicFactory()
  return IdGenerator.of({
    next: Effect.map(Clock.currentTimeMillis, (now) => eventId(factory(Math.max(0, Math.floor(now)))))
  })
})

/**
 * Deterministic, valid and increasing ULIDs for tests: the time part is the seed (modulo 2^48) and
 * the random part a counter starting at 1, e.g. seed 1 gives `00000000010000000000000001`,
 * `00000000010000000000000002`, … Each build of the layer starts again from 1.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerDeterministic = (seed: number): Layer.Layer<IdGenerator> =>
  Layer.sync(IdGenerator, () => {
    const time = ((Math.trunc(seed) % 2 ** 48) + 2 ** 48) % 2 ** 48
    let counter = 0n
    return IdGenerator.of({
      next: Effect.sync(() => {
        counter++
        return eventId(makeUlid(time, counter))
      })
    })
  })
