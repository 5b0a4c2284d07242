/**
 * The statistics query of a request: the search parameters `from`, `to`, `asOf`, `knownAt`,
 * `structureAsOf` and `period`, with the meaning of `Statistics.Query`. Given neither `asOf` nor
 * `to`, the report is as of today. The values are judged by `Statistics.query` itself (an invalid
 * one is its `InvalidQuery`, naming the field); here a parameter it does not know, or one given
 * twice, is refused.
 */
import type { Calendar, Statistics } from "@dangvien/core"
import { Result } from "effect"
import { MalformedRequest } from "./ServiceError.ts"

/** The query of `GET /organizations/:id/statistics`: a `Statistics.Query` without its `org`. */
export type StatisticsQuery = Omit<Statistics.Query, "org">

/** The parameters a statistics request may give. */
export const parameters = ["from", "to", "asOf", "knownAt", "structureAsOf", "period"] as const

/**
 * The search parameters among `names`, each given once: a parameter not among them, or one given
 * twice, is a `MalformedRequest` naming it.
 */
export const only = <const Name extends string>(
  params: Readonly<Record<string, string | ReadonlyArray<string>>>,
  names: ReadonlyArray<Name>
): Result.Result<{ readonly [K in Name]?: string }, MalformedRequest> => {
  const given: { [K in Name]?: string } = {}
  for (const [name, value] of Object.entries(params)) {
    if (!(names as ReadonlyArray<string>).includes(name)) {
      return Result.fail(
        new MalformedRequest({ field: name, message: `unknown parameter; expected ${names.join(", ")}` })
      )
    }
    if (typeof value !== "string") {
      return Result.fail(new MalformedRequest({ field: name, message: "given more than once" }))
    }
    given[name as Name] = value
  }
  return Result.succeed(given)
}

/** The query of the search parameters, as of `today` when they give neither `asOf` nor `to`. */
export const fromSearchParams = (
  params: Readonly<Record<string, string | ReadonlyArray<string>>>,
  today: Calendar.CalendarDate
): Result.Result<StatisticsQuery, MalformedRequest> =>
  Result.map(
    only(params, parameters),
    (query) => query.asOf === undefined && query.to === undefined ? { ...query, asOf: today } : query
  )
