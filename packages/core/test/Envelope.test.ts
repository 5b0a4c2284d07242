import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import * as Envelope from "../src/Envelope.ts"
import { eventId, memberId, memberStream, orgId, orgStream } from "../src/Ids.ts"
import type * as MemberEvent from "../src/MemberEvent.ts"
import type * as OrgEvent from "../src/OrgEvent.ts"

// ---------------------------------------------------------------------------
// One example of every event type
// ---------------------------------------------------------------------------

const MEMBER = memberId("01JD3Q8Y7W0000000000000001")
const SPONSOR = memberId("01JD3Q8Y7W0000000000000002")
const BRANCH = orgId("01JD3Q8Y7W0000000000000A01")
const OTHER_BRANCH = orgId("01JD3Q8Y7W0000000000000A02")
const PROVINCE = orgId("01JD3Q8Y7W0000000000000A03")
const DISCIPLINE = eventId("01JD3Q8Y7W00000000000000E1")

const person = {
  fullName: "Nguyễn Thị Lan",
  birthDate: "1995-02-28",
  gender: "female",
  ethnicity: "Tày",
  religion: null,
  education: "upperSecondary",
  professional: "university",
  politicalTheory: "elementary",
  nationalId: "001195000001"
} as const

/** The data of each member event type: every optional field of the catalog is set somewhere. */
const memberData: { readonly [T in MemberEvent.MemberEventType]: MemberEvent.Of<T>["data"] } = {
  CandidateRegistered: { orgId: BRANCH, person, sourceGroup: "youthUnion" },
  AwarenessCourseCompleted: { certificateNo: "BD-2020-117" },
  SponsorsAssigned: {
    sponsors: [{ kind: "member", memberId: SPONSOR, knownSince: "2019-01-15" }, { kind: "youthUnion" }],
    replacement: false
  },
  BranchResolutionPassed: { purpose: "admission", officialMembers: 12, votesFor: 11 },
  AdmissionDecided: {
    decidedBy: PROVINCE,
    decisionNo: "123-QĐ/ĐU",
    kind: "readmission",
    over60Consent: false,
    provincialConsent: true,
    educationException: false,
    religiousApproval: true,
    convictionExpungedOn: "2015-06-30"
  },
  AdmissionCeremonyHeld: { superiorConsent: true },
  OfficialRecognized: { decisionNo: "45-QĐ/ĐU" },
  MemberImported: {
    orgId: BRANCH,
    person: { fullName: "Trần Văn Bình", birthDate: "1960-12-31", gender: "male", religion: "Phật giáo" },
    basis: "openingBalance",
    status: "official",
    admissionDecidedOn: "1990-05-19",
    ceremonyOn: "1990-06-01",
    officialOn: "1991-06-01",
    firstAdmissionDecidedOn: "1985-03-03",
    partyAgeGaps: [{ from: "1987-01-01", to: "1990-05-19", reason: "struckOff" }],
    badges: [30],
    cardNo: "01.123456"
  },
  TransferredOut: { kind: "official", toOrgId: OTHER_BRANCH, destination: "Đà Nẵng", letterNo: "GT-12" },
  TransferredIn: { orgId: OTHER_BRANCH, lateReason: "ốm" },
  TemporaryTransferStarted: { hostOrgId: OTHER_BRANCH, until: "2023-06-30", purpose: "study" },
  TemporaryTransferEnded: {},
  ResidenceContactRegistered: { residenceOrgId: OTHER_BRANCH },
  ActivityExempted: { reason: "health" },
  ActivityExemptionEnded: {},
  QualityRated: { period: "2021-H1", level: "excellent" },
  NotRated: { period: "2022", reason: "admittedUnder6Months" },
  Disciplined: { form: "warning", decisionNo: "7-QĐ/UBKT", violationOn: "2020-11-02", grounds: "other" },
  DisciplineAnnulled: { disciplineEventId: DISCIPLINE },
  CardIssued: { cardNo: "01.654321" },
  CardReissued: { cardNo: "01.654322", reason: "lost" },
  BadgeAwarded: { milestone: 45, occasion: "09-02", posthumous: false, early: true, badgeNo: "HH-45-001" },
  StruckOff: { reason: "unpaidDues" },
  AllowedToLeave: { specialFamilyHardship: true },
  Died: {},
  PersonCorrected: { person: { fullName: "Nguyễn Thị Lan Anh", religion: "Công giáo" } },
  EventRetracted: { eventId: DISCIPLINE, reason: "nhập nhầm" }
}

