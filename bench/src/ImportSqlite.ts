/**
 * import-sqlite: bulk import of a synthetic NDJSON file into SQLite, validated and rule-checked
 * (`Import.run`), against a raw `node:sqlite` prepared-statement insert of the same rows (1,000-row
 * transactions) in the same run. The file is `Synthetic`'s (`--events`, ids in increasing order),
 * or with `--province N` the `ProvinceHistory` of N members (1995–2025, one member's stream after
 * another, so that each event's id lands anywhere in the id index, as in a real export), written
 * to `import-sqlite-province-N.json`. Prints both, their ratio and the memory of the import: the
 * process's resident set when it began (`rssBeforeBytes`: the runtime and the generator's
 * leftovers) and its peak while it ran. The import runs first, so that its peak is its own and
 * not what the raw insert left behind.
 */
import { NdjsonFile } from "@dangvien/cli"
import { Import } from "@dangvien/core"
import { SqliteEventStore } from "@dangvien/store-sqlite"
import { Effect } from "effect"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { numberArg, report, rssSampler, seconds } from "./Figures.ts"
import { writeProvince } from "./Province.ts"
import { linesOf } from "./Setup.ts"
import { writeFile } from "./Synthetic.ts"

export const run = async (): Promise<void> => {
  const target = numberArg("events", 10_000_000)
  const province = numberArg("province", 0)
  const dir = mkdtempSync(join(tmpdir(), "dangvien-bench-"))
  try {
    const file = join(dir, "province.ndjson")
    let t = performance.now()
    const { events, members } = province > 0 ? writeProvince(file, province) : writeFile(file, { events: target })
    console.log(
      `generated ${events.toLocaleString()} events of ${members.toLocaleString()} members in ${
        seconds(t).toFixed(1)
      } s (${(statSync(file).size / 1e6).toFixed(0)} MB)`
    )

    // dangvien: decode and check every rule; the store's bulk session writes what is accepted
    // meanwhile, in one transaction committed at the end.
    const rssBeforeBytes = process.memoryUsage().rss
    const memory = rssSampler()
    t = performance.now()
    const summary = await Effect.runPromise(
      Import.run(NdjsonFile.lines(file), { recordedAt: "2026-11-22T00:00:00.000Z" }).pipe(
        Effect.provide(SqliteEventStore.layer({ filename: join(dir, "dangvien.sqlite") }))
      )
    )
    const importSeconds = seconds(t)
    const peakRssBytes = memory.stop()

    // Raw: parse each line and insert it with one prepared statement, 1,000 rows a transaction.
    const raw = new DatabaseSync(join(dir, "raw.sqlite"))
    raw.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    raw.exec(`CREATE TABLE events(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
      stream_version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, occurred_on TEXT NOT NULL,
      recorded_at TEXT NOT NULL, data TEXT NOT NULL, meta TEXT, UNIQUE(stream, stream_version)) STRICT`)
    const insert = raw.prepare(
      "INSERT INTO events(id, stream, stream_version, type, schema_version, occurred_on, recorded_at, data, meta) VALUES (?,?,?,?,?,?,?,?,?)"
    )
    t = performance.now()
    const versions = new Map<string, number>()
    let inTx = 0
    raw.exec("BEGIN")
    for (const line of linesOf(file)) {
      if (line === "") continue
      const e = JSON.parse(line)
      const v = (versions.get(e.stream) ?? 0) + 1
      versions.set(e.stream, v)
      insert.run(e.id, e.stream, v, e.type, e.schemaVersion, e.occurredOn, e.recordedAt, JSON.stringify(e.data), null)
      if (++inTx === 1000) {
        raw.exec("COMMIT; BEGIN")
        inTx = 0
      }
    }
    raw.exec("COMMIT")
    raw.close()
    const rawSeconds = seconds(t)
    versions.clear()

    const eventsPerSecond = Math.round(summary.appended / importSeconds)
    const rawEventsPerSecond = Math.round(events / rawSeconds)
    report(province > 0 ? `import-sqlite-province-${province}` : "import-sqlite", {
      events,
      members,
      seconds: Number(importSeconds.toFixed(2)),
      eventsPerSecond,
      rawSeconds: Number(rawSeconds.toFixed(2)),
      rawEventsPerSecond,
      ratio: Number((eventsPerSecond / rawEventsPerSecond).toFixed(3)),
      rssBeforeBytes,
      peakRssBytes
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
