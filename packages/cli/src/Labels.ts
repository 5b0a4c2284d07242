/**
 * Labels of the command's output in English and in the official Vietnamese terms (glossary).
 *
 * @since 0.1.0
 */
import type { Member } from "@dangvien/core"

/**
 * Output languages.
 *
 * @category models
 * @since 0.1.0
 */
export type Lang = "vi" | "en"

/**
 * A member status in words.
 *
 * @category labels
 * @since 0.1.0
 */
export const status = (s: Member.Status, lang: Lang): string => lang === "vi" ? statusVi[s] : statusEn[s]

const statusEn: Record<Member.Status, string> = {
  none: "no record",
  candidate: "candidate",
  probationary: "probationary member",
  official: "official member",
  struckOff: "struck off",
  allowedToLeave: "allowed to leave",
  expelled: "expelled",
  dead: "died"
}

const statusVi: Record<Member.Status, string> = {
  none: "chưa có hồ sơ",
  candidate: "quần chúng ưu tú, đối tượng kết nạp đảng",
  probationary: "đảng viên dự bị",
  official: "đảng viên chính thức",
  struckOff: "xóa tên trong danh sách đảng viên",
  allowedToLeave: "cho ra khỏi Đảng",
  expelled: "khai trừ ra khỏi Đảng",
  dead: "từ trần"
}

/**
 * A gender in words.
 *
 * @category labels
 * @since 0.1.0
 */
export const gender = (g: string, lang: Lang): string =>
  lang === "vi" ? (g === "female" ? "nữ" : g === "male" ? "nam" : g) : g
