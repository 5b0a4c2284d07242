/**
 * The pure half of an append: given what the database holds for the batch (the stored events with
 * the batch's ids, each stream's version, the last position), decide what to write — or refuse —
 * with exactly the rules of the in-memory store:
 *
 * - an event whose id is stored with identical content is skipped (its stored position reported);
 *   a different event under a stored id, or twice in the batch with different content, is a
 *   `Duplicate`, found before any version check;
 * - an item made only of already-stored events succeeds as a no-op whatever its expected version;
 *   otherwise (an empty item included) the expected version is checked against the stream's
 *   version as the items before it in the batch leave it;
 * - the new events get consecutive stream versions and global positions, in batch order.
 *
 * The adapter runs it under the append lock, so the state it is given cannot change before the
 * rows it returns are inserted.
 *
 * @internal
 */
import type { Envelope } from "@dangvien/core/Envelope"
import { type BatchItem, ExpectedVersion, isSameEvent, type NewEvent } from "@dangvien/core/EventStore"
import type { EventId, StreamName } from "@dangvien/core/Ids"

/** What the database holds for a batch, read under the append lock. */
export interface State {
  /** Stored events whose id appears in the batch, by id (with `position`). */
  readonly stored: ReadonlyMap<string, Envelope>
  /** The version of each stream of the batch before it (absent: 0). */
  readonly versions: ReadonlyMap<string, number>
  /** The last global position before the batch (0 for an empty store). */
  readonly lastPosition: number
}

/** A row to insert. */
export interface Row {
  readonly position: number
  readonly streamVersion: number
  readonly stream: StreamName
  readonly event: NewEvent
}

/** What one item of the batch comes to. */
export interface ItemResult {
  readonly streamVersion: number
  readonly positions: ReadonlyArray<number>
  readonly appended: number
}

/** The outcome of planning. */
export type Plan =
  | {
    readonly _tag: "Write"
    /** Rows to insert, positions consecutive from `lastPosition + 1`. */
    readonly rows: ReadonlyArray<Row>
    readonly items: ReadonlyArray<ItemResult>
  }
  | {
    readonly _tag: "Conflict"
    readonly stream: StreamName
    readonly expected: ExpectedVersion
    readonly actual: number
  }
  | { readonly _tag: "Duplicate"; readonly stream: StreamName; readonly eventId: EventId }

/** Plans the append of `items`, in order, onto `state`. */
export const plan = (items: ReadonlyArray<BatchItem>, state: State): Plan => {
  // New events of this batch by id: their stream, content and (once assigned) position.
  const seen = new Map<string, { readonly stream: StreamName; readonly event: NewEvent; position: number }>()
  const running = new Map<string, number>()
  const rows: Array<Row> = []
  const results: Array<ItemResult> = []
  let position = state.lastPosition
  for (const item of items) {
    const { events, expected, stream } = item
    const fresh: Array<{ readonly event: NewEvent; readonly slot: number }> = []
    const positions: Array<number> = []
    const pending: Array<{ readonly slot: number; readonly id: string }> = []
    for (const event of events) {
      const stored = state.stored.get(event.id)
      if (stored !== undefined) {
        if (!isSameEvent(stored, stream, event)) return { _tag: "Duplicate", stream, eventId: event.id }
        positions.push(stored.position!)
        continue
      }
      const earlier = seen.get(event.id)
      if (earlier !== undefined) {
        const asStored = { ...earlier.event, stream: earlier.stream } as Envelope
        if (!isSameEvent(asStored, stream, event)) return { _tag: "Duplicate", stream, eventId: event.id }
        pending.push({ slot: positions.length, id: event.id })
        positions.push(0)
        continue
      }
      seen.set(event.id, { stream, event, position: 0 })
      fresh.push({ event, slot: positions.length })
      positions.push(0)
    }
    const current = running.get(stream) ?? state.versions.get(stream) ?? 0
    if ((events.length === 0 || fresh.length > 0) && !ExpectedVersion.matches(expected, current)) {
      return { _tag: "Conflict", stream, expected, actual: current }
    }
    let version = current
    for (const { event, slot } of fresh) {
      position++
      version++
      rows.push({ position, streamVersion: version, stream, event })
      seen.get(event.id)!.position = position
      positions[slot] = position
    }
    for (const { id, slot } of pending) positions[slot] = seen.get(id)!.position
    running.set(stream, version)
    results.push({ streamVersion: version, positions, appended: fresh.length })
  }
  return { _tag: "Write", rows, items: results }
}
