/**
 * The thread behind a bulk session (`bulk.ts`): its own connection to the database file, one
 * `BEGIN IMMEDIATE` transaction from the start (the write lock is held until the end), rows
 * inserted as they arrive, then `COMMIT` or `ROLLBACK` on request. Each row is an NDJSON line the
 * importer has already checked; this thread only parses it and inserts it with the next position.
 * A failure rolls the transaction back and is reported once; later requests are answered with it.
 *
 * @internal
 */
import { parentPort, workerData } from "node:worker_threads"
import type { ToWorker, WorkerSettings } from "./bulkProtocol.ts"
import * as Database from "./database.ts"
import { inserter } from "./inserter.ts"
import { lastPositionQuery } from "./rows.ts"

const settings = workerData as WorkerSettings
const bulkCacheKiB = 32_768
const port = parentPort!
const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause))

let db: ReturnType<typeof Database.open> | undefined
let failed: string | undefined
let next = 0
let appended = 0

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
  port.postMessage({ tag: "failed", message: failed })
}

try {
  db = Database.open(settings.filename)
  // A page cache of at most 32 MiB: dirty pages spill to the WAL as the rows arrive (on this
  // thread, while the importer checks), rather than all at the commit (a 256 MiB cache made the
  // commit of a 1,000,000-event import about a second longer).
  Database.configure(db, { ...settings, cacheSizeKiB: Math.min(settings.cacheSizeKiB ?? bulkCacheKiB, bulkCacheKiB) })
  db.exec("BEGIN IMMEDIATE")
  next = Number(db.prepare(lastPositionQuery).get()?.["position"] ?? 0) + 1
  port.postMessage({ tag: "ready" })
} catch (cause) {
  fail(cause)
}

const insert = db === undefined || failed !== undefined ? undefined : inserter(db)

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
}

port.on("message", (m: ToWorker) => {
  if (failed !== undefined) {
    if (m.tag === "rows") port.postMessage({ tag: "written", count: m.lines.length })
    else port.postMessage({ tag: "failed", message: failed })
    return
  }
  switch (m.tag) {
    case "rows":
      try {
        write(m.streams, m.versions, m.lines)
      } catch (cause) {
        return fail(cause)
      }
      return port.postMessage({ tag: "written", count: m.lines.length })
    case "commit":
      try {
        insert!.flush()
        db!.exec("COMMIT")
      } catch (cause) {
        return fail(cause)
      }
      failed = "the session is over"
      return port.postMessage({ tag: "committed", appended })
    case "rollback":
      try {
        db!.exec("ROLLBACK")
      } catch {
        // Nothing to undo.
      }
      failed = "the session is over"
      return port.postMessage({ tag: "rolledBack" })
  }
})
