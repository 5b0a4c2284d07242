import { Effect, Stream } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import * as NdjsonFile from "../src/NdjsonFile.ts"

const dir = mkdtempSync(join(tmpdir(), "dangvien-ndjson-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const linesOf = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return Effect.runPromise(Stream.runCollect(NdjsonFile.lines(path)()))
}

describe("NdjsonFile.lines", () => {
  it("splits on \\n, keeps a last line without one, and drops the \\r of Windows line ends", async () => {
    expect(await linesOf("unix.ndjson", "{\"a\":1}\n\n{\"b\":\"Đảng\"}")).toEqual(["{\"a\":1}", "", "{\"b\":\"Đảng\"}"])
    expect(await linesOf("windows.ndjson", "{\"a\":1}\r\n{\"b\":2}\r\n")).toEqual(["{\"a\":1}", "{\"b\":2}"])
  })

  it("leaves out a byte-order mark at the start of the file", async () => {
    expect(await linesOf("bom.ndjson", "\uFEFF{\"a\":1}\n{\"b\":2}\n")).toEqual(["{\"a\":1}", "{\"b\":2}"])
  })

  it("refuses bytes that are not UTF-8, naming the line, rather than reading them as U+FFFD", async () => {
    const path = join(dir, "latin1.ndjson")
    writeFileSync(
      path,
      Buffer.concat([Buffer.from("{\"a\":1}\n{\"name\":\"Nguy"), Buffer.from([0xea]), Buffer.from("n\"}\n")])
    )
    const error = await Effect.runPromise(Effect.flip(Stream.runCollect(NdjsonFile.lines(path)())))
    expect(error.message).toBe(`cannot read ${path}: line 2 is not UTF-8 text`)
  })

  it("reads a file larger than one chunk, lines across chunk boundaries intact", async () => {
    const line = JSON.stringify({ name: "Nguyễn Văn An ".repeat(40) })
    const all = await linesOf("big.ndjson", `${Array(5_000).fill(line).join("\n")}\n`)
    expect(all.length).toBe(5_000)
    expect(all.every((l) => l === line)).toBe(true)
  })
})
