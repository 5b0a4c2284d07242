/**
 * Organisations through the service: record a command on an organisation's stream, and read the
 * statistics of its subtree and the members it may commend — each only within the caller's subtree. A root organisation (a
 * province) is founded by the central administration, not through a caller's subtree.
 */
import { Calendar, CommandHandler, Commendation, Ids, OrganizationDecider, Statistics } from "@dangvien/core"
import { Effect } from "effect"
import * as Access from "./Access.ts"
import * as Idempotency from "./Idempotency.ts"
import type { PartyRecords } from "./PartyRecords.ts"
import * as ReadYourWrites from "./ReadYourWrites.ts"
import { OrganizationNotFound, OutsideSubtree } from "./ServiceError.ts"

/**
 * The organisations a command touches, judged on its date: the parent of a founding or the new
 * parent of a re-parenting, the organisation merged into or taking the members, and (but for a
 * founding) the organisation itself. A root has no parent for a caller to act for: `undefined`.
 */
const touched = (orgId: Ids.OrgId, command: OrganizationDecider.Command): ReadonlyArray<Ids.OrgId> | undefined => {
  switch (command._tag) {
    case "Found":
      return command.data.parentId === null ? undefined : [command.data.parentId]
    case "Reparent":
      return [orgId, command.data.parentId]
    case "Merge":
      return [orgId, command.data.intoOrgId]
    case "Dissolve":
      return command.data.membersMovedTo === undefined ? [orgId] : [orgId, command.data.membersMovedTo]
    default:
      return [orgId]
  }
}

/** Records one command on an organisation's stream for the caller. */
export const record = (
  caller: Access.Caller,
  orgId: Ids.OrgId,
  command: OrganizationDecider.Command,
  key?: Ids.EventId
) =>
  CommandHandler.handle({
    decider: OrganizationDecider.decider,
    stream: Ids.orgStream(orgId),
    command,
    meta: { actor: caller.orgId, source: "embed-service" },
    ...Idempotency.handleOptions(key),
    context: () =>
      Effect.gen(function*() {
        const records = yield* ReadYourWrites.records
        const targets = touched(orgId, command)
        if (targets === undefined) {
          return yield* new OutsideSubtree({ caller: caller.orgId, target: orgId, on: command.occurredOn })
        }
        yield* Access.authorize(records.orgs, caller, targets, command.occurredOn)
        return records.orgs.contextFor(orgId)
      })
  }).pipe(
    Effect.flatMap(Idempotency.ownReplay(caller, command, OrganizationDecider.eventTypeOf[command._tag], key)),
    Effect.tap((result) => ReadYourWrites.noteAppended(result.events))
  )

/**
 * The statistics of the organisation's subtree (`Statistics.query` on the service's index). The
 * caller must reach the organisation on the tree the report is judged on: `structureAsOf` when
 * given, else `asOf` (or `to`); the organisation must be live on that date.
 */
export const statistics = (caller: Access.Caller, orgId: Ids.OrgId, query: Omit<Statistics.Query, "org">) =>
  Effect.gen(function*() {
    const records = yield* ReadYourWrites.records
    yield* reach(records, caller, orgId, query.structureAsOf ?? query.asOf ?? query.to)
    return yield* Effect.fromResult(Statistics.query(records.statistics, { ...query, org: orgId }))
  })

/**
 * The members of the organisation's subtree rated excellent `years` years running up to `lastYear`
 * (`Commendation.consecutiveExcellent` on the service's index), judged on the tree of
 * `structureAsOf` when given, else the end of `lastYear`.
 */
export const commendations = (
  caller: Access.Caller,
  orgId: Ids.OrgId,
  query: Omit<Commendation.Query, "org">
) =>
  Effect.gen(function*() {
    const records = yield* ReadYourWrites.records
    yield* reach(records, caller, orgId, query.structureAsOf ?? `${query.lastYear}-12-31`)
    return yield* Effect.fromResult(Commendation.consecutiveExcellent(records.statistics, { ...query, org: orgId }))
  })

/**
 * The organisation must be live on `on`, in the caller's subtree then. An absent or invalid date is
 * left to the query, which fails with the field before it computes anything.
 */
const reach = (
  records: PartyRecords,
  caller: Access.Caller,
  orgId: Ids.OrgId,
  on: string | undefined
) =>
  Effect.gen(function*() {
    if (on === undefined || !Calendar.isValid(on)) return
    if (!records.orgs.isLiveOn(orgId, on)) return yield* new OrganizationNotFound({ orgId, on })
    yield* Access.authorize(records.orgs, caller, [orgId], on)
  })
