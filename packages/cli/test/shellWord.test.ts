import { describe, expect, it } from "vitest"
import { invokedAs, shellWord } from "../src/commands/demoCommand.ts"

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

describe("invokedAs (the demo's hints say the command as the user ran it)", () => {
  it("through the repository's script with pnpm, as the README's quick start; else the installed command", () => {
    expect(invokedAs({ npm_lifecycle_event: "dangvien", npm_config_user_agent: "pnpm/12.21.0 npm/? node/v24.21.0" }))
      .toBe("npx -y pnpm@12.21.0 dangvien")
    expect(invokedAs({ npm_lifecycle_event: "dangvien", npm_config_user_agent: "npm/10.9.0 node/v24.21.0" }))
      .toBe("npm run dangvien --")
    // Another script (the tests run under `pnpm test`) or none: the installed command.
    expect(invokedAs({ npm_lifecycle_event: "test", npm_config_user_agent: "pnpm/12.21.0" })).toBe("dangvien")
    expect(invokedAs({})).toBe("dangvien")
  })
})
