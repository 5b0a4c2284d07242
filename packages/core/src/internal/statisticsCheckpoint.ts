/**
 * The checkpoint of the compact statistics projection, in parts: the JSON state holds the format,
 * the organisation ids, the number of member events, of organisation events kept and not kept,
 * each column's name, and the number of packed pages, their total and garbage bytes; the binary
 * parts hold the member ids (17 bytes each: 130 bits), then each column's bytes (little-endian),
 * then the organisation events kept (`OrgEventLog`'s bytes), then the packed pages of the members'
 * event bytes, then the pages of their chains, as views (the store writes them before the
 * projection goes on).
 */
import { Result } from "effect"
import type { OrgEnvelope } from "../Envelope.ts"
import { decode as decodeEnvelope, isOrgEnvelope } from "../Envelope.ts"
import type { OrgId } from "../Ids.ts"
import type { Encoded } from "../Projection.ts"
import { int32Columns, load, type MemberColumns, save, type Saved, uint8Columns } from "./memberColumns.ts"
import { OrgEventLog } from "./orgEventLog.ts"
import type { Store } from "./statisticsIndex.ts"

const formatName = "dangvien/statistics-compact"
const formatVersion = 11
const format = `${formatName}@${formatVersion}`

/** Whether a saved state is a compact checkpoint of an earlier format (which this version does not read). */
export const isEarlierFormat = (state: unknown): boolean => {
  const f = typeof state === "object" && state !== null ? (state as Record<string, unknown>).format : undefined
  if (typeof f !== "string" || !f.startsWith(`${formatName}@`)) return false
  const version = Number(f.slice(formatName.length + 1))
  return Number.isInteger(version) && version >= 1 && version < formatVersion
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const bytesOf = (a: Int32Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

export const encode = (store: Store): Encoded => {
  const saved = save(store.columns)
  return {
    state: {
      format,
      orgIds: saved.orgIds,
      events: saved.events,
      unreadOrgEvents: store.unreadOrgEvents(),
      columns: [...int32Columns, ...uint8Columns],
      packedPages: saved.packed.length,
      packedTotal: saved.packedTotal,
      packedGarbage: saved.packedGarbage,
      orgEvents: store.orgEvents.length
    },
    parts: [
      saved.memberIds,
      ...int32Columns.map((k) => bytesOf(saved.int32[k])),
      ...uint8Columns.map((k) => bytesOf(saved.uint8[k])),
      store.orgEvents.view(),
      ...saved.packed,
      ...saved.pages
    ]
  }
}

const isStrings = (u: unknown): u is ReadonlyArray<string> => Array.isArray(u) && u.every((x) => typeof x === "string")

/** A part as typed values (copied, so that they are aligned), or what is wrong. */
const column = <A>(
  bytes: Uint8Array | undefined,
  name: string,
  width: number,
  make: (buffer: ArrayBuffer) => A
): Result.Result<A, string> => {
  if (bytes === undefined) return Result.fail(`the part of column ${name} is missing`)
  if (bytes.length % width !== 0) {
    return Result.fail(`column ${name} has ${bytes.length} bytes, not a multiple of ${width}`)
  }
  return Result.succeed(make(bytes.slice().buffer))
}

export const decode = (
  encoded: Encoded
): Result.Result<
  {
    readonly columns: MemberColumns
    readonly orgEnvelopes: ReadonlyArray<OrgEnvelope>
    readonly unreadOrgEvents: number
  },
  string
> => {
  if (!littleEndian) return Result.fail("compact checkpoints are read on little-endian machines only")
  const j = encoded.state as Record<string, unknown> | null
  if (typeof j !== "object" || j === null || j.format !== format) {
    return Result.fail(`not a compact statistics checkpoint (format ${format})`)
  }
  const names = [...int32Columns, ...uint8Columns]
  if (!isStrings(j.orgIds)) return Result.fail("orgIds must be a list of ids")
  if (!isStrings(j.columns) || j.columns.join() !== names.join()) {
    return Result.fail(`columns must be ${names.join(", ")}`)
  }
  if (typeof j.events !== "number") return Result.fail("events must be the number of member events")
  const unreadOrgEvents = j.unreadOrgEvents
  if (typeof unreadOrgEvents !== "number" || !Number.isSafeInteger(unreadOrgEvents) || unreadOrgEvents < 0) {
    return Result.fail("unreadOrgEvents must be the number of organisation events not kept")
  }
  const { packedGarbage, packedPages, packedTotal } = j
  if (typeof packedPages !== "number" || !Number.isSafeInteger(packedPages) || packedPages < 0) {
    return Result.fail("packedPages must be the number of packed pages")
  }
  if (typeof packedTotal !== "number" || typeof packedGarbage !== "number") {
    return Result.fail("packedTotal and packedGarbage must be numbers of bytes")
  }
  const orgEvents = j.orgEvents
  if (typeof orgEvents !== "number" || !Number.isSafeInteger(orgEvents) || orgEvents < 0) {
    return Result.fail("orgEvents must be the number of organisation events kept")
  }
  if (encoded.parts.length < names.length + 3 + packedPages) {
    return Result.fail(`expected at least ${names.length + 3 + packedPages} parts, found ${encoded.parts.length}`)
  }
  const memberIds = encoded.parts[0]!
  const int32 = {} as Record<typeof int32Columns[number], Int32Array>
  const uint8 = {} as Record<typeof uint8Columns[number], Uint8Array>
  let part = 1
  for (const k of int32Columns) {
    const r = column(encoded.parts[part++], k, 4, (b) => new Int32Array(b))
    if (Result.isFailure(r)) return Result.fail(r.failure)
    int32[k] = r.success
  }
  for (const k of uint8Columns) {
    const r = column(encoded.parts[part++], k, 1, (b) => new Uint8Array(b))
    if (Result.isFailure(r)) return Result.fail(r.failure)
    uint8[k] = r.success
  }
  const orgEventBytes = encoded.parts[part++]!
  const saved: Saved = {
    memberIds,
    orgIds: j.orgIds as ReadonlyArray<OrgId>,
    events: j.events,
    int32,
    uint8,
    packed: encoded.parts.slice(part, part + packedPages),
    packedTotal,
    packedGarbage,
    pages: encoded.parts.slice(part + packedPages)
  }
  const loaded = load(saved)
  if (typeof loaded === "string") return Result.fail(loaded)
  const orgEnvelopes: Array<OrgEnvelope> = []
  let invalid: string | undefined
  const unreadable = OrgEventLog.read(orgEventBytes, orgEvents, loaded.orgIds, (u) => {
    if (invalid !== undefined) return
    const e = decodeEnvelope(u)
    if (Result.isFailure(e)) invalid = `orgEvents: ${e.failure.message}`
    else if (!isOrgEnvelope(e.success)) invalid = `orgEvents: ${e.success.type} is not an organisation event`
    else orgEnvelopes.push(e.success)
  })
  if (unreadable !== undefined) return Result.fail(`orgEvents: ${unreadable}`)
  if (invalid !== undefined) return Result.fail(invalid)
  return Result.succeed({ columns: loaded, orgEnvelopes, unreadOrgEvents })
}
