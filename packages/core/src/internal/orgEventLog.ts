/**
 * The organisation events a statistics index keeps (to fold the tree as known at an earlier
 * instant, and for the compact checkpoint), as bytes: about 50 an event, where each envelope as an
 * object took about 430 — a tenth of a compact index's heap.
 *
 * Each event starts with a byte: its type's code in the low 4 bits, and flags for the parts of the
 * envelope that are often absent (`meta`, `streamVersion`, `position`, a `schemaVersion` other than
 * 1). Then its id's 130 bits (`memberIds.pack`), the organisation's number (the numbering of the
 * member columns' homes, `MemberColumns.org`), the day it occurred on, its recording instant after
 * that day's midnight (in seconds when whole), the flagged parts, and its data: names and codes as
 * UTF-8 after their length, organisations as numbers, kinds as their place in the catalog's list.
 * Integers are signed varints (`varint.ts`).
 *
 * An envelope whose every part this layout cannot give back as it came — a key the catalog does
 * not name, an id that is not a ULID, a date or instant not in the canonical form — is kept whole
 * as JSON (code 15): `at` always gives back what `add` was given.
 *
 * @internal
 */
import * as Calendar from "../Calendar.ts"
import * as Envelope from "../Envelope.ts"
import type { OrgEnvelope } from "../Envelope.ts"
import { type EventId, isUlid, type OrgId, parseStream, type StreamName } from "../Ids.ts"
import { kinds } from "../Organization.ts"
import type { OrgEvent, OrgEventType, OrgKind } from "../OrgEvent.ts"
import { Growable } from "./growable.ts"
import { instantMs } from "./instant.ts"
import { idBytes, pack, unpack } from "./memberIds.ts"
import { getSigned, putSigned } from "./varint.ts"

/**
 * Event types by code, and kinds by their place in `Organization.kinds`: saved in compact
 * checkpoints, so a new type is appended, and a change to either order changes the format.
 */
const types: ReadonlyArray<OrgEventType> = [
  "OrganizationFounded",
  "OrganizationRenamed",
  "OrganizationReparented",
  "OrganizationKindChanged",
  "OrganizationMerged",
  "OrganizationDissolved",
  "CommitteeElected",
  "AdmissionTargetSet"
]
const committeeKinds = ["chiUy", "secretary"] as const

/** The code of an envelope kept as JSON. */
const asJson = 15
const hasMeta = 16
const hasStreamVersion = 32
const hasPosition = 64
const otherSchemaVersion = 128

const dayMs = 86_400_000
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Where the log numbers organisations (the member columns' homes). */
export interface OrgNumbering {
  readonly org: (id: OrgId) => number
  readonly orgIds: ReadonlyArray<OrgId>
}

type Data = Readonly<Record<string, unknown>>

/** Has `data` only keys of `required` (all of them) and of `optional`? */
const keysAre = (data: Data, required: ReadonlyArray<string>, optional: ReadonlyArray<string> = []): boolean => {
  let n = 0
  for (const k in data) {
    if (!Object.hasOwn(data, k)) continue
    if (!required.includes(k) && !optional.includes(k)) return false
    n++
  }
  return required.every((k) => Object.hasOwn(data, k)) && n >= required.length
}

const isOrgId = (u: unknown): u is OrgId => typeof u === "string" && isUlid(u)
const isCount = (u: unknown): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0
/** A string that UTF-8 holds as it is (no lone surrogate, which would come back as U+FFFD). */
const isName = (u: unknown): u is string => typeof u === "string" && !/\p{Surrogate}/u.test(u)

/** Can the layout give `data` of an event of code `code` back as it is? */
const fits = (code: number, data: Data): boolean => {
  switch (code) {
    case 0:
      return keysAre(data, ["name", "kind", "parentId"], ["code"]) && isName(data.name) &&
        kinds.includes(data.kind as OrgKind) && (data.parentId === null || isOrgId(data.parentId)) &&
        (!Object.hasOwn(data, "code") || isName(data.code))
    case 1:
      return keysAre(data, ["name"]) && isName(data.name)
    case 2:
      return keysAre(data, ["parentId"]) && isOrgId(data.parentId)
    case 3:
      return keysAre(data, ["kind"]) && kinds.includes(data.kind as OrgKind)
    case 4:
      return keysAre(data, ["intoOrgId"]) && isOrgId(data.intoOrgId)
    case 5:
      return keysAre(data, [], ["membersMovedTo"]) &&
        (!Object.hasOwn(data, "membersMovedTo") || isOrgId(data.membersMovedTo))
    case 6:
      return keysAre(data, ["kind"], ["size"]) && committeeKinds.includes(data.kind as never) &&
        (!Object.hasOwn(data, "size") || isCount(data.size))
    case 7:
      return keysAre(data, ["year", "target"]) && isCount(data.year) && isCount(data.target)
    default:
      return false
  }
}

/** Can the layout give the envelope's header back as it is (the data aside)? */
const headerFits = (e: OrgEnvelope, day: number): boolean => {
  if (
    !keysAre(e as never, ["id", "stream", "type", "schemaVersion", "occurredOn", "recordedAt", "data"], [
      "meta",
      "streamVersion",
      "position"
    ])
  ) return false
  if (!isUlid(e.id) || parseStream(e.stream)?.kind !== "org" || !isCount(e.schemaVersion)) return false
  if (!Number.isFinite(day) || Calendar.fromDayNumber(day) !== e.occurredOn) return false
  const ms = instantMs(e.recordedAt)
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== e.recordedAt) return false
  if (e.meta !== undefined && (typeof e.meta !== "object" || e.meta === null)) return false
  return (e.streamVersion === undefined || isCount(e.streamVersion)) &&
    (e.position === undefined || isCount(e.position))
}

