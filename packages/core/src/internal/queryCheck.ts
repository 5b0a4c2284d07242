/**
 * The checks `Audit` and `BadgesDue` make of their queries, with the errors of `Statistics`.
 */
import { Result } from "effect"
import type { OrgId } from "../Ids.ts"
import type { Registry } from "../OrganizationRegistry.ts"
import { InvalidQuery, UnknownOrganization } from "../Statistics.ts"
import { queryFieldsProblem } from "./queryDates.ts"

/** The first invalid date (`YYYY-MM-DD`) or instant among the fields, as an `InvalidQuery`. */
export const checkFields = (
  dates: Readonly<Record<string, string | undefined>>,
  knownAt: string | undefined
): Result.Result<void, InvalidQuery> => {
  const problem = queryFieldsProblem(dates, knownAt)
  return problem === undefined ? Result.void : Result.fail(new InvalidQuery(problem))
}

/** The organisation, founded as known in the registry, or `UnknownOrganization`. */
export const checkOrg = (registry: Registry, org: OrgId): Result.Result<OrgId, UnknownOrganization> => {
  const state = registry.state(org)
  return state === undefined || !state.founded ? Result.fail(new UnknownOrganization({ org })) : Result.succeed(org)
}