const orgData: { readonly [T in OrgEvent.OrgEventType]: OrgEvent.Of<T>["data"] } = {
  OrganizationFounded: { name: "Chi bộ thôn Đông", kind: "cell", parentId: PROVINCE, code: "CB-01" },
  OrganizationRenamed: { name: "Chi bộ thôn Đông Nam" },
  OrganizationReparented: { parentId: PROVINCE },
  OrganizationKindChanged: { kind: "grassrootsCell" },
  OrganizationMerged: { intoOrgId: OTHER_BRANCH },
  OrganizationDissolved: { membersMovedTo: OTHER_BRANCH },
  CommitteeElected: { kind: "chiUy", size: 3 },
  AdmissionTargetSet: { year: 2024, target: 12 }
}

const header = (i: number, stream: ReturnType<typeof memberStream>): Envelope.Header => ({
  id: eventId(`01JD3Q8Y7W${String(i).padStart(16, "0")}`),
  stream,
  schemaVersion: 1,
  recordedAt: "2021-03-16T08:00:00.000Z",
  // Every other example carries the optional envelope fields.
  ...(i % 2 === 0
    ? { meta: { actor: "import", correlationId: "c-1", causationId: "c-0", source: "roster.xlsx", note: "đợt 1" } }
    : {}),
  ...(i % 2 === 0 ? { streamVersion: i + 1, position: 1000 + i } : {})
})

const examples: ReadonlyArray<Envelope.Envelope> = [
  ...Object.entries(memberData).map(([type, data], i) =>
    Envelope.make(header(i, memberStream(MEMBER)), { type, occurredOn: "2021-03-15", data } as MemberEvent.MemberEvent)
  ),
  ...Object.entries(orgData).map(([type, data], i) =>
    Envelope.make(header(100 + i, orgStream(BRANCH)), { type, occurredOn: "2021-03-15", data } as OrgEvent.OrgEvent)
  )
]

/** A valid line to break in the error tests. */
const candidate = JSON.parse(Envelope.encodeLine(examples[0]!)) as Record<string, unknown>
const line = (patch: Record<string, unknown>, drop: ReadonlyArray<string> = []): string =>
  JSON.stringify(Object.fromEntries(Object.entries({ ...candidate, ...patch }).filter(([k]) => !drop.includes(k))))

/** The error of a line that must not decode. */
const failure = (text: string, options: Envelope.DecodeOptions = { line: 7 }): Envelope.DecodeError => {
  const r = Envelope.decodeLine(text, options)
  if (Result.isSuccess(r)) throw new Error(`decoded: ${text}`)
  return r.failure
}

// ---------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------

/** `RULE path: message` of a line's refusal, or `accepted`. */
const refused = (text: string) => {
  const r = Envelope.decodeLine(text)
  return Result.isFailure(r) ? `${r.failure.rule} ${r.failure.path}: ${r.failure.message}` : "accepted"
}

