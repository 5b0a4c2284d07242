/**
 * The import and export behaviour every store must show through the command line, run against
 * a SQLite file (cli.test.ts) and PostgreSQL (cli.integration.test.ts).
 */
import { Envelope, Statistics } from "@dangvien/core"
import { provinceLines } from "@dangvien/testing/ImportFixture"
import { Result } from "effect"
import { afterAll, expect, it } from "vitest"
import { expectOneLineFailure, scratch } from "./run.ts"

export const importExportSuite = (store: () => string) => {
  const s = scratch()
  afterAll(s.cleanup)
  const { ids, lines } = provinceLines(400)
  const good = s.file("province.ndjson", lines)
  const exported = () => {
    const r = s.run(["--store", store(), "export"])
    expect(r.code).toBe(0)
    return r.stdout
  }
  const member = JSON.parse(lines[12]!).stream as string
  const event = (type: string, occurredOn: string, data: unknown, n: number) =>
    JSON.stringify({
      id: `01JD3Q8Y7WZZZZZZZZZZZZZ${String(n).padStart(3, "0")}`,
      stream: member,
      type,
      schemaVersion: 1,
      occurredOn,
      recordedAt: `${occurredOn}T09:00:00.000Z`,
      data
    })
  const exempt = (n: number) => event("ActivityExempted", "2026-01-05", { reason: "health" }, n)
  const exemptionEnded = (n: number) => event("ActivityExemptionEnded", "2026-02-05", {}, n)

  it("imports a file, says what it stored, and a second run stores nothing twice", () => {
    const first = s.run(["--store", store(), "import", good])
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(
      `${ids.length} events in ${ids.length} lines, ${
        new Set(lines.map((l) => JSON.parse(l).stream)).size
      } streams; stored ${ids.length} new, 0 already stored`
    )
    const again = s.run(["import", good, "--store", store()])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`stored 0 new, ${ids.length} already stored`)
  })

  it("exports the events in file order as NDJSON that imports again", () => {
    const out = exported().trimEnd().split("\n")
    expect(out.map((l) => JSON.parse(l).id)).toEqual(ids)
    expect(JSON.parse(out[0]!).position).toBe(1)
    const one = s.run(["--store", store(), "export", "--stream", member])
    expect(one.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).type)).toEqual([
      "MemberImported",
      ...Array(16).fill("QualityRated")
    ])
    const after = s.run(["--store", store(), "export", "--from-position", String(ids.length - 2)])
    expect(after.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).position)).toEqual([ids.length - 1, ids.length])
    const back = s.run(["--store", store(), "import", "-"], { input: exported() })
    expect(back.code).toBe(0)
    expect(back.stdout).toContain(`stored 0 new, ${ids.length} already stored`)
  })

  it("shows a member's record: status, branch, party age, next badge, history", () => {
    const r = s.run(["--store", store(), "member", member, "--as-of", "2026-01-01", "--lang", "en"])
    expect(r.stderr).toBe("")
    expect(r.stdout).toContain("status (2026-01-01): official member")
    expect(r.stdout).toMatch(/branch: Chi bộ \d+ \(01JD3Q8Y7W/u)
    expect(r.stdout).toContain("party age: 35 years 10 months")
    expect(r.stdout).toContain("badge due, not awarded: 30-year Party membership badge — reached on 2020-03-01")
    expect(r.stdout.match(/^    \d{4}-\d\d-\d\d {2}QualityRated/gmu)).toHaveLength(16)
    const vi = s.run(["--store", store(), "member", member.slice(7), "--as-of", "2026-01-01"])
    expect(vi.stdout).toContain("tình trạng (2026-01-01): đảng viên chính thức")
    expect(vi.stdout).toContain("tuổi đảng: 35 năm 10 tháng")
    // The history in the glossary's terms.
    expect(vi.stdout.match(/^    \d{4}-\d\d-\d\d {2}đánh giá, xếp loại chất lượng {2}\d{4}: hoàn thành/gmu))
      .toHaveLength(16)
    expect(vi.stdout).not.toContain("QualityRated")
  })

  const province = JSON.parse(lines[0]!).stream.slice(4) as string
  const members = new Set(lines.map((l) => JSON.parse(l).stream).filter((st: string) => st.startsWith("member-"))).size

  it("stats --format json prints the report of statistics.md, the same as Statistics.query in process", () => {
    const r = s.run(["--store", store(), "stats", "--org", province, "--to", "2024-12-31", "--format", "json"])
    expect(r.stderr).toBe("")
    const printed = JSON.parse(r.stdout)
    expect(Object.keys(printed)).toEqual(["query", "stocks", "flows", "ratings", "ratios", "organizations"])
    expect(printed.stocks.total).toBe(members)
    expect(printed.ratings.byLevel.good).toBe(members)
    const index = Statistics.make(lines.map((l) => Result.getOrThrow(Envelope.decodeLine(l))))
    const expected = Result.getOrThrow(Statistics.query(index, { org: province as never, to: "2024-12-31" }))
    expect(printed).toEqual(JSON.parse(JSON.stringify(expected)))
  })

  it("stats --format csv is UTF-8 with a byte-order mark and the Vietnamese labels; table is aligned", () => {
    const csv = s.run(["--store", store(), "stats", "--org", province, "--to", "2024-12-31", "--format", "csv"])
    expect(csv.stdout.startsWith("\uFEFFMục,Chỉ tiêu,Giá trị,Khóa\r\n")).toBe(true)
    expect(csv.stdout).toContain(`Đảng số,Tổng số đảng viên,${members},stocks.total\r\n`)
    expect(csv.stdout).toContain("Tỷ lệ được đánh giá, xếp loại")
    const table = s.run(["--store", store(), "stats", "--org", province, "--to", "2024-12-31", "--lang", "en"])
    const line = table.stdout.split("\n").find((l) => l.trimStart().startsWith("Members "))!
    expect(line).toMatch(new RegExp(`^  Members +${members}$`, "u"))
    const widths = new Set(table.stdout.split("\n").filter((l) => l.startsWith("  ")).map((l) => l.length))
    expect(widths.size).toBe(1)
    // The ratings' section says which period they are of: the year of --to, or --period.
    expect(table.stdout).toMatch(/^QUALITY RATINGS — 2024$/mu)
    const h1 = s.run(["--store", store(), "stats", "--org", province, "--to", "2024-12-31", "--period", "2024-H1"])
    expect(h1.stdout).toMatch(/^ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN — KỲ 2024-H1$/mu)
  })

  it("stats --known-at: what was known on a day; orgs: the tree with headcounts", () => {
    const before = s.run([
      "--store",
      store(),
      "stats",
      "--org",
      province,
      "--to",
      "2009-12-31",
      "--known-at",
      "2009-12-31",
      "--format",
      "json"
    ])
    expect(JSON.parse(before.stdout).stocks.total).toBe(0)
    const orgs = s.run(["--store", store(), "orgs", "--as-of", "2024-12-31", "--lang", "en"])
    expect(orgs.stdout.split("\n")[0]).toMatch(new RegExp(`^Tỉnh  province  ${province}  ${members}$`, "u"))
    const vi = s.run(["--store", store(), "orgs", "--as-of", "2024-12-31"])
    expect(vi.stdout.split("\n")[0]).toMatch(
      new RegExp(`^Tỉnh  đảng bộ tỉnh, thành phố  ${province}  ${members.toLocaleString("vi-VN")}$`, "u")
    )
    expect(vi.stdout).toMatch(/^ {2}Đảng ủy xã  đảng bộ cơ sở  [0-9A-Z]{26}  /mu)
    expect(vi.stdout).toMatch(/^ {4}Chi bộ 1  chi bộ trực thuộc  [0-9A-Z]{26}  \d+$/mu)
    // Dates on which the organisation did not exist: said so, not a report of zeros or an empty tree.
    expectOneLineFailure(
      s.run(["--store", store(), "orgs", "--as-of", "1999-12-31"]),
      /no organisation existed on 1999-12-31 in the store \(the first was founded on 2000-01-01\)$/u
    )
    expectOneLineFailure(
      s.run(["--store", store(), "stats", "--org", province, "--to", "1999-12-31"]),
      new RegExp(
        `Tỉnh \\(${province}\\) existed from 2000-01-01, not from 1999-01-01 to 1999-12-31: there is nothing to report$`,
        "u"
      )
    )
    expectOneLineFailure(
      s.run(["--store", store(), "stats", "--org", province, "--to", "2024-12-31", "--structure-as-of", "1999-06-30"]),
      /not on the tree of 1999-06-30 \(--structure-as-of\)$/u
    )
    // Restated on a tree it is on, any period is a report (its predecessors' members count in it).
    const restated = s.run([
      "--store",
      store(),
      "stats",
      "--org",
      province,
      "--from",
      "1999-01-01",
      "--to",
      "1999-12-31",
      "--structure-as-of",
      "2024-12-31",
      "--format",
      "json"
    ])
    expect(restated.stderr).toBe("")
    expect(JSON.parse(restated.stdout).stocks.total).toBe(0)
  })

  it("badges: members due a badge on an occasion; audit: findings with their rule IDs", () => {
    const badges = s.run(["--store", store(), "badges", "--org", province, "--occasion", "2025-09-02", "--lang", "en"])
    expect(badges.stderr).toBe("")
    const due = badges.stdout.trimEnd().split("\n")
    expect(due.at(-1)).toBe(`${members} members due (2025-09-02): 30 years ${members}`)
    // Each member by name and stream, each branch by name.
    expect(due[0]).toMatch(
      /^Đảng viên \d+ \(member-[0-9A-Z]{26}\) {2}30-year Party membership badge {2}reached on 2020-03-01 {2}in Chi bộ \d+$/u
    )
    // BDG-02: another day is a special decision's (`other`): listed, with a note.
    const other = s.run(["--store", store(), "badges", "--org", province, "--occasion", "2025-09-03", "--lang", "en"])
    expect(other.code).toBe(0)
    expect(other.stderr).toBe(
      "dangvien: 2025-09-03 is not an award occasion (3/2, 19/5, 2/9, 7/11: BDG-02); the list is as for a special decision on that day\n"
    )
    expect(other.stdout.trimEnd().split("\n").at(-1)).toBe(`${members} members due (2025-09-03): 30 years ${members}`)
    // As known before anything was recorded; restated on a later tree (the same one here).
    const ask = (...args: ReadonlyArray<string>) =>
      s.run(["--store", store(), "badges", "--org", province, "--occasion", "2025-09-02", "--lang", "en", ...args])
        .stdout.trimEnd().split("\n").at(-1)
    expect(ask("--known-at", "2001-01-01")).toBe("0 members due (2025-09-02)")
    expect(ask("--structure-as-of", "2026-01-01")).toBe(due.at(-1))
    const audit = s.run(["--store", store(), "audit", "--org", province, "--as-of", "2025-12-31", "--lang", "en"])
    expect(audit.stderr).toBe("")
    const findings = audit.stdout.trimEnd().split("\n")
    // Each subject by name, then its stream.
    expect(
      findings.slice(0, -1).every((l) =>
        /^[A-Z]{3}-\d\d {2}\d{4}-\d\d-\d\d {2}(Đảng viên \d+ \(member-|(Tỉnh|Đảng ủy xã|Chi bộ \d+) \(org-)[0-9A-Z]{26}\) /u
          .test(l)
      )
    ).toBe(true)
    expect(findings.at(-1)).toMatch(new RegExp(`^\\d+ findings: .*BDG-02 ${members}`, "u"))
  })

  it("a command that only reads refuses a store that is not there, and creates nothing", () => {
    const location = store()
    const missing = location.startsWith("postgres")
      ? location.replace(/schema=(\w+)/u, "schema=$1_missing")
      : s.file("unrelated.sqlite", "")
    // Twice: had the first created the store, the second would find it empty instead.
    for (let i = 0; i < 2; i++) {
      expectOneLineFailure(
        s.run(["--store", missing, "orgs"]),
        /no dangvien store in schema \w+_missing|no store at .*unrelated\.sqlite|not a dangvien store/u
      )
    }
  })

  it("stats: an unknown organisation and a bad date are one line each", () => {
    expectOneLineFailure(s.run(["--store", store(), "stats", "--org", "NO-SUCH-CODE"]), /no organisation NO-SUCH-CODE/u)
    expectOneLineFailure(
      s.run(["--store", store(), "stats", "--org", province, "--as-of", "2021-02-30"]),
      /--as-of 2021-02-30 is not a date/u,
      2
    )
  })

  const refused = (name: string, content: ReadonlyArray<string> | string, expected: ReadonlyArray<RegExp>) => {
    const before = exported()
    const r = s.run(["--store", store(), "import", s.file(name, content)])
    expectOneLineFailure(r, /refused lines?; nothing was stored|is empty/u)
    const reported = r.stderr.trimEnd().split("\n").slice(0, -1)
    expect(reported, r.stderr).toHaveLength(expected.length)
    expected.forEach((pattern, i) => expect(reported[i]).toMatch(pattern))
    expect(exported()).toBe(before)
  }

  it("refuses a malformed line with its line number, and stores nothing", () =>
    refused("malformed.ndjson", [exempt(1), exemptionEnded(2).slice(0, 40), exemptionEnded(3)], [
      /^line 2: EVT-01: not JSON/u
    ]))

  it("refuses an unknown event type (EVT-03)", () =>
    refused("unknown.ndjson", [exempt(1), exemptionEnded(2).replace("ActivityExemptionEnded", "MemberPromoted")], [
      /^line 2: EVT-03 type: unknown event type "MemberPromoted"/u
    ]))

  it("refuses a date that does not exist, such as 2021-02-30", () =>
    refused("date.ndjson", [
      event("ActivityExempted", "2021-02-30", { reason: "health" }, 1).replace("2021-02-30T", "2021-03-01T")
    ], [
      /^line 1: \S+ occurredOn: .*2021-02-30/u
    ]))

  it("refuses a rule violation in the middle of a file, naming the rule", () =>
    refused("rule.ndjson", [exempt(1), event("OfficialRecognized", "2026-01-06", {}, 2), exemptionEnded(3)], [
      /^line 2: [A-Z]{3}-\d\d /u
    ]))

  it("refuses an empty file", () => refused("empty.ndjson", "", []))

  it("refuses a file that is not NDJSON, every line of it", () =>
    refused("table.csv", ["ho_ten,ngay_sinh", "Nguyễn Văn An,1990-01-01"], [
      /^line 1: EVT-01: not JSON/u,
      /^line 2: EVT-01: not JSON/u
    ]))

  it("excellent: the members rated excellent years running (a member's 2021–2025 ratings corrected on 2026-01-10 first)", () => {
    const corrections = [2021, 2022, 2023, 2024, 2025].map((y, i) =>
      event("QualityRated", "2026-01-10", { period: String(y), level: "excellent" }, 40 + i)
    )
    const imported = s.run(["--store", store(), "import", s.file("excellent.ndjson", corrections)])
    expect(imported.stderr).toBe("")
    expect(imported.code).toBe(0)
    const ask = (...args: ReadonlyArray<string>) =>
      s.run(["--store", store(), "excellent", "--org", province, "--last-year", "2025", ...args])
    const five = ask("--lang", "en")
    expect(five.stderr).toBe("")
    const rows = five.stdout.trimEnd().split("\n")
    expect(rows).toHaveLength(2)
    // The member by name and stream, the branch by name.
    expect(rows[0]).toMatch(
      new RegExp(`^Đảng viên \\d+ \\(${member}\\)  2021–2025  5 years running  in Chi bộ \\d+$`, "u")
    )
    expect(rows[1]).toBe("1 member rated excellent 5 years running (2021–2025)")
    expect(ask("--years", "6").stdout.trimEnd()).toBe("0 đảng viên hoàn thành xuất sắc nhiệm vụ 6 năm liền (2020–2025)")
    // As known before the corrections were recorded.
    expect(ask("--known-at", "2026-01-09").stdout).toMatch(/^0 đảng viên/u)
    expectOneLineFailure(ask("--years", "0"), /--years: 0 is not a number of years from 1/u, 2)
  })
}
