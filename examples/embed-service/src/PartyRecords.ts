/**
 * The party's records as the service reads them: the organisation registry (the tree on any date),
 * every member's history and the `Statistics` index — three projections over the global log that
 * grow in place (`LiveRecords` keeps them current) — and the member decider's context drawn from
 * them.
 */
import {
  Decider,
  Envelope,
  Ids,
  Member,
  MemberDecider,
  type MemberEvent,
  OrganizationRegistry,
  type Projection,
  SponsorTenure,
  Statistics
} from "@dangvien/core"

/** The organisation registry, the member histories by member id, and the statistics index. */
export interface PartyRecords {
  readonly orgs: OrganizationRegistry.Registry
  readonly members: ReadonlyMap<Ids.MemberId, ReadonlyArray<Envelope.MemberEnvelope>>
  readonly statistics: Statistics.Compact
}

/** The three projections that build the records, over fresh, empty states. */
export interface Projections {
  readonly orgs: Projection.Projection<OrganizationRegistry.Growing>
  readonly members: Projection.Projection<Map<Ids.MemberId, Array<Envelope.MemberEnvelope>>>
  readonly statistics: Projection.Projection<Statistics.Compact>
}

/**
 * The projections of the records. Each state grows in place. The statistics index is the core's
 * `Statistics.compactProjection()` without its checkpoint encoding: the records live in this
 * process only (rebuilt from the log at start), and the encoding would copy every column at each
 * checkpoint.
 */
export const projections = (): Projections => {
  const { apply, name } = Statistics.compactProjection()
  return {
    orgs: {
      name: "organizations",
      initial: OrganizationRegistry.makeGrowing(),
      apply: (orgs, e) => {
        if (Envelope.isOrgEnvelope(e)) orgs.apply(e)
        return orgs
      }
    },
    members: {
      name: "member-histories",
      initial: new Map(),
      apply: (members, e) => {
        if (!Envelope.isMemberEnvelope(e)) return members
        const id = Ids.parseStream(e.stream)?.id as Ids.MemberId
        const history = members.get(id)
        if (history === undefined) members.set(id, [e])
        else history.push(e)
        return members
      }
    },
    statistics: { name, initial: Statistics.makeCompact(), apply }
  }
}

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
 * a date and since when they are in the applicant's grassroots organisation (ADM-05:
 * `Member.statusOn`, `SponsorTenure`, as `Import.run` judges it), and who holds a card number
 * (CRD-02).
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
      // The status on the date of introduction: struck off or dead since, still official then.
      const status = Member.statusOn(s, on)
      // The applicant's branch: a former member applying for readmission returns to the one left.
      const applicant = stateOf(self)
      const since = SponsorTenure.sameGrassrootsSince(
        records.orgs,
        SponsorTenure.stintsOf(records.members.get(id) ?? []),
        applicant.orgId ?? applicant.exit?.fromOrgId,
        on
      )
      return since === undefined ? { status } : { status, sameGrassrootsSince: since }
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
