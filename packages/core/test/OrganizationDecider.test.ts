import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import { eventId, type OrgId, orgId, orgStream } from "../src/Ids.ts"
import type * as Organization from "../src/Organization.ts"
import * as OrganizationDecider from "../src/OrganizationDecider.ts"
import type { OrgEvent, OrgKind } from "../src/OrgEvent.ts"
import type { RuleId } from "../src/RuleViolation.ts"

// ---------------------------------------------------------------------------
// A tiny given / when / then helper
// ---------------------------------------------------------------------------

const oid = (n: number): OrgId => orgId(`01J${String(n).padStart(23, "0")}`)

const SELF = oid(1)
const PROVINCE = oid(10)
const UPPER = oid(11)
const COMMITTEE = oid(12)
const SUB = oid(13)
const CELL = oid(14)
const GCELL = oid(15)
const OTHER_CELL = oid(16)
const DEAD_CELL = oid(17)
const MERGED_UPPER = oid(18)
const PROVINCE_2 = oid(19)

interface Facts {
  readonly orgs?: Record<string, Organization.OrgInfo>
  readonly children?: Record<string, ReadonlyArray<OrgId>>
  readonly members?: Record<string, number>
}

/** A registry view that ignores dates: the facts are those of the command's date. */
const contextOf = (facts: Facts = {}): Organization.OrgContext => ({
  orgOn: (id) => facts.orgs?.[id],
  liveChildrenOn: (id) => facts.children?.[id] ?? [],
  memberCountOn: (id) => facts.members?.[id] ?? 0
})

const world: Record<string, Organization.OrgInfo> = {
  [PROVINCE]: { kind: "province", live: true, ancestors: [] },
  [PROVINCE_2]: { kind: "province", live: true, ancestors: [] },
  [UPPER]: { kind: "upper", live: true, ancestors: [PROVINCE] },
  [COMMITTEE]: { kind: "grassrootsCommittee", live: true, ancestors: [UPPER, PROVINCE] },
  [SUB]: { kind: "subCommittee", live: true, ancestors: [COMMITTEE, UPPER, PROVINCE] },
  [CELL]: { kind: "cell", live: true, ancestors: [COMMITTEE, UPPER, PROVINCE] },
  [GCELL]: { kind: "grassrootsCell", live: true, ancestors: [UPPER, PROVINCE] },
  [OTHER_CELL]: { kind: "cell", live: true, ancestors: [SUB, COMMITTEE, UPPER, PROVINCE] },
  [DEAD_CELL]: { kind: "cell", live: false, ancestors: [] },
  [MERGED_UPPER]: { kind: "upper", live: false, ancestors: [], mergedInto: UPPER }
}
const ctx = contextOf({ orgs: world })

const founded = (kind: OrgKind, parentId: OrgId | null, occurredOn = "2000-01-01"): OrgEvent => ({
  type: "OrganizationFounded",
  occurredOn,
  data: { name: "Chi bộ 1", kind, parentId }
})

const given = (history: ReadonlyArray<OrgEvent>, self: OrgId = SELF) => {
  const state = fold(
    OrganizationDecider.decider,
    history.map((e, i) => ({
      ...e,
      id: eventId(`01K${String(i).padStart(23, "0")}`),
      recordedAt: `${e.occurredOn}T08:00:00.000Z`,
      stream: orgStream(self)
    }))
  )
  return {
    state,
    when: (command: OrganizationDecider.Command, context: Organization.OrgContext = ctx) => {
      const result = OrganizationDecider.decide(command, state, context)
      return {
        thenEmits: (...events: ReadonlyArray<OrgEvent>) => {
          if (Result.isFailure(result)) expect.fail(`refused: ${result.failure.toString()}`)
          expect(result.success).toEqual(events)
        },
        thenAccepts: () => {
          if (Result.isFailure(result)) expect.fail(`refused: ${result.failure.toString()}`)
          expect(result.success).toEqual([OrganizationDecider.toEvent(command)])
        },
        thenRefuses: (rule: RuleId, field: string, message?: string) => {
          if (Result.isSuccess(result)) return expect.fail(`accepted: ${JSON.stringify(result.success)}`)
          expect(result.failure.rule).toBe(rule)
          expect(result.failure.field).toBe(field)
          expect(result.failure.messageVi.length).toBeGreaterThan(0)
          if (message !== undefined) expect(result.failure.message).toContain(message)
        }
      }
    }
  }
}

