/**
 * One event of a member's history in words, for `dangvien member`: its facts in the glossary's
 * Vietnamese terms (or in English), organisations and sponsors by name — where the event's `data`
 * was shown as raw JSON with English values.
 *
 * @since 0.1.0
 */
import { Badge, type Envelope, type MemberEvent } from "@dangvien/core"
import type { Lang } from "./Labels.ts"
import * as Labels from "./Labels.ts"

/**
 * What the words need beyond the event: an organisation's name, a sponsor's name, the member's
 * other events (what a retraction or an annulment refers to).
 *
 * @category models
 * @since 0.1.0
 */
export interface Context {
  readonly lang: Lang
  readonly orgName: (id: string) => string
  readonly memberName: (id: string) => string
  readonly events: ReadonlyArray<Envelope.MemberEnvelope>
}

type Pair = readonly [vi: string, en: string]

/**
 * The words of the values in events' facts, by field, as `[Vietnamese, English]` (listed in the
 * glossary, docs/glossary.md).
 *
 * @category labels
 * @since 0.1.0
 */
export const terms = {
  "QualityRated.level": {
    excellent: ["hoàn thành xuất sắc nhiệm vụ", "excellent"],
    good: ["hoàn thành tốt nhiệm vụ", "good"],
    completed: ["hoàn thành nhiệm vụ", "completed"],
    notCompleted: ["không hoàn thành nhiệm vụ", "not completed"]
  },
  "NotRated.reason": {
    admittedUnder6Months: ["kết nạp chưa đủ 6 tháng", "admitted less than 6 months before the end of the period"],
    exempted: ["được miễn công tác và sinh hoạt đảng", "exempted from work and activity"],
    suspended: ["đang bị đình chỉ sinh hoạt đảng", "suspended"],
    other: ["lý do khác", "another reason"]
  },
  "Disciplined.form": {
    reprimand: ["khiển trách", "reprimand"],
    warning: ["cảnh cáo", "warning"],
    removalFromPost: ["cách chức", "removal from post"],
    expulsion: ["khai trừ", "expulsion"]
  },
  "Disciplined.grounds": {
    corruptionConviction: ["bị kết án về tội tham nhũng", "convicted of corruption"],
    seriousCrimeConviction: ["bị kết án về tội nghiêm trọng", "convicted of a serious crime"],
    lessSeriousCrimeConviction: ["bị kết án về tội ít nghiêm trọng", "convicted of a less serious crime"],
    seriousDisunity: ["gây mất đoàn kết nghiêm trọng", "serious disunity"],
    other: ["vi phạm khác", "another violation"]
  },
  "StruckOff.reason": {
    abandonedActivity: ["bỏ sinh hoạt đảng không có lý do", "abandoned party activity without reason"],
    unpaidDues: ["không đóng đảng phí không có lý do", "did not pay party dues without reason"],
    returnedCard: ["trả thẻ đảng viên hoặc làm hỏng thẻ", "returned or destroyed the party card"],
    noProgress: ["không tiến bộ sau 12 tháng được giúp đỡ", "no progress 12 months after being helped"],
    twoYearsViolation: ["hai năm liền vi phạm tư cách đảng viên", "violated member standing two years running"],
    politicalStandard: ["không đạt tiêu chuẩn chính trị", "failed the political standard"],
    probationNotRecognized: ["không được công nhận đảng viên chính thức", "probation not recognised"]
  },
  "ActivityExempted.reason": {
    age: ["do tuổi cao", "age"],
    health: ["do sức khỏe", "health"]
  },
  "CardReissued.reason": {
    lost: ["mất thẻ", "lost"],
    damaged: ["thẻ hư hỏng", "damaged"],
    other: ["lý do khác", "another reason"]
  },
  "SponsorsAssigned.sponsors.kind": {
    youthUnion: ["Đoàn Thanh niên Cộng sản Hồ Chí Minh", "the Ho Chi Minh Communist Youth Union"],
    tradeUnion: ["Công đoàn cơ sở", "the grassroots trade union"]
  },
  "PersonCorrected.person": {
    fullName: ["họ và tên", "full name"],
    birthDate: ["ngày sinh", "birth date"],
    gender: ["giới tính", "gender"],
    ethnicity: ["dân tộc", "ethnicity"],
    religion: ["tôn giáo", "religion"],
    education: ["giáo dục phổ thông", "general education"],
    professional: ["chuyên môn, nghiệp vụ", "professional training"],
    politicalTheory: ["lý luận chính trị", "political theory"],
    nationalId: ["số định danh cá nhân", "national id"]
  }
} as const satisfies Record<string, Record<string, Pair>>

