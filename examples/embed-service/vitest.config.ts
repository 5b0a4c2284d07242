import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "example-embed-service",
    include: ["test/**/*.test.ts"],
    // The tests start the real server over a PostgreSQL schema and call it over HTTP.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Alone on the PostgreSQL server (see packages/store-postgres/vitest.config.ts).
    sequence: { groupOrder: 3 }
  }
})
