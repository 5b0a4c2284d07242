/**
 * The three outputs of `dangvien stats`: `json` (exactly the report of statistics.md, ratios at
 * full precision), `table` (aligned for a terminal) and `csv` (UTF-8 with a byte-order mark, so
 * Excel keeps the Vietnamese diacritics).
 *
 * @since 0.1.0
 */
import type { Statistics } from "@dangvien/core"
import type { Lang } from "./Labels.ts"
import { display, rows } from "./ReportRows.ts"

/**
 * Output formats.
 *
 * @category models
 * @since 0.1.0
 */
export type Format = "table" | "json" | "csv"

/**
 * The report as JSON (two-space indentation, a final newline).
 *
 * @category formatting
 * @since 0.1.0
 */
export const json = (report: Statistics.Report): string => `${JSON.stringify(report, null, 2)}\n`

/** Display width of a string: combining marks take no column. */
const width = (s: string) => s.normalize("NFC").replace(/\p{M}/gu, "").length

const padEnd = (s: string, n: number) => s + " ".repeat(Math.max(0, n - width(s)))
const padStart = (s: string, n: number) => " ".repeat(Math.max(0, n - width(s))) + s

/**
 * The report as an aligned table with a heading per section.
 *
 * @category formatting
 * @since 0.1.0
 */
export const table = (report: Statistics.Report, lang: Lang, heading: string): string => {
  const all = rows(report, lang)
  const labelWidth = Math.max(...all.map((r) => width(r.label)))
  const values = all.map((r) => display(r, lang))
  const valueWidth = Math.max(...values.map(width))
  const out: Array<string> = [heading, ""]
  let section = ""
  all.forEach((r, i) => {
    if (r.section !== section) {
      if (section !== "") out.push("")
      section = r.section
      out.push(section.toUpperCase())
    }
    out.push(`  ${padEnd(r.label, labelWidth)}  ${padStart(values[i]!, valueWidth)}`)
  })
  return `${out.join("\n")}\n`
}

const csvField = (s: string) => (/[",\n;]/u.test(s) ? `"${s.replace(/"/gu, "\"\"")}"` : s)

/**
 * The report as CSV: a byte-order mark, a header row, then one row per figure — section, label,
 * value (counts as plain integers, ratios as percentages with 2 decimals), and the JSON key.
 *
 * @category formatting
 * @since 0.1.0
 */
export const csv = (report: Statistics.Report, lang: Lang): string => {
  const header = lang === "vi" ? ["Mục", "Chỉ tiêu", "Giá trị", "Khóa"] : ["Section", "Figure", "Value", "Key"]
  const lines = [header.join(",")]
  for (const r of rows(report, lang)) {
    const value = r.value === null
      ? ""
      : r.percent === true
      ? `${(Math.round(r.value * 10_000 + 1e-9) / 100).toFixed(2)}%`
      : String(r.value)
    lines.push([r.section, r.label, value, r.key].map(csvField).join(","))
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`
}
