/**
 * The party's records as the store holds them, read once per request: the organisation registry
 * (the tree on any date) and every member's history. Replaying the whole store keeps this example
 * short and always consistent with what was appended; a deployment with many members would keep
 * both as projections (`Projection.live`) instead.
 */
import {
  Decider,
  Envelope,
  EventStore,
  Ids,
  type Member,
  MemberDecider,
  type MemberEvent,
  OrganizationRegistry
} from "@dangvien/core"
import { Effect, Stream } from "effect"
import * as ReadYourWrites from "./ReadYourWrites.ts"

/** The organisation registry and the member histories, by member id. */
export interface PartyRecords {
  readonly orgs: OrganizationRegistry.Registry
  readonly members: ReadonlyMap<Ids.MemberId, ReadonlyArray<Envelope.MemberEnvelope>>
}

/**
 * Reads every event of the store into the registry and the member histories, once the store has
 * released this process's own writes (`ReadYourWrites`).
 */
export const load: Effect.Effect<
  PartyRecords,
  EventStore.StorageError,
  EventStore.EventStore | ReadYourWrites.ReadYourWrites
> = Effect.gen(
  function*() {
    yield* ReadYourWrites.awaitOwnWrites
    const store = yield* EventStore.EventStore
    const events = yield* Stream.runCollect(store.readAll())
    const members = new Map<Ids.MemberId, Array<Envelope.MemberEnvelope>>()
    for (const e of events) {
      if (!Envelope.isMemberEnvelope(e)) continue
      const id = Ids.parseStream(e.stream)?.id as Ids.MemberId
      const history = members.get(id)
      if (history === undefined) members.set(id, [e])
      else history.push(e)
    }
    return { orgs: OrganizationRegistry.make(events), members }
  }
)

/** A member's state folded from a history. */
export const fold = (history: ReadonlyArray<Envelope.MemberEnvelope>): Member.State =>
  Decider.fold(MemberDecider.decider, history as ReadonlyArray<Decider.Recorded<MemberEvent.MemberEvent>>)

/**
 * The branch a member belongs to, or last belonged to: the current branch, the sending one while
 * in transit (TRF-03), the one left on an exit.
 */
export const branchOf = (state: Member.State): Ids.OrgId | undefined =>
  state.orgId ?? state.transit?.from ?? state.exit?.fromOrgId

/**
 * The member decider's context from the records: the organisation tree, each sponsor's status on
 * a date (ADM-05: official only from `officialOn`), and who holds a card number (CRD-02).
 */
export const memberContext = (records: PartyRecords, self: Ids.MemberId): MemberDecider.Context => {
  const states = new Map<Ids.MemberId, Member.State>()
  const stateOf = (id: Ids.MemberId) => {
    let s = states.get(id)
    if (s === undefined) {
      s = fold(records.members.get(id) ?? [])
      states.set(id, s)
    }
    return s
  }
  let cardHolders: Map<string, Ids.MemberId> | undefined
  return {
    self,
    sponsor: (id, on) => {
      const s = stateOf(id)
      if (s.status === "none") return undefined
      const official = s.status === "official" && s.officialOn !== undefined && s.officialOn <= on
      return { status: official ? "official" : s.status === "official" ? "probationary" : s.status }
    },
    org: (id, on) => {
      const snapshot = records.orgs.on(id, on)
      return snapshot === undefined || !snapshot.live ? undefined : { kind: snapshot.kind }
    },
    cardHolder: (cardNo) => {
      if (cardHolders === undefined) {
        cardHolders = new Map()
        for (const [id, history] of records.members) {
          for (const e of history) {
            const no = e.type === "CardIssued" || e.type === "CardReissued"
              ? e.data.cardNo
              : e.type === "MemberImported"
              ? e.data.cardNo
              : undefined
            if (no !== undefined) cardHolders.set(no, id)
          }
        }
      }
      return cardHolders.get(cardNo)
    }
  }
}
