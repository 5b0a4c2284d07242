/**
 * The checks `Audit` and `BadgesDue` make of their queries, with the errors of `Statistics`.
 */
import { Result } from "effect"
import type { OrgId } from "../Ids.ts"
import type { Registry } from "../OrganizationRegistry.ts"
import { InvalidQuery, UnknownOrganization } from "../Statistics.ts"
import { queryDateProblem } from "./queryDates.ts"

/** The first invalid date (`YYYY-MM-DD`) or instant among the fields, as an `InvalidQuery`. */
export const checkFields = (
  dates: Readonly<Record<string, string | undefined>>,
  knownAt: string | undefined
): Result.Result<void, InvalidQuery> => {
  for (const [field, d] of Object.entries(dates)) {
    const problem = d === undefined ? undefined : queryDateProblem(d)
    if (problem !== undefined) return Result.fail(new InvalidQuery({ field, message: problem }))
  }
  if (knownAt !== undefined && Number.isNaN(Date.parse(knownAt))) {
    return Result.fail(new InvalidQuery({ field: "knownAt", message: `${knownAt} is not an instant` }))
  }
  return Result.void
}

/** The organisation, founded as known in the registry, or `UnknownOrganization`. */
export const checkOrg = (registry: Registry, org: OrgId): Result.Result<OrgId, UnknownOrganization> => {
  const state = registry.state(org)
  return state === undefined || !state.founded ? Result.fail(new UnknownOrganization({ org })) : Result.succeed(org)
}
