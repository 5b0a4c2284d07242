import { afterAll, describe, expect, it } from "vitest"
import { importExportSuite } from "./importExport.ts"
import { expectOneLineFailure, scratch } from "./run.ts"

describe("dangvien on a SQLite file", () => {
  const s = scratch()
  afterAll(s.cleanup)
  importExportSuite(() => `${s.dir}/store.sqlite`)
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
