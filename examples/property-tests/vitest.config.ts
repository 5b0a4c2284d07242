import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "example-property-tests",
    include: ["test/**/*.test.ts"],
    // Each property generates whole member lives; the run counts keep the project under 30 s.
    testTimeout: 60_000
  }
})
