/**
 * Members' full names (họ và tên) for the rows of `badges`, `audit` and `excellent` and the sponsors
 * of `member`: the name of the candidate record (`CandidateRegistered`) or of the imported record
 * (`MemberImported`), as a later `PersonCorrected` corrected it (retractions honoured) — read from
 * the envelopes an index keeps (`of`), or from the members' own streams (`read`).
 *
 * @since 0.1.0
 */
import { type Envelope, EventStore, type Ids, Member } from "@dangvien/core"
import { Effect } from "effect"

/**
 * The full name of each member of `ids` found in `envelopes` (each stream in stream order), as
 * known at `knownAt` (an ISO instant) when given: what was recorded later is left out.
 *
 * @category getters
 * @since 0.1.0
 */
export const of = (
  envelopes: Iterable<Envelope.Envelope>,
  ids: Iterable<Ids.MemberId>,
  knownAt?: string
): ReadonlyMap<Ids.MemberId, string> => {
  const knownMs = knownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(knownAt)
  const states = new Map<string, Member.State>()
  for (const id of ids) states.set(`member-${id}`, Member.initialState)
  for (const e of envelopes) {
    const s = states.get(e.stream)
    if (s !== undefined && Date.parse(e.recordedAt) <= knownMs) {
      states.set(e.stream, Member.evolve(s, e as Envelope.MemberEnvelope))
    }
  }
  const names = new Map<Ids.MemberId, string>()
  for (const [stream, s] of states) {
    if (s.person !== undefined) names.set(stream.slice("member-".length) as Ids.MemberId, s.person.fullName)
  }
  return names
}

/**
 * A member as a row names it: the full name, then the stream (what `dangvien member` takes).
 *
 * @category formatting
 * @since 0.1.0
 */
export const label = (names: ReadonlyMap<Ids.MemberId, string>, id: Ids.MemberId): string => {
  const name = names.get(id)
  return name === undefined ? `member-${id}` : `${name} (member-${id})`
}

/**
 * The full names of `ids` read from their own streams (a command on the compact index, which keeps
 * no envelopes), as known at `knownAt` when given.
 *
 * @category getters
 * @since 0.1.0
 */
export const read = (
  ids: ReadonlyArray<Ids.MemberId>,
  knownAt?: string
): Effect.Effect<ReadonlyMap<Ids.MemberId, string>, EventStore.StorageError, EventStore.EventStore> =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    const unique = [...new Set(ids)]
    const streams = yield* Effect.forEach(unique, (id) => store.readStream(`member-${id}` as Ids.StreamName))
    return of(streams.flat(), unique, knownAt)
  })
