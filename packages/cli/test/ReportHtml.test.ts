import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import * as ReportHtml from "../src/ReportHtml.ts"
import { renderedDom } from "./chromium.ts"

const page: ReportHtml.Page = {
  lang: "vi",
  title: "Đảng bộ tỉnh Lai Châu — năm 2021",
  subtitle: "Số liệu đến 31/12/2021",
  headline: [{ label: "Tổng số đảng viên", value: "30.044" }, { label: "Kết nạp mới", value: "1.022" }],
  charts: [
    {
      kind: "line",
      title: "Đảng viên qua các năm",
      points: [2019, 2020, 2021].map((y, i) => ({ label: String(y), value: 28_000 + 1000 * i }))
    },
    {
      kind: "bars",
      title: "Kết nạp so với chỉ tiêu",
      bars: [{ label: "2020", value: 950, target: 1000 }, { label: "2021", value: 1022, target: 1002 }],
      legend: { value: "Kết nạp", target: "Chỉ tiêu" }
    },
    {
      kind: "hbars",
      title: "Độ tuổi",
      bars: [{ label: "≤30", value: 5000 }, { label: "31-40", value: 9000 }, { label: "41-50", value: 7000 }]
    }
  ],
  tables: [{ title: "Bảng <số liệu>", header: ["Chỉ tiêu", "Số lượng"], rows: [["Tổng số đảng viên", 30_044]] }],
  footer: "dangvien"
}

describe("ReportHtml", () => {
  const dir = mkdtempSync(join(tmpdir(), "dangvien-report-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("is one self-contained file: no address outside the page", () => {
    const html = ReportHtml.render(page)
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//u)
    expect(html).not.toMatch(/@import|url\(/u)
    expect(html).toContain("Bảng &lt;số liệu&gt;")
  })

  it("draws every chart in a real headless Chromium", () => {
    const file = join(dir, "report.html")
    writeFileSync(file, ReportHtml.render(page))
    const dom = renderedDom(file)
    expect(dom).toContain("data-charts-drawn=\"3\"")
    expect(dom).toMatch(/id="chart-0"[^>]*data-drawn="3"/u)
    expect(dom).toMatch(/id="chart-1"[^>]*data-drawn="2"/u)
    expect(dom).toMatch(/id="chart-2"[^>]*data-drawn="3"/u)
    expect(dom.match(/<rect /gu)?.length).toBe(5)
    expect(dom).toContain("<path d=\"M")
  })
})
