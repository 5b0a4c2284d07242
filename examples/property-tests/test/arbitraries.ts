/**
 * The arbitraries and run parameters the example's property tests share: a world of a few members in
 * one organisation tree, and interleavings of its streams.
 */
import type { Calendar, Envelope } from "@dangvien/core"
import { MemberHistory, OrgHistory } from "@dangvien/testing"
import * as fc from "fast-check"

// #region params
/**
 * A fixed seed, so CI is deterministic and a failure replays; `FC_SEED` and `FC_RUNS` explore
 * further (`FC_SEED=7 FC_RUNS=500 vitest run --project example-property-tests`).
 */
export const params = (numRuns: number): { readonly seed: number; readonly numRuns: number } => ({
  seed: Number(process.env["FC_SEED"] ?? 20261122),
  numRuns: Number(process.env["FC_RUNS"] ?? numRuns)
})
// #endregion params

// #region world
/** A few members living in one organisation tree: what a roster of several branches needs. */
export interface World {
  readonly tree: OrgHistory.OrgTree
  readonly members: ReadonlyArray<MemberHistory.MemberHistory>
  /** The tree's events, then each member's stream. */
  readonly envelopes: ReadonlyArray<Envelope.Envelope>
}

/**
 * A life in the tree: whole, or stopped (`stopWhen`) at a moment a roster finds hard — on
 * probation after the ceremony, or in transit between two branches.
 */
const life = (orgTree: OrgHistory.OrgTree): fc.Arbitrary<MemberHistory.MemberHistory> =>
  fc.oneof(
    { arbitrary: MemberHistory.memberHistory({ orgTree, maxEvents: 80 }), weight: 3 },
    MemberHistory.memberHistory({
      orgTree,
      stopWhen: (s) => s.status === "probationary" && s.ceremonyOn !== undefined
    }),
    MemberHistory.memberHistory({ orgTree, stopWhen: (s) => s.transit !== undefined })
  )

export const world = (maxMembers = 6): fc.Arbitrary<World> =>
  OrgHistory.orgTree().chain((tree) =>
    fc.uniqueArray(life(tree), { minLength: 2, maxLength: maxMembers, selector: (m) => m.memberId }).map((
      members
    ) => ({ tree, members, envelopes: [...tree.events, ...members.flatMap((m) => m.events)] }))
  )
// #endregion world

/** The last date anything happens in a world: where "today's" roster stands. */
export const lastDate = (envelopes: ReadonlyArray<Envelope.Envelope>): Calendar.CalendarDate =>
  envelopes.reduce((d, e) => (e.occurredOn > d ? e.occurredOn : d), "0000-01-01")

// #region interleave
/**
 * One global order of the envelopes that keeps each stream's own order — any order a store could
 * have recorded them in. `picks` choose the next stream; they shrink towards "one stream after
 * another".
 */
export const interleave = (
  envelopes: ReadonlyArray<Envelope.Envelope>,
  picks: ReadonlyArray<number>
): ReadonlyArray<Envelope.Envelope> => {
  const queues = new Map<string, Array<Envelope.Envelope>>()
  for (const e of envelopes) queues.set(e.stream, [...(queues.get(e.stream) ?? []), e])
  const pending = [...queues.values()]
  const out: Array<Envelope.Envelope> = []
  for (let i = 0; pending.length > 0; i++) {
    const k = (picks[i] ?? 0) % pending.length
    out.push(pending[k]!.shift()!)
    if (pending[k]!.length === 0) pending.splice(k, 1)
  }
  return out
}
// #endregion interleave
