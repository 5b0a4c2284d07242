/**
 * `dangvien member`'s record of a member in transit (TRF-03): the letter's date, the sending
 * branch and the destination, and whether the arrival can be recorded in this dataset at all.
 */
import { Envelope, OrganizationRegistry } from "@dangvien/core"
import { describe, expect, it } from "vitest"
import { describe as record } from "../src/commands/memberCommand.ts"

const ulid = (prefix: string) => `01JD3Q8Y7W${prefix.padEnd(16, "0")}`
const [P, G, C1, C2, M] = ["P", "G", "C1", "C2", "M"].map(ulid) as [string, string, string, string, string]
let n = 0
const event = (stream: string, type: string, occurredOn: string, data: unknown) =>
  Envelope.make(
    {
      id: ulid(`E${++n}`) as never,
      stream: stream as never,
      schemaVersion: 1,
      recordedAt: `${occurredOn}T09:00:00.000Z`
    },
    { type, occurredOn, data } as never
  )

const orgs = OrganizationRegistry.make([
  event(`org-${P}`, "OrganizationFounded", "2000-01-01", { name: "Đảng bộ tỉnh", kind: "province", parentId: null }),
  event(`org-${G}`, "OrganizationFounded", "2000-01-01", {
    name: "Đảng bộ xã",
    kind: "grassrootsCommittee",
    parentId: P
  }),
  event(`org-${C1}`, "OrganizationFounded", "2000-01-01", { name: "Chi bộ thôn 1", kind: "cell", parentId: G }),
  event(`org-${C2}`, "OrganizationFounded", "2000-01-01", { name: "Chi bộ thôn 2", kind: "cell", parentId: G })
])

const imported = event(`member-${M}`, "MemberImported", "2015-01-01", {
  orgId: C1,
  person: { fullName: "Trần Văn Bình", birthDate: "1960-01-01", gender: "male", religion: null },
  basis: "openingBalance",
  status: "official",
  admissionDecidedOn: "1990-03-01",
  ceremonyOn: "1990-03-20",
  officialOn: "1991-03-20"
})
const branchLine = (letter: unknown, lang: "vi" | "en" = "en") =>
  record(
    [imported, event(`member-${M}`, "TransferredOut", "2024-05-02", letter)] as ReadonlyArray<Envelope.MemberEnvelope>,
    orgs,
    "2024-12-31",
    lang
  ).find((line) => line.startsWith(lang === "en" ? "  branch:" : "  chi bộ:"))

describe("dangvien member: a member in transit", () => {
  it("names the letter's date, the sending branch and the receiving one", () => {
    expect(branchLine({ kind: "official", toOrgId: C2 })).toBe(
      `  branch: in transit since 2024-05-02: from Chi bộ thôn 1 (${C1}) to Chi bộ thôn 2 (${C2})`
    )
  })

  it("says when the destination is outside the dataset, whose arrival is recorded there", () => {
    expect(branchLine({ kind: "official", destination: "Đảng bộ tỉnh Lào Cai" })).toBe(
      `  branch: in transit since 2024-05-02: from Chi bộ thôn 1 (${C1}) to Đảng bộ tỉnh Lào Cai` +
        " (outside this dataset: the arrival is recorded there)"
    )
    expect(branchLine({ kind: "abroad", destination: "Nhật Bản" }, "vi")).toBe(
      `  chi bộ: đang chuyển sinh hoạt từ ngày 2024-05-02: từ Chi bộ thôn 1 (${C1}) đến Nhật Bản` +
        " (ngoài phạm vi dữ liệu: nơi đến ghi nhận việc tiếp nhận)"
    )
    // A letter naming no destination.
    expect(branchLine({ kind: "official" })).toBe(
      `  branch: in transit since 2024-05-02: from Chi bộ thôn 1 (${C1}) to (no destination recorded)`
    )
  })
})

const badgeLines = (events: ReadonlyArray<unknown>, asOf: string, lang: "vi" | "en" = "en") =>
  record([imported, ...events] as ReadonlyArray<Envelope.MemberEnvelope>, orgs, asOf, lang)
    .filter((line) => !line.startsWith("    ") && /badge|huy hiệu/iu.test(line))
const badge = (milestone: number, on: string, posthumous = false) =>
  event(`member-${M}`, "BadgeAwarded", on, { milestone, occasion: "other", posthumous, early: false })

describe("dangvien member: the badge due or next (BDG-02…04), as the badges due list judges it", () => {
  it("names the highest milestone reached, not the lowest one missing", () => {
    // Admitted 1990-03-01: 30 years on 2020-03-01; none awarded. On 2024-12-31 the 30-year badge is due.
    expect(badgeLines([], "2024-12-31")).toEqual([
      "  badge due, not awarded: 30-year Party membership badge — reached on 2020-03-01"
    ])
    // 40 years on 2030-03-01 and no 30-year badge: the 40-year one is due, not the 30-year one.
    expect(badgeLines([], "2030-06-01")).toEqual([
      "  badge due, not awarded: 40-year Party membership badge — reached on 2030-03-01"
    ])
    expect(badgeLines([], "2024-12-31", "vi")).toEqual([
      "  huy hiệu đến hạn, chưa trao: Huy hiệu 30 năm tuổi Đảng — đủ tuổi đảng ngày 2020-03-01"
    ])
  })

  it("gives the next milestone once the one reached is held, with its occasion", () => {
    expect(badgeLines([badge(30, "2020-05-19")], "2024-12-31")).toEqual([
      "  next badge: 40-year Party membership badge — reached on 2030-03-01, occasion 2030-05-19",
      "  30-year Party membership badge: 2020-05-19"
    ])
  })

  it("a member who died as a member is due posthumously", () => {
    expect(badgeLines([event(`member-${M}`, "Died", "2022-01-10", {})], "2024-12-31")).toEqual([
      "  badge due, not awarded: 30-year Party membership badge — reached on 2020-03-01 (posthumous)"
    ])
  })
})

