import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "example-member-lifecycle",
    include: ["test/**/*.test.ts"]
  }
})
