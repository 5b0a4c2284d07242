/**
 * The thread behind a bulk session (`bulk.ts`): its own connection to the database file, one
 * `BEGIN IMMEDIATE` transaction from the start (the write lock is held until the end), rows
 * inserted as they arrive, then `COMMIT` or `ROLLBACK` on request. Each row is an NDJSON line the
 * importer has already checked; this thread only parses it and inserts it with the next position.
 * Reads (`readStreams`, `positionsOf`) first insert the buffered rows, then run one statement each
 * inside the transaction, so they see what was committed before plus every row sent before them.
 * A failure rolls the transaction back and is reported once; later requests are answered with it.
 *
 * @internal
 */
import { parentPort, workerData } from "node:worker_threads"
import type { FromWorker, ToWorker, WorkerSettings } from "./bulkProtocol.ts"
import * as Database from "./database.ts"
import { inserter } from "./inserter.ts"
import { columns, lastPositionQuery, reader } from "./rows.ts"

const settings = workerData as WorkerSettings
/** The writer's page cache at the start of a session, in KiB (32 MiB). */
const initialCacheKiB = 32_768
/** Page cache the writer adds for each row whose id lands inside the id index, in bytes. */
const cacheBytesPerRow = 96
const port = parentPort!
const post = (m: FromWorker) => port.postMessage(m)
const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause))

let db: ReturnType<typeof Database.open> | undefined
let failed: string | undefined
let next = 0
let appended = 0
/** The writer's page cache now, in KiB (`growCache`). */
let cacheKiB = Math.min(initialCacheKiB, settings.bulkCacheSizeKiB)
/** The greatest event id stored or written, and how many rows of the session had an id below it. */
let greatestId = ""
let idsInside = 0

/** Rolls back and reports the failure (the session names the operation it was in). */
const fail = (cause: unknown) => {
  failed = message(cause)
  if (db !== undefined) {
    try {
      db.exec("ROLLBACK")
    } catch {
      // SQLite already rolled back (an `OR ROLLBACK` constraint): nothing is left to undo.
    }
  }
  post({ tag: "failed", message: failed })
}

try {
  db = Database.open(settings.filename)
  // A page cache that grows with the session (`growCache`), from 32 MiB: small, dirty pages spill
  // to the WAL as the rows arrive (on this thread, while the importer checks) rather than all at
  // the commit (a 256 MiB cache from the start made the commit of a 1,000,000-event import about a
  // second longer).
  Database.configure(db, { ...settings, cacheSizeKiB: cacheKiB })
  db.exec("BEGIN IMMEDIATE")
  next = Number(db.prepare(lastPositionQuery).get()?.["position"] ?? 0) + 1
  // From the id index's right edge (one look-up): ids below it land inside the index.
  greatestId = String(db.prepare("SELECT max(id) AS id FROM events").get()?.["id"] ?? "")
  post({ tag: "ready" })
} catch (cause) {
  fail(cause)
}

const insert = db === undefined || failed !== undefined ? undefined : inserter(db)
const reads = db === undefined || failed !== undefined ? undefined : {
  // The events of the streams of a JSON array: stream by stream in the array's order (its `key`),
  // each in version order.
  streams: reader(db.prepare(
    `SELECT ${columns} FROM (SELECT key AS k, value AS v FROM json_each(?)) JOIN events ON stream = v
     ORDER BY k, stream_version`
  )),
  // The ids of a JSON array that are stored, with their positions.
  positions: db.prepare("SELECT id, position FROM events WHERE id IN (SELECT value FROM json_each(?))")
}

/**
 * Grows the page cache by `cacheBytesPerRow` for each row whose id is not the greatest so far, up
 * to the session's `bulkCacheSizeKiB`. Ids in increasing order (a file in time order) are
 * appended at the id index's right edge, and a small cache serves them. A file ordered stream by
 * stream puts each id at a random place in the index: once the index outgrows the cache, every
 * row reads a page back and dirties it again, and each spill writes the page to the WAL once more
 * (a 31.7-million-event province took 1,907 s with 32 MiB, 504 s with 2 GiB; 6.3 million events
 * 113 s, and 68 s at 96 bytes a row).
 */
const growCache = () => {
  const wanted = Math.min(
    settings.bulkCacheSizeKiB,
    initialCacheKiB + Math.ceil((idsInside * cacheBytesPerRow) / 1024)
  )
  if (wanted < cacheKiB * 1.25) return
  cacheKiB = wanted
  db!.exec(`PRAGMA cache_size = ${-cacheKiB}`)
}

const write = (streams: ReadonlyArray<string>, versions: ReadonlyArray<number>, lines: ReadonlyArray<string>) => {
  for (let i = 0; i < lines.length; i++) {
    const e = JSON.parse(lines[i]!) as {
      readonly id: string
      readonly type: string
      readonly schemaVersion: number
      readonly occurredOn: string
      readonly recordedAt?: string
      readonly data: unknown
      readonly meta?: unknown
    }
    if (e.id > greatestId) greatestId = e.id
    else idsInside++
    insert!.row(
      next++,
      e.id,
      streams[i]!,
      versions[i]!,
      e.type,
      e.schemaVersion,
      e.occurredOn,
      e.recordedAt ?? settings.defaultRecordedAt,
      JSON.stringify(e.data),
      e.meta === undefined ? null : JSON.stringify(e.meta)
    )
  }
  appended += lines.length
  growCache()
}

port.on("message", (m: ToWorker) => {
  if (failed !== undefined) {
    if (m.tag === "rows") post({ tag: "written", count: m.lines.length })
    else post({ tag: "failed", message: failed })
    return
  }
  switch (m.tag) {
    case "rows":
      try {
        write(m.streams, m.versions, m.lines)
      } catch (cause) {
        return fail(cause)
      }
      return post({ tag: "written", count: m.lines.length })
    case "readStreams": {
      let rows
      try {
        insert!.flush()
        // Each stream once: a stream named twice would be read twice.
        rows = reads!.streams(JSON.stringify([...new Set(m.streams)]))
      } catch (cause) {
        return fail(cause)
      }
      return post({ tag: "streams", rows })
    }
    case "positionsOf": {
      const ids: Array<string> = []
      const positions: Array<number> = []
      try {
        insert!.flush()
        for (const r of reads!.positions.all(JSON.stringify(m.ids))) {
          ids.push(String(r["id"]))
          positions.push(Number(r["position"]))
        }
      } catch (cause) {
        return fail(cause)
      }
      return post({ tag: "positions", ids, positions })
    }
    case "commit":
      try {
        insert!.flush()
        db!.exec("COMMIT")
      } catch (cause) {
        return fail(cause)
      }
      failed = "the session is over"
      return post({ tag: "committed", appended })
    case "rollback":
      try {
        db!.exec("ROLLBACK")
      } catch {
        // Nothing to undo.
      }
      failed = "the session is over"
      return post({ tag: "rolledBack" })
  }
})