describe("encodeLine / decodeLine", () => {
  it("has one example of every event type", () => {
    expect(examples.map((e) => e.type)).toEqual([...Object.keys(memberData), ...Object.keys(orgData)])
    expect(examples).toHaveLength(35)
  })

  it.each(examples.map((e) => [e.type, e] as const))("round-trips %s: decode(encode(e)) equals e", (_, e) => {
    const text = Envelope.encodeLine(e)
    expect(text).not.toContain("\n")
    const decoded = Envelope.decodeLine(text)
    expect(Result.isSuccess(decoded) ? decoded.success : decoded.failure).toStrictEqual(e)
    // The line is canonical: encoding the decoded envelope gives the same bytes.
    if (Result.isSuccess(decoded)) expect(Envelope.encodeLine(decoded.success)).toBe(text)
  })

  it("writes keys in the canonical order", () => {
    const keys = Object.keys(JSON.parse(Envelope.encodeLine(examples[0]!)) as object)
    expect(keys).toEqual([
      "id",
      "stream",
      "type",
      "schemaVersion",
      "occurredOn",
      "recordedAt",
      "data",
      "meta",
      "streamVersion",
      "position"
    ])
  })

  it("refuses a field the catalog does not have, naming it and the field it most likely misspells", () => {
    const data = candidate["data"] as Record<string, unknown>
    expect(refused(line({ extra: 1 }))).toBe("EVT-02 extra: unknown field extra of the envelope")
    expect(refused(line({ occuredOn: "2019-03-01" }))).toBe(
      "EVT-02 occuredOn: unknown field occuredOn of the envelope (did you mean occurredOn?)"
    )
    expect(refused(line({ meta: { actor: "cán bộ", Source: "x" } }))).toBe(
      "EVT-02 meta.Source: unknown field Source of meta (did you mean source?)"
    )
    expect(refused(line({ data: { ...data, sourcegroup: "teacher" } }))).toBe(
      "EVT-04 data.sourcegroup: unknown field sourcegroup of CandidateRegistered (did you mean sourceGroup?)"
    )
    expect(refused(line({ data: { ...data, person: { ...(data["person"] as object), nickname: "Út" } } }))).toBe(
      "EVT-04 data.person.nickname: unknown field nickname of CandidateRegistered"
    )
    // What an export adds to a line is known.
    expect(refused(line({ streamVersion: 1, position: 9 }))).toBe("accepted")
  })
})

// ---------------------------------------------------------------------------
// Errors: rule, path, line
// ---------------------------------------------------------------------------

