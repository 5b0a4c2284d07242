/**
 * The commendations query of a request (`GET /organizations/:id/commendations`): `lastYear`
 * (required) and `years` (default 5) as whole numbers, `knownAt` and `structureAsOf` as given —
 * with the meaning of `Commendation.Query`, whose own checks judge the values (a year that is no
 * year is its `InvalidQuery`); here a missing `lastYear`, a number that is not written as one, an
 * unknown parameter or one given twice is refused.
 */
import type { Commendation } from "@dangvien/core"
import { Result } from "effect"
import { MalformedRequest } from "./ServiceError.ts"
import { only } from "./StatisticsQuery.ts"

/** The query of `GET /organizations/:id/commendations`: a `Commendation.Query` without its `org`. */
export type CommendationQuery = Omit<Commendation.Query, "org">

/** The parameters a commendations request may give. */
export const parameters = ["lastYear", "years", "knownAt", "structureAsOf"] as const

const wholeNumber = (field: string, value: string): Result.Result<number, MalformedRequest> =>
  /^\d{1,6}$/u.test(value)
    ? Result.succeed(Number(value))
    : Result.fail(new MalformedRequest({ field, message: `expected a whole number, got ${JSON.stringify(value)}` }))

/** The query of the search parameters. */
export const fromSearchParams = (
  params: Readonly<Record<string, string | ReadonlyArray<string>>>
): Result.Result<CommendationQuery, MalformedRequest> =>
  Result.gen(function*() {
    const given = yield* only(params, parameters)
    if (given.lastYear === undefined) {
      return yield* Result.fail(new MalformedRequest({ field: "lastYear", message: "required: the run's last year" }))
    }
    const lastYear = yield* wholeNumber("lastYear", given.lastYear)
    const years = given.years === undefined ? 5 : yield* wholeNumber("years", given.years)
    return {
      lastYear,
      years,
      ...(given.knownAt === undefined ? {} : { knownAt: given.knownAt }),
      ...(given.structureAsOf === undefined ? {} : { structureAsOf: given.structureAsOf })
    }
  })
