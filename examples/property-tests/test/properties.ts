/**
 * The properties of a roster projection, written once for any `Projection<Roster>`: the example's
 * tests assert them of `BranchRoster.projection()`, and `counterexample.test.ts` shows them catching
 * a wrong one.
 */
import {
  type Calendar,
  type Envelope,
  Ids,
  Member,
  MemberCommand,
  MemberDecider,
  type OrganizationRegistry,
  type Projection,
  Statistics
} from "@dangvien/core"
import { MemberHistory } from "@dangvien/testing"
import { Result } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as BranchRoster from "../src/BranchRoster.ts"
import { lastDate, world } from "./arbitraries.ts"

/** Folds envelopes with a projection, as the runner would. */
export const fold = <S>(projection: Projection.Projection<S>, envelopes: Iterable<Envelope.Envelope>): S => {
  let state = projection.initial
  for (const e of envelopes) state = projection.apply(state, e)
  return state
}

// #region reference
/**
 * The reference: the roster line the core's own fold of a member (`Member.State`) implies on `on`,
 * merges resolved by the organisation registry.
 */
export const expectedEntry = (
  memberId: Ids.MemberId,
  state: Member.State,
  registry: OrganizationRegistry.Registry,
  on: Calendar.CalendarDate
): ReadonlyArray<BranchRoster.Entry> => {
  if (state.status !== "probationary" && state.status !== "official") return []
  const branch = state.orgId === undefined ? undefined : registry.resolve(state.orgId, on)
  if (branch === undefined) return []
  const ends = state.status === "probationary" ? Member.probationEnd(state) : undefined
  return [{
    memberId,
    fullName: state.person?.fullName ?? "",
    status: state.status,
    branch,
    ...(ends === undefined ? {} : { probationEndsOn: ends })
  }]
}
// #endregion reference

const byId = (a: BranchRoster.Entry, b: BranchRoster.Entry) => (a.memberId < b.memberId ? -1 : 1)

// #region agrees
/** Every line of the roster is what the core's fold of that member says, and nobody is missing. */
export const agreesWithMemberState = (projection: Projection.Projection<BranchRoster.Roster>) =>
  fc.property(world(), (w) => {
    const on = lastDate(w.envelopes)
    const roster = fold(projection, w.envelopes)
    const expected = w.members.flatMap((m) => expectedEntry(m.memberId, m.state, w.tree.registry, on))
    expect([...BranchRoster.entries(roster)].sort(byId)).toEqual(expected.sort(byId))
  })

/** The headcounts are those of `Statistics.headcounts` for the whole province on the last date. */
export const agreesWithStatistics = (projection: Projection.Projection<BranchRoster.Roster>) =>
  fc.property(world(), (w) => {
    const expected = Statistics.headcounts(Statistics.make(w.envelopes), {
      org: w.tree.provinceId,
      asOf: lastDate(w.envelopes)
    })
    expect(Result.succeed(BranchRoster.headcounts(fold(projection, w.envelopes)))).toEqual(expected)
  })
// #endregion agrees

// #region retraction
/**
 * Retracting any event of a history — a retraction the member decider accepts — leaves the roster
 * as if the event had never been recorded, and as `Member.evolve` says.
 */
export const survivesRetraction = (projection: Projection.Projection<BranchRoster.Roster>) =>
  fc.property(MemberHistory.memberHistory({ maxEvents: 60 }), fc.nat(), (h, pick) => {
    const candidates = h.events.filter((e) => !h.state.neutralised.has(e.id) && e.type !== "EventRetracted")
    const target = candidates[pick % candidates.length]!
    const on = lastDate(h.events)
    const command = MemberCommand.make("Retract", on, { eventId: target.id, reason: "Nhập nhầm hồ sơ" })
    const decided = MemberDecider.decide(command, h.state, h.context)
    // After a death only corrections are recorded: the decider refuses; fast-check draws another case.
    fc.pre(Result.isSuccess(decided))
    const recordedAt = new Date(Date.parse(h.events.at(-1)!.recordedAt) + 60_000).toISOString()
    const retraction: Envelope.MemberEnvelope = {
      ...decided.success[0]!,
      id: Ids.eventId(Ids.makeUlid(Date.parse(recordedAt), 1n)),
      stream: h.stream,
      schemaVersion: 1,
      recordedAt
    }
    const after = fold(projection, [...h.orgTree.events, ...h.events, retraction])
    const never = fold(projection, [...h.orgTree.events, ...h.events.filter((e) => e.id !== target.id)])
    expect(BranchRoster.entries(after)).toEqual(BranchRoster.entries(never))
    expect(BranchRoster.entries(after)).toEqual(
      expectedEntry(h.memberId, Member.evolve(h.state, retraction), h.orgTree.registry, on)
    )
  })
// #endregion retraction
