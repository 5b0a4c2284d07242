/**
 * docs/glossary.md lists the words `dangvien member` prints: each event type's Vietnamese label
 * and each value of an event's facts — kept in step with the code.
 */
import { MemberEvent } from "@dangvien/core"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { terms } from "../src/HistoryText.ts"
import * as Labels from "../src/Labels.ts"

const glossary = readFileSync(new URL("../../../docs/glossary.md", import.meta.url), "utf8")
const rows = new Set(glossary.split("\n").filter((line) => line.startsWith("| ")))

describe("docs/glossary.md: the words of a member's history", () => {
  it("lists every event type with its Vietnamese label", () => {
    const missing = MemberEvent.types.map((t) => `| ${t} | ${Labels.eventType(t, "vi")} |`).filter((r) => !rows.has(r))
    expect(missing).toEqual([])
  })

  it("lists every value of an event's facts in Vietnamese and English", () => {
    const missing = Object.entries(terms).flatMap(([field, values]) =>
      Object.entries(values).map(([value, [vi, en]]) => `| ${field} | ${value} | ${vi} | ${en} |`)
    ).filter((r) => !rows.has(r))
    expect(missing).toEqual([])
  })
})
