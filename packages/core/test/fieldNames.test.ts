import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { fieldNamesOf, nearest } from "../src/internal/fieldNames.ts"

describe("fieldNames (what an unknown-field refusal suggests)", () => {
  const known = ["votesFor", "over60Consent", "level", "orgId", "sourceGroup"]

  it("finds the name a misspelling most likely meant: case and punctuation, then an edit or two", () => {
    expect(nearest("over60consent", known)).toBe("over60Consent")
    expect(nearest("source_group", known)).toBe("sourceGroup")
    expect(nearest("votesFro", known)).toBe("votesFor") // two letters swapped: one edit
    expect(nearest("lvel", known)).toBe("level")
  })

  it("suggests nothing when no known name is that close", () => {
    expect(nearest("nickname", known)).toBeUndefined()
    expect(nearest("org", known)).toBeUndefined() // short names allow one edit only
    expect(nearest("_", known)).toBeUndefined()
  })

  it("collects the field names of nested structs, arrays and unions", () => {
    const s = Schema.Struct({
      a: Schema.String,
      b: Schema.Array(Schema.Union([Schema.Struct({ c: Schema.Number }), Schema.Struct({ d: Schema.Boolean })])),
      e: Schema.optionalKey(Schema.Struct({ f: Schema.String }))
    })
    expect(fieldNamesOf([s.ast])).toEqual(["a", "b", "c", "d", "e", "f"])
  })
})