describe("decode errors", () => {
  it("EVT-01: a line that is not JSON", () => {
    const e = failure("{\"id\": ", { line: 3 })
    expect(e.rule).toBe("EVT-01")
    expect(e.path).toBe("")
    expect(e.line).toBe(3)
    expect(e.message).toMatch(/^not JSON/u)
  })

  it("EVT-01: JSON that is not an object", () => {
    for (const text of ["[]", "[{\"id\":1}]", "\"CandidateRegistered\"", "null", "42"]) {
      const e = failure(text)
      expect(e.rule, text).toBe("EVT-01")
      expect(e.message, text).toBe("expected a JSON object")
    }
    expect(Result.isFailure(Envelope.decode([candidate]))).toBe(true)
  })

  it("EVT-02: a missing id", () => {
    const e = failure(line({}, ["id"]))
    expect([e.rule, e.path, e.line]).toEqual(["EVT-02", "id", 7])
  })

  it("EVT-02: an id that is not a ULID", () => {
    for (const id of ["01JD3Q8Y7W3K6T9V2N4B5C6D7U", "01jd3q8y7w3k6t9v2n4b5c6d7e", "01JD3Q8Y7W", 42]) {
      const e = failure(line({ id }))
      expect([e.rule, e.path], String(id)).toEqual(["EVT-02", "id"])
    }
    expect(failure(line({ id: "01JD3Q8Y7W3K6T9V2N4B5C6D7U" })).message).toContain("ULID")
  })

  it("EVT-02: other envelope fields, named by their path", () => {
    const cases: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
      [{ stream: "person-01JD3Q8Y7W0000000000000001" }, "stream"],
      [{ schemaVersion: 0 }, "schemaVersion"],
      [{ schemaVersion: 1.5 }, "schemaVersion"],
      [{ schemaVersion: "1" }, "schemaVersion"],
      [{ recordedAt: "2021-03-16" }, "recordedAt"],
      [{ recordedAt: "2021-03-16T25:00:00Z" }, "recordedAt"],
      [{ meta: { actor: 5 } }, "meta.actor"],
      [{ streamVersion: 0 }, "streamVersion"],
      [{ type: 7 }, "type"]
    ]
    for (const [patch, path] of cases) {
      const e = failure(line(patch))
      expect([e.rule, e.path], JSON.stringify(patch)).toEqual(["EVT-02", path])
    }
  })

  it("EVT-03: an unknown type", () => {
    const e = failure(line({ type: "MemberPromoted" }))
    expect([e.rule, e.path, e.line]).toEqual(["EVT-03", "type", 7])
    expect(e.message).toContain("MemberPromoted")
    // Whatever its schemaVersion: an unknown type is not a newer version (EVT-05) of anything.
    expect(failure(line({ type: "MemberPromoted", schemaVersion: 2 })).rule).toBe("EVT-03")
  })

  it("EVT-03: a member type on an organisation stream, and the reverse", () => {
    const onOrg = failure(line({ stream: orgStream(BRANCH) }))
    expect([onOrg.rule, onOrg.path]).toEqual(["EVT-03", "type"])
    expect(onOrg.message).toBe(`CandidateRegistered does not belong to stream org-${BRANCH}`)

    const founded = JSON.parse(Envelope.encodeLine(examples.find((e) => e.type === "OrganizationFounded")!)) as object
    const onMember = failure(JSON.stringify({ ...founded, stream: memberStream(MEMBER) }))
    expect([onMember.rule, onMember.path]).toEqual(["EVT-03", "type"])
  })

  it("EVT-04: an impossible birth date names the field path and the date", () => {
    const data = candidate["data"] as { readonly person: object }
    const e = failure(line({ data: { ...data, person: { ...data.person, birthDate: "2021-02-30" } } }), { line: 12 })
    expect(e.rule).toBe("EVT-04")
    expect(e.path).toBe("data.person.birthDate")
    expect(e.line).toBe(12)
    expect(e.message).toContain("2021-02-30")
    expect(e.toString()).toBe("line 12: EVT-04 data.person.birthDate: 2021-02-30 is not a calendar date")
  })

  it("EVT-04: other event fields, named by their path", () => {
    const data = candidate["data"] as Record<string, unknown>
    const cases: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
      [{ occurredOn: "2021-13-01" }, "occurredOn"],
      [{ data: { ...data, orgId: "nope" } }, "data.orgId"],
      [{ data: { ...data, person: { ...(data["person"] as object), gender: "other" } } }, "data.person.gender"],
      [{ type: "SponsorsAssigned", data: { sponsors: [{ kind: "member" }] } }, "data.sponsors.0.memberId"],
      [
        { type: "BadgeAwarded", data: { milestone: 35, occasion: "09-02", posthumous: false, early: false } },
        "data.milestone"
      ]
    ]
    for (const [patch, path] of cases) {
      const e = failure(line(patch))
      expect([e.rule, e.path], JSON.stringify(patch)).toEqual(["EVT-04", path])
    }
    // A missing occurredOn is an event field too.
    const { occurredOn: _, ...withoutDate } = JSON.parse(line({})) as Record<string, unknown>
    const missing = failure(JSON.stringify(withoutDate))
    expect([missing.rule, missing.path]).toEqual(["EVT-04", "occurredOn"])
  })

  it("EVT-04 / EVT-02: a NUL or an unpaired surrogate, which is not text (and PostgreSQL cannot store)", () => {
    const data = candidate["data"] as { readonly person: Record<string, unknown> }
    const named = (fullName: string) => line({ data: { ...data, person: { ...data.person, fullName } } })
    expect(failure(named("Lò\u0000Văn Mạnh"), { line: 4 }).toString()).toBe(
      "line 4: EVT-04 data.person.fullName: contains a NUL character (U+0000) at index 2, which is not text (PostgreSQL cannot store it)"
    )
    expect(failure(named("Lò Văn \ud83d")).toString()).toBe(
      "line 7: EVT-04 data.person.fullName: contains an unpaired surrogate (U+D83D) at index 7, which is not Unicode text and cannot be written as UTF-8"
    )
    // A low half alone, in an array, and in meta.
    const imported = JSON.parse(Envelope.encodeLine(examples.find((e) => e.type === "MemberImported")!)) as {
      readonly data: Record<string, unknown>
    }
    const gaps = failure(JSON.stringify({
      ...imported,
      data: { ...imported.data, partyAgeGaps: [{ from: "1987-01-01", to: "1990-05-19", reason: "x\udc00" }] }
    }))
    expect([gaps.rule, gaps.path]).toEqual(["EVT-04", "data.partyAgeGaps.0.reason"])
    const meta = failure(line({ meta: { actor: "cán bộ", note: "ghi\u0000chú" } }))
    expect([meta.rule, meta.path]).toEqual(["EVT-02", "meta.note"])
    // A pair is one character (an emoji), and text in every script is text.
    expect(refused(named("Lò Văn Mạnh 🇻🇳 ꪵꪫ"))).toBe("accepted")
    // The same check guards an event given without its envelope (the embed-service's commands).
    const bare = Envelope.decodeEvent("CandidateRegistered", candidate["occurredOn"], {
      ...data,
      person: { ...data.person, fullName: "\u0000" }
    })
    expect(Result.isFailure(bare) ? bare.failure.toString() : "accepted").toBe(
      "EVT-04 data.person.fullName: contains a NUL character (U+0000) at index 0, which is not text (PostgreSQL cannot store it)"
    )
  })

  it("EVT-04: ethnicity and religion as the statistics read them — Kinh exactly, no religion as null", () => {
    const data = candidate["data"] as { readonly person: object }
    const withPerson = (patch: object) => refused(line({ data: { ...data, person: { ...data.person, ...patch } } }))
    // Each would have counted the person as an ethnic minority, or as religious.
    expect(withPerson({ ethnicity: "kinh" })).toBe("EVT-04 data.person.ethnicity: ethnicity \"kinh\": write Kinh")
    expect(withPerson({ ethnicity: "Kinh " })).toBe(
      "EVT-04 data.person.ethnicity: ethnicity \"Kinh \" has spaces around it: write \"Kinh\""
    )
    expect(withPerson({ ethnicity: "" })).toBe("EVT-04 data.person.ethnicity: ethnicity must not be empty")
    expect(withPerson({ religion: "Không" })).toBe(
      "EVT-04 data.person.religion: religion \"Không\" means none: a person without a religion has religion null"
    )
    expect(withPerson({ religion: " " })).toBe("EVT-04 data.person.religion: religion must not be empty")
    for (const ok of [{ ethnicity: "Kinh" }, { ethnicity: "Ê Đê" }, { religion: null }, { religion: "Công giáo" }]) {
      expect(withPerson(ok)).toBe("accepted")
    }
  })

  it("CAL-01: with recordedUpTo, an event recorded after it; a limit that is not an instant is said, not ignored", () => {
    const at = candidate["recordedAt"] as string
    expect(refused(line({}))).toBe("accepted")
    const limited = (recordedUpTo: string) => {
      const r = Envelope.decodeLine(line({}), { recordedUpTo })
      return Result.isFailure(r) ? `${r.failure.rule} ${r.failure.path}: ${r.failure.message}` : "accepted"
    }
    expect(limited(at)).toBe("accepted")
    expect(limited("2000-01-01T00:00:00Z")).toBe(
      `CAL-01 recordedAt: recordedAt ${at} is after 2000-01-01T00:00:00Z, the time of the import: a fact is not recorded in the future`
    )
    expect(limited("2000-01-01")).toBe(
      "CAL-01 recordedAt: the limit recordedUpTo \"2000-01-01\" is not an ISO instant with its offset"
    )
  })

  it("EVT-05: a schemaVersion newer than the library", () => {
    const e = failure(line({ schemaVersion: 2 }))
    expect([e.rule, e.path, e.line]).toEqual(["EVT-05", "schemaVersion", 7])
    expect(e.message).toContain("2")
    expect(Envelope.currentSchemaVersion).toBe(1)
  })

  it("CAL-01: recordedAt before the day it occurred (00:00 in Vietnam, UTC+7)", () => {
    const e = failure(line({ occurredOn: "2021-03-15", recordedAt: "2021-03-14T16:59:59.999Z" }))
    expect([e.rule, e.path, e.line]).toEqual(["CAL-01", "recordedAt", 7])
    expect(e.message).toContain("2021-03-15")
    // 17:00Z the day before is 00:00 in Hà Nội: accepted.
    expect(
      Result.isSuccess(Envelope.decodeLine(line({ occurredOn: "2021-03-15", recordedAt: "2021-03-14T17:00:00Z" })))
    ).toBe(true)
    expect(
      Result.isSuccess(Envelope.decodeLine(line({ occurredOn: "2021-03-15", recordedAt: "2021-03-15T00:00:00+07:00" })))
    ).toBe(true)
  })

  it("applies the default recordedAt only when recordedAt is missing", () => {
    const missing = line({}, ["recordedAt"])
    const withDefault = Envelope.decodeLine(missing, { defaultRecordedAt: "2024-01-02T03:04:05.000Z" })
    expect(Result.isSuccess(withDefault) && withDefault.success.recordedAt).toBe("2024-01-02T03:04:05.000Z")

    const e = failure(missing)
    expect([e.rule, e.path]).toEqual(["EVT-02", "recordedAt"])

    const present = Envelope.decodeLine(line({}), { defaultRecordedAt: "2024-01-02T03:04:05.000Z" })
    expect(Result.isSuccess(present) && present.success.recordedAt).toBe(candidate["recordedAt"])

    // The default is still checked against occurredOn (CAL-01).
    const early = failure(missing, { defaultRecordedAt: "2020-01-01T00:00:00Z", line: 2 })
    expect([early.rule, early.line]).toEqual(["CAL-01", 2])
  })

  it("DecodeError.toString() is `line N: RULE path: message`, without the line when there is none", () => {
    expect(failure(line({ type: "Nope" }), { line: 41 }).toString()).toBe(
      "line 41: EVT-03 type: unknown event type \"Nope\""
    )
    expect(failure(line({ type: "Nope" }), {}).toString()).toBe("EVT-03 type: unknown event type \"Nope\"")
  })

  // BUG (Envelope.ts, `Instant`): the instant check is `Date.parse`, and V8's Date.parse rolls an
  // impossible day over instead of rejecting it (2021-02-29 and 2021-02-31 become 1 and 3 March,
  // 2021-04-31 becomes 1 May). Such a recordedAt is accepted and written back unchanged. Left failing
  // on purpose until Envelope.ts validates the date part (e.g. with Calendar.isValid).
  it("EVT-02: a recordedAt on a day that does not exist", () => {
    for (const recordedAt of ["2021-02-29T08:00:00Z", "2021-02-31T08:00:00Z", "2021-04-31T08:00:00+07:00"]) {
      const r = Envelope.decodeLine(line({ occurredOn: "2021-01-10", recordedAt }))
      expect(Result.isFailure(r) ? [r.failure.rule, r.failure.path] : "accepted", recordedAt).toEqual([
        "EVT-02",
        "recordedAt"
      ])
    }
  })

  // BUG (MemberEvent.ts, `make(type, {})`): for the types without fields (TemporaryTransferEnded,
  // ActivityExemptionEnded, Died) `data` is `Schema.Struct({})`, which accepts any non-null value,
  // so `"data": "x"`, `[1, 2]` or `5` decodes and is stored and re-exported as is (the JSON Schema
  // export says `{"not": {"type": "null"}}`). The catalog's `data` is an object. Left failing on
  // purpose until the schema requires an object there.
  it("EVT-04: data that is not an object, for a type without fields", () => {
    for (const type of ["Died", "TemporaryTransferEnded", "ActivityExemptionEnded"]) {
      for (const data of ["x", [1, 2], 5, true]) {
        const r = Envelope.decodeLine(line({ type, data }))
        expect(Result.isFailure(r) ? [r.failure.rule, r.failure.path] : "accepted", `${type} ${JSON.stringify(data)}`)
          .toEqual(["EVT-04", "data"])
      }
    }
  })
})

