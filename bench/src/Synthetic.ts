/**
 * A deterministic synthetic province for the storage benchmarks: an organisation tree and members
 * imported on an opening date with 16 years of ratings, one transfer and the badges they reach —
 * about 20 events a member, every one accepted by the rules. (The realistic generator is
 * `ProvinceHistory` of @dangvien/testing, benchmarked by `generate`; this one keeps the simple fixed
 * shape the storage figures in README.md were measured on.)
 */
import { Badge, Calendar, PartyAge } from "@dangvien/core"
import { closeSync, openSync, writeSync } from "node:fs"

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** A valid ULID from a number: a fixed time part and the counter in base 32 (time-ordered). */
export const ulid = (n: number): string => {
  let s = ""
  let x = n
  for (let i = 0; i < 16; i++) {
    s = alphabet[x % 32] + s
    x = Math.floor(x / 32)
  }
  return `01JD3Q8Y7W${s}`
}

/** mulberry32: a small deterministic generator. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
const middle = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Thanh"]
const given = [
  "An",
  "Bình",
  "Cường",
  "Dung",
  "Giang",
  "Hà",
  "Hải",
  "Hoa",
  "Hùng",
  "Lan",
  "Long",
  "Mai",
  "Nam",
  "Phương"
]

export interface Options {
  readonly events: number
  readonly seed?: number
}

/**
 * Writes the NDJSON file and returns how many events and members it holds. Lines are written in
 * chunks; memory does not grow with the size.
 */
export const writeFile = (path: string, options: Options): { readonly events: number; readonly members: number } => {
  const rnd = random(options.seed ?? 42)
  const fd = openSync(path, "w")
  let chunk: Array<string> = []
  let events = 0
  let next = 1
  const emit = (stream: string, type: string, occurredOn: string, data: unknown) => {
    chunk.push(
      `{"id":"${
        ulid(next++)
      }","stream":"${stream}","type":"${type}","schemaVersion":1,"occurredOn":"${occurredOn}","recordedAt":"${occurredOn}T09:00:00.000Z","data":${
        JSON.stringify(data)
      }}`
    )
    events++
    if (chunk.length >= 10_000) {
      writeSync(fd, chunk.join("\n") + "\n")
      chunk = []
    }
  }
  // The tree: a province, 10 upper committees, 20 grassroots committees each, 10 cells each.
  const province = ulid(1_000_000_000)
  emit(`org-${province}`, "OrganizationFounded", "2000-01-01", {
    name: "Đảng bộ tỉnh Thử nghiệm",
    kind: "province",
    parentId: null,
    code: "99"
  })
  const cells: Array<string> = []
  for (let u = 0; u < 10; u++) {
    const upper = ulid(1_000_000_001 + u * 1000)
    emit(`org-${upper}`, "OrganizationFounded", "2000-01-01", {
      name: `Huyện ủy ${u + 1}`,
      kind: "upper",
      parentId: province
    })
    for (let g = 0; g < 20; g++) {
      const grassroots = ulid(1_000_000_002 + u * 1000 + g * 40)
      emit(`org-${grassroots}`, "OrganizationFounded", "2000-01-01", {
        name: `Đảng ủy xã ${u + 1}.${g + 1}`,
        kind: "grassrootsCommittee",
        parentId: upper
      })
      for (let c = 0; c < 10; c++) {
        const cell = ulid(1_000_000_003 + u * 1000 + g * 40 + c)
        emit(`org-${cell}`, "OrganizationFounded", "2000-01-01", {
          name: `Chi bộ ${c + 1}`,
          kind: "cell",
          parentId: grassroots
        })
        cells.push(cell)
      }
    }
  }
  let members = 0
  while (events < options.events) {
    members++
    const stream = `member-${ulid(2_000_000_000 + members)}`
    const year = 1965 + Math.floor(rnd() * 43)
    const admission = Calendar.make(year, 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28))
    const ceremony = Calendar.addDays(admission, 10 + Math.floor(rnd() * 15))
    const official = Calendar.addMonths(ceremony, 12)
    const birth = Calendar.addDays(
      Calendar.addYears(admission, -(19 + Math.floor(rnd() * 20))),
      -Math.floor(rnd() * 300)
    )
    const female = rnd() < 0.4
    const home = cells[Math.floor(rnd() * cells.length)]!
    const membership = { firstAdmissionOn: admission, gaps: [] }
    const held = Badge.milestones.filter((m) =>
      m !== 45 && (PartyAge.yearsReachedOn(membership, m) ?? "9999") <= "2009-12-31"
    )
    const dated: Array<[string, string, unknown]> = []
    for (let y = 2010; y <= 2025; y++) {
      dated.push([`${y}-12-20`, "QualityRated", {
        period: String(y),
        level: rnd() < 0.15 ? "excellent" : rnd() < 0.9 ? "good" : "completed"
      }])
    }
    const to = cells[Math.floor(rnd() * cells.length)]!
    if (to !== home) {
      dated.push(["2015-03-02", "TransferredOut", { kind: "official", toOrgId: to }])
      dated.push(["2015-03-10", "TransferredIn", { orgId: to }])
    }
    for (const m of Badge.milestones) {
      if (m === 45 || held.includes(m)) continue
      const reached = PartyAge.yearsReachedOn(membership, m)
      if (reached === undefined || reached < "2010-01-01") continue
      const { occasion, on } = Badge.nextOccasion(reached)
      if (on > "2025-12-31") continue
      dated.push([on, "BadgeAwarded", { milestone: m, occasion, posthumous: false, early: false }])
    }
    dated.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    emit(stream, "MemberImported", "2010-01-01", {
      orgId: home,
      person: {
        fullName: `${surnames[Math.floor(rnd() * surnames.length)]} ${
          female ? "Thị" : middle[Math.floor(rnd() * middle.length)]
        } ${given[Math.floor(rnd() * given.length)]}`,
        birthDate: birth,
        gender: female ? "female" : "male",
        ethnicity: rnd() < 0.1 ? "Tày" : "Kinh",
        religion: rnd() < 0.02 ? "Phật giáo" : null,
        education: "upperSecondary"
      },
      basis: "openingBalance",
      status: "official",
      admissionDecidedOn: admission,
      ceremonyOn: ceremony,
      officialOn: official,
      badges: held,
      // Six-digit serials (CRD-02): each further million members takes the next lower provincial code.
      cardNo: `${99 - Math.floor(members / 1_000_000)}.${String(members % 1_000_000).padStart(6, "0")}`
    })
    for (const [on, type, data] of dated) emit(stream, type, on, data)
  }
  writeSync(fd, chunk.join("\n") + (chunk.length > 0 ? "\n" : ""))
  closeSync(fd)
  return { events, members }
}
