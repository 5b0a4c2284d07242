import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "store-postgres",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One file at a time: a test that holds a transaction open holds back every reader on the
    // server (that is what it tests), so files must not run beside each other.
    fileParallelism: false
  }
})
