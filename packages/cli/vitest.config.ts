import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    // The tests run the real `dangvien` binary as a child process.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Its PostgreSQL tests run alone on the server (see store-postgres/vitest.config.ts).
    sequence: { groupOrder: 2 }
  }
})
