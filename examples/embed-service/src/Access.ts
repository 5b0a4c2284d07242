/**
 * Access scoped to an organisation subtree: a caller acting for an organisation may read and write
 * what belongs to that organisation or to any organisation under it, on the tree of the date in
 * question (the command's effective date for a write, today for a read, `asOf` for statistics).
 *
 * The caller's organisation comes from the `x-dangvien-org` header. That is for the example only:
 * a real deployment derives it from an authenticated token (the user's unit in the party's
 * directory) and never trusts a header the client sets.
 */
import { type Calendar, Ids, type OrganizationRegistry } from "@dangvien/core"
import { Effect, Result, Schema } from "effect"
import { MissingCaller, OutsideSubtree } from "./ServiceError.ts"

/** The request header naming the caller's organisation. */
export const callerHeader = "x-dangvien-org"

/** Who is asking: the organisation the caller acts for. */
export interface Caller {
  readonly orgId: Ids.OrgId
}

/** The caller named by the request headers. */
export const callerFrom = (headers: Readonly<Record<string, string | undefined>>): Result.Result<
  Caller,
  MissingCaller
> => {
  const value = headers[callerHeader]
  if (value === undefined) {
    return Result.fail(new MissingCaller({ message: `the ${callerHeader} header names no organisation` }))
  }
  // ULIDs are case-insensitive; the records hold them in upper case.
  return Result.match(Schema.decodeUnknownResult(Ids.OrgId)(value.toUpperCase()), {
    onFailure: () =>
      Result.fail(new MissingCaller({ message: `the ${callerHeader} header is not an organisation id: ${value}` })),
    onSuccess: (orgId) => Result.succeed({ orgId })
  })
}

/** Is `target` the caller's organisation or under it on `on`? */
export const reaches = (
  orgs: OrganizationRegistry.Registry,
  caller: Caller,
  target: Ids.OrgId,
  on: Calendar.CalendarDate
): boolean => {
  const resolved = orgs.resolve(target, on) ?? target
  return resolved === caller.orgId || orgs.ancestorsOn(resolved, on).includes(caller.orgId)
}

/** Succeeds when the caller reaches every target on `on`, else fails naming the first it does not. */
export const authorize = (
  orgs: OrganizationRegistry.Registry,
  caller: Caller,
  targets: ReadonlyArray<Ids.OrgId>,
  on: Calendar.CalendarDate
): Effect.Effect<void, OutsideSubtree> => {
  const outside = targets.find((t) => !reaches(orgs, caller, t, on))
  return outside === undefined
    ? Effect.void
    : Effect.fail(new OutsideSubtree({ caller: caller.orgId, target: outside, on }))
}
