/**
 * A member's history as the statistics read it: the events of the stream known at an instant, in
 * date order, with retracted events and annulled disciplines left out (as if they never happened).
 * `Timeline` builds on it, and so does the audit when it needs a member's full state on a date.
 */
import type { Envelope, MemberEnvelope } from "../Envelope.ts"
import type { EventId, MemberId } from "../Ids.ts"
import * as Member from "../Member.ts"
import { instantMs } from "./instant.ts"

/**
 * The member's events from envelopes of the member's stream (others are skipped; with `knownAt`, so
 * are envelopes recorded after it), in date order with ties in stream order (a stable sort:
 * `OfficialRecognized` may come after events dated later than it, STR-02), without the neutralised
 * events and without the retractions and annulments themselves.
 */
export const knownEvents = (
  memberId: MemberId,
  envelopes: Iterable<Envelope>,
  knownAt: string | undefined
): Array<MemberEnvelope> => {
  const stream = `member-${memberId}`
  const known: Array<MemberEnvelope> = []
  const neutralised = new Set<EventId>()
  const knownMs = knownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(knownAt)
  for (const e of envelopes) {
    if (e.stream !== stream || instantMs(e.recordedAt) > knownMs) continue
    const m = e as MemberEnvelope
    if (m.type === "EventRetracted") neutralised.add(m.data.eventId)
    else if (m.type === "DisciplineAnnulled") neutralised.add(m.data.disciplineEventId)
    else known.push(m)
  }
  const kept = known.filter((e) => !neutralised.has(e.id))
  kept.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0))
  return kept
}

/**
 * The member's state at the end of `d` from `knownEvents` (folded with `Member`'s own semantics;
 * past ratings are not kept, see `Member.evolveWithoutHistory`).
 */
export const stateOn = (events: ReadonlyArray<MemberEnvelope>, d: string): Member.State => {
  let state = Member.initialState
  for (const e of events) {
    if (e.occurredOn > d) break
    state = Member.evolveWithoutHistory(state, e)
  }
  return state
}
