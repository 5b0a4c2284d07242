/**
 * Code in the README and docs comes from compiled, tested files: every block marked
 * `<!-- region path#name -->` must equal that `// #region name` of the file (dedented).
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..", "..", "..")

const markdownFiles = (): Array<string> => [
  "README.md",
  ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join("docs", f)),
  ...readdirSync(join(root, "packages")).map((p) => join("packages", p, "README.md")).filter((f) => {
    try {
      readFileSync(join(root, f))
      return true
    } catch {
      return false
    }
  })
]

const dedent = (lines: Array<string>): string => {
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length))
  return lines.map((l) => l.slice(indent)).join("\n").trim()
}

const region = (file: string, name: string): string => {
  const lines = readFileSync(join(root, file), "utf8").split("\n")
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`)
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`)
  if (start < 0 || end < 0) throw new Error(`no region ${name} in ${file}`)
  return dedent(lines.slice(start + 1, end))
}

const snippets = markdownFiles().flatMap((md) => {
  const text = readFileSync(join(root, md), "utf8")
  return [...text.matchAll(/<!-- region (\S+)#(\S+) -->\s*```ts\n([\s\S]*?)```/gu)].map((m) => ({
    md,
    file: m[1]!,
    name: m[2]!,
    code: m[3]!.trim()
  }))
})

describe("doc snippets come from compiled files", () => {
  it("finds snippets in the README", () => {
    expect(snippets.filter((s) => s.md === "README.md").length).toBeGreaterThanOrEqual(3)
  })
  it.each(snippets.map((s) => [`${s.md} ← ${s.file}#${s.name}`, s] as const))("%s", (_, s) => {
    expect(s.code).toBe(region(s.file, s.name))
  })
})
