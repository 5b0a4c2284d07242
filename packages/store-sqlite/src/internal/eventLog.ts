/**
 * The `events` table behind `SqliteEventStore`: prepared statements and synchronous operations.
 * An append runs from `BEGIN IMMEDIATE` to `COMMIT` without yielding, so within the process it is
 * atomic with respect to Effect fibers, and SQLite's write lock serialises it with other
 * connections and processes. Outcomes are plain values; `SqliteEventStore.ts` turns them into
 * tagged errors. Driver exceptions propagate (after a rollback) to its `Effect.try`.
 *
 * The semantics are those of the in-memory store of `@dangvien/core`: idempotency by event id
 * (`EventStore.isSameEvent`), the version check only when the batch has new events (an empty
 * batch only checks the version), 1-based stream versions, global positions from 1.
 *
 * @internal
 */
import type { Envelope } from "@dangvien/core/Envelope"
import {
  type BatchItem,
  type ExpectedVersion,
  ExpectedVersion as Expected,
  isSameEvent,
  type NewEvent
} from "@dangvien/core/EventStore"
import type { EventId, StreamName } from "@dangvien/core/Ids"
import type { DatabaseSync } from "node:sqlite"
import type { Transactions } from "./database.ts"
import { inserter } from "./inserter.ts"
import { columns, lastPositionQuery, type Reader, reader } from "./rows.ts"

/** The outcome of appending a batch of items. */
export type AppendOutcome =
  | {
    readonly _tag: "Appended"
    /** Per item: its stream's version after it and the position of each of its events. */
    readonly items: ReadonlyArray<{ readonly streamVersion: number; readonly positions: ReadonlyArray<number> }>
    readonly appended: number
  }
  | {
    readonly _tag: "Conflict"
    readonly stream: StreamName
    readonly expected: ExpectedVersion
    readonly actual: number
  }
  | { readonly _tag: "Duplicate"; readonly stream: StreamName; readonly eventId: EventId }

/** The log's operations on one connection. */
export interface EventLog {
  /** Appends every item, in order, in one transaction: all are written or none. */
  readonly append: (items: ReadonlyArray<BatchItem>) => AppendOutcome
  readonly readStream: (stream: StreamName, fromVersion: number) => Array<Envelope>
  readonly streamVersion: (stream: StreamName) => number
  /** Up to `limit` envelopes with a position greater than `afterPosition`, in position order. */
  readonly readAll: (afterPosition: number, limit: number) => Array<Envelope>
  readonly lastPosition: () => number
}

/** An event appended earlier in the same call: what a repeat of its id is compared with. */
interface Pending {
  readonly stream: StreamName
  readonly event: NewEvent
  position: number
}

const asStored = (p: Pending): Envelope => ({ ...p.event, stream: p.stream }) as Envelope

/** Prepares the statements of the log on a migrated connection. */
export const make = (db: DatabaseSync, tx: Transactions, options: { readonly arrays?: boolean } = {}): EventLog => {
  const readStream: Reader = reader(
    db.prepare(`SELECT ${columns} FROM events WHERE stream = ? AND stream_version >= ? ORDER BY stream_version`),
    options
  )
  const readAll: Reader = reader(
    db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    options
  )
  // One lookup for all the ids of a call (a JSON array of ids): far cheaper than one per event.
  const storedWithIds: Reader = reader(
    db.prepare(`SELECT ${columns} FROM events WHERE id IN (SELECT value FROM json_each(?))`),
    options
  )
  const versionOf = db.prepare(
    "SELECT stream_version AS version FROM events WHERE stream = ? ORDER BY stream_version DESC LIMIT 1"
  )
  const maxPosition = db.prepare(lastPositionQuery)
  const insert = inserter(db)

  const streamVersion = (stream: StreamName): number => Number(versionOf.get(stream)?.["version"] ?? 0)
  const lastPosition = (): number => Number(maxPosition.get()?.["position"] ?? 0)

  const appendAll = (items: ReadonlyArray<BatchItem>): AppendOutcome => {
    const ids: Array<string> = []
    for (const item of items) for (const e of item.events) ids.push(e.id)
    const stored = new Map<string, Envelope>()
    if (ids.length > 0) { for (const e of storedWithIds(JSON.stringify(ids))) stored.set(e.id, e) }
    const pending = new Map<string, Pending>()
    let next = lastPosition() + 1
    /** Versions of the streams written by this call: their rows may still be in the insert buffer. */
    const versions = new Map<StreamName, number>()
    insert.clear()
    let appended = 0
    const results: Array<{ readonly streamVersion: number; readonly positions: ReadonlyArray<number> }> = []
    for (const { events, expected, stream } of items) {
      const current = versions.get(stream) ?? streamVersion(stream)
      // Classify: stored already (skip), repeated earlier in this call (skip), new, or a different
      // event under a taken id.
      const positions: Array<number> = []
      const fresh: Array<{ readonly index: number; readonly pending: Pending }> = []
      const repeats: Array<{ readonly index: number; readonly of: Pending }> = []
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!
        const before = stored.get(event.id)
        if (before !== undefined) {
          if (!isSameEvent(before, stream, event)) return { _tag: "Duplicate", stream, eventId: event.id }
          positions.push(before.position!)
          continue
        }
        const earlier = pending.get(event.id)
        if (earlier !== undefined) {
          if (!isSameEvent(asStored(earlier), stream, event)) return { _tag: "Duplicate", stream, eventId: event.id }
          repeats.push({ index: i, of: earlier })
          positions.push(earlier.position) // 0 while the earlier occurrence is in this item: resolved below
          continue
        }
        const p: Pending = { stream, event, position: 0 }
        pending.set(event.id, p)
        fresh.push({ index: i, pending: p })
        positions.push(0)
      }
      if (events.length > 0 && fresh.length === 0) {
        results.push({ streamVersion: current, positions })
        continue
      }
      if (!Expected.matches(expected, current)) return { _tag: "Conflict", stream, expected, actual: current }
      let version = current
      for (const { index, pending: p } of fresh) {
        const e = p.event
        p.position = next++
        positions[index] = p.position
        insert.row(
          p.position,
          e.id,
          stream,
          ++version,
          e.type,
          e.schemaVersion,
          e.occurredOn,
          e.recordedAt,
          JSON.stringify(e.data),
          e.meta === undefined ? null : JSON.stringify(e.meta)
        )
      }
      // A repeat of an event first seen in this item takes its position once it is assigned.
      for (const r of repeats) positions[r.index] = r.of.position
      versions.set(stream, version)
      appended += fresh.length
      results.push({ streamVersion: version, positions })
    }
    insert.flush()
    return { _tag: "Appended", items: results, appended }
  }

  return {
    append: (items) => tx.write(() => appendAll(items), (o) => o._tag === "Appended" && o.appended > 0),
    readStream: (stream, fromVersion) => readStream(stream, Math.max(1, fromVersion)),
    streamVersion,
    readAll: (afterPosition, limit) => readAll(Math.max(0, afterPosition), limit),
    lastPosition
  }
}
