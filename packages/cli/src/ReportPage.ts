/**
 * The yearly report of an organisation as a page: headline figures, membership over the years,
 * admissions against plan, the age and party-age pyramids, badges by milestone, the rating
 * distribution, and every figure of the year as a table — from `Statistics` queries on the index.
 *
 * @since 0.1.0
 */
import { type Calendar, type Ids, Statistics } from "@dangvien/core"
import { Result } from "effect"
import type { Lang } from "./Labels.ts"
import type * as ReportHtml from "./ReportHtml.ts"
import { display, rows } from "./ReportRows.ts"

/**
 * What a report is about.
 *
 * @category models
 * @since 0.1.0
 */
export interface Request {
  readonly org: Ids.OrgId
  readonly orgName: string
  readonly year: number
  /** The last day the report covers: 31 December of `year`, or an earlier day for the current year. */
  readonly asOf: Calendar.CalendarDate
  /** How many years the series go back (default 15). */
  readonly years?: number
  readonly lang: Lang
}

const t = (lang: Lang, vi: string, en: string) => (lang === "vi" ? vi : en)

const count = (n: number, lang: Lang) => n.toLocaleString(lang === "vi" ? "vi-VN" : "en-US")

/**
 * The page, or the query's error (an unknown organisation).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  index: Statistics.Index | Statistics.Compact,
  request: Request
): Result.Result<ReportHtml.Page, Statistics.UnknownOrganization | Statistics.InvalidQuery> => {
  const { asOf, lang, org, year } = request
  const yearReport = Statistics.query(index, { org, from: `${year}-01-01`, to: asOf })
  if (Result.isFailure(yearReport)) return Result.fail(yearReport.failure)
  const r = yearReport.success
  const first = year - (request.years ?? 15) + 1
  const series: Array<{ year: number; total: number; admitted: number; plan: number | null }> = []
  for (let y = first; y <= year; y++) {
    const end = y === year ? asOf : (`${y}-12-31` as Calendar.CalendarDate)
    const q = Statistics.query(index, { org, from: `${y}-01-01`, to: end })
    if (Result.isFailure(q)) continue // the organisation did not exist yet
    series.push({
      year: y,
      total: q.success.stocks.total,
      admitted: q.success.flows.admitted,
      plan: q.success.ratios.planTarget
    })
  }
  const all = rows(r, lang)
  const value = (key: string) => {
    const row = all.find((x) => x.key === key)
    return row === undefined ? "–" : display(row, lang)
  }
  const charts: Array<ReportHtml.Chart> = [
    {
      kind: "line",
      title: t(lang, "Tổng số đảng viên qua các năm (31/12)", "Members over the years (31 December)"),
      points: series.map((s) => ({ label: String(s.year), value: s.total }))
    },
    {
      kind: "bars",
      title: t(lang, "Kết nạp đảng viên so với chỉ tiêu", "Admissions against the plan"),
      bars: series.map((s) => ({ label: String(s.year), value: s.admitted, target: s.plan })),
      legend: { value: t(lang, "Kết nạp mới", "Admitted"), target: t(lang, "Chỉ tiêu", "Target") }
    },
    {
      kind: "hbars",
      title: t(lang, `Tuổi đời (${asOf})`, `Age (${asOf})`),
      bars: Object.entries(r.stocks.ageBands).map(([label, n]) => ({ label, value: n }))
    },
    {
      kind: "hbars",
      title: t(lang, `Tuổi đảng (${asOf})`, `Party age (${asOf})`),
      bars: Object.entries(r.stocks.partyAgeBands).map(([label, n]) => ({ label, value: n }))
    },
    {
      kind: "bars",
      title: t(lang, `Huy hiệu Đảng theo số năm tuổi Đảng (${year})`, `Party badges by milestone (${year})`),
      bars: Object.entries(r.flows.badges.byMilestone).map(([m, n]) => ({ label: m, value: n }))
    },
    {
      kind: "bars",
      title: t(lang, `Xếp loại chất lượng đảng viên (${r.ratings.period})`, `Quality ratings (${r.ratings.period})`),
      bars: (["excellent", "good", "completed", "notCompleted"] as const).map((level) => ({
        label: {
          excellent: t(lang, "Xuất sắc", "Excellent"),
          good: t(lang, "Tốt", "Good"),
          completed: t(lang, "Hoàn thành", "Completed"),
          notCompleted: t(lang, "Không hoàn thành", "Not completed")
        }[level],
        value: r.ratings.byLevel[level]
      }))
    }
  ]
  return Result.succeed({
    lang,
    title: `${request.orgName} — ${t(lang, "báo cáo năm", "report")} ${year}`,
    subtitle: t(
      lang,
      `Số liệu từ 01/01/${year} đến ${asOf.slice(8, 10)}/${asOf.slice(5, 7)}/${
        asOf.slice(0, 4)
      }, xây dựng lại từ lịch sử sự kiện (dangvien)`,
      `Figures from ${year}-01-01 to ${asOf}, rebuilt from the event history (dangvien)`
    ),
    headline: [
      { label: t(lang, "Tổng số đảng viên", "Members"), value: value("stocks.total") },
      { label: t(lang, "Đảng viên dự bị", "Probationary"), value: value("stocks.probationary") },
      { label: t(lang, "Kết nạp mới", "Admitted"), value: value("flows.admitted") },
      { label: t(lang, "Đạt kế hoạch kết nạp", "Plan attained"), value: value("ratios.planAttainment") },
      { label: t(lang, "Tỷ lệ được đánh giá, xếp loại", "Share rated"), value: value("ratings.ratedShare") },
      { label: t(lang, "Huy hiệu Đảng", "Party badges"), value: value("flows.badges.total") },
      { label: t(lang, "Từ trần", "Died"), value: value("flows.died") },
      { label: t(lang, "Tổ chức cơ sở đảng", "Grassroots organisations"), value: value("organizations.tccsd") }
    ],
    charts,
    tables: [
      {
        title: t(lang, "Số liệu qua các năm", "Year by year"),
        header: [
          t(lang, "Năm", "Year"),
          t(lang, "Đảng viên", "Members"),
          t(lang, "Kết nạp", "Admitted"),
          t(lang, "Chỉ tiêu", "Target")
        ],
        rows: series.map((
          s
        ) => [
          String(s.year),
          count(s.total, lang),
          count(s.admitted, lang),
          s.plan === null ? "–" : count(s.plan, lang)
        ])
      },
      ...groupBySection(all, lang)
    ],
    footer: t(
      lang,
      "Định nghĩa các chỉ tiêu: docs/statistics.md. Tạo bởi dangvien.",
      "Definitions of the figures: docs/statistics.md. Made by dangvien."
    )
  })
}

const groupBySection = (all: ReturnType<typeof rows>, lang: Lang): ReadonlyArray<ReportHtml.Table> => {
  const sections = new Map<string, Array<ReadonlyArray<string>>>()
  for (const row of all) {
    const list = sections.get(row.section) ?? []
    list.push([row.label, display(row, lang)])
    sections.set(row.section, list)
  }
  return [...sections].map(([title, list]) => ({
    title,
    header: [t(lang, "Chỉ tiêu", "Figure"), t(lang, "Giá trị", "Value")],
    rows: list
  }))
}
