/**
 * A synthetic province (`ProvinceHistory` of `@dangvien/testing`) as a source of NDJSON lines:
 * generated anew, identically, each time it is opened — `Import.run` may open its source more than once, and
 * nothing needs to be written to disk.
 *
 * @since 0.1.0
 */
import { ProvinceHistory } from "@dangvien/testing"
import { Stream } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"

/**
 * Options of the demo and `generate`: members at the end, seed, and years.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly members: number
  readonly seed: number
  readonly from?: number
  readonly to?: number
}

const historyOf = (options: Options) =>
  ProvinceHistory.make({
    members: options.members,
    seed: options.seed,
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to })
  })

/** Batches (one stream each) grouped into chunks of at least `size` lines. */
function* chunks(history: ProvinceHistory.History, size: number): Generator<NonEmptyReadonlyArray<string>> {
  let chunk: Array<string> = []
  for (const batch of history.batches()) {
    for (const line of batch) chunk.push(line)
    if (chunk.length >= size) {
      yield chunk as unknown as NonEmptyReadonlyArray<string>
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk as unknown as NonEmptyReadonlyArray<string>
}

/**
 * The history's lines as a source that can be opened any number of times.
 *
 * @category constructors
 * @since 0.1.0
 */
export const source = (options: Options): () => Stream.Stream<string> => () =>
  Stream.flattenArray(Stream.fromIterable({ [Symbol.iterator]: () => chunks(historyOf(options), 4096) }))

/**
 * The history's lines in chunks, for printing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const lineChunks = (options: Options): Iterable<ReadonlyArray<string>> => ({
  [Symbol.iterator]: () => chunks(historyOf(options), 4096)
})

/**
 * The last year of a history (its reports are for that year).
 *
 * @category getters
 * @since 0.1.0
 */
export const lastYear = (options: Options): number => historyOf(options).config.to
