/**
 * A statistics report as labelled rows — section, key, label and value — in the official
 * Vietnamese terms (glossary) or in English: what the `table` and `csv` formats print.
 *
 * @since 0.1.0
 */
import type { Statistics } from "@dangvien/core"
import type { Lang } from "./Labels.ts"

/**
 * One figure of a report.
 *
 * @category models
 * @since 0.1.0
 */
export interface Row {
  readonly section: string
  /** The key path in the JSON report, e.g. `stocks.ageBands.≤30`. */
  readonly key: string
  readonly label: string
  /** A count, a ratio (0–1, `percent`), or null (no denominator). */
  readonly value: number | null
  readonly percent?: boolean
}

type Pair = readonly [vi: string, en: string]

const sections: Record<string, Pair> = {
  stocks: ["Đảng số", "Membership"],
  flows: ["Biến động trong kỳ", "Movements in the period"],
  ratings: ["Đánh giá, xếp loại chất lượng đảng viên", "Quality ratings"],
  ratios: ["Tỷ lệ và so sánh", "Ratios and comparisons"],
  organizations: ["Tổ chức đảng", "Party organisations"]
}

const labels: Record<string, Pair> = {
  "stocks.total": ["Tổng số đảng viên", "Members"],
  "stocks.probationary": ["Đảng viên dự bị", "Probationary members"],
  "stocks.official": ["Đảng viên chính thức", "Official members"],
  "stocks.female": ["Đảng viên nữ", "Women"],
  "stocks.ethnicMinority": ["Đảng viên người dân tộc thiểu số", "Ethnic minority"],
  "stocks.religious": ["Đảng viên theo tôn giáo", "Religious"],
  "stocks.exempted": ["Miễn công tác và sinh hoạt đảng", "Exempted from work and activity"],
  "stocks.inTransit": [
    "Đang chuyển sinh hoạt (chưa tiếp nhận, không tính vào tổng số)",
    "In transit (not received yet, not in the total)"
  ],
  "stocks.inTransitOutside": [
    "Trong đó chuyển ra ngoài phạm vi dữ liệu (mọi lần chuyển đi, nơi đến ghi nhận việc tiếp nhận)",
    "Of whom sent outside the dataset (every such departure: the arrival is recorded there)"
  ],
  "stocks.ageBands": ["Tuổi đời", "Age"],
  "stocks.partyAgeBands": ["Tuổi đảng", "Party age"],
  "flows.admitted": ["Kết nạp mới", "Admitted"],
  "flows.readmitted": ["Kết nạp lại", "Readmitted"],
  "flows.recognizedOfficial": ["Công nhận đảng viên chính thức", "Recognised official"],
  "flows.transferredIn": ["Tiếp nhận sinh hoạt đảng", "Transferred in"],
  "flows.transferredOut": ["Chuyển sinh hoạt đảng đi", "Transferred out"],
  "flows.struckOff": ["Xóa tên trong danh sách đảng viên", "Struck off"],
  "flows.struckOffByReason": ["Xóa tên — lý do", "Struck off — reason"],
  "flows.allowedToLeave": ["Cho ra khỏi Đảng", "Allowed to leave"],
  "flows.expelled": ["Khai trừ ra khỏi Đảng", "Expelled"],
  "flows.died": ["Từ trần", "Died"],
  "flows.disciplined": ["Kỷ luật", "Disciplined"],
  "flows.cardsIssued": ["Phát thẻ đảng viên", "Party cards issued"],
  "flows.badges": ["Trao tặng, truy tặng Huy hiệu Đảng", "Party badges"],
  "flows.admittedBreakdown": ["Trong số kết nạp mới", "Of those admitted"],
  "flows.importedOpening": ["Số dư đầu kỳ nhập vào", "Opening balance imported"],
  "flows.restructuring": ["Sắp xếp tổ chức", "Restructuring"],
  "ratings.members": ["Đảng viên cuối kỳ", "Members at the end of the period"],
  "ratings.rated": ["Được đánh giá, xếp loại", "Rated"],
  "ratings.ratedShare": ["Tỷ lệ được đánh giá, xếp loại", "Share rated"],
  "ratings.byLevel": ["Xếp loại", "Level"],
  "ratings.levelShares": ["Tỷ lệ xếp loại", "Level share"],
  "ratings.notRated": ["Không đánh giá, xếp loại — lý do", "Not rated — reason"],
  "ratios.admissionRate": [
    "Tỷ lệ kết nạp so với tổng số đảng viên đầu năm",
    "Admissions / members at the start of the year"
  ],
  "ratios.planTarget": ["Chỉ tiêu kết nạp (kế hoạch)", "Admission target (plan)"],
  "ratios.planAttainment": ["Đạt kế hoạch", "Plan attained"],
  "ratios.samePeriodLastYear.admitted": ["Kết nạp cùng kỳ năm trước", "Admitted, same period last year"],
  "ratios.samePeriodLastYear.admittedChange": ["Tăng/giảm so với cùng kỳ", "Change on the same period"],
  "ratios.samePeriodLastYear.admittedRatio": ["So với cùng kỳ năm trước", "Against the same period last year"],
  "organizations.tccsd": ["Tổ chức cơ sở đảng", "Grassroots organisations"],
  "organizations.cellsUnderGrassroots": ["Chi bộ trực thuộc đảng ủy cơ sở", "Cells under grassroots committees"],
  "organizations.withoutMembers": ["Chi bộ chưa có đảng viên", "Branches without members"],
  "organizations.byKind": ["Theo loại", "By kind"]
}

