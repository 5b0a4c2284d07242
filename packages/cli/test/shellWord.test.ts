import { describe, expect, it } from "vitest"
import { shellWord } from "../src/commands/demoCommand.ts"

describe("shellWord (the demo's hints name the store as one word of a shell)", () => {
  it("leaves a plain path as it is and quotes anything a shell would read otherwise", () => {
    expect(shellWord("demo.sqlite")).toBe("demo.sqlite")
    expect(shellWord("/tmp/a-b/c_d.sqlite")).toBe("/tmp/a-b/c_d.sqlite")
    expect(shellWord("postgres://postgres@127.0.0.1:5432/test?schema=a")).toBe(
      "'postgres://postgres@127.0.0.1:5432/test?schema=a'"
    )
    expect(shellWord("my store's.sqlite")).toBe("'my store'\\''s.sqlite'")
  })
})