const at = "2025-07-01"
const cmd = {
  found: (kind: OrgKind, parentId: OrgId | null, occurredOn = at): OrganizationDecider.Command => ({
    _tag: "Found",
    occurredOn,
    data: { name: "Tổ chức mới", kind, parentId }
  }),
  rename: (occurredOn = at): OrganizationDecider.Command => ({ _tag: "Rename", occurredOn, data: { name: "Tên mới" } }),
  reparent: (parentId: OrgId): OrganizationDecider.Command => ({
    _tag: "Reparent",
    occurredOn: at,
    data: { parentId }
  }),
  changeKind: (kind: OrgKind): OrganizationDecider.Command => ({ _tag: "ChangeKind", occurredOn: at, data: { kind } }),
  merge: (intoOrgId: OrgId): OrganizationDecider.Command => ({ _tag: "Merge", occurredOn: at, data: { intoOrgId } }),
  dissolve: (membersMovedTo?: OrgId): OrganizationDecider.Command => ({
    _tag: "Dissolve",
    occurredOn: at,
    data: membersMovedTo === undefined ? {} : { membersMovedTo }
  })
}

// ---------------------------------------------------------------------------

describe("commands and events", () => {
  it("maps every command to its event type and back", () => {
    for (const [tag, type] of Object.entries(OrganizationDecider.eventTypeOf)) {
      expect(OrganizationDecider.commandTagOf[type]).toBe(tag)
    }
    const c = cmd.found("cell", COMMITTEE)
    expect(OrganizationDecider.fromEvent(OrganizationDecider.toEvent(c))).toEqual(c)
    expect(OrganizationDecider.toEvent(c).type).toBe("OrganizationFounded")
  })

  it("emits exactly the event of the command", () => {
    given([founded("cell", COMMITTEE)]).when({
      _tag: "SetAdmissionTarget",
      occurredOn: at,
      data: { year: 2025, target: 3 }
    })
      .thenEmits({ type: "AdmissionTargetSet", occurredOn: at, data: { year: 2025, target: 3 } })
  })

  it("check validates an event as if it were a command", () => {
    const { state } = given([founded("cell", COMMITTEE)])
    expect(OrganizationDecider.check({ type: "OrganizationRenamed", occurredOn: at, data: { name: "X" } }, state, ctx))
      .toBeUndefined()
    expect(OrganizationDecider.check(founded("cell", COMMITTEE), state, ctx)?.rule).toBe("STR-01")
  })
})

describe("STR-01 the stream starts with its founding, once", () => {
  it("accepts a founding on an empty stream", () => {
    given([]).when(cmd.found("province", null)).thenAccepts()
  })
  it("refuses any other event on an empty stream", () => {
    given([]).when(cmd.rename()).thenRefuses("STR-01", "type")
    given([]).when(cmd.dissolve()).thenRefuses("STR-01", "type")
  })
  it("refuses a second founding", () => {
    given([founded("province", null)]).when(cmd.found("province", null)).thenRefuses(
      "STR-01",
      "type",
      "already founded"
    )
  })
})

describe("STR-02 events in occurredOn order", () => {
  it("accepts an event on or after the latest date", () => {
    given([founded("cell", COMMITTEE, "2020-05-01")]).when(cmd.rename("2020-05-01")).thenAccepts()
    given([founded("cell", COMMITTEE, "2020-05-01")]).when(cmd.rename("2021-01-01")).thenAccepts()
  })
  it("refuses an event dated before the latest one", () => {
    given([founded("cell", COMMITTEE, "2020-05-01"), {
      type: "OrganizationRenamed",
      occurredOn: "2022-01-01",
      data: { name: "B" }
    }])
      .when(cmd.rename("2021-12-31"))
      .thenRefuses("STR-02", "occurredOn", "2022-01-01")
  })
})

