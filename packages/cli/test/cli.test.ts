import { provinceLines, timeOrderedLines } from "@dangvien/testing/ImportFixture"
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { afterAll, describe, expect, it } from "vitest"
import { importExportSuite } from "./importExport.ts"
import { bin, expectOneLineFailure, scratch } from "./run.ts"

describe("dangvien on a SQLite file", () => {
  const s = scratch()
  afterAll(s.cleanup)
  importExportSuite(() => `${s.dir}/store.sqlite`)
})

describe("dangvien import --member-states", () => {
  const s = scratch()
  afterAll(s.cleanup)

  it("a file in time order imports the same holding 2 member states (the rest read back from the store)", () => {
    const lines = timeOrderedLines(3_000)
    const r = s.run(["--store", "t.sqlite", "import", s.file("by-date.ndjson", lines), "--member-states", "2"])
    expect(r.stderr).toBe("")
    expect(r.stdout).toContain(`stored ${lines.length.toLocaleString("en-US")} new, 0 already stored`)
    expect(r.stdout).toMatch(/[\d,]+ times a member's history was read back from the store/u)
    const out = s.run(["--store", "t.sqlite", "export"]).stdout.trimEnd().split("\n").map((l) => JSON.parse(l))
    expect(out.map((e) => e.id)).toEqual(lines.map((l) => JSON.parse(l).id))
    const versions = new Map<string, number>()
    for (const e of out) {
      versions.set(e.stream, (versions.get(e.stream) ?? 0) + 1)
      expect(e.streamVersion).toBe(versions.get(e.stream))
    }
  })
})

describe("dangvien: errors are one clear line", () => {
  const s = scratch()
  afterAll(s.cleanup)

  it("a SQLite file that is not a store is refused by a command that only reads, and left as it was", () => {
    const file = join(s.dir, "other.sqlite")
    const other = new DatabaseSync(file)
    other.exec("CREATE TABLE foo (x)")
    other.close()
    expectOneLineFailure(
      s.run(["--store", file, "orgs"]),
      /not a dangvien store \(it has no schema_migrations table\)/u
    )
    const after = new DatabaseSync(file)
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
    after.close()
    expect(tables.map((t) => t["name"])).toEqual(["foo"])
  })

  it("a store that does not exist", () => {
    expectOneLineFailure(s.run(["--store", "missing.sqlite", "export"]), /no store at missing\.sqlite/u)
    expectOneLineFailure(s.run(["member", "01JD3Q8Y7W0000000000000001"]), /no store at \.\/dangvien\.sqlite/u)
  })

  it("a PostgreSQL server that does not answer", () => {
    expectOneLineFailure(
      s.run(["--store", "postgres://postgres@127.0.0.1:1/test", "export"]),
      /cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test/u
    )
  })

  it("a bad date", () => {
    s.run(["--store", "s.sqlite", "import", s.file("some.ndjson", timeOrderedLines(40))])
    expectOneLineFailure(
      s.run(["--store", "s.sqlite", "member", "01JD3Q8Y7W0000000000000001", "--as-of", "2021-02-30"]),
      /--as-of 2021-02-30 is not a date/u,
      2
    )
  })

  it("counts in words that agree: one refused line, a repeated line skipped", () => {
    const lines = timeOrderedLines(3)
    const repeated = s.run(["--store", "words.sqlite", "import", s.file("rep.ndjson", [...lines, lines[0]!])])
    expect(repeated.stdout).toMatch(
      /: 13 events in 13 lines, 12 streams; stored 12 new, 0 already stored, 1 repeated line skipped/u
    )
    expectOneLineFailure(
      s.run(["--store", "words.sqlite", "import", s.file("bad.ndjson", [...lines, "{"])]),
      /bad\.ndjson: 1 refused line; nothing was stored/u
    )
  })

  it("CAL-01: a line recorded after the time of the import is a fact from the future, refused", () => {
    const lines = timeOrderedLines(3)
    const last = JSON.parse(lines.at(-1)!)
    const future = JSON.stringify({ ...last, id: "01JD3Q8Y7WFFFFFFFFFFFFFF99", recordedAt: "2099-01-01T00:00:00.000Z" })
    const r = s.run(["--store", "future.sqlite", "import", s.file("future.ndjson", [...lines, future])])
    expectOneLineFailure(r, /future\.ndjson: 1 refused line; nothing was stored/u)
    expect(r.stderr).toMatch(
      /^line 13: CAL-01 recordedAt: recordedAt 2099-01-01T00:00:00\.000Z is after \d{4}-\d\d-\d\dT[\d:.]+Z, the time of the import: a fact is not recorded in the future$/mu
    )
  })

  it("a refused file leaves no new SQLite store behind; an existing one stays as it was", () => {
    const bad = s.file("refused.ndjson", [...timeOrderedLines(3), "{"])
    expectOneLineFailure(s.run(["--store", "new.sqlite", "import", bad]), /1 refused line; nothing was stored/u)
    expect(existsSync(join(s.dir, "new.sqlite"))).toBe(false)
    expectOneLineFailure(s.run(["--store", "new.sqlite", "orgs"]), /no store at new\.sqlite/u)
    expect(s.run(["--store", "kept.sqlite", "import", s.file("good.ndjson", timeOrderedLines(3))]).code).toBe(0)
    expectOneLineFailure(s.run(["--store", "kept.sqlite", "import", bad]), /nothing was stored/u)
    expect(existsSync(join(s.dir, "kept.sqlite"))).toBe(true)
  })

  it("Ctrl-C interrupts an import: exit 130, nothing stored, a store file it created removed", async () => {
    const big = s.file("big.ndjson", provinceLines(300_000).lines)
    const interrupted = async (store: string) => {
      const child = spawn(process.execPath, [bin, "--store", store, "import", big], {
        cwd: s.dir,
        env: { ...process.env, DANGVIEN_STORE: "" }
      })
      let stderr = ""
      child.stderr.on("data", (d) => (stderr += String(d)))
      const closed = new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)))
      // The store is opened (its write-ahead log appears) before the file is checked, which takes seconds.
      while (!existsSync(join(s.dir, `${store}-wal`))) await new Promise((resolve) => setTimeout(resolve, 20))
      await new Promise((resolve) => setTimeout(resolve, 300))
      child.kill("SIGINT")
      return { code: await closed, stderr }
    }
    expect(await interrupted("fresh.sqlite")).toEqual({ code: 130, stderr: "dangvien: interrupted\n" })
    expect(existsSync(join(s.dir, "fresh.sqlite"))).toBe(false)
    // A store that was there keeps exactly what it held.
    const few = timeOrderedLines(3)
    expect(s.run(["--store", "held.sqlite", "import", s.file("few.ndjson", few)]).code).toBe(0)
    expect(await interrupted("held.sqlite")).toEqual({ code: 130, stderr: "dangvien: interrupted\n" })
    const db = new DatabaseSync(join(s.dir, "held.sqlite"), { readOnly: true })
    expect(db.prepare("SELECT count(*) AS n FROM events").get()).toEqual({ n: few.length })
    db.close()
  })

  it("a count flag below 1", () => {
    const file = s.file("two.ndjson", timeOrderedLines(2))
    expectOneLineFailure(
      s.run(["--store", "counts.sqlite", "import", file, "--max-errors", "0"]),
      /--max-errors must be 1 or more, not 0/u,
      2
    )
    expectOneLineFailure(
      s.run(["--store", "counts.sqlite", "import", file, "--member-states", "-3"]),
      /--member-states must be 1 or more, not -3/u,
      2
    )
  })

  it("a file that does not exist", () => {
    expectOneLineFailure(s.run(["--store", "s.sqlite", "import", "nothere.ndjson"]), /no file nothere\.ndjson/u)
    expectOneLineFailure(
      s.run(["--store", "s.sqlite", "import", s.dir]),
      /is a directory: import reads one NDJSON file \(or - for standard input\)$/u
    )
  })

  it("the store comes from DANGVIEN_STORE when --store is not given", () => {
    const r = s.run(["export"], { env: { DANGVIEN_STORE: "elsewhere.sqlite" } })
    expectOneLineFailure(r, /no store at elsewhere\.sqlite/u)
  })

  it("a schema name that is not one, whole (not cut at the first odd character)", () => {
    expectOneLineFailure(
      s.run(["--store", "postgres://postgres@127.0.0.1:5432/test?schema=foo-bar", "export"]),
      /\?schema=foo-bar is not a schema name/u,
      2
    )
  })

  it("an empty file is refused before any store is created", () => {
    expectOneLineFailure(s.run(["--store", "never.sqlite", "import", s.file("blank.ndjson", "\n  \n")]), /is empty/u)
    expect(existsSync(join(s.dir, "never.sqlite"))).toBe(false)
    expectOneLineFailure(s.run(["--store", "never.sqlite", "import", "-"], { input: "" }), /- is empty/u)
    expect(existsSync(join(s.dir, "never.sqlite"))).toBe(false)
  })

  it("a member id that is not one; a ULID in small letters is the same id", () => {
    s.run(["--store", "ids.sqlite", "import", s.file("ids.ndjson", timeOrderedLines(40))])
    expectOneLineFailure(s.run(["--store", "ids.sqlite", "member", "foo"]), /foo is not a member id/u, 2)
    const stream = JSON.parse(timeOrderedLines(40).find((l) => l.includes("\"member-"))!).stream as string
    const upper = s.run(["--store", "ids.sqlite", "member", stream.slice(7), "--lang", "en"])
    expect(upper.stderr).toBe("")
    expect(s.run(["--store", "ids.sqlite", "member", stream.slice(7).toLowerCase(), "--lang", "en"]).stdout)
      .toBe(upper.stdout)
    expect(s.run(["--store", "ids.sqlite", "export", "--stream", stream.toLowerCase()]).stdout)
      .toBe(s.run(["--store", "ids.sqlite", "export", "--stream", stream]).stdout)
  })

  it("a reader that stops early ends the output quietly (no EPIPE stack trace)", async () => {
    const child = spawn(process.execPath, [bin, "generate", "--members", "3000"], { cwd: s.dir })
    let stderr = ""
    child.stderr.on("data", (d) => (stderr += String(d)))
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()))
    child.stdout.destroy()
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)))
    expect(stderr).toBe("")
    expect(code).toBe(0)
  })

  it("an unknown command prints the help and exits 2", () => {
    const r = s.run(["frobnicate"])
    expect(r.code).toBe(2)
  })
})

