/**
 * A party member's life, from candidate in the source list to the 30-year badge, recorded through
 * the command handler into whatever `EventStore` is provided. Every command is judged by the member
 * decider against the rule book; the sponsors' status and the organisations come from their own
 * streams, read from the store (the decider's context).
 */
import {
  CommandHandler,
  Decider,
  EventStore,
  Ids,
  Member,
  MemberCommand,
  MemberDecider,
  MemberEvent,
  OrganizationDecider,
  OrganizationRegistry,
  OrgEvent,
  PartyAge
} from "@dangvien/core"
import { Effect, Stream } from "effect"

// #region ids
const province = Ids.orgId("01J0000000000000000000PR01")
const town = Ids.orgId("01J0000000000000000000DT01")
const commune = Ids.orgId("01J0000000000000000000GR01")
const village1 = Ids.orgId("01J0000000000000000000CE01")
const village2 = Ids.orgId("01J0000000000000000000CE02")
const sponsorA = Ids.memberId("01J00000000000000000000SA1")
const sponsorB = Ids.memberId("01J00000000000000000000SB1")
const an = Ids.memberId("01J00000000000000000000AN1")
// #endregion ids

/** The organisation registry built from every organisation event in the store. */
const registry = Effect.gen(function*() {
  const store = yield* EventStore.EventStore
  const events = yield* Stream.runCollect(store.readAll())
  return OrganizationRegistry.make(events)
})

const found = (id: Ids.OrgId, occurredOn: string, name: string, kind: OrgEvent.OrgKind, parentId: Ids.OrgId | null) =>
  CommandHandler.handle({
    decider: OrganizationDecider.decider,
    stream: Ids.orgStream(id),
    command: { _tag: "Found", occurredOn, data: { name, kind, parentId } },
    context: () => Effect.map(registry, (r) => r.contextFor(id))
  })

/** The member decider's context: sponsors and organisations as the store knows them. */
const memberContext = (self: Ids.MemberId) => () =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    const orgs = yield* registry
    const sponsors = new Map<string, Member.State>()
    for (const id of [sponsorA, sponsorB]) {
      const history = yield* store.readStream(Ids.memberStream(id))
      sponsors.set(
        id,
        Decider.fold(MemberDecider.decider, history as ReadonlyArray<Decider.Recorded<MemberEvent.MemberEvent>>)
      )
    }
    return {
      self,
      // The sponsor's status on the date of introduction; the 12 months come from `knownSince`.
      sponsor: (id, on) => {
        const s = sponsors.get(id)
        return s === undefined ? undefined : { status: Member.statusOn(s, on) }
      },
      org: (id, on) => {
        const snapshot = orgs.on(id, on)
        return snapshot === undefined || !snapshot.live ? undefined : { kind: snapshot.kind }
      }
    } satisfies MemberDecider.Context
  })

// #region record
/** Records one fact about a member: decide against the rules, then append. */
const record = (member: Ids.MemberId, command: MemberCommand.MemberCommand) =>
  CommandHandler.handle({
    decider: MemberDecider.decider,
    stream: Ids.memberStream(member),
    command,
    context: memberContext(member),
    meta: { actor: "example", source: "member-lifecycle" }
  })
// #endregion record

const c = MemberCommand.make

/** The summary the example prints and its test checks. */
export interface Summary {
  readonly status: Member.Status
  readonly partyAgeYears: number
  readonly badges: ReadonlyArray<number>
  readonly cardNo: string | undefined
  readonly orgId: string | undefined
  readonly timeline: ReadonlyArray<string>
}

/**
 * The whole story: organisations, two sponsors already in the Party, then Nguyễn Văn An from the
 * source list (1993) to the 30-year badge (7/11/2023). Returns the member's summary as of 2023-12-31.
 */