describe("ORG-01 kinds and the tree", () => {
  it("a province has no parent", () => {
    given([]).when(cmd.found("province", null)).thenAccepts()
    given([]).when(cmd.found("province", PROVINCE_2)).thenRefuses("ORG-01", "data.parentId", "province has no parent")
    given([founded("province", null)]).when(cmd.reparent(PROVINCE_2)).thenRefuses("ORG-01", "data.parentId")
  })

  it("every other kind needs a parent", () => {
    given([]).when(cmd.found("cell", null)).thenRefuses("ORG-01", "data.parentId", "needs a parent")
  })

  it("accepts the parents of the kind table", () => {
    const allowed: ReadonlyArray<[OrgKind, OrgId]> = [
      ["upper", PROVINCE],
      ["grassrootsCommittee", UPPER],
      ["grassrootsCommittee", PROVINCE],
      ["grassrootsCell", UPPER],
      ["grassrootsCell", PROVINCE],
      ["subCommittee", COMMITTEE],
      ["cell", COMMITTEE],
      ["cell", SUB]
    ]
    for (const [kind, parent] of allowed) given([]).when(cmd.found(kind, parent)).thenAccepts()
  })

  it("refuses parents outside the kind table", () => {
    const refused: ReadonlyArray<[OrgKind, OrgId]> = [
      ["upper", UPPER],
      ["grassrootsCommittee", COMMITTEE],
      ["grassrootsCell", GCELL],
      ["subCommittee", UPPER],
      ["subCommittee", SUB],
      ["cell", UPPER],
      ["cell", GCELL],
      ["cell", CELL]
    ]
    for (const [kind, parent] of refused) {
      given([]).when(cmd.found(kind, parent)).thenRefuses("ORG-01", "data.parentId", "cannot be the parent")
    }
  })

  it("the parent must exist and be live on the date", () => {
    given([]).when(cmd.found("cell", oid(999))).thenRefuses("ORG-01", "data.parentId", "does not exist")
    given([]).when(cmd.found("grassrootsCell", MERGED_UPPER)).thenRefuses(
      "ORG-01",
      "data.parentId",
      `merged into ${UPPER}`
    )
    given([]).when(cmd.found("cell", DEAD_CELL)).thenRefuses("ORG-01", "data.parentId", "does not exist")
  })

  it("re-parents a grassroots unit from a district to the province (2025)", () => {
    given([founded("grassrootsCell", UPPER)]).when(cmd.reparent(PROVINCE)).thenAccepts()
    given([founded("grassrootsCommittee", UPPER)]).when(cmd.reparent(PROVINCE_2)).thenAccepts()
  })

  it("refuses a re-parenting under itself, under a descendant, or of the wrong kind", () => {
    given([founded("grassrootsCommittee", UPPER)], COMMITTEE).when(cmd.reparent(COMMITTEE))
      .thenRefuses("ORG-01", "data.parentId", "own parent")
    given([founded("grassrootsCommittee", UPPER)], COMMITTEE).when(cmd.reparent(OTHER_CELL))
      .thenRefuses("ORG-01", "data.parentId", "cycle")
    given([founded("grassrootsCell", UPPER)]).when(cmd.reparent(COMMITTEE)).thenRefuses("ORG-01", "data.parentId")
    given([founded("cell", COMMITTEE)]).when(cmd.reparent(DEAD_CELL)).thenRefuses("ORG-01", "data.parentId")
  })

  it("a chi bộ cơ sở may become a đảng bộ cơ sở", () => {
    given([founded("grassrootsCell", UPPER)], GCELL).when(cmd.changeKind("grassrootsCommittee")).thenAccepts()
  })

  it("refuses a kind change that leaves its children invalid", () => {
    const withCells = contextOf({ orgs: world, children: { [COMMITTEE]: [CELL] } })
    given([founded("grassrootsCommittee", UPPER)], COMMITTEE).when(cmd.changeKind("grassrootsCell"), withCells)
      .thenRefuses("ORG-01", "data.kind", "cannot hold its child")
    given([founded("grassrootsCommittee", UPPER)], COMMITTEE).when(cmd.changeKind("grassrootsCell")).thenAccepts()
    const withSubCells = contextOf({ orgs: world, children: { [SUB]: [OTHER_CELL] } })
    given([founded("subCommittee", COMMITTEE)], SUB).when(cmd.changeKind("cell"), withSubCells)
      .thenRefuses("ORG-01", "data.kind")
  })

  it("refuses a kind its parent cannot hold, and any change to or from province", () => {
    given([founded("grassrootsCell", UPPER)]).when(cmd.changeKind("subCommittee")).thenRefuses(
      "ORG-01",
      "data.kind",
      "cannot hold"
    )
    given([founded("cell", COMMITTEE)]).when(cmd.changeKind("subCommittee")).thenAccepts()
    given([founded("upper", PROVINCE)]).when(cmd.changeKind("province")).thenRefuses("ORG-01", "data.kind")
    given([founded("province", null)]).when(cmd.changeKind("upper")).thenRefuses("ORG-01", "data.kind")
  })

  it("follows a merged parent when checking a kind change", () => {
    given([founded("grassrootsCell", MERGED_UPPER)]).when(cmd.changeKind("grassrootsCommittee")).thenAccepts()
    given([founded("grassrootsCell", MERGED_UPPER)]).when(cmd.changeKind("cell")).thenRefuses(
      "ORG-01",
      "data.kind",
      UPPER
    )
  })

  it("only branch-level units and grassroots committees elect a chi ủy or secretary", () => {
    const elect: OrganizationDecider.Command = {
      _tag: "ElectCommittee",
      occurredOn: at,
      data: { kind: "chiUy", size: 3 }
    }
    given([founded("cell", COMMITTEE)]).when(elect).thenAccepts()
    given([founded("grassrootsCommittee", UPPER)]).when(elect).thenAccepts()
    given([founded("province", null)]).when(elect).thenRefuses("ORG-01", "type")
  })
})

