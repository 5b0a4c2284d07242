import { Envelope } from "@dangvien/core"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { renderedDom } from "./chromium.ts"
import { expectOneLineFailure, scratch } from "./run.ts"

describe("dangvien demo, generate and report", () => {
  const s = scratch()
  afterAll(s.cleanup)

  it("demo generates a province, imports it into ./dangvien.sqlite and prints its statistics; a re-run stores nothing twice", () => {
    const r = s.run(["demo", "--members", "1500", "--seed", "7", "--lang", "en"])
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const imported = /imported ([\d,]+) events of [\d,]+ streams in [\d.]+ s: ([\d,]+) new, 0 already stored/u.exec(
      r.stdout
    )
    expect(imported).not.toBeNull()
    expect(imported![1]).toBe(imported![2])
    expect(r.stdout).toMatch(/^MEMBERSHIP$/mu)
    const total = Number(/^ {2}Members +([\d,]+)$/mu.exec(r.stdout)![1]!.replace(/,/gu, ""))
    expect(total).toBeGreaterThan(1500 * 0.95)
    expect(total).toBeLessThan(1500 * 1.05)
    expect(r.stdout).toMatch(/Next: dangvien orgs · dangvien stats --org /u)
    // The same store named: stored nothing twice, and the hints name it, to be copied as they are.
    const again = s.run(["--store", "dangvien.sqlite", "demo", "--members", "1500", "--seed", "7", "--lang", "en"])
    expect(again.stdout).toMatch(/: 0 new, [\d,]+ already stored/u)
    expect(again.stdout).toMatch(
      /Next: dangvien --store dangvien\.sqlite orgs · dangvien --store dangvien\.sqlite stats /u
    )
    // Another seed is another history: said so in one line, with a few of the refusals, storing nothing.
    const other = s.run(["demo", "--members", "1500", "--seed", "8", "--lang", "en"])
    expectOneLineFailure(
      other,
      /dangvien\.sqlite already holds [\d,]+ events of another history, which this demo's province \(seed 8, 1,500 members\) does not extend: run the demo into a new --store/u
    )
    const shown = other.stderr.trimEnd().split("\n")
    expect(shown).toHaveLength(5)
    expect(shown[0]).toMatch(/^line \d+: [A-Z]{3}-\d\d /u)
    expect(shown[3]).toMatch(/^… and [\d,]+ more refused lines$/u)
  })

  it("generate says when the history runs past today, whose lines import would refuse (CAL-01)", () => {
    const late = s.run(["generate", "--members", "100", "--to", "2026"])
    expect(late.code).toBe(0)
    // The clock is the machine's: the note holds until the last day of 2026 in Vietnam.
    if (Envelope.dayInVietnam(Date.now()) < "2026-12-31") {
      expect(late.stderr).toMatch(
        /^dangvien generate: the history runs to 31 December 2026, after today \(\d{4}-\d\d-\d\d\); dangvien import refuses its lines recorded after the time it starts \(CAL-01\)\. --to \d{4} is the last full year\.\n$/u
      )
    } else expect(late.stderr).toBe("")
    expect(s.run(["generate", "--members", "100", "--to", "2025"]).stderr).toBe("")
  })

  it("generate prints the same history for the same seed, and import accepts it", () => {
    const a = s.run(["generate", "--members", "300", "--seed", "3"])
    const b = s.run(["generate", "--members", "300", "--seed", "3"])
    expect(a.code).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    expect(s.run(["generate", "--members", "300", "--seed", "4"]).stdout).not.toBe(a.stdout)
    const file = s.file("gen.ndjson", a.stdout)
    const imported = s.run(["--store", "gen.sqlite", "import", file])
    expect(imported.stderr).toBe("")
    expect(imported.stdout).toMatch(/stored [\d,]+ new, 0 already stored/u)
    expectOneLineFailure(s.run(["generate", "--members", "5"]), /--members must be between/u, 2)
  })

  it("report writes one HTML file whose charts a real Chromium draws", () => {
    const orgs = s.run(["orgs", "--as-of", "2025-12-31", "--lang", "en"])
    const province = /^\S.*  province  ([0-9A-Z]{26})  /mu.exec(orgs.stdout)![1]!
    const out = join(s.dir, "report.html")
    const r = s.run(["report", "--org", province, "--year", "2025", "--out", out])
    expect(r.stderr).toBe("")
    expect(r.stdout).toContain("report.html: ")
    const html = readFileSync(out, "utf8")
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//u)
    const dom = renderedDom(out)
    expect(dom).toContain("data-charts-drawn=\"6\"")
    for (let i = 0; i < 6; i++) expect(dom).toMatch(new RegExp(`id="chart-${i}"[^>]*data-drawn="[1-9]\\d*"`, "u"))
    expect(dom).toContain("Tổng số đảng viên")
    expectOneLineFailure(s.run(["report", "--org", province, "--year", "2999", "--out", out]), /--year 2999/u, 2)
  })
})
