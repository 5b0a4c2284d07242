import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as CommendationQuery from "../src/CommendationQuery.ts"

const failure = <A, E>(r: Result.Result<A, E>) => Result.getOrUndefined(Result.flip(r))

describe("CommendationQuery", () => {
  it("reads lastYear and years as whole numbers (years 5 by default), the dates as given", () => {
    assert.deepStrictEqual(
      CommendationQuery.fromSearchParams({ lastYear: "2014" }),
      Result.succeed({ lastYear: 2014, years: 5 })
    )
    assert.deepStrictEqual(
      CommendationQuery.fromSearchParams({
        lastYear: "2014",
        years: "3",
        knownAt: "2015-03-12T00:00:00Z",
        structureAsOf: "2025-07-01"
      }),
      Result.succeed({ lastYear: 2014, years: 3, knownAt: "2015-03-12T00:00:00Z", structureAsOf: "2025-07-01" })
    )
  })

  it("refuses a missing lastYear, a number not written as one, an unknown parameter, one given twice", () => {
    assert.deepInclude(failure(CommendationQuery.fromSearchParams({})), { _tag: "MalformedRequest", field: "lastYear" })
    assert.deepInclude(failure(CommendationQuery.fromSearchParams({ lastYear: "2014.5" })), { field: "lastYear" })
    assert.deepInclude(failure(CommendationQuery.fromSearchParams({ lastYear: "2014", years: "-1" })), {
      field: "years"
    })
    assert.deepInclude(failure(CommendationQuery.fromSearchParams({ lastYear: "2014", year: "5" })), { field: "year" })
    assert.deepInclude(failure(CommendationQuery.fromSearchParams({ lastYear: ["2014", "2015"] })), {
      field: "lastYear",
      message: "given more than once"
    })
  })
})
