import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "store-postgres",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One file at a time: a test that holds a transaction open holds back every reader on the
    // server (that is what it tests), so files must not run beside each other.
    fileParallelism: false,
    // Nor beside another project's tests on the same server: an open transaction anywhere on the
    // server holds readers back (pg_snapshot_xmin), so the projects that use PostgreSQL run one
    // after the other — store-postgres (1), cli (2), examples/embed-service (3) — after the rest (0).
    sequence: { groupOrder: 1 }
  }
})
