import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "fp-ts",
    include: ["test/**/*.test.ts"]
  }
})
