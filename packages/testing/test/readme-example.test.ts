/**
 * The examples of packages/testing/README.md (the README's code blocks are these regions, checked
 * by examples/member-lifecycle/test/docs-snippets.test.ts).
 */
import { describe, expect, it } from "vitest"
// #region imports
import { type Envelope, EventStore, Ids, Import, MemberCommand, MemberDecider, type MemberEvent } from "@dangvien/core"
import { DeciderSpec, InvalidCommand, MemberHistory, ProvinceHistory } from "@dangvien/testing"
import { Effect, Result, Stream } from "effect"
import * as fc from "fast-check"
// #endregion imports

// #region projection
/** Your projection: each member's latest quality rating per period (RAT-05), as a report shows it. */
const ratings = (events: ReadonlyArray<Envelope.MemberEnvelope>): Map<string, MemberEvent.RatingLevel> => {
  // A retracted event is neutralised: it must not count (the generator retracts some ratings).
  const retracted = new Set(events.flatMap((e) => (e.type === "EventRetracted" ? [e.data.eventId] : [])))
  const out = new Map<string, MemberEvent.RatingLevel>()
  for (const e of events) {
    if (retracted.has(e.id)) continue
    if (e.type === "QualityRated") out.set(e.data.period, e.data.level)
    if (e.type === "NotRated") out.delete(e.data.period)
  }
  return out
}

describe("my ratings projection", () => {
  it("agrees with the member state for every valid history", () => {
    fc.assert(
      fc.property(MemberHistory.memberHistory(), (history) => {
        expect(ratings(history.events)).toEqual(history.state.ratings)
      }),
      { seed: 20261122, numRuns: 100 }
    )
  })
})
// #endregion projection

// #region invalid
describe("my import screen", () => {
  it("shows the rule of every refused command", () => {
    fc.assert(
      fc.property(InvalidCommand.anyInvalidCommand, (sample) => {
        const decided = MemberDecider.decide(sample.command, sample.state, sample.context)
        expect(Result.isFailure(decided) && decided.failure.rule).toBe(sample.rule)
      }),
      { seed: 20261122, numRuns: 100 }
    )
  })
})
// #endregion invalid

// #region spec
describe("admission", () => {
  const spec = DeciderSpec.member()
  const registered: MemberEvent.MemberEvent = {
    type: "CandidateRegistered",
    occurredOn: "2023-02-06",
    data: {
      orgId: Ids.orgId("01H00000000000000000000001"),
      person: { fullName: "Giàng A Páo", birthDate: "2001-04-12", gender: "male", ethnicity: "Mông", religion: null }
    }
  }

  it("needs sponsors before the branch votes (ADM-04)", () => {
    const vote = MemberCommand.make("PassBranchResolution", "2023-06-01", {
      purpose: "admission",
      officialMembers: 12,
      votesFor: 11
    })
    spec.given([registered]).when(vote).thenRefuses("ADM-04")
  })
})
// #endregion spec

// #region province
describe("my importer and reports", () => {
  it("take a generated district: 1,000 members, 31 years, every line accepted", async () => {
    const history = ProvinceHistory.make({ members: 1_000, seed: 42 })
    const summary = await Effect.runPromise(
      Import.run(() => Stream.fromIterable(history)).pipe(Effect.provide(EventStore.layerMemory))
    )
    expect(summary.events).toBe(history.stats.events)
    expect(history.stats.membersAtEnd).toBeGreaterThan(950)
  }, 60_000)
})
// #endregion province
