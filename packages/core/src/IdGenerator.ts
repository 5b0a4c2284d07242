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

const mask64 = 0xffff_ffff_ffff_ffffn

/** FNV-1a over `text` from `basis`, finished with SplitMix64's mixer (64 bits). */
const hash64 = (text: string, basis: bigint): bigint => {
  let h = basis
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * 0x100_0000_01b3n) & mask64
  }
  h = ((h ^ (h >> 30n)) * 0xbf58_476d_1ce4_e5b9n) & mask64
  h = ((h ^ (h >> 27n)) * 0x94d0_49bb_1331_11ebn) & mask64
  return h ^ (h >> 31n)
}

/**
 * The id of the `index`-th event (from 0) recorded under an idempotency key (a ULID the caller
 * makes once per command): the key itself for the first, then ULIDs of the key's time whose
 * random part is a hash of the key and the index — the same ids on every retry of the command, and
 * none a monotonic generator would make next to the key. See `CommandHandler.handle`'s
 * `idempotencyKey`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const keyedEventId = (key: EventId, index: number): EventId => {
  if (index === 0) return key
  const text = `${key}#${index}`
  const entropy = (hash64(text, 0xcbf2_9ce4_8422_2325n) << 16n) ^ hash64(text, 0x8422_2325_cbf2_9ce4n)
  return eventId(key.slice(0, 10) + makeUlid(0, entropy).slice(10))
}
