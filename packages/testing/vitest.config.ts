import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "testing",
    include: ["test/**/*.test.ts"],
    // Property tests generate hundreds of whole lives per property.
    testTimeout: 60_000
  }
})
