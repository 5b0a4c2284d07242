/**
 * The store behind `Statistics`: every envelope once, grouped by member stream, with each member's
 * timeline built lazily and cached, and the organisation registry grown in place. Views "as known
 * at" an instant rebuild only what changed after it.
 */
import type { CalendarDate } from "../Calendar.ts"
import type { Envelope, MemberEnvelope, OrgEnvelope } from "../Envelope.ts"
import { isOrgEnvelope } from "../Envelope.ts"
import { type MemberId, parseStream } from "../Ids.ts"
import * as OrganizationRegistry from "../OrganizationRegistry.ts"
import * as Timeline from "../Timeline.ts"
import { knownEvents } from "./memberHistory.ts"

interface MemberEntry {
  readonly envelopes: Array<MemberEnvelope>
  lastRecordedMs: number
  timeline: Timeline.Timeline | undefined
}

/** The organisation tree as known at an instant. */
export interface Structure {
  readonly registry: OrganizationRegistry.Registry
  /** Every date on which a unit was founded, reparented, merged or dissolved, in order: the tree changes on no other date. */
  readonly structureDates: ReadonlyArray<CalendarDate>
}

/** What a query reads: the tree and the timelines as known at an instant. */
export interface View extends Structure {
  readonly timelines: ReadonlyArray<Timeline.Timeline>
}

const structural = new Set([
  "OrganizationFounded",
  "OrganizationReparented",
  "OrganizationMerged",
  "OrganizationDissolved"
])

/** Inserts a date into a sorted list of distinct dates. */
const insertDate = (dates: Array<CalendarDate>, d: CalendarDate): void => {
  let lo = 0
  let hi = dates.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (dates[mid]! < d) lo = mid + 1
    else hi = mid
  }
  if (dates[lo] !== d) dates.splice(lo, 0, d)
}

export interface Store {
  readonly add: (envelope: Envelope) => void
  readonly envelopes: () => ReadonlyArray<Envelope>
  readonly size: () => number
  readonly view: (knownAt: string | undefined) => View
  /** The tree alone (no timelines built). */
  readonly structure: (knownAt: string | undefined) => Structure
  /** Each member's events known at the instant, as `knownEvents` gives them (for full states on a date). */
  readonly histories: (knownAt: string | undefined) => ReadonlyArray<History>
}

/** One member's known events, in date order, neutralised ones left out. */
export interface History {
  readonly memberId: MemberId
  readonly events: ReadonlyArray<MemberEnvelope>
}

const stores = new WeakMap<object, Store>()

/** Ties a public index to its store (done once, by `Statistics.make`). */
export const attachStore = (index: object, store: Store): void => {
  stores.set(index, store)
}

/** The store behind an index made by `Statistics.make`: the accessor the audit and badges use. */
export const storeOf = (index: object): Store => stores.get(index)!

export const makeStore = (): Store => {
  const members = new Map<MemberId, MemberEntry>()
  const orgEnvelopes: Array<OrgEnvelope> = []
  const structureDates: Array<CalendarDate> = []
  const all: Array<Envelope> = []
  let orgLastRecordedMs = Number.NEGATIVE_INFINITY
  const registry = OrganizationRegistry.makeGrowing()

  const add = (e: Envelope): void => {
    const parsed = parseStream(e.stream)
    if (parsed === undefined) return
    all.push(e)
    const ms = Date.parse(e.recordedAt)
    if (isOrgEnvelope(e)) {
      orgEnvelopes.push(e)
      if (ms > orgLastRecordedMs) orgLastRecordedMs = ms
      if (structural.has(e.type)) insertDate(structureDates, e.occurredOn)
      registry.apply(e)
      return
    }
    if (parsed.kind !== "member") return
    const entry = members.get(parsed.id)
    if (entry === undefined) {
      members.set(parsed.id, { envelopes: [e as MemberEnvelope], lastRecordedMs: ms, timeline: undefined })
    } else {
      entry.envelopes.push(e as MemberEnvelope)
      if (ms > entry.lastRecordedMs) entry.lastRecordedMs = ms
      entry.timeline = undefined
    }
  }

  const structure = (knownAt: string | undefined): Structure => ({
    registry: knownAt === undefined || orgLastRecordedMs <= Date.parse(knownAt)
      ? registry
      : OrganizationRegistry.make(orgEnvelopes.filter((e) => Timeline.isKnownAt(e, knownAt))),
    // A superset of the known dates when knownAt hides some: still dates the tree may change on.
    structureDates
  })

  const view = (knownAt: string | undefined): View => {
    const knownMs = knownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(knownAt)
    const timelines: Array<Timeline.Timeline> = []
    for (const [id, entry] of members) {
      if (entry.lastRecordedMs <= knownMs) {
        entry.timeline ??= Timeline.make(id, entry.envelopes)
        timelines.push(entry.timeline)
      } else {
        timelines.push(Timeline.make(id, entry.envelopes, { knownAt }))
      }
    }
    return { ...structure(knownAt), timelines }
  }

  const histories = (knownAt: string | undefined): ReadonlyArray<History> =>
    Array.from(members, ([memberId, entry]) => ({ memberId, events: knownEvents(memberId, entry.envelopes, knownAt) }))

  return { add, envelopes: () => all, size: () => all.length, view, structure, histories }
}
