/**
 * NDJSON files as streams of lines, read in 1 MiB chunks so any size runs in constant memory. A
 * consumer gets the lines of each chunk together (thousands per step, not one).
 *
 * @since 0.1.0
 */
import { Data, Stream } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import { createReadStream } from "node:fs"

/**
 * The file could not be read.
 *
 * @category errors
 * @since 0.1.0
 */
export class FileError extends Data.TaggedError("FileError")<{ readonly message: string }> {}

/**
 * The lines of a file (without their `\n`; a last line without one is kept), opened anew each
 * time the function is called — `Import.run` may read its source more than once.
 *
 * @category constructors
 * @since 0.1.0
 */
export const lines = (path: string): () => Stream.Stream<string, FileError> => () =>
  Stream.flattenArray(
    Stream.fromAsyncIterable(
      chunks(path),
      (e) => new FileError({ message: `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}` })
    )
  )

async function* chunks(path: string): AsyncGenerator<NonEmptyReadonlyArray<string>> {
  let rest = ""
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string)
    const parts = text.split("\n")
    rest = parts.pop()!
    if (parts.length === 0) continue
    // Lines end in "\r\n" only in files written on Windows: look for one once per chunk.
    yield (text.includes("\r") ? parts.map(withoutCarriageReturn) : parts) as unknown as NonEmptyReadonlyArray<string>
  }
  if (rest !== "") yield [withoutCarriageReturn(rest)]
}

const withoutCarriageReturn = (line: string) => line.endsWith("\r") ? line.slice(0, -1) : line
