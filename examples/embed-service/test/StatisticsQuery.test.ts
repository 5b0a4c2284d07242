import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as StatisticsQuery from "../src/StatisticsQuery.ts"

describe("StatisticsQuery", () => {
  it("takes the parameters as given, leaving their values to Statistics.query", () => {
    const params = {
      from: "2024-01-01",
      to: "2024-12-31",
      knownAt: "2025-01-15T00:00:00Z",
      structureAsOf: "2025-07-01",
      period: "2024-H2"
    }
    assert.deepStrictEqual(StatisticsQuery.fromSearchParams(params, "2026-11-22"), Result.succeed(params))
    assert.deepStrictEqual(
      StatisticsQuery.fromSearchParams({ asOf: "not a date" }, "2026-11-22"),
      Result.succeed({ asOf: "not a date" })
    )
  })

  it("is as of today when it gives neither asOf nor to", () => {
    assert.deepStrictEqual(StatisticsQuery.fromSearchParams({}, "2026-11-22"), Result.succeed({ asOf: "2026-11-22" }))
    assert.deepStrictEqual(
      StatisticsQuery.fromSearchParams({ from: "2026-06-01" }, "2026-11-22"),
      Result.succeed({ from: "2026-06-01", asOf: "2026-11-22" })
    )
  })

  it("refuses a parameter it does not know, or one given twice, naming it", () => {
    const unknown = StatisticsQuery.fromSearchParams({ asof: "2024-12-31" }, "2026-11-22")
    assert.isTrue(Result.isFailure(unknown))
    assert.deepInclude(Result.getOrUndefined(Result.flip(unknown)), { _tag: "MalformedRequest", field: "asof" })
    const twice = StatisticsQuery.fromSearchParams({ asOf: ["2024-12-31", "2025-12-31"] }, "2026-11-22")
    assert.deepInclude(Result.getOrUndefined(Result.flip(twice)), { field: "asOf", message: "given more than once" })
  })
})
