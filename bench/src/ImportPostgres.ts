/**
 * import-postgres: bulk import of the synthetic NDJSON file into PostgreSQL, validated and
 * rule-checked (`Import.run` into `PostgresStore.layer`: one pass, the accepted events inserted by
 * the store's bulk session in one transaction, 5,000 rows a statement, while the check goes on), against a raw
 * insert of the same rows in the same run: each line parsed, its stream version counted, and
 * 5,000 rows at a time inserted with one `INSERT … SELECT FROM unnest(…)` statement (array
 * parameters, its own transaction) into a table with the store's columns, keys and index. Both
 * write into a scratch schema, dropped at the end. Prints both rates, their ratio and the peak
 * resident memory of the process during the library import (`rssBeforeBytes`: just before it; the
 * raw phase reads the file 1 MiB at a time, so little is left over from it). With `--province N`
 * the file is the `ProvinceHistory` of N members instead (as `import-sqlite --province N`), written
 * to `import-postgres-province-N.json`.
 */
import { PostgresStore } from "@dangvien/store-postgres"
import { Effect } from "effect"
import { join } from "node:path"
import { numberArg, report, rssSampler, seconds } from "./Figures.ts"
import { array, clientLayer, PgClient, PgTypes, url, withScratchSchema } from "./Pg.ts"
import { writeProvince } from "./Province.ts"
import { generate, importFile, linesOf, round, withScratchDir } from "./Setup.ts"

/** Rows per raw INSERT (the store's own chunk size is also 5,000). */
const rawBatch = 5_000

const rawTable = (s: string) =>
  `CREATE TABLE "${s}".raw_events (
    position bigint PRIMARY KEY CHECK (position > 0),
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    id text NOT NULL UNIQUE,
    stream text NOT NULL,
    stream_version integer NOT NULL CHECK (stream_version > 0),
    type text NOT NULL,
    schema_version integer NOT NULL,
    occurred_on date NOT NULL,
    recorded_at text NOT NULL,
    data jsonb NOT NULL,
    meta jsonb,
    UNIQUE (stream, stream_version)
  )`

const rawInsert = (s: string) =>
  `INSERT INTO "${s}".raw_events
    (position, stream_version, id, stream, type, schema_version, occurred_on, recorded_at, data, meta)
  SELECT $1::int8 + r.ord, r.stream_version, r.id, r.stream, r.type, r.schema_version, r.occurred_on::date,
    r.recorded_at, r.data::jsonb, NULL
  FROM unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::text[], $8::text[], $9::text[])
    WITH ORDINALITY AS r(stream_version, id, stream, type, schema_version, occurred_on, recorded_at, data, ord)`

/** The columns of a raw batch, built up row by row. */
const emptyColumns = () => ({
  v: [] as Array<number>,
  id: [] as Array<string>,
  stream: [] as Array<string>,
  type: [] as Array<string>,
  sv: [] as Array<number>,
  on: [] as Array<string>,
  at: [] as Array<string>,
  data: [] as Array<string>
})

/** The raw baseline: parse, count versions, insert 5,000 rows a statement. Returns seconds. */
const rawImport = (file: string, schema: string) =>
  Effect.gen(function*() {
    const pg = yield* PgClient.PgClient
    yield* pg.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).unprepared
    yield* pg.unsafe(rawTable(schema)).unprepared
    yield* pg.unsafe(`CREATE INDEX ON "${schema}".raw_events (transaction_id, position)`).unprepared
    const insert = rawInsert(schema)
    const t = performance.now()
    const versions = new Map<string, number>()
    let position = 0
    let cols = emptyColumns()
    const flush = Effect.suspend(() => {
      const n = cols.id.length
      if (n === 0) return Effect.void
      const params = [
        BigInt(position),
        array(cols.v, PgTypes.OID.int4),
        array(cols.id, PgTypes.OID.text),
        array(cols.stream, PgTypes.OID.text),
        array(cols.type, PgTypes.OID.text),
        array(cols.sv, PgTypes.OID.int4),
        array(cols.on, PgTypes.OID.text),
        array(cols.at, PgTypes.OID.text),
        array(cols.data, PgTypes.OID.text)
      ]
      position += n
      cols = emptyColumns()
      return Effect.asVoid(pg.unsafe(insert, params).raw)
    })
    for (const line of linesOf(file)) {
      const e = JSON.parse(line)
      const v = (versions.get(e.stream) ?? 0) + 1
      versions.set(e.stream, v)
      cols.v.push(v)
      cols.id.push(e.id)
      cols.stream.push(e.stream)
      cols.type.push(e.type)
      cols.sv.push(e.schemaVersion)
      cols.on.push(e.occurredOn)
      cols.at.push(e.recordedAt)
      cols.data.push(JSON.stringify(e.data))
      if (cols.id.length >= rawBatch) yield* flush
    }
    yield* flush
    const elapsed = seconds(t)
    const [{ n }] =
      (yield* pg.unsafe<{ n: bigint }>(`SELECT count(*) AS n FROM "${schema}".raw_events`)) as unknown as [
        { n: bigint }
      ]
    // Free the server's memory and disk for the library's run.
    yield* pg.unsafe(`DROP TABLE "${schema}".raw_events`).unprepared
    return { elapsed, rows: Number(n) }
  }).pipe(Effect.provide(clientLayer))

export const run = async (): Promise<void> => {
  const target = numberArg("events", 1_000_000)
  const province = numberArg("province", 0)
  await withScratchDir((dir) =>
    withScratchSchema(async (schema) => {
      const file = join(dir, "province.ndjson")
      const { events, members } = province > 0 ? writeProvince(file, province) : generate(file, target)
      if (province > 0) {
        console.log(`wrote the province: ${events.toLocaleString("en-US")} events of ${members} members`)
      }

      const raw = await Effect.runPromise(rawImport(file, schema))
      if (raw.rows !== events) throw new Error(`raw import wrote ${raw.rows} rows of ${events}`)
      console.log(`raw: ${events.toLocaleString("en-US")} rows in ${raw.elapsed.toFixed(1)} s`)

      const rssBeforeBytes = process.memoryUsage().rss
      const memory = rssSampler()
      const t = performance.now()
      const summary = await Effect.runPromise(
        importFile(file).pipe(Effect.provide(PostgresStore.layer({ url, schema })))
      )
      const importSeconds = seconds(t)
      const peakRssBytes = memory.stop()
      const eventsPerSecond = Math.round(summary.appended / importSeconds)
      const rawEventsPerSecond = Math.round(events / raw.elapsed)
      report(province > 0 ? `import-postgres-province-${province}` : "import-postgres", {
        events,
        members,
        seconds: round(importSeconds, 2),
        eventsPerSecond,
        rawSeconds: round(raw.elapsed, 2),
        rawEventsPerSecond,
        ratio: round(eventsPerSecond / rawEventsPerSecond),
        rssBeforeBytes,
        peakRssBytes
      })
    })
  )
}
