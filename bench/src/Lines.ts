/**
 * A file's lines as an Effect stream, emitted in chunks of the lines of each 1 MiB read (so a
 * consumer handles thousands of lines per step, not one).
 */
import { Stream } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import { createReadStream } from "node:fs"

export const fromFile = (path: string): () => Stream.Stream<string, Error> => () =>
  Stream.flattenArray(Stream.fromAsyncIterable(chunks(path), (e) => (e instanceof Error ? e : new Error(String(e)))))

async function* chunks(path: string): AsyncGenerator<NonEmptyReadonlyArray<string>> {
  let rest = ""
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const parts = (rest + chunk).split("\n")
    rest = parts.pop()!
    if (parts.length > 0) yield parts as unknown as NonEmptyReadonlyArray<string>
  }
  if (rest !== "") yield [rest]
}