describe("dangvien stats keeps its index in the store (the statistics-compact checkpoint)", () => {
  const s = scratch()
  afterAll(s.cleanup)
  const lines = s.run(["generate", "--members", "300", "--seed", "3"]).stdout.trimEnd().split("\n")
  const province = JSON.parse(lines[0]!).stream.slice(4) as string
  const stats = (store: string) =>
    s.run([
      "--store",
      store,
      "stats",
      "--org",
      province,
      "--from",
      "2020-01-01",
      "--to",
      "2025-12-31",
      "--format",
      "json"
    ])
  const checkpoint = (store: string) => {
    const db = new DatabaseSync(join(s.dir, store), { readOnly: true })
    try {
      return db.prepare("SELECT position FROM checkpoints WHERE name = 'statistics-compact'").get() as
        | { position: number }
        | undefined
    } finally {
      db.close()
    }
  }

  it("saved by the first run, caught up with what is imported later, rebuilt when it does not decode", () => {
    // A prefix of a generated file is a history the rules accept (each line is checked against those before).
    const half = Math.floor(lines.length / 2)
    expect(s.run(["--store", "kept.sqlite", "import", s.file("half.ndjson", lines.slice(0, half))]).code).toBe(0)
    expect(checkpoint("kept.sqlite")).toBeUndefined()
    const first = stats("kept.sqlite")
    expect(first.stderr).toBe("")
    expect(checkpoint("kept.sqlite")).toEqual({ position: half })
    // The rest of the file: the next run starts from the checkpoint and reads only the new events.
    expect(s.run(["--store", "kept.sqlite", "import", s.file("all.ndjson", lines)]).code).toBe(0)
    const caughtUp = stats("kept.sqlite")
    expect(caughtUp.stderr).toBe("")
    expect(checkpoint("kept.sqlite")).toEqual({ position: lines.length })
    // The same figures as a store that never had a checkpoint.
    expect(s.run(["--store", "fresh.sqlite", "import", s.file("all.ndjson", lines)]).code).toBe(0)
    const fresh = stats("fresh.sqlite")
    expect(JSON.parse(caughtUp.stdout)).toEqual(JSON.parse(fresh.stdout))
    expect(JSON.parse(caughtUp.stdout)).not.toEqual(JSON.parse(first.stdout))
    // A checkpoint that no longer decodes is rebuilt, with a warning, and the answer is the same.
    const db = new DatabaseSync(join(s.dir, "kept.sqlite"))
    db.exec(
      `UPDATE checkpoints SET state = '{"format":"dangvien/statistics-compact@11"}' WHERE name = 'statistics-compact'`
    )
    db.close()
    const rebuilt = stats("kept.sqlite")
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stderr).toMatch(/statistics checkpoint statistics-compact does not decode; rebuilding it/u)
    expect(JSON.parse(rebuilt.stdout)).toEqual(JSON.parse(fresh.stdout))
    expect(stats("kept.sqlite").stderr).toBe("")
  })
})