export class OrgEventLog {
  private bytes = new Uint8Array(4096)
  private used = 0
  /** Where each event starts. */
  private readonly starts = new Growable(Int32Array)
  private readonly numbering: OrgNumbering

  constructor(numbering: OrgNumbering) {
    this.numbering = numbering
  }

  /** How many events. */
  get length(): number {
    return this.starts.length
  }

  /** Every event's bytes, in order (a view, not a copy): the checkpoint's part. */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.used)
  }

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.used + n <= this.bytes.length) return
    const grown = new Uint8Array(Math.max(this.used + n, Math.ceil(this.bytes.length * 1.5)))
    grown.set(this.bytes.subarray(0, this.used))
    this.bytes = grown
  }

  private putInt(n: number): void {
    this.room(10)
    this.used = putSigned(this.bytes, this.used, n)
  }

  private putText(s: string): void {
    const utf8 = encoder.encode(s)
    this.putInt(utf8.length)
    this.room(utf8.length)
    this.bytes.set(utf8, this.used)
    this.used += utf8.length
  }

  private putOrg(id: unknown): void {
    this.putInt(this.numbering.org(id as OrgId))
  }

  /** Appends an event; returns its index (events are numbered in the order they are added). */
  add(e: OrgEnvelope): number {
    const code = types.indexOf(e.type)
    const day = Calendar.isValid(e.occurredOn) ? Calendar.toDayNumber(e.occurredOn) : Number.NaN
    const data = e.data as Data
    const index = this.starts.push(this.used)
    if (code < 0 || typeof data !== "object" || data === null || !headerFits(e, day) || !fits(code, data)) {
      this.room(1)
      this.bytes[this.used++] = asJson
      this.putText(JSON.stringify(e))
      return index
    }
    this.room(1 + idBytes)
    this.bytes[this.used++] = code | (e.meta !== undefined ? hasMeta : 0) |
      (e.streamVersion !== undefined ? hasStreamVersion : 0) | (e.position !== undefined ? hasPosition : 0) |
      (e.schemaVersion !== 1 ? otherSchemaVersion : 0)
    pack(e.id, this.bytes, this.used)
    this.used += idBytes
    this.putOrg(parseStream(e.stream)!.id)
    this.putInt(day)
    const lag = instantMs(e.recordedAt) - day * dayMs
    this.putInt(lag % 1000 === 0 ? (lag / 1000) * 2 + 1 : lag * 2)
    if (e.schemaVersion !== 1) this.putInt(e.schemaVersion)
    if (e.meta !== undefined) this.putText(JSON.stringify(e.meta))
    if (e.streamVersion !== undefined) this.putInt(e.streamVersion)
    if (e.position !== undefined) this.putInt(e.position)
    switch (code) {
      case 0:
        this.putInt(
          kinds.indexOf(data.kind as OrgKind) * 4 + (data.parentId === null ? 0 : 1) +
            (Object.hasOwn(data, "code") ? 2 : 0)
        )
        this.putText(data.name as string)
        if (data.parentId !== null) this.putOrg(data.parentId)
        if (Object.hasOwn(data, "code")) this.putText(data.code as string)
        break
      case 1:
        this.putText(data.name as string)
        break
      case 2:
        this.putOrg(data.parentId)
        break
      case 3:
        this.putInt(kinds.indexOf(data.kind as OrgKind))
        break
      case 4:
        this.putOrg(data.intoOrgId)
        break
      case 5:
        this.putInt(Object.hasOwn(data, "membersMovedTo") ? this.numbering.org(data.membersMovedTo as OrgId) + 1 : 0)
        break
      case 6:
        this.putInt(committeeKinds.indexOf(data.kind as never) * 2 + (Object.hasOwn(data, "size") ? 1 : 0))
        if (Object.hasOwn(data, "size")) this.putInt(data.size as number)
        break
      case 7:
        this.putInt(data.year as number)
        this.putInt(data.target as number)
        break
    }
    return index
  }

  /** The organisation of the event of an index (read without the rest of the event). */
  orgOf(index: number): OrgId {
    const at = this.starts.array[index]!
    if ((this.bytes[at]! & 15) === asJson) return parseStream(this.at(index).stream)!.id as OrgId
    return this.numbering.orgIds[getSigned(this.bytes, { at: at + 1 + idBytes })]!
  }

  /** The event of an index. */
  at(index: number): OrgEnvelope {
    const e = readEvent(this.bytes, { at: this.starts.array[index]! }, this.numbering.orgIds)
    if (typeof e === "string") throw new Error(`organisation event ${index}: ${e}`)
    return e
  }

  /**
   * The events of a checkpoint's bytes (`view`), or what is wrong with them; `visit` is given each
   * event as it is read.
   */
  static read(
    bytes: Uint8Array,
    count: number,
    orgIds: ReadonlyArray<OrgId>,
    visit: (e: OrgEnvelope) => void
  ): string | undefined {
    const cursor = { at: 0 }
    for (let i = 0; i < count; i++) {
      if (cursor.at >= bytes.length) return `organisation event ${i}: the bytes end before it`
      const e = readEvent(bytes, cursor, orgIds)
      if (typeof e === "string") return `organisation event ${i}: ${e}`
      visit(e)
    }
    return cursor.at === bytes.length
      ? undefined
      : `${bytes.length - cursor.at} bytes after the last organisation event`
  }
}

