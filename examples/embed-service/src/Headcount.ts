/**
 * The headcount (đảng số) of an organisation's subtree on a date: members whose status on that
 * date is probationary or official and whose branch is in the subtree (a member in transit is in
 * no one's headcount, TRF-03), split probationary / official, and the women among them.
 *
 * This is a small read computed by replaying each member's history up to the date. It will give way
 * to the core's `Statistics` module (issue: statistics as of any date) once that lands: the
 * statistics handler only calls `count`, so the switch is one call.
 */
import type { Calendar, Envelope, Ids } from "@dangvien/core"
import * as PartyRecords from "./PartyRecords.ts"

/** What `GET /organizations/:id/statistics` answers. */
export interface Headcount {
  readonly orgId: Ids.OrgId
  readonly asOf: Calendar.CalendarDate
  /** Every organisation of the subtree on `asOf`, the organisation itself first. */
  readonly organizations: number
  readonly members: number
  readonly probationary: number
  readonly official: number
  readonly female: number
}

/** The member's history as known on `asOf`: the events effective on or before it. */
const upTo = (history: ReadonlyArray<Envelope.MemberEnvelope>, asOf: Calendar.CalendarDate) =>
  history.filter((e) => e.occurredOn <= asOf)

/** The headcount of `orgId`'s subtree on `asOf`. */
export const count = (
  records: PartyRecords.PartyRecords,
  orgId: Ids.OrgId,
  asOf: Calendar.CalendarDate
): Headcount => {
  const subtree = new Set(records.orgs.subtreeOn(orgId, asOf))
  let probationary = 0
  let official = 0
  let female = 0
  for (const history of records.members.values()) {
    const state = PartyRecords.fold(upTo(history, asOf))
    if (state.status !== "probationary" && state.status !== "official") continue
    if (state.orgId === undefined) continue
    const branch = records.orgs.resolve(state.orgId, asOf) ?? state.orgId
    if (!subtree.has(branch)) continue
    if (state.status === "probationary") probationary++
    else official++
    if (state.person?.gender === "female") female++
  }
  return {
    orgId,
    asOf,
    organizations: subtree.size,
    members: probationary + official,
    probationary,
    official,
    female
  }
}
