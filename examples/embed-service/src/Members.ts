/**
 * Members through the service: record a command (decide against the rule book, then append, with
 * the caller's reach judged on the same state the decision uses), and read a member's summary and
 * events — each only within the caller's subtree.
 */
import {
  type Calendar,
  CommandHandler,
  type Envelope,
  Ids,
  Member,
  MemberCommand,
  MemberDecider,
  PartyAge
} from "@dangvien/core"
import { Effect } from "effect"
import * as Access from "./Access.ts"
import * as Idempotency from "./Idempotency.ts"
import * as PartyRecords from "./PartyRecords.ts"
import * as ReadYourWrites from "./ReadYourWrites.ts"
import { MemberNotFound } from "./ServiceError.ts"
import { today } from "./Today.ts"

/**
 * The branch a command is about, judged on the command's date: the branch a registration or an
 * import places the person in (a readmission registers them where they now live, RDM), the
 * receiving branch of an arrival (the receiving side records it), else the member's own branch.
 */
const branchConcerned = (command: MemberCommand.MemberCommand, state: Member.State): Ids.OrgId | undefined => {
  switch (command._tag) {
    case "RegisterCandidate":
    case "ImportMember":
    case "TransferIn":
      return command.data.orgId
    default:
      return PartyRecords.branchOf(state)
  }
}

/** Records one command on a member's stream for the caller. */
export const record = (
  caller: Access.Caller,
  memberId: Ids.MemberId,
  command: MemberCommand.MemberCommand,
  key?: Ids.EventId
) =>
  CommandHandler.handle({
    decider: MemberDecider.decider,
    stream: Ids.memberStream(memberId),
    command,
    meta: { actor: caller.orgId, source: "embed-service" },
    ...Idempotency.handleOptions(key),
    context: (state) =>
      Effect.gen(function*() {
        const records = yield* ReadYourWrites.records
        const branch = branchConcerned(command, state)
        if (branch === undefined) return yield* new MemberNotFound({ memberId })
        yield* Access.authorize(records.orgs, caller, [branch], command.occurredOn)
        return PartyRecords.memberContext(records, memberId)
      })
  }).pipe(
    Effect.flatMap(Idempotency.ownReplay(caller, command, MemberCommand.eventOf[command._tag], key)),
    Effect.tap((result) => ReadYourWrites.noteAppended(result.events))
  )

/** A member's history, if the caller reaches the member's branch today. */
const readable = (caller: Access.Caller, memberId: Ids.MemberId) =>
  Effect.gen(function*() {
    const records = yield* ReadYourWrites.records
    const history = records.members.get(memberId)
    const state = history === undefined ? undefined : PartyRecords.fold(history)
    const branch = state === undefined ? undefined : PartyRecords.branchOf(state)
    if (history === undefined || state === undefined || branch === undefined) {
      return yield* new MemberNotFound({ memberId })
    }
    const on = yield* today
    yield* Access.authorize(records.orgs, caller, [branch], on)
    return { history: [...history], state, branch, on }
  })

/** What `GET /members/:id` answers. */
export interface Summary {
  readonly memberId: Ids.MemberId
  readonly fullName: string | undefined
  readonly status: Member.Status
  /** The branch (chi bộ) the member belongs to, or last belonged to. */
  readonly branch: Ids.OrgId
  /** In transit (TRF-03): sent by a letter, not yet received. */
  readonly inTransit: boolean
  /**
   * The letter of a member in transit (giấy giới thiệu sinh hoạt đảng), `null` otherwise: its date,
   * the sending organisation, the receiving one when it is of this dataset, and `outside` when the
   * letter sends the member outside the dataset (another province's records, or abroad), where the
   * arrival is recorded elsewhere.
   */
  readonly transit: {
    readonly since: Calendar.CalendarDate
    readonly from: Ids.OrgId
    readonly toOrgId: Ids.OrgId | null
    readonly outside: boolean
  } | null
  readonly asOf: Calendar.CalendarDate
  /** Party age on `asOf` (AGE-01 … AGE-03); `null` before admission. */
  readonly partyAge: { readonly years: number; readonly totalMonths: number } | null
  readonly officialOn: Calendar.CalendarDate | null
  readonly cardNo: string | null
  readonly badges: ReadonlyArray<{ readonly milestone: number; readonly on: string; readonly returned: boolean }>
}

/** The member's summary on today's date. */
export const summary = (caller: Access.Caller, memberId: Ids.MemberId) =>
  Effect.map(readable(caller, memberId), ({ branch, on, state }): Summary => {
    const membership = Member.membership(state)
    const months = membership === undefined ? undefined : PartyAge.months(membership, on)
    return {
      memberId,
      fullName: state.person?.fullName,
      status: state.status,
      branch,
      inTransit: state.transit !== undefined,
      transit: state.transit === undefined ? null : {
        since: state.transit.since,
        from: state.transit.from,
        toOrgId: state.transit.toOrgId ?? null,
        outside: state.transit.outside === true
      },
      asOf: on,
      partyAge: months === undefined ? null : { years: Math.floor(months / 12), totalMonths: months },
      officialOn: state.officialOn ?? null,
      cardNo: state.card?.cardNo ?? null,
      badges: state.badges.map((b) => ({ milestone: b.milestone, on: b.on, returned: b.returned }))
    }
  })

/** The member's events, in stream order. */
export const events = (caller: Access.Caller, memberId: Ids.MemberId) =>
  Effect.map(readable(caller, memberId), ({ history }): ReadonlyArray<Envelope.MemberEnvelope> => history)
