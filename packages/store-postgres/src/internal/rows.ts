/**
 * Rows of the `events` table to envelopes and back: the parallel arrays of the bulk insert, the
 * envelope of a selected row.
 *
 * @internal
 */
import * as EnvelopeCodec from "@dangvien/core/Envelope"
import type { Envelope } from "@dangvien/core/Envelope"
import type { EventId, StreamName } from "@dangvien/core/Ids"
import type { MemberEvent } from "@dangvien/core/MemberEvent"
import type { OrgEvent } from "@dangvien/core/OrgEvent"
import { PgTypes } from "@effect/sql-pg"
import { Result } from "effect"
import type { Row } from "./appendPlan.ts"

/** A selected row of `events` (int8 columns arrive as bigint, jsonb parsed, date as `YYYY-MM-DD`). */
export interface EventRow {
  readonly position: bigint
  readonly stream_version: number
  readonly id: string
  readonly stream: string
  readonly type: string
  readonly schema_version: number
  readonly occurred_on: string
  readonly recorded_at: string
  readonly data: unknown
  readonly meta: unknown
}

/** The envelope of a row, keys in the canonical order; `meta` only when stored. */
export const toEnvelope = (row: EventRow): Envelope =>
  EnvelopeCodec.make(
    {
      id: row.id as EventId,
      stream: row.stream as StreamName,
      schemaVersion: row.schema_version,
      recordedAt: row.recorded_at,
      ...(row.meta === null || row.meta === undefined ? {} : { meta: row.meta as EnvelopeCodec.Meta }),
      streamVersion: row.stream_version,
      position: Number(row.position)
    },
    { type: row.type, occurredOn: row.occurred_on, data: row.data } as MemberEvent | OrgEvent
  )

const textArray = (values: ReadonlyArray<string | null>) => PgTypes.array(values, PgTypes.OID.text)
const int4Array = (values: ReadonlyArray<number>) => PgTypes.array(values, PgTypes.OID.int4)

/**
 * The parameters of `Statements.insert` for `rows` (whose positions are consecutive): the base
 * position and one array per column. Fails if some `data` or `meta` is not JSON-serialisable.
 */
export const insertParameters = (rows: ReadonlyArray<Row>): Result.Result<ReadonlyArray<unknown>, unknown> => {
  const versions: Array<number> = []
  const ids: Array<string> = []
  const streams: Array<string> = []
  const types: Array<string> = []
  const schemaVersions: Array<number> = []
  const occurredOn: Array<string> = []
  const recordedAt: Array<string> = []
  const data: Array<string> = []
  const meta: Array<string | null> = []
  try {
    for (const row of rows) {
      const { event, stream, streamVersion } = row
      versions.push(streamVersion)
      ids.push(event.id)
      streams.push(stream)
      types.push(event.type)
      schemaVersions.push(event.schemaVersion)
      occurredOn.push(event.occurredOn)
      recordedAt.push(event.recordedAt)
      data.push(JSON.stringify(event.data))
      meta.push(event.meta === undefined ? null : JSON.stringify(event.meta))
    }
  } catch (cause) {
    return Result.fail(cause)
  }
  return Result.all([
    int4Array(versions),
    textArray(ids),
    textArray(streams),
    textArray(types),
    int4Array(schemaVersions),
    textArray(occurredOn),
    textArray(recordedAt),
    textArray(data),
    textArray(meta)
  ]).pipe(Result.map((arrays) => [BigInt(rows[0]!.position - 1), ...arrays]))
}
