/**
 * The checkpoint of the compact statistics projection: the member columns as base64 text (bytes in
 * little-endian order) and the organisation events as envelopes, in one JSON document.
 */
import { Result } from "effect"
import type { OrgEnvelope } from "../Envelope.ts"
import { decode as decodeEnvelope, isOrgEnvelope } from "../Envelope.ts"
import type { MemberId, OrgId } from "../Ids.ts"
import * as Base64 from "./base64.ts"
import {
  float64Columns,
  int32Columns,
  load,
  type MemberColumns,
  save,
  type Saved,
  uint8Columns
} from "./memberColumns.ts"
import type { Store } from "./statisticsIndex.ts"

const format = "dangvien/statistics-compact@1"

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const bytesOf = (a: Int32Array | Float64Array | Uint8Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

export const encode = (store: Store): unknown => {
  const saved = save(store.columns)
  const columns: Record<string, string> = {}
  for (const k of int32Columns) columns[k] = Base64.encode(bytesOf(saved.int32[k]))
  for (const k of float64Columns) columns[k] = Base64.encode(bytesOf(saved.float64[k]))
  for (const k of uint8Columns) columns[k] = Base64.encode(bytesOf(saved.uint8[k]))
  return {
    format,
    memberIds: saved.memberIds,
    orgIds: saved.orgIds,
    columns,
    orgEvents: store.orgEnvelopes()
  }
}

const isStrings = (u: unknown): u is ReadonlyArray<string> => Array.isArray(u) && u.every((x) => typeof x === "string")

/** A column's bytes as typed values, or what is wrong. */
const column = <A>(
  columns: Record<string, unknown>,
  name: string,
  width: number,
  make: (buffer: ArrayBuffer) => A
): Result.Result<A, string> => {
  const text = columns[name]
  const bytes = typeof text === "string" ? Base64.decode(text) : undefined
  if (bytes === undefined) return Result.fail(`column ${name} is not base64 text`)
  if (bytes.length % width !== 0) {
    return Result.fail(`column ${name} has ${bytes.length} bytes, not a multiple of ${width}`)
  }
  return Result.succeed(make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer))
}

export const decode = (
  json: unknown
): Result.Result<{ readonly columns: MemberColumns; readonly orgEnvelopes: ReadonlyArray<OrgEnvelope> }, string> => {
  if (!littleEndian) return Result.fail("compact checkpoints are read on little-endian machines only")
  const j = json as Record<string, unknown> | null
  if (typeof j !== "object" || j === null || j.format !== format) {
    return Result.fail(`not a compact statistics checkpoint (format ${format})`)
  }
  if (!isStrings(j.memberIds) || !isStrings(j.orgIds)) return Result.fail("memberIds and orgIds must be lists of ids")
  if (typeof j.columns !== "object" || j.columns === null) return Result.fail("columns missing")
  const columns = j.columns as Record<string, unknown>
  const int32: Record<string, Int32Array> = {}
  const float64: Record<string, Float64Array> = {}
  const uint8: Record<string, Uint8Array> = {}
  for (const k of int32Columns) {
    const r = column(columns, k, 4, (b) => new Int32Array(b))
    if (Result.isFailure(r)) return Result.fail(r.failure)
    int32[k] = r.success
  }
  for (const k of float64Columns) {
    const r = column(columns, k, 8, (b) => new Float64Array(b))
    if (Result.isFailure(r)) return Result.fail(r.failure)
    float64[k] = r.success
  }
  for (const k of uint8Columns) {
    const r = column(columns, k, 1, (b) => new Uint8Array(b))
    if (Result.isFailure(r)) return Result.fail(r.failure)
    uint8[k] = r.success
  }
  const loaded = load({
    memberIds: j.memberIds as ReadonlyArray<MemberId>,
    orgIds: j.orgIds as ReadonlyArray<OrgId>,
    int32,
    float64,
    uint8
  } as Saved)
  if (typeof loaded === "string") return Result.fail(loaded)
  if (!Array.isArray(j.orgEvents)) return Result.fail("orgEvents must be a list of envelopes")
  const orgEnvelopes: Array<OrgEnvelope> = []
  for (const u of j.orgEvents) {
    const e = decodeEnvelope(u)
    if (Result.isFailure(e)) return Result.fail(`orgEvents: ${e.failure.message}`)
    if (!isOrgEnvelope(e.success)) return Result.fail(`orgEvents: ${e.success.type} is not an organisation event`)
    orgEnvelopes.push(e.success)
  }
  return Result.succeed({ columns: loaded, orgEnvelopes })
}