const terms: Record<string, Pair> = {
  excellent: ["Hoàn thành xuất sắc nhiệm vụ", "Excellent"],
  good: ["Hoàn thành tốt nhiệm vụ", "Good"],
  completed: ["Hoàn thành nhiệm vụ", "Completed"],
  notCompleted: ["Không hoàn thành nhiệm vụ", "Not completed"],
  reprimand: ["Khiển trách", "Reprimand"],
  warning: ["Cảnh cáo", "Warning"],
  removalFromPost: ["Cách chức", "Removal from post"],
  expulsion: ["Khai trừ", "Expulsion"],
  total: ["Tổng số", "Total"],
  posthumous: ["Truy tặng", "Posthumous"],
  early: ["Tặng sớm", "Early"],
  female: ["Nữ", "Women"],
  ethnicMinority: ["Dân tộc thiểu số", "Ethnic minority"],
  religious: ["Theo tôn giáo", "Religious"],
  youth: ["Đoàn viên, thanh niên (≤ 30 tuổi)", "Youth (≤ 30)"],
  movedIn: ["Chuyển đến do sắp xếp", "Moved in"],
  movedOut: ["Chuyển đi do sắp xếp", "Moved out"],
  province: ["Đảng bộ tỉnh, thành phố", "Province"],
  upper: ["Đảng bộ trực thuộc", "Upper level"],
  grassrootsCommittee: ["Đảng bộ cơ sở", "Grassroots committee"],
  grassrootsCell: ["Chi bộ cơ sở", "Grassroots cell"],
  subCommittee: ["Đảng bộ bộ phận", "Sub-committee"],
  cell: ["Chi bộ trực thuộc", "Cell"],
  admittedUnder6Months: ["Mới kết nạp chưa đủ 6 tháng", "Admitted under 6 months"],
  exempted: ["Miễn công tác và sinh hoạt", "Exempted"],
  suspended: ["Đình chỉ sinh hoạt", "Suspended"],
  other: ["Lý do khác", "Other"],
  unrecorded: ["Chưa ghi nhận", "Unrecorded"],
  abandonedActivity: ["Bỏ sinh hoạt", "Abandoned activity"],
  unpaidDues: ["Không đóng đảng phí", "Unpaid dues"],
  returnedCard: ["Trả thẻ", "Returned card"],
  noProgress: ["Không tiến bộ", "No progress"],
  twoYearsViolation: ["Hai năm liền vi phạm tư cách đảng viên", "Two years violating member standing"],
  politicalStandard: ["Không đủ tiêu chuẩn chính trị", "Political standard"],
  probationNotRecognized: ["Không được công nhận chính thức", "Probation not recognised"]
}

const pick = (p: Pair | undefined, lang: Lang, fallback: string) =>
  p === undefined ? fallback : p[lang === "vi" ? 0 : 1]

const subLabel = (parent: string, key: string, lang: Lang) => {
  if (/^\d+$/u.test(key)) return lang === "vi" ? `Huy hiệu ${key} năm tuổi Đảng` : `${key}-year badge`
  if (parent.endsWith("Bands")) return key
  return pick(terms[key], lang, key)
}

const percentKeys = new Set([
  "ratings.ratedShare",
  "ratings.levelShares",
  "ratios.admissionRate",
  "ratios.planAttainment",
  "ratios.samePeriodLastYear.admittedRatio"
])

/**
 * The figures of a report, in the order of `docs/statistics.md`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const rows = (report: Statistics.Report, lang: Lang): ReadonlyArray<Row> => {
  const out: Array<Row> = []
  const walk = (section: string, path: string, value: unknown, label: string, percent: boolean) => {
    if (value === null || typeof value === "number") {
      out.push({ section, key: path, label, value: value as number | null, ...(percent ? { percent } : {}) })
      return
    }
    if (typeof value !== "object") return
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const child = `${path}.${k}`
      const own = labels[child]
      walk(
        section,
        child,
        v,
        own !== undefined ? pick(own, lang, k) : k === "byMilestone" ? label : `${label} — ${subLabel(path, k, lang)}`,
        percent || percentKeys.has(child)
      )
    }
  }
  for (const section of ["stocks", "flows", "ratings", "ratios", "organizations"] as const) {
    // The ratings are of their own period (`--period`, by default the year of `to`): the title says which.
    const title = section === "ratings"
      ? `${pick(sections[section], lang, section)} — ${lang === "vi" ? "kỳ " : ""}${report.ratings.period}`
      : pick(sections[section], lang, section)
    for (const [k, v] of Object.entries(report[section])) {
      if (section === "ratings" && k === "period") continue
      if (section === "ratios" && k === "samePeriodLastYear") {
        const s = v as Statistics.Ratios["samePeriodLastYear"]
        for (const key of ["admitted", "admittedChange", "admittedRatio"] as const) {
          const path = `ratios.samePeriodLastYear.${key}`
          out.push({
            section: title,
            key: path,
            label: `${pick(labels[path], lang, key)} (${s.from} – ${s.to})`,
            value: s[key],
            ...(percentKeys.has(path) ? { percent: true } : {})
          })
        }
        continue
      }
      const path = `${section}.${k}`
      walk(title, path, v, pick(labels[path], lang, k), percentKeys.has(path))
    }
  }
  return out
}

/**
 * A value for display: counts with thousands separators, ratios as percentages rounded half-up
 * to 2 decimals (statistics.md), `–` for no value.
 *
 * @category formatting
 * @since 0.1.0
 */
export const display = (row: Row, lang: Lang): string => {
  if (row.value === null) return "–"
  const locale = lang === "vi" ? "vi-VN" : "en-US"
  if (row.percent === true) {
    const hundredths = Math.round(row.value * 10_000 + 1e-9) / 100
    return `${hundredths.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`
  }
  return row.value.toLocaleString(locale)
}
