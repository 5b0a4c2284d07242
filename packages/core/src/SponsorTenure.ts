/**
 * ADM-05: since when a sponsor has worked or lived in the applicant's grassroots organisation (tổ
 * chức cơ sở đảng) — what counts a sponsor's 12 months when a `SponsorsAssigned` line does not state
 * `knownSince`. `Import.run` answers the decider's `Context.sponsor` with it; a service that takes
 * commands answers it the same way from the sponsor's stream and the organisation registry:
 *
 * ```ts
 * sponsor: (id, on) => ({
 *   status: Member.statusOn(sponsorState, on),
 *   sameGrassrootsSince: SponsorTenure.sameGrassrootsSince(registry, SponsorTenure.stintsOf(sponsorEvents), applicantBranch, on)
 * })
 * ```
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "./Calendar.ts"
import type { Recorded } from "./Decider.ts"
import type { OrgId } from "./Ids.ts"
import { grassrootsOf } from "./internal/grassroots.ts"
import * as Member from "./Member.ts"
import type { MemberEvent } from "./MemberEvent.ts"
import type { Registry } from "./OrganizationRegistry.ts"

/**
 * A stretch of a member's time in one branch (`org`), or out of any (`undefined`: in transit, or out
 * of the Party), from the day of the event that began it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Stint {
  readonly org: OrgId | undefined
  readonly since: CalendarDate
}

/**
 * The start of a stint that began before the records (the opening roster's): its time there is not
 * known, so it is not counted against the member.
 *
 * @category constants
 * @since 0.1.0
 */
export const beforeRecords: CalendarDate = "0001-01-01"

/**
 * The stint event `e` begins, folded from `before` into `after` — registration, import, arrival,
 * readmission back to a branch, a transfer out or an exit — or undefined if the branch is unchanged.
 *
 * @category constructors
 * @since 0.1.0
 */
export const stintBegun = (before: Member.State, after: Member.State, e: Recorded<MemberEvent>): Stint | undefined => {
  if (after.orgId === before.orgId) return undefined
  const opening = e.type === "MemberImported" && e.data.basis === "openingBalance"
  return { org: after.orgId, since: opening ? beforeRecords : e.occurredOn }
}

/**
 * The stints of a member's history, in order (events in stream order).
 *
 * @category constructors
 * @since 0.1.0
 */
export const stintsOf = (events: Iterable<Recorded<MemberEvent>>): Array<Stint> => {
  const stints: Array<Stint> = []
  let s = Member.initialState
  for (const e of events) {
    const after = Member.evolveWithoutHistory(s, e)
    const stint = stintBegun(s, after, e)
    if (stint !== undefined) stints.push(stint)
    s = after
  }
  return stints
}

/**
 * ADM-05: since when the member of `stints` has been in the grassroots organisation of
 * `applicantBranch` on `on` — from the day they came to the branch they were in then, or to an
 * earlier one of the same grassroots organisation with no time out of a branch between, merges
 * and reparenting followed on `on`; undefined if they are not in it on `on`. (The applicant's own
 * time there, as a worker or resident before the source list, is not recorded: `knownSince` states
 * it.) For a former member applying for readmission, `applicantBranch` is the branch they left.
 *
 * @category getters
 * @since 0.1.0
 */
export const sameGrassrootsSince = (
  registry: Pick<Registry, "resolve" | "parentOn" | "on">,
  stints: ReadonlyArray<Stint>,
  applicantBranch: OrgId | undefined,
  on: CalendarDate
): CalendarDate | undefined => {
  const grassrootsOn = (branch: OrgId | undefined): OrgId | undefined => {
    const unit = branch === undefined ? undefined : registry.resolve(branch, on)
    return unit === undefined ? undefined : grassrootsOf(registry, unit, on)
  }
  const g = grassrootsOn(applicantBranch)
  if (g === undefined) return undefined
  let i = stints.length - 1
  while (i >= 0 && stints[i]!.since > on) i--
  if (i < 0 || grassrootsOn(stints[i]!.org) !== g) return undefined
  while (i > 0 && grassrootsOn(stints[i - 1]!.org) === g) i--
  return stints[i]!.since
}