const S = ulid("S")
const candidate = (type: string, on: string, data: unknown) => event(`member-${ulid("K")}`, type, on, data)
const history = (events: ReadonlyArray<unknown>, lang: "vi" | "en", names = new Map<string, string>()) =>
  record([imported, ...events] as ReadonlyArray<Envelope.MemberEnvelope>, orgs, "2024-12-31", lang, names as never)
    .filter((line) => line.startsWith("    "))

describe("dangvien member: the history in words (the glossary's terms), not raw JSON", () => {
  const rated = event(`member-${M}`, "QualityRated", "2020-12-15", { period: "2020", level: "notCompleted" })
  const disciplined = event(`member-${M}`, "Disciplined", "2021-03-02", {
    form: "warning",
    decisionNo: "12-QĐ/UBKT",
    violationOn: "2020-11-30"
  })
  const events = [
    rated,
    disciplined,
    event(`member-${M}`, "DisciplineAnnulled", "2021-06-01", { disciplineEventId: disciplined.id }),
    event(`member-${M}`, "TransferredOut", "2022-04-01", { kind: "official", toOrgId: C2, letterNo: "7-GGT" }),
    event(`member-${M}`, "TransferredIn", "2022-04-10", { orgId: C2 }),
    event(`member-${M}`, "EventRetracted", "2022-05-01", { eventId: rated.id, reason: "nhập nhầm năm" }),
    event(`member-${M}`, "CardReissued", "2023-01-05", { cardNo: "01.000123", reason: "lost" }),
    event(`member-${M}`, "BadgeAwarded", "2023-02-03", {
      milestone: 30,
      occasion: "02-03",
      posthumous: false,
      early: false
    }),
    event(`member-${M}`, "PersonCorrected", "2023-03-01", { person: { fullName: "Trần Văn Bính", gender: "male" } })
  ]

  it("says each event's facts in Vietnamese, organisations by name, and marks what was undone", () => {
    expect(history(events, "vi")).toEqual([
      `    2015-01-01  nhập hồ sơ đảng viên  hồ sơ ban đầu; đảng viên chính thức, tại Chi bộ thôn 1 (${C1}); kết nạp 1990-03-01; lễ kết nạp 1990-03-20; chính thức 1991-03-20`,
      "    2020-12-15  đánh giá, xếp loại chất lượng  2020: không hoàn thành nhiệm vụ  (đã hủy bỏ)",
      "    2021-03-02  kỷ luật  cảnh cáo; quyết định số 12-QĐ/UBKT; vi phạm ngày 2020-11-30  (đã hủy bỏ)",
      "    2021-06-01  hủy bỏ quyết định kỷ luật  kỷ luật ngày 2021-03-02",
      `    2022-04-01  chuyển sinh hoạt đảng chính thức đi  đến Chi bộ thôn 2 (${C2}); giấy giới thiệu số 7-GGT`,
      `    2022-04-10  tiếp nhận sinh hoạt đảng  vào Chi bộ thôn 2 (${C2})`,
      "    2022-05-01  hủy bỏ sự kiện ghi nhầm  đánh giá, xếp loại chất lượng ngày 2020-12-15; nhập nhầm năm",
      "    2023-01-05  cấp lại thẻ đảng viên  số 01.000123; mất thẻ",
      "    2023-02-03  trao tặng Huy hiệu Đảng  Huy hiệu 30 năm tuổi Đảng; dịp 3/2",
      "    2023-03-01  đính chính thông tin cá nhân  họ và tên: Trần Văn Bính; giới tính: nam"
    ])
  })

  it("and in English with --lang en", () => {
    expect(history(events, "en").slice(1, 4)).toEqual([
      "    2020-12-15  QualityRated  2020: not completed  (undone)",
      "    2021-03-02  Disciplined  warning; decision 12-QĐ/UBKT; violation on 2020-11-30  (undone)",
      "    2021-06-01  DisciplineAnnulled  Disciplined of 2021-03-02"
    ])
  })

  it("names the sponsors, and says an event with no facts by its label alone", () => {
    const names = new Map([[S, "Lê Thị Hoa"]])
    const lines = record(
      [
        candidate("CandidateRegistered", "2019-01-02", {
          orgId: C1,
          person: { fullName: "Vũ Văn Khoa", birthDate: "1999-01-01", gender: "male", religion: null }
        }),
        candidate("SponsorsAssigned", "2019-05-02", {
          sponsors: [{ kind: "member", memberId: S }, { kind: "youthUnion" }]
        }),
        candidate("Died", "2019-06-02", {})
      ] as ReadonlyArray<Envelope.MemberEnvelope>,
      orgs,
      "2024-12-31",
      "vi",
      names as never
    ).filter((line) => line.startsWith("    "))
    expect(lines).toEqual([
      `    2019-01-02  đưa vào danh sách tạo nguồn (quần chúng ưu tú)  tại Chi bộ thôn 1 (${C1})`,
      `    2019-05-02  người giới thiệu vào Đảng  Lê Thị Hoa (member-${S}), Đoàn Thanh niên Cộng sản Hồ Chí Minh`,
      "    2019-06-02  từ trần"
    ])
  })
})