describe("ORG-05 merges and dissolutions", () => {
  it("merges into a live unit that can hold its members or children", () => {
    given([founded("cell", COMMITTEE)]).when(cmd.merge(CELL)).thenAccepts()
    given([founded("cell", COMMITTEE)]).when(cmd.merge(GCELL)).thenAccepts()
    given([founded("province", null)]).when(cmd.merge(PROVINCE_2)).thenAccepts()
    given([founded("upper", PROVINCE)]).when(cmd.merge(PROVINCE)).thenAccepts()
    given([founded("subCommittee", COMMITTEE)]).when(cmd.merge(COMMITTEE)).thenAccepts()
  })

  it("refuses a merge into itself, a dead or unknown unit, a descendant, or an incompatible kind", () => {
    given([founded("cell", COMMITTEE)], CELL).when(cmd.merge(CELL)).thenRefuses("ORG-05", "data.intoOrgId", "itself")
    given([founded("cell", COMMITTEE)]).when(cmd.merge(DEAD_CELL)).thenRefuses(
      "ORG-05",
      "data.intoOrgId",
      "does not exist"
    )
    given([founded("cell", COMMITTEE)]).when(cmd.merge(oid(999))).thenRefuses("ORG-05", "data.intoOrgId")
    given([founded("upper", PROVINCE)], UPPER).when(cmd.merge(COMMITTEE)).thenRefuses(
      "ORG-05",
      "data.intoOrgId",
      "below"
    )
    given([founded("cell", COMMITTEE)]).when(cmd.merge(COMMITTEE)).thenRefuses(
      "ORG-05",
      "data.intoOrgId",
      "cannot be merged"
    )
    given([founded("grassrootsCommittee", UPPER)]).when(cmd.merge(UPPER)).thenRefuses("ORG-05", "data.intoOrgId")
    given([founded("grassrootsCommittee", UPPER)]).when(cmd.merge(SUB)).thenRefuses("ORG-05", "data.intoOrgId")
  })

  it("dissolves a unit without members, or one whose members move to a live branch", () => {
    const withMembers = contextOf({ orgs: world, members: { [SELF]: 12 } })
    given([founded("cell", COMMITTEE)]).when(cmd.dissolve()).thenAccepts()
    given([founded("cell", COMMITTEE)]).when(cmd.dissolve(CELL), withMembers).thenAccepts()
    given([founded("cell", COMMITTEE)]).when(cmd.dissolve(GCELL), withMembers).thenAccepts()
  })

  it("refuses a dissolution that leaves members or children behind", () => {
    const withMembers = contextOf({ orgs: world, members: { [SELF]: 12 } })
    given([founded("cell", COMMITTEE)]).when(cmd.dissolve(), withMembers)
      .thenRefuses("ORG-05", "data.membersMovedTo", "12 member(s)")
    given([founded("cell", COMMITTEE)]).when(cmd.dissolve(COMMITTEE), withMembers).thenRefuses(
      "ORG-05",
      "data.membersMovedTo"
    )
    given([founded("cell", COMMITTEE)]).when(cmd.dissolve(DEAD_CELL)).thenRefuses("ORG-05", "data.membersMovedTo")
    given([founded("cell", COMMITTEE)]).when(cmd.dissolve(SELF)).thenRefuses("ORG-05", "data.membersMovedTo")
    const withChildren = contextOf({ orgs: world, children: { [UPPER]: [COMMITTEE, GCELL] } })
    given([founded("upper", PROVINCE)], UPPER).when(cmd.dissolve(), withChildren).thenRefuses(
      "ORG-05",
      "type",
      "live children"
    )
  })

  it("accepts no event after a merge or a dissolution", () => {
    const merged: OrgEvent = { type: "OrganizationMerged", occurredOn: "2025-07-01", data: { intoOrgId: CELL } }
    const dissolved: OrgEvent = { type: "OrganizationDissolved", occurredOn: "2025-07-01", data: {} }
    given([founded("cell", COMMITTEE), merged]).when(cmd.rename("2025-08-01")).thenRefuses(
      "ORG-05",
      "type",
      `merged into ${CELL}`
    )
    given([founded("cell", COMMITTEE), dissolved]).when(cmd.dissolve()).thenRefuses("ORG-05", "type", "dissolved")
    given([founded("cell", COMMITTEE), dissolved]).when(cmd.found("cell", COMMITTEE)).thenRefuses("STR-01", "type")
    given([founded("cell", COMMITTEE)]).when(cmd.rename("2025-08-01")).thenAccepts()
  })
})