/**
 * The event's facts in words (empty for an event that has none, such as `Died`).
 *
 * @category formatting
 * @since 0.1.0
 */
export const details = (e: Envelope.MemberEnvelope, c: Context): string => {
  const vi = c.lang === "vi"
  const say = (pair: Pair) => vi ? pair[0] : pair[1]
  const decision = (no: string | undefined) =>
    no === undefined ? undefined : `${vi ? "quyết định số" : "decision"} ${no}`
  const yes = (flag: boolean | undefined, pair: Pair) => flag === true ? say(pair) : undefined
  switch (e.type) {
    case "CandidateRegistered":
      return parts(
        `${vi ? "tại" : "in"} ${c.orgName(e.data.orgId)}`,
        e.data.sourceGroup === undefined ? undefined : `${vi ? "nguồn" : "source group"}: ${e.data.sourceGroup}`
      )
    case "AwarenessCourseCompleted":
      return e.data.certificateNo === undefined
        ? ""
        : `${vi ? "giấy chứng nhận số" : "certificate"} ${e.data.certificateNo}`
    case "SponsorsAssigned":
      return parts(
        e.data.sponsors.map((s) =>
          s.kind === "member" ? c.memberName(s.memberId) : say(terms["SponsorsAssigned.sponsors.kind"][s.kind])
        ).join(
          ", "
        ),
        yes(e.data.replacement, ["thay người giới thiệu", "replacing a sponsor"])
      )
    case "BranchResolutionPassed":
      return `${
        e.data.purpose === "admission"
          ? (vi ? "đề nghị kết nạp" : "for admission")
          : (vi ? "đề nghị công nhận chính thức" : "for official recognition")
      }: ${e.data.votesFor}/${e.data.officialMembers} ${
        vi ? "đảng viên chính thức tán thành" : "official members in favour"
      }`
    case "AdmissionDecided":
      return parts(
        e.data.kind === "readmission" ? (vi ? "kết nạp lại" : "readmission") : (vi ? "kết nạp mới" : "first admission"),
        c.orgName(e.data.decidedBy),
        decision(e.data.decisionNo),
        yes(e.data.over60Consent, ["cấp có thẩm quyền đồng ý kết nạp người trên 60 tuổi", "consent to admit over 60"]),
        yes(e.data.provincialConsent, ["tỉnh ủy đồng ý", "provincial consent"]),
        yes(e.data.educationException, ["ngoại lệ về trình độ học vấn", "education exception"]),
        yes(e.data.religiousApproval, ["chấp thuận về tôn giáo", "religious approval"]),
        e.data.convictionExpungedOn === undefined
          ? undefined
          : `${vi ? "được xóa án tích ngày" : "conviction expunged on"} ${e.data.convictionExpungedOn}`
      )
    case "AdmissionCeremonyHeld":
      return yes(e.data.superiorConsent, ["cấp ủy cấp trên đồng ý", "with the superior committee's consent"]) ?? ""
    case "OfficialRecognized":
      return decision(e.data.decisionNo) ?? ""
    case "MemberImported": {
      const d = e.data
      return parts(
        d.basis === "openingBalance"
          ? (vi ? "hồ sơ ban đầu" : "opening roster")
          : (vi ? "chuyển đến từ ngoài phạm vi dữ liệu" : "arrived from outside the dataset"),
        `${Labels.status(d.status, c.lang)}, ${vi ? "tại" : "in"} ${c.orgName(d.orgId)}`,
        `${vi ? "kết nạp" : "admitted"} ${d.admissionDecidedOn}`,
        `${vi ? "lễ kết nạp" : "ceremony"} ${d.ceremonyOn}`,
        d.officialOn === undefined ? undefined : `${vi ? "chính thức" : "official"} ${d.officialOn}`,
        d.firstAdmissionDecidedOn === undefined
          ? undefined
          : `${vi ? "kết nạp lần đầu" : "first admitted"} ${d.firstAdmissionDecidedOn}`,
        ...(d.partyAgeGaps ?? []).map((g) =>
          `${vi ? "không tính tuổi đảng" : "not counted in party age"} ${g.from}–${g.to} (${g.reason})`
        ),
        d.badges === undefined || d.badges.length === 0
          ? undefined
          : `${vi ? "đã có huy hiệu" : "badges held"} ${d.badges.join(", ")} ${vi ? "năm" : "years"}`,
        d.cardNo === undefined ? undefined : `${vi ? "thẻ số" : "card"} ${d.cardNo}`
      )
    }
    case "TransferredOut":
      return parts(
        e.data.kind === "abroad" ? (vi ? "ra nước ngoài" : "abroad") : undefined,
        e.data.toOrgId !== undefined
          ? `${vi ? "đến" : "to"} ${c.orgName(e.data.toOrgId)}`
          : e.data.destination === undefined
          ? undefined
          : `${vi ? "đến" : "to"} ${e.data.destination}`,
        e.data.letterNo === undefined ? undefined : `${vi ? "giấy giới thiệu số" : "letter"} ${e.data.letterNo}`
      )
    case "TransferredIn":
      return parts(
        `${vi ? "vào" : "into"} ${c.orgName(e.data.orgId)}`,
        e.data.lateReason === undefined ? undefined : `${vi ? "lý do chậm" : "late because"}: ${e.data.lateReason}`
      )
    case "TemporaryTransferStarted":
      return parts(
        `${vi ? "đến" : "to"} ${c.orgName(e.data.hostOrgId)}`,
        e.data.purpose === undefined
          ? undefined
          : say(e.data.purpose === "work" ? ["đi công tác", "for work"] : ["đi học", "for study"]),
        e.data.until === undefined ? undefined : `${vi ? "đến ngày" : "until"} ${e.data.until}`
      )
    case "ResidenceContactRegistered":
      return `${vi ? "với" : "with"} ${c.orgName(e.data.residenceOrgId)}`
    case "ActivityExempted":
      return say(terms["ActivityExempted.reason"][e.data.reason])
    case "QualityRated":
      return `${e.data.period}: ${say(terms["QualityRated.level"][e.data.level])}`
    case "NotRated":
      return `${e.data.period}: ${say(terms["NotRated.reason"][e.data.reason])}`
    case "Disciplined":
      return parts(
        say(terms["Disciplined.form"][e.data.form]),
        decision(e.data.decisionNo),
        e.data.violationOn === undefined ? undefined : `${vi ? "vi phạm ngày" : "violation on"} ${e.data.violationOn}`,
        e.data.grounds === undefined ? undefined : say(terms["Disciplined.grounds"][e.data.grounds])
      )
    case "DisciplineAnnulled":
      return referTo(e.data.disciplineEventId, c)
    case "CardIssued":
      return `${vi ? "số" : "no."} ${e.data.cardNo}`
    case "CardReissued":
      return `${vi ? "số" : "no."} ${e.data.cardNo}; ${say(terms["CardReissued.reason"][e.data.reason])}`
    case "BadgeAwarded":
      return parts(
        vi ? Badge.labelVi(e.data.milestone) : Badge.label(e.data.milestone),
        e.data.occasion === "other"
          ? (vi ? "quyết định đặc biệt" : "special decision")
          : `${vi ? "dịp" : "occasion"} ${dayMonth(e.data.occasion)}`,
        yes(e.data.posthumous, ["truy tặng", "posthumous"]),
        yes(e.data.early, ["tặng sớm", "early"]),
        e.data.badgeNo === undefined ? undefined : `${vi ? "số" : "no."} ${e.data.badgeNo}`
      )
    case "StruckOff":
      return say(terms["StruckOff.reason"][e.data.reason])
    case "AllowedToLeave":
      return yes(e.data.specialFamilyHardship, [
        "hoàn cảnh gia đình đặc biệt khó khăn",
        "special family hardship"
      ]) ?? ""
    case "PersonCorrected":
      return Object.entries(e.data.person).map(([field, value]) =>
        `${say(terms["PersonCorrected.person"][field as keyof typeof terms["PersonCorrected.person"]])}: ${
          value === null ? "—" : field === "gender" ? Labels.gender(String(value), c.lang) : String(value)
        }`
      ).join("; ")
    case "EventRetracted":
      return parts(referTo(e.data.eventId, c), e.data.reason)
    case "TemporaryTransferEnded":
    case "ActivityExemptionEnded":
    case "Died":
      return ""
  }
}

/** The facts given, `; ` between them. */
const parts = (...items: ReadonlyArray<string | undefined>) =>
  items.filter((s): s is string => s !== undefined && s !== "").join("; ")

/** `3/2` for `02-03`. */
const dayMonth = (occasion: MemberEvent.Occasion) => `${Number(occasion.slice(3))}/${Number(occasion.slice(0, 2))}`

/** The event an annulment or a retraction names: its label and date, or its id if it is not found. */
const referTo = (id: string, c: Context): string => {
  const target = c.events.find((e) => e.id === id)
  return target === undefined
    ? id
    : `${Labels.eventType(target.type, c.lang)} ${c.lang === "vi" ? "ngày" : "of"} ${target.occurredOn}`
}
