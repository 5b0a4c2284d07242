import { timeOrderedLines } from "@dangvien/testing/ImportFixture"
import { afterAll, describe, expect, it } from "vitest"
import { importExportSuite } from "./importExport.ts"
import { expectOneLineFailure, scratch } from "./run.ts"

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
    s.run(["--store", "s.sqlite", "import", s.file("one.ndjson", [])])
    expectOneLineFailure(
      s.run(["--store", "s.sqlite", "member", "01JD3Q8Y7W0000000000000001", "--as-of", "2021-02-30"]),
      /--as-of 2021-02-30 is not a date/u,
      2
    )
  })

  it("a file that does not exist", () => {
    expectOneLineFailure(s.run(["--store", "s.sqlite", "import", "nothere.ndjson"]), /no file nothere\.ndjson/u)
  })

  it("the store comes from DANGVIEN_STORE when --store is not given", () => {
    const r = s.run(["export"], { env: { DANGVIEN_STORE: "elsewhere.sqlite" } })
    expectOneLineFailure(r, /no store at elsewhere\.sqlite/u)
  })

  it("an unknown command prints the help and exits 2", () => {
    const r = s.run(["frobnicate"])
    expect(r.code).toBe(2)
  })
})