/** The event at the cursor, moving the cursor past it, or what is wrong with its bytes. */
const readEvent = (bytes: Uint8Array, cursor: { at: number }, orgIds: ReadonlyArray<OrgId>): OrgEnvelope | string => {
  const int = (): number => getSigned(bytes, cursor)
  const text = (): string => {
    const n = int()
    const s = decoder.decode(bytes.subarray(cursor.at, cursor.at + n))
    cursor.at += n
    return s
  }
  let bad: string | undefined
  const orgAt = (n: number): OrgId => {
    const id = orgIds[n]
    if (id === undefined) bad ??= `organisation number ${n} names no organisation`
    return id!
  }
  const org = (): OrgId => orgAt(int())
  const head = bytes[cursor.at++]!
  const code = head & 15
  if (code === asJson) {
    const json = text()
    if (cursor.at > bytes.length) return "the bytes end inside it"
    try {
      return JSON.parse(json) as OrgEnvelope
    } catch {
      return "not JSON"
    }
  }
  const type = types[code]
  if (type === undefined) return `no event type has code ${code}`
  const id = unpack(bytes, cursor.at)
  cursor.at += idBytes
  const stream = `org-${org()}` as StreamName
  const day = int()
  const z = int()
  const recordedAt = new Date(day * dayMs + (z % 2 !== 0 ? ((z - 1) / 2) * 1000 : z / 2)).toISOString()
  const schemaVersion = (head & otherSchemaVersion) !== 0 ? int() : 1
  let meta: Envelope.Meta | undefined
  if ((head & hasMeta) !== 0) {
    try {
      meta = JSON.parse(text()) as Envelope.Meta
    } catch {
      return "its meta is not JSON"
    }
  }
  const streamVersion = (head & hasStreamVersion) !== 0 ? int() : undefined
  const position = (head & hasPosition) !== 0 ? int() : undefined
  let data: Record<string, unknown>
  switch (code) {
    case 0: {
      const shape = int()
      const kind = kinds[shape >> 2]
      data = { name: text(), kind, parentId: (shape & 1) !== 0 ? org() : null }
      if ((shape & 2) !== 0) data.code = text()
      if (kind === undefined) bad ??= `no kind has code ${shape >> 2}`
      break
    }
    case 1:
      data = { name: text() }
      break
    case 2:
      data = { parentId: org() }
      break
    case 3: {
      const k = int()
      data = { kind: kinds[k] }
      if (kinds[k] === undefined) bad ??= `no kind has code ${k}`
      break
    }
    case 4:
      data = { intoOrgId: org() }
      break
    case 5: {
      const n = int()
      data = n === 0 ? {} : { membersMovedTo: orgAt(n - 1) }
      break
    }
    case 6: {
      const shape = int()
      data = { kind: committeeKinds[shape >> 1] }
      if ((shape & 1) !== 0) data.size = int()
      if (committeeKinds[shape >> 1] === undefined) bad ??= `no committee kind has code ${shape >> 1}`
      break
    }
    default:
      data = { year: int(), target: int() }
  }
  if (cursor.at > bytes.length) return "the bytes end inside it"
  if (bad !== undefined) return bad
  return Envelope.make({
    id: id as EventId,
    stream,
    schemaVersion,
    recordedAt,
    ...(meta !== undefined ? { meta } : {}),
    ...(streamVersion !== undefined ? { streamVersion } : {}),
    ...(position !== undefined ? { position } : {})
  }, { type, occurredOn: Calendar.fromDayNumber(day), data } as OrgEvent)
}