export const program = Effect.gen(function*() {
  // The organisation tree: province → town → commune committee → two village cells.
  yield* found(province, "1990-01-01", "Đảng bộ tỉnh Hà Nam", "province", null)
  yield* found(town, "1990-01-01", "Đảng bộ huyện Duy Tiên", "upper", province)
  yield* found(commune, "1990-01-01", "Đảng bộ xã Tiên Nội", "grassrootsCommittee", town)
  yield* found(village1, "1990-01-01", "Chi bộ thôn 1", "cell", commune)
  yield* found(village2, "1990-01-01", "Chi bộ thôn 2", "cell", commune)

  // Two official members already in the Party before the store began (opening balance).
  for (
    const [id, fullName, birthDate] of [[sponsorA, "Trần Thị Bình", "1950-02-11"], [
      sponsorB,
      "Lê Văn Cường",
      "1948-09-30"
    ]] as const
  ) {
    yield* record(
      id,
      c("ImportMember", "1993-01-01", {
        orgId: village1,
        person: { fullName, birthDate, gender: fullName.includes("Thị") ? "female" : "male", religion: null },
        basis: "openingBalance",
        status: "official",
        admissionDecidedOn: "1975-03-10",
        ceremonyOn: "1975-03-26",
        officialOn: "1976-03-26"
      })
    )
  }

  // #region admission
  // Quần chúng ưu tú → đảng viên dự bị → đảng viên chính thức.
  yield* record(
    an,
    c("RegisterCandidate", "1993-03-01", {
      orgId: village1,
      person: {
        fullName: "Nguyễn Văn An",
        birthDate: "1970-05-20",
        gender: "male",
        religion: null,
        education: "upperSecondary"
      },
      sourceGroup: "youthUnion"
    })
  )
  yield* record(an, c("CompleteAwarenessCourse", "1993-04-10", { certificateNo: "123/CN" }))
  yield* record(
    an,
    c("AssignSponsors", "1993-06-01", {
      sponsors: [
        { kind: "member", memberId: sponsorA, knownSince: "1991-01-01" },
        { kind: "member", memberId: sponsorB, knownSince: "1990-06-01" }
      ]
    })
  )
  yield* record(an, c("PassBranchResolution", "1993-08-15", { purpose: "admission", officialMembers: 8, votesFor: 7 }))
  yield* record(an, c("DecideAdmission", "1993-09-20", { decidedBy: town, kind: "first", decisionNo: "45-QĐ/HU" }))
  yield* record(an, c("HoldCeremony", "1993-10-10", {}))
  // Official exactly 12 months after the ceremony (PRB-03).
  yield* record(an, c("RecognizeOfficial", "1994-10-10", { decisionNo: "12-QĐ/HU" }))
  // #endregion admission
  yield* record(
    an,
    c("PassBranchResolution", "1994-10-20", { purpose: "recognition", officialMembers: 9, votesFor: 9 })
  )
  yield* record(an, c("IssueCard", "1995-02-03", { cardNo: "35.001234" }))
  yield* record(an, c("Rate", "1995-12-20", { period: "1995", level: "good" }))
  // Moving to the next village: letter issued, then presented within 30 working days (TRF-02).
  yield* record(an, c("TransferOut", "2005-03-01", { kind: "official", toOrgId: village2, letterNo: "07/GGT" }))
  yield* record(an, c("TransferIn", "2005-03-15", { orgId: village2 }))
  yield* record(an, c("Rate", "2022-12-15", { period: "2022", level: "excellent" }))

  // #region badge
  // Party age reaches 30 years on 2023-09-20; the first occasion after it is 7/11 (BDG-02).
  const { state } = yield* record(
    an,
    c("AwardBadge", "2023-11-07", {
      milestone: 30,
      occasion: "11-07",
      posthumous: false,
      early: false
    })
  )
  // #endregion badge

  const membership = Member.membership(state)!
  const history = yield* (yield* EventStore.EventStore).readStream(Ids.memberStream(an))
  return {
    status: state.status,
    partyAgeYears: PartyAge.years(membership, "2023-12-31"),
    badges: state.badges.map((b) => b.milestone),
    cardNo: state.card?.cardNo,
    orgId: state.orgId,
    timeline: history.map((e) => `${e.occurredOn}  ${e.type}`)
  } satisfies Summary
})

// #region refused
/** A refused command: a second 30-year badge (BDG-06). */
export const secondBadge = record(
  an,
  c("AwardBadge", "2024-02-03", {
    milestone: 30,
    occasion: "02-03",
    posthumous: false,
    early: false
  })
)
// #endregion refused