// ---------------------------------------------------------------------------
// The hand-checked header of the import path agrees with the schema
// ---------------------------------------------------------------------------

describe("decode: the fast header check", () => {
  const viaSchema = Schema.decodeUnknownResult(Envelope.Envelope, { onExcessProperty: "error" })
  const absent = Symbol("absent")
  /** The first value (a valid one) most of the time, so that lines with one flaw are common. */
  const field = (valid: unknown, ...others: ReadonlyArray<unknown>) =>
    fc.oneof(
      { arbitrary: fc.constant(valid), weight: 6 * others.length },
      ...others.map((o) => ({ arbitrary: fc.constant(o), weight: 1 }))
    )
  const header = fc.record({
    id: field("01JD3Q8Y7W0000000000000E01", "01jd3q8y7w0000000000000e01", "01JD3Q8Y7W000000000000E01", 7, absent),
    stream: field(`member-${MEMBER}`, `member-${MEMBER.toLowerCase()}`, "member-", `${MEMBER}`, 1, absent),
    type: field("Died", 3, absent),
    schemaVersion: field(1, 0, 1.5, "1", -1, absent),
    occurredOn: field("2020-01-01", "2020-02-30", absent),
    recordedAt: field(
      "2020-01-02T08:00:00.000Z",
      "2020-01-02T08:00:00+07:00",
      "2020-01-02T08:00Z",
      "2020-02-30T08:00:00Z",
      "2020-01-02T24:00:00Z",
      "2020-01-02 08:00:00Z",
      20200102,
      absent
    ),
    data: field({}, null, absent),
    meta: field(absent, { actor: "cán bộ" }, {}, { actor: 1 }, undefined),
    streamVersion: field(absent, 1, 0),
    position: field(absent, 3, 2.5),
    extra: field(absent, "ignored")
  })
  const present = (r: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(r).filter(([, v]) => v !== absent))

  it("accepts and rejects exactly what the Envelope schema does, with the same result", () => {
    fc.assert(
      fc.property(header, (h) => {
        const raw = present(h)
        const fast = Envelope.decode(raw)
        const slow = viaSchema(raw)
        expect(Result.isSuccess(fast)).toBe(Result.isSuccess(slow))
        if (Result.isSuccess(fast) && Result.isSuccess(slow)) expect(fast.success).toEqual(slow.success)
      }),
      { seed: Number(process.env["FC_SEED"] ?? 20261122), numRuns: 2_000 }
    )
  })
})

