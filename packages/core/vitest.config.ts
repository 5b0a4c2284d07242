import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "core",
    include: ["test/**/*.test.ts"],
    // The property tests take seconds each (hundreds of generated histories); on a loaded 2-core
    // machine the default 5 s cut one at 5.08 s. A timeout is no assertion on speed here.
    testTimeout: 30_000
  }
})
