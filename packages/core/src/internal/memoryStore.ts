/**
 * The in-memory event log behind `EventStore.layerMemory`: a plain, synchronous data structure
 * (a `Map` of stream → envelopes, an array for the global log, a `Map` of id → envelope). Every
 * method runs to completion without yielding, so a call is atomic with respect to Effect fibers;
 * `EventStore.ts` wraps it in Effects and turns outcomes into tagged errors.
 *
 * @internal
 */
import * as Envelope from "../Envelope.ts"
import type { ExpectedVersion, NewEvent } from "../EventStore.ts"
import type { EventId, StreamName } from "../Ids.ts"
import type { MemberEvent } from "../MemberEvent.ts"
import type { OrgEvent } from "../OrgEvent.ts"

/** @internal */
export type AppendOutcome =
  | {
    readonly _tag: "Appended"
    readonly streamVersion: number
    readonly positions: ReadonlyArray<number>
    readonly appended: number
  }
  | { readonly _tag: "Conflict"; readonly actual: number }
  | { readonly _tag: "Duplicate"; readonly eventId: EventId }

/** JSON with object keys sorted and `undefined` members dropped: equal values, equal strings. */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value))

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== "object" || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key]
    if (v !== undefined) out[key] = sortKeys(v)
  }
  return out
}

/** What an event says, but for its place in the log and its recording instant. */
export const eventContent = (stream: string, e: Omit<NewEvent, "id" | "recordedAt">) => ({
  stream,
  type: e.type,
  schemaVersion: e.schemaVersion,
  occurredOn: e.occurredOn,
  data: e.data,
  meta: e.meta
})

/** The identity of an event for idempotency: everything but its place in the log. */
export const contentKey = (stream: string, e: NewEvent): string =>
  canonicalJson({ ...eventContent(stream, e), recordedAt: e.recordedAt })

/** Is this new event, appended to `stream`, the very event already stored? */
export const isSameEvent = (stored: Envelope.Envelope, stream: string, event: NewEvent): boolean =>
  contentKey(stored.stream, stored) === contentKey(stream, event)

/** Does the actual version satisfy the expectation? */
export const matches = (expected: ExpectedVersion, actual: number): boolean => {
  switch (expected._tag) {
    case "Any":
      return true
    case "NoStream":
      return actual === 0
    case "Exact":
      return actual === expected.version
  }
}

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

const empty: ReadonlyArray<Envelope.Envelope> = []

/** @internal */
export interface MemoryStore {
  readonly append: (stream: StreamName, events: ReadonlyArray<NewEvent>, expected: ExpectedVersion) => AppendOutcome
  readonly readStream: (stream: StreamName, fromVersion: number) => ReadonlyArray<Envelope.Envelope>
  readonly streamVersion: (stream: StreamName) => number
  /** Up to `limit` envelopes with a position greater than `afterPosition`. */
  readonly readAll: (afterPosition: number, limit: number) => ReadonlyArray<Envelope.Envelope>
  readonly lastPosition: () => number
  /** Appends to several streams atomically: every item is checked before anything is written. */
  readonly appendBatch: (
    items: ReadonlyArray<
      { readonly stream: StreamName; readonly events: ReadonlyArray<NewEvent>; readonly expected: ExpectedVersion }
    >
  ) =>
    | { readonly _tag: "Appended"; readonly appended: number }
    | (AppendOutcome & { readonly stream: StreamName; readonly index: number })
}

