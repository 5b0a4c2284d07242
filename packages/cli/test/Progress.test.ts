import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Progress from "../src/Progress.ts"

/** A stand-in for standard error: a terminal or not, keeping what is written. */
const stream = (isTTY: boolean) => {
  const written: Array<string> = []
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream }
}

describe("Progress", () => {
  it("draws phase, count and rate on a terminal, and ends the line", () => {
    const out = stream(true)
    const p = Progress.make(out.stream)
    Effect.runSync(p.update("checking and writing", 20_000, "events"))
    Effect.runSync(p.done)
    expect(out.written[0]).toMatch(
      /^\rchecking and writing \[[ =>]{24}\] 20,000 events · [\d,]+ events\/s · \d+\.\d s $/u
    )
    expect(out.written.at(-1)).toBe("\n")
  })

  it("prints nothing when standard error is piped", () => {
    const out = stream(false)
    const p = Progress.make(out.stream)
    Effect.runSync(p.update("checking", 1, "lines"))
    Effect.runSync(p.done)
    expect(out.written).toEqual([])
  })

  it("labels an import's phases", () => {
    expect(Progress.importLabel({ phase: "check", lines: 10, events: 10, written: 0 })).toBe("checking")
    expect(Progress.importLabel({ phase: "check", lines: 10, events: 10, written: 8 })).toBe("checking and writing")
    expect(Progress.importLabel({ phase: "write", lines: 10, events: 10, written: 10 })).toBe("writing")
  })
})
