import { describe, expect, it } from "vitest"
import { fold, type Recorded } from "../src/Decider.ts"
import { eventId, type OrgId, orgId, orgStream } from "../src/Ids.ts"
import * as Organization from "../src/Organization.ts"
import type { OrgEvent, OrgKind } from "../src/OrgEvent.ts"

const oid = (n: number): OrgId => orgId(`01J${String(n).padStart(23, "0")}`)
const SELF = oid(1)
const UPPER = oid(2)
const PROVINCE = oid(3)

const record = (events: ReadonlyArray<OrgEvent>, stream?: OrgId): ReadonlyArray<Recorded<OrgEvent>> =>
  events.map((e, i) => ({
    ...e,
    id: eventId(`01K${String(i).padStart(23, "0")}`),
    recordedAt: `${e.occurredOn}T08:00:00.000Z`,
    ...(stream === undefined ? {} : { stream: orgStream(stream) })
  }))

const given = (events: ReadonlyArray<OrgEvent>, stream?: OrgId): Organization.State =>
  fold(Organization, record(events, stream))

const history: ReadonlyArray<OrgEvent> = [
  {
    type: "OrganizationFounded",
    occurredOn: "1990-03-02",
    data: { name: "Chi bộ cơ sở xã A", kind: "grassrootsCell", parentId: UPPER, code: "A01" }
  },
  { type: "CommitteeElected", occurredOn: "2020-06-01", data: { kind: "secretary" } },
  { type: "AdmissionTargetSet", occurredOn: "2024-01-10", data: { year: 2024, target: 2 } },
  { type: "AdmissionTargetSet", occurredOn: "2024-06-10", data: { year: 2024, target: 3 } },
  { type: "OrganizationKindChanged", occurredOn: "2024-09-01", data: { kind: "grassrootsCommittee" } },
  { type: "CommitteeElected", occurredOn: "2024-09-01", data: { kind: "chiUy", size: 5 } },
  { type: "OrganizationReparented", occurredOn: "2025-07-01", data: { parentId: PROVINCE } },
  { type: "OrganizationRenamed", occurredOn: "2025-07-01", data: { name: "Đảng bộ xã A" } },
  { type: "OrganizationDissolved", occurredOn: "2026-01-01", data: {} }
]

describe("the kind table (ORG-01)", () => {
  it("names the kinds in Vietnamese", () => {
    expect(Organization.kinds.map(Organization.labelVi)).toEqual([
      "Đảng bộ tỉnh, thành phố",
      "Cấp trên trực tiếp của tổ chức cơ sở đảng",
      "Đảng bộ cơ sở",
      "Chi bộ cơ sở",
      "Đảng bộ bộ phận",
      "Chi bộ trực thuộc"
    ])
  })

  it("classifies branch-level and grassroots units", () => {
    expect(Organization.kinds.filter(Organization.isBranchLevel)).toEqual(["grassrootsCell", "cell"])
    expect(Organization.kinds.filter(Organization.isGrassroots)).toEqual(["grassrootsCommittee", "grassrootsCell"])
  })

  it("says which kind may parent which", () => {
    const table = Object.fromEntries(Organization.kinds.map((k) => [k, Organization.childKinds(k)]))
    expect(table).toEqual(
      {
        province: ["upper", "grassrootsCommittee", "grassrootsCell"],
        upper: ["grassrootsCommittee", "grassrootsCell"],
        grassrootsCommittee: ["subCommittee", "cell"],
        grassrootsCell: [],
        subCommittee: ["cell"],
        cell: []
      } satisfies Record<OrgKind, ReadonlyArray<OrgKind>>
    )
    expect(Organization.canParent("province", "grassrootsCell")).toBe(true)
    expect(Organization.canParent("upper", "cell")).toBe(false)
  })
})

