/**
 * Labels of the command's output in English and in the official Vietnamese terms (glossary).
 *
 * @since 0.1.0
 */
import type { Member, MemberEvent, OrgEvent } from "@dangvien/core"

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

/**
 * A member event type in words: the Vietnamese term of the glossary, or the English type itself.
 *
 * @category labels
 * @since 0.1.0
 */
export const eventType = (type: MemberEvent.MemberEventType, lang: Lang): string =>
  lang === "vi" ? eventTypeVi[type] : type

const eventTypeVi: Record<MemberEvent.MemberEventType, string> = {
  CandidateRegistered: "đưa vào danh sách tạo nguồn (quần chúng ưu tú)",
  AwarenessCourseCompleted: "hoàn thành lớp bồi dưỡng nhận thức về Đảng",
  SponsorsAssigned: "người giới thiệu vào Đảng",
  BranchResolutionPassed: "nghị quyết của chi bộ",
  AdmissionDecided: "quyết định kết nạp đảng viên",
  AdmissionCeremonyHeld: "lễ kết nạp đảng viên",
  OfficialRecognized: "công nhận đảng viên chính thức",
  MemberImported: "nhập hồ sơ đảng viên",
  TransferredOut: "chuyển sinh hoạt đảng chính thức đi",
  TransferredIn: "tiếp nhận sinh hoạt đảng",
  TemporaryTransferStarted: "chuyển sinh hoạt đảng tạm thời",
  TemporaryTransferEnded: "kết thúc sinh hoạt đảng tạm thời",
  ResidenceContactRegistered: "giữ mối liên hệ với chi ủy nơi cư trú",
  ActivityExempted: "miễn công tác và sinh hoạt đảng",
  ActivityExemptionEnded: "kết thúc miễn công tác và sinh hoạt đảng",
  QualityRated: "đánh giá, xếp loại chất lượng",
  NotRated: "không đánh giá, xếp loại",
  Disciplined: "kỷ luật",
  DisciplineAnnulled: "hủy bỏ quyết định kỷ luật",
  CardIssued: "phát thẻ đảng viên",
  CardReissued: "cấp lại thẻ đảng viên",
  BadgeAwarded: "trao tặng Huy hiệu Đảng",
  StruckOff: "xóa tên trong danh sách đảng viên",
  AllowedToLeave: "cho ra khỏi Đảng",
  Died: "từ trần",
  PersonCorrected: "đính chính thông tin cá nhân",
  EventRetracted: "hủy bỏ sự kiện ghi nhầm"
}

/**
 * An organisation kind in words: the Vietnamese term of the glossary, or the English kind itself.
 *
 * @category labels
 * @since 0.1.0
 */
export const orgKind = (kind: OrgEvent.OrgKind, lang: Lang): string => lang === "vi" ? orgKindVi[kind] : kind

const orgKindVi: Record<OrgEvent.OrgKind, string> = {
  province: "đảng bộ tỉnh, thành phố",
  upper: "đảng bộ trực thuộc",
  grassrootsCommittee: "đảng bộ cơ sở",
  grassrootsCell: "chi bộ cơ sở",
  subCommittee: "đảng bộ bộ phận",
  cell: "chi bộ trực thuộc"
}