/** Node's own test (ES2024): no lone surrogate. */
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed()

describe("decode: text (EVT-04)", () => {
  const data = candidate["data"] as { readonly person: Record<string, unknown> }
  /** Any UTF-16 code units: NULs, lone and paired surrogates, every script. */
  const units = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom("\0", "\ud800", "\udfff", "🇻🇳", "Đ", "ꪵ"),
      fc.string()
    ),
    { maxLength: 8 }
  ).map((parts) => parts.join(""))

  it("accepts a name exactly when it is well-formed Unicode without a NUL, and gives it back as it was", () => {
    fc.assert(
      fc.property(units, (name) => {
        const fullName = `x${name}`
        const r = Envelope.decodeLine(line({ data: { ...data, person: { ...data.person, fullName } } }))
        const text = wellFormed(fullName) && !fullName.includes("\0")
        expect(Result.isSuccess(r)).toBe(text)
        if (Result.isSuccess(r)) {
          expect((r.success.data as { person: { fullName: string } }).person.fullName).toBe(fullName)
        } else expect([r.failure.rule, r.failure.path]).toEqual(["EVT-04", "data.person.fullName"])
      }),
      { seed: 20261207, numRuns: 2_000 }
    )
  })
})

describe("startOfDayInstant and dayInVietnam (UTC+7)", () => {
  it("dayInVietnam is the day whose start is at or before the instant and whose next start is after it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_652_058 }), (n) => {
        const day = Calendar.fromDayNumber(n - 719_162) // 0001-01-02 … 9999-12-31 (day 0 is 1970-01-01)
        const start = Envelope.startOfDayInstant(day)
        expect(Envelope.dayInVietnam(start)).toBe(day)
        expect(Envelope.dayInVietnam(start + 86_399_999)).toBe(day)
        expect(Envelope.dayInVietnam(start - 1)).toBe(Calendar.addDays(day, -1))
      }),
      { seed: 20261207, numRuns: 500 }
    )
    // 17:00 UTC is midnight in Vietnam.
    expect(Envelope.dayInVietnam(Date.parse("2026-12-07T16:59:59.999Z"))).toBe("2026-12-07")
    expect(Envelope.dayInVietnam(Date.parse("2026-12-07T17:00:00.000Z"))).toBe("2026-12-08")
  })
})