describe("evolve", () => {
  it("folds a whole life", () => {
    const s = given(history, SELF)
    expect(s).toMatchObject({
      founded: true,
      id: SELF,
      name: "Đảng bộ xã A",
      kind: "grassrootsCommittee",
      parentId: PROVINCE,
      code: "A01",
      foundedOn: "1990-03-02",
      lastOccurredOn: "2026-01-01",
      dissolvedOn: "2026-01-01",
      mergedInto: undefined,
      committee: { kind: "chiUy", size: 5, electedOn: "2024-09-01" },
      admissionTargets: { 2024: 3 }
    })
    expect(Organization.admissionTargetOf(s, 2024)).toBe(3)
    expect(Organization.admissionTargetOf(s, 2023)).toBeUndefined()
    expect(Organization.endedOn(s)).toBe("2026-01-01")
  })

  it("answers questions on a date from the dated history", () => {
    const s = given(history, SELF)
    expect(Organization.versionOn(s, "1990-03-01")).toBeUndefined()
    expect(Organization.versionOn(s, "2000-01-01")).toEqual({
      from: "1990-03-02",
      name: "Chi bộ cơ sở xã A",
      kind: "grassrootsCell",
      parentId: UPPER
    })
    expect(Organization.versionOn(s, "2025-06-30")).toMatchObject({ kind: "grassrootsCommittee", parentId: UPPER })
    expect(Organization.versionOn(s, "2025-07-01")).toMatchObject({ name: "Đảng bộ xã A", parentId: PROVINCE })
    expect(Organization.committeeOn(s, "2021-01-01")?.kind).toBe("secretary")
    expect(Organization.committeeOn(s, "2019-01-01")).toBeUndefined()
    expect(Organization.isLiveOn(s, "1990-03-01")).toBe(false)
    expect(Organization.isLiveOn(s, "1990-03-02")).toBe(true)
    expect(Organization.isLiveOn(s, "2025-12-31")).toBe(true)
    expect(Organization.isLiveOn(s, "2026-01-01")).toBe(false)
    expect(Organization.snapshotOn(s, "2025-12-31")).toMatchObject({ live: true, dissolvedOn: undefined })
    expect(Organization.snapshotOn(s, "2026-01-01")).toMatchObject({
      live: false,
      dissolvedOn: "2026-01-01",
      name: "Đảng bộ xã A"
    })
  })

  it("records a merge", () => {
    const s = given([history[0] as OrgEvent, {
      type: "OrganizationMerged",
      occurredOn: "2025-07-01",
      data: { intoOrgId: UPPER }
    }])
    expect(Organization.snapshotOn(s, "2025-06-30")?.mergedInto).toBeUndefined()
    expect(Organization.snapshotOn(s, "2025-07-01")).toMatchObject({ live: false, mergedInto: UPPER })
    expect(Organization.endedOn(s)).toBe("2025-07-01")
  })

  it("is lenient: ignores events before the founding and a second founding", () => {
    const renamed: OrgEvent = { type: "OrganizationRenamed", occurredOn: "1989-01-01", data: { name: "X" } }
    expect(given([renamed])).toEqual(Organization.initialState)
    expect(given([renamed], SELF)).toEqual(Organization.initialFor(SELF))
    const twice = given([history[0] as OrgEvent, { ...(history[0] as OrgEvent), occurredOn: "1995-01-01" }])
    expect(twice.founded && twice.foundedOn).toBe("1990-03-02")
    expect(twice.id).toBeUndefined()
  })

  it("keeps the history in date order even when events arrive out of order", () => {
    const s = given([
      history[0] as OrgEvent,
      { type: "OrganizationRenamed", occurredOn: "2010-01-01", data: { name: "B" } },
      { type: "OrganizationRenamed", occurredOn: "2005-01-01", data: { name: "C" } }
    ])
    expect(s.founded && s.history.map((v) => v.from)).toEqual(["1990-03-02", "2005-01-01", "2010-01-01"])
    expect(s.founded && s.lastOccurredOn).toBe("2010-01-01")
  })

  it("does not mutate the state it is given", () => {
    const before = given(history.slice(0, 3), SELF)
    const copy = JSON.parse(JSON.stringify(before))
    Organization.evolve(before, record(history.slice(3, 4))[0] as Recorded<OrgEvent>)
    expect(JSON.parse(JSON.stringify(before))).toEqual(copy)
  })
})