/** A new, empty in-memory store. */
export const make = (): MemoryStore => {
  const streams = new Map<string, Array<Envelope.Envelope>>()
  const log: Array<Envelope.Envelope> = []
  const byId = new Map<string, Envelope.Envelope>()

  const append = (stream: StreamName, events: ReadonlyArray<NewEvent>, expected: ExpectedVersion): AppendOutcome => {
    const current = streams.get(stream)?.length ?? 0
    // Classify the batch: stored already (skip), new, or a different event under a taken id.
    const positions: Array<number> = []
    const fresh: Array<{ readonly index: number; readonly event: NewEvent }> = []
    const inBatch = new Map<string, NewEvent>()
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!
      const stored = byId.get(event.id)
      if (stored !== undefined) {
        if (!isSameEvent(stored, stream, event)) return { _tag: "Duplicate", eventId: event.id }
        positions.push(stored.position!)
        continue
      }
      const earlier = inBatch.get(event.id)
      if (earlier !== undefined) {
        if (contentKey(stream, earlier) !== contentKey(stream, event)) return { _tag: "Duplicate", eventId: event.id }
        positions.push(-1) // resolved below to the earlier occurrence's position
        continue
      }
      inBatch.set(event.id, event)
      fresh.push({ index: i, event })
      positions.push(0)
    }
    if (events.length > 0 && fresh.length === 0) {
      return { _tag: "Appended", streamVersion: current, positions, appended: 0 }
    }
    if (!matches(expected, current)) return { _tag: "Conflict", actual: current }

    let target = streams.get(stream)
    if (target === undefined) {
      target = []
      streams.set(stream, target)
    }
    for (const { event, index } of fresh) {
      const envelope = deepFreeze(
        Envelope.make(
          {
            id: event.id,
            stream,
            schemaVersion: event.schemaVersion,
            recordedAt: event.recordedAt,
            ...(event.meta === undefined ? {} : { meta: structuredClone(event.meta) }),
            streamVersion: target.length + 1,
            position: log.length + 1
          },
          { type: event.type, occurredOn: event.occurredOn, data: structuredClone(event.data) } as
            | MemberEvent
            | OrgEvent
        )
      )
      target.push(envelope)
      log.push(envelope)
      byId.set(envelope.id, envelope)
      positions[index] = envelope.position!
    }
    for (let i = 0; i < positions.length; i++) {
      if (positions[i] === -1) positions[i] = byId.get(events[i]!.id)!.position!
    }
    return { _tag: "Appended", streamVersion: target.length, positions, appended: fresh.length }
  }

  /**
   * The outcome an append would have after the earlier items of a batch, without writing: `seen`
   * carries ids across the batch, `pending` the events earlier items add to each stream.
   */
  const dryRun = (
    stream: StreamName,
    events: ReadonlyArray<NewEvent>,
    expected: ExpectedVersion,
    seen: Map<string, { readonly stream: StreamName; readonly event: NewEvent }>,
    pending: Map<string, number>
  ): AppendOutcome | undefined => {
    const current = (streams.get(stream)?.length ?? 0) + (pending.get(stream) ?? 0)
    let fresh = 0
    for (const event of events) {
      const stored = byId.get(event.id)
      if (stored !== undefined) {
        if (!isSameEvent(stored, stream, event)) return { _tag: "Duplicate", eventId: event.id }
        continue
      }
      const earlier = seen.get(event.id)
      if (earlier !== undefined) {
        if (contentKey(earlier.stream, earlier.event) !== contentKey(stream, event)) {
          return { _tag: "Duplicate", eventId: event.id }
        }
        continue
      }
      seen.set(event.id, { stream, event })
      fresh++
    }
    // As `append`: a batch of events all stored already is a no-op; otherwise the version counts.
    if ((events.length === 0 || fresh > 0) && !matches(expected, current)) return { _tag: "Conflict", actual: current }
    pending.set(stream, (pending.get(stream) ?? 0) + fresh)
    return undefined
  }

  const appendBatch: MemoryStore["appendBatch"] = (items) => {
    const seen = new Map<string, { readonly stream: StreamName; readonly event: NewEvent }>()
    const pending = new Map<string, number>()
    for (const [index, item] of items.entries()) {
      const refused = dryRun(item.stream, item.events, item.expected, seen, pending)
      if (refused !== undefined) return { ...refused, stream: item.stream, index }
    }
    let appended = 0
    for (const item of items) {
      const outcome = append(item.stream, item.events, item.expected)
      if (outcome._tag === "Appended") appended += outcome.appended
    }
    return { _tag: "Appended", appended }
  }

  return {
    append,
    appendBatch,
    readStream: (stream, fromVersion) => {
      const events = streams.get(stream) ?? empty
      return fromVersion <= 1 ? events.slice() : events.slice(fromVersion - 1)
    },
    streamVersion: (stream) => streams.get(stream)?.length ?? 0,
    readAll: (afterPosition, limit) => log.slice(Math.max(0, afterPosition), Math.max(0, afterPosition) + limit),
    lastPosition: () => log.length
  }
}
