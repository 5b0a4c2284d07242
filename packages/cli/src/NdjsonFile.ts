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
  // Bytes that are not UTF-8 are refused (naming the line), never read as U+FFFD and stored so.
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
  let rest = ""
  let line = 0
  let first = true
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let decoded: string
    try {
      decoded = utf8.decode(chunk as Buffer, { stream: true })
    } catch {
      const lossy = rest + new TextDecoder("utf-8").decode(chunk as Buffer)
      const at = lossy.indexOf("\uFFFD")
      const bad = line + 1 + (at === -1 ? 0 : lossy.slice(0, at).split("\n").length - 1)
      throw new Error(`line ${bad} is not UTF-8 text`)
    }
    let text = rest + decoded
    // A byte-order mark (files saved by some Windows editors) is not part of the first line.
    if (first) {
      first = false
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    const parts = text.split("\n")
    rest = parts.pop()!
    if (parts.length === 0) continue
    line += parts.length
    // Lines end in "\r\n" only in files written on Windows: look for one once per chunk.
    yield (text.includes("\r") ? parts.map(withoutCarriageReturn) : parts) as unknown as NonEmptyReadonlyArray<string>
  }
  const last = rest + utf8.decode()
  if (last !== "") yield [withoutCarriageReturn(last)]
}

const withoutCarriageReturn = (line: string) => line.endsWith("\r") ? line.slice(0, -1) : line
