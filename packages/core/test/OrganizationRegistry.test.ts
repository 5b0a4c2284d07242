import { Result } from "effect"
import { describe, expect, it } from "vitest"
import type { OrgEnvelope } from "../src/Envelope.ts"
import { eventId, type OrgId, orgId, orgStream } from "../src/Ids.ts"
import * as OrganizationDecider from "../src/OrganizationDecider.ts"
import * as OrganizationRegistry from "../src/OrganizationRegistry.ts"
import type { OrgEvent, OrgKind } from "../src/OrgEvent.ts"

const oid = (n: number): OrgId => orgId(`01J${String(n).padStart(23, "0")}`)

let seq = 0
const env = (org: OrgId, event: OrgEvent): OrgEnvelope => ({
  ...event,
  id: eventId(`01K${String(++seq).padStart(23, "0")}`),
  stream: orgStream(org),
  schemaVersion: 1,
  recordedAt: `${event.occurredOn}T09:00:00.000Z`
})
const found = (
  org: OrgId,
  kind: OrgKind,
  parentId: OrgId | null,
  occurredOn = "1990-01-01",
  name = `${kind} ${org.slice(-2)}`
) => env(org, { type: "OrganizationFounded", occurredOn, data: { name, kind, parentId } })
const reparent = (org: OrgId, parentId: OrgId, occurredOn: string) =>
  env(org, { type: "OrganizationReparented", occurredOn, data: { parentId } })
const merge = (org: OrgId, intoOrgId: OrgId, occurredOn: string) =>
  env(org, { type: "OrganizationMerged", occurredOn, data: { intoOrgId } })
const dissolve = (org: OrgId, occurredOn: string, membersMovedTo?: OrgId) =>
  env(org, { type: "OrganizationDissolved", occurredOn, data: membersMovedTo === undefined ? {} : { membersMovedTo } })

// Two provinces with a district each (cấp huyện), restructured on 01/07/2025: the districts are
// abolished, grassroots units go under a new commune committee or directly under the province,
// and province B is merged into province A.
const A = oid(1)
const B = oid(2)
const D1 = oid(3) // district under A
const X1 = oid(4) // đảng bộ cơ sở under D1
const S1 = oid(5) // đảng bộ bộ phận under X1
const C1 = oid(6) // chi bộ trực thuộc under X1, merged into C2 in 2024
const C2 = oid(7) // chi bộ trực thuộc under S1
const Y1 = oid(8) // chi bộ cơ sở under D1
const D2 = oid(9) // district under B
const Y2 = oid(10) // chi bộ cơ sở under D2
const W1 = oid(11) // commune committee (upper) under A from 2025-07-01
const C3 = oid(12) // cell under X1, merged into C1 in 2020
const Y3 = oid(13) // chi bộ cơ sở under D2, merged into Y2 in 2023
const C4 = oid(14) // cell under S1, dissolved in 2022, members to C2

const R = "2025-07-01"
const before: ReadonlyArray<OrgEnvelope> = [
  found(A, "province", null, "1976-01-01", "Đảng bộ tỉnh A"),
  found(B, "province", null, "1976-01-01", "Đảng bộ tỉnh B"),
  found(D1, "upper", A, "1976-01-01", "Đảng bộ huyện X"),
  found(X1, "grassrootsCommittee", D1),
  found(S1, "subCommittee", X1),
  found(C1, "cell", X1),
  found(C2, "cell", S1),
  found(Y1, "grassrootsCell", D1),
  found(D2, "upper", B, "1976-01-01"),
  found(Y2, "grassrootsCell", D2),
  found(C3, "cell", X1),
  merge(C3, C1, "2020-01-01"),
  found(Y3, "grassrootsCell", D2, "2000-01-01"),
  merge(Y3, Y2, "2023-01-01"),
  found(C4, "cell", S1),
  dissolve(C4, "2022-01-01", C2),
  merge(C1, C2, "2024-01-01")
]
const restructuring: ReadonlyArray<OrgEnvelope> = [
  found(W1, "upper", A, R, "Đảng ủy xã W"),
  reparent(X1, W1, R),
  reparent(Y1, A, R),
  dissolve(D1, R),
  reparent(Y2, B, R),
  dissolve(D2, R),
  merge(B, A, R)
]
const registry = OrganizationRegistry.make([...before, ...restructuring])

describe("the tree around the 2025 restructuring (ORG-05)", () => {
  it("knows every organisation and its shape on a date", () => {
    expect(registry.ids).toEqual([A, B, D1, X1, S1, C1, C2, Y1, D2, Y2, W1, C3, Y3, C4])
    expect(registry.on(W1, "2025-06-30")).toBeUndefined()
    expect(registry.on(X1, "2025-06-30")).toMatchObject({ kind: "grassrootsCommittee", parentId: D1, live: true })
    expect(registry.on(X1, R)).toMatchObject({ parentId: W1, live: true })
    expect(registry.on(D1, R)).toMatchObject({ live: false, dissolvedOn: R })
    expect(registry.isLiveOn(D1, "2025-06-30")).toBe(true)
    expect(registry.isLiveOn(B, R)).toBe(false)
    expect(registry.isLiveOn(oid(999), R)).toBe(false)
    expect(registry.state(B)).toMatchObject({ founded: true, mergedInto: A, mergedOn: R })
  })

  it("gives the roots and children before and after", () => {
    expect(registry.rootsOn("2025-06-30")).toEqual([A, B])
    expect(registry.rootsOn(R)).toEqual([A])
    expect(registry.childrenOn(A, "2025-06-30")).toEqual([D1])
    expect(registry.childrenOn(A, R)).toEqual([Y1, Y2, W1])
    expect(registry.childrenOn(B, "2025-06-30")).toEqual([D2])
    expect(registry.childrenOn(B, R)).toEqual([])
    expect(registry.childrenOn(D1, "2025-06-30")).toEqual([X1, Y1])
    expect(registry.childrenOn(D1, R)).toEqual([])
    expect(registry.childrenOn(W1, R)).toEqual([X1])
  })

  it("follows a merged parent: a unit recorded under B sits under A after the merge", () => {
    expect(registry.on(Y2, R)?.parentId).toBe(B)
    expect(registry.parentOn(Y2, R)).toBe(A)
    expect(registry.parentOn(Y2, "2025-06-30")).toBe(D2)
    expect(registry.parentOn(A, R)).toBeNull()
    expect(registry.parentOn(D1, R)).toBeUndefined()
  })

  it("follows a parent's merger, not where a dissolved parent's members went", () => {
    const [P, U, V, K] = [oid(901), oid(902), oid(903), oid(904)]
    const r = OrganizationRegistry.make([
      found(P, "province", null),
      found(U, "upper", P),
      found(V, "upper", P),
      found(K, "grassrootsCell", U),
      dissolve(U, "2020-01-01", V)
    ])
    expect(r.resolve(U, "2020-06-01")).toBe(V)
    expect(r.parentOn(K, "2019-12-31")).toBe(U)
    // The recorded parent is dissolved: it stays the parent (resolve would hand its members to V).
    expect(r.parentOn(K, "2020-06-01")).toBe(U)
    expect(r.parentOn(U, "2020-06-01")).toBeUndefined()
    expect(r.parentOn(K, "1989-12-31")).toBeUndefined()
  })

  it("gives ancestors on a date, nearest first", () => {
    expect(registry.ancestorsOn(C2, "2025-06-30")).toEqual([S1, X1, D1, A])
    expect(registry.ancestorsOn(C2, R)).toEqual([S1, X1, W1, A])
    expect(registry.ancestorsOn(Y2, R)).toEqual([A])
    expect(registry.ancestorsOn(A, R)).toEqual([])
  })

  it("gives subtrees on a date", () => {
    expect(registry.subtreeOn(A, "2019-12-31")).toEqual([A, D1, X1, S1, C2, C4, C1, C3, Y1])
    expect(registry.subtreeOn(A, "2024-06-01")).toEqual([A, D1, X1, S1, C2, Y1])
    expect(registry.subtreeOn(A, R)).toEqual([A, Y1, Y2, W1, X1, S1, C2])
    expect(registry.subtreeOn(B, "2022-12-31")).toEqual([B, D2, Y2, Y3])
    expect(registry.subtreeOn(B, R)).toEqual([])
    expect(registry.subtreeOn(X1, R)).toEqual([X1, S1, C2])
    expect(registry.liveOn(R)).toEqual([A, X1, S1, C2, Y1, Y2, W1])
  })

  it("builds the tree on a date", () => {
    const names = (nodes: ReadonlyArray<OrganizationRegistry.TreeNode>): unknown =>
      nodes.map((n) => (n.children.length === 0 ? n.id : { [n.id]: names(n.children) }))
    expect(names(registry.treeOn(R))).toEqual([{ [A]: [Y1, Y2, { [W1]: [{ [X1]: [{ [S1]: [C2] }] }] }] }])
    expect(registry.treeOn(R)[0]).toMatchObject({ id: A, name: "Đảng bộ tỉnh A", kind: "province" })
    expect(registry.treeOn("1970-01-01")).toEqual([])
  })
})

describe("resolve: who holds a merged or dissolved unit's members", () => {
  it("follows merge chains on the date", () => {
    expect(registry.resolve(B, "2025-06-30")).toBe(B)
    expect(registry.resolve(B, R)).toBe(A)
    expect(registry.resolve(C3, "2019-12-31")).toBe(C3)
    expect(registry.resolve(C3, "2021-01-01")).toBe(C1)
    expect(registry.resolve(C3, "2024-06-01")).toBe(C2)
    expect(registry.resolve(Y3, R)).toBe(Y2)
  })
  it("follows membersMovedTo of a dissolution; a plain dissolution has no successor", () => {
    expect(registry.resolve(C4, "2023-01-01")).toBe(C2)
    expect(registry.resolve(D1, R)).toBeUndefined()
    expect(registry.resolve(W1, "2025-06-30")).toBeUndefined()
    expect(registry.resolve(oid(999), R)).toBeUndefined()
  })
  it("ORG-05: names the organisation dissolved without moving its members where resolve stops (merges and moves followed)", () => {
    expect(registry.strandedIn(D1, R)).toEqual({ org: D1, on: R })
    expect(registry.strandedIn(D1, "2025-06-30")).toBeUndefined()
    expect(registry.strandedIn(C4, "2023-01-01")).toBeUndefined()
    expect(registry.strandedIn(B, R)).toBeUndefined()
    expect(registry.strandedIn(oid(999), R)).toBeUndefined()
    // M merged into N, N's members moved to O, O dissolved without moving them: M's members are left in O.
    const [P, M, N, O] = [oid(911), oid(912), oid(913), oid(914)]
    const r = OrganizationRegistry.make([
      found(P, "province", null),
      found(M, "grassrootsCell", P),
      found(N, "grassrootsCell", P),
      found(O, "grassrootsCell", P),
      merge(M, N, "2018-01-01"),
      dissolve(N, "2019-01-01", O),
      dissolve(O, "2020-01-01")
    ])
    expect(r.strandedIn(M, "2017-12-31")).toBeUndefined()
    expect(r.strandedIn(M, "2019-06-01")).toBeUndefined()
    expect(r.resolve(M, "2019-06-01")).toBe(O)
    expect(r.strandedIn(M, "2020-01-01")).toEqual({ org: O, on: "2020-01-01" })
    expect(r.resolve(M, "2020-01-01")).toBeUndefined()
  })
  it("stands as itself on a date exactly when it resolves to itself (what a caller with the state asks first)", () => {
    const dates = ["1975-12-31", "1990-01-01", "2019-12-31", "2020-01-01", "2022-01-01", "2023-06-01", "2024-01-01", R]
    let standing = 0
    for (const id of [A, B, D1, X1, S1, C1, C2, Y1, D2, Y2, W1, C3, Y3, C4]) {
      for (const date of dates) {
        const stands = OrganizationRegistry.standsAsItselfOn(registry.state(id)!, date)
        expect(stands, `${id} on ${date}`).toBe(registry.resolve(id, date) === id)
        if (stands) standing++
      }
    }
    // Both answers occur: most units stand as themselves on most dates.
    expect(standing).toBeGreaterThan(50)
    expect(standing).toBeLessThan(14 * dates.length)
  })
  it("lists, for each unit, those whose place resolve can hand it directly: merged or dissolved into it", () => {
    expect([...registry.sourcesOf(C2)].sort()).toEqual([C1, C4].sort())
    expect(registry.sourcesOf(C1)).toEqual([C3])
    expect(registry.sourcesOf(Y2)).toEqual([Y3])
    expect(registry.sourcesOf(A)).toContain(B)
    expect(registry.sourcesOf(C3)).toEqual([])
    expect(registry.sourcesOf(oid(999))).toEqual([])
  })
})

describe("the registry as the decider's context", () => {
  const base = OrganizationRegistry.make(before)
  const decide = (reg: OrganizationRegistry.Registry, org: OrgId, command: OrganizationDecider.Command) =>
    OrganizationDecider.decide(command, reg.state(org) ?? OrganizationDecider.decider.initialState, reg.contextFor(org))
  const refusal = (
    r: ReturnType<typeof decide>
  ) => (Result.isFailure(r) ? [r.failure.rule, r.failure.field] : "accepted")

  it("a district cannot be dissolved while it still has grassroots units", () => {
    expect(refusal(decide(base, D1, { _tag: "Dissolve", occurredOn: R, data: {} }))).toEqual(["ORG-05", "type"])
    const moved = base.add(restructuring.slice(0, 3))
    expect(refusal(decide(moved, D1, { _tag: "Dissolve", occurredOn: R, data: {} }))).toBe("accepted")
  })

  it("a unit can only move under a commune committee once it exists", () => {
    const command: OrganizationDecider.Command = { _tag: "Reparent", occurredOn: R, data: { parentId: W1 } }
    expect(refusal(decide(base, X1, command))).toEqual(["ORG-01", "data.parentId"])
    expect(refusal(decide(base.add(restructuring.slice(0, 1)), X1, command))).toBe("accepted")
  })

  it("refuses cycles and units founded under a merged or dissolved organisation", () => {
    expect(refusal(decide(base, X1, { _tag: "Reparent", occurredOn: R, data: { parentId: X1 } }))).toEqual([
      "ORG-01",
      "data.parentId"
    ])
    const after = registry
    expect(
      refusal(
        decide(after, oid(50), {
          _tag: "Found",
          occurredOn: R,
          data: { name: "x", kind: "grassrootsCell", parentId: B }
        })
      )
    )
      .toEqual(["ORG-01", "data.parentId"])
    expect(
      refusal(
        decide(after, oid(50), {
          _tag: "Found",
          occurredOn: R,
          data: { name: "x", kind: "grassrootsCell", parentId: A }
        })
      )
    )
      .toBe("accepted")
    expect(
      refusal(decide(after, oid(50), { _tag: "Found", occurredOn: R, data: { name: "x", kind: "cell", parentId: C1 } }))
    )
      .toEqual(["ORG-01", "data.parentId"])
  })

  it("passes member counts through", () => {
    const ctx = base.contextFor(C2, { memberCountOn: () => 7 })
    const state = base.state(C2) ?? OrganizationDecider.decider.initialState
    const r = OrganizationDecider.decide({ _tag: "Dissolve", occurredOn: R, data: {} }, state, ctx)
    expect(Result.isFailure(r) && r.failure.field).toBe("data.membersMovedTo")
  })

  it("add returns a new registry and leaves the old one as it was", () => {
    expect(base.isLiveOn(W1, R)).toBe(false)
    expect(base.add(restructuring).isLiveOn(W1, R)).toBe(true)
    expect(OrganizationRegistry.empty.ids).toEqual([])
  })
})

describe("scale", () => {
  it("answers tree questions on a few thousand organisations quickly", () => {
    const events: Array<OrgEnvelope> = [found(oid(100000), "province", null)]
    let n = 100001
    for (let u = 0; u < 50; u++) {
      const upper = oid(n++)
      events.push(found(upper, "upper", oid(100000)))
      for (let g = 0; g < 40; g++) {
        const cell = oid(n++)
        events.push(found(cell, "grassrootsCell", upper))
        events.push(reparent(cell, oid(100000), R))
      }
      events.push(dissolve(upper, R))
    }
    const big = OrganizationRegistry.make(events)
    const start = performance.now()
    expect(big.subtreeOn(oid(100000), "2025-06-30")).toHaveLength(1 + 50 + 2000)
    expect(big.subtreeOn(oid(100000), R)).toHaveLength(1 + 2000)
    expect(big.childrenOn(oid(100000), R)).toHaveLength(2000)
    expect(performance.now() - start).toBeLessThan(1000)
  })
})

describe("a growing registry (bulk import)", () => {
  it("folding events one at a time in place answers like a registry built from all of them", () => {
    const growing = OrganizationRegistry.makeGrowing(before.slice(0, 2))
    for (const e of [...before.slice(2), ...restructuring]) growing.apply(e)
    for (const date of ["2015-01-01", "2020-06-01", "2024-12-31", "2025-07-01", "2026-01-01"]) {
      expect(growing.treeOn(date)).toEqual(registry.treeOn(date))
      expect(growing.liveOn(date)).toEqual(registry.liveOn(date))
      for (const id of registry.ids) {
        expect(growing.on(id, date)).toEqual(registry.on(id, date))
        expect(growing.resolve(id, date)).toEqual(registry.resolve(id, date))
      }
    }
    expect(growing.ids).toEqual(registry.ids)
  })

  it("takes each organisation's id from intern when it first meets it, and answers the same", () => {
    const met: Array<OrgId> = []
    const growing = OrganizationRegistry.makeGrowing(before.slice(0, 2), {
      intern: (id) => {
        met.push(id)
        return id
      }
    })
    for (const e of [...before.slice(2), ...restructuring]) growing.apply(e)
    expect([...met].sort()).toEqual([...registry.ids])
    expect(new Set(met).size).toBe(met.length)
    expect(growing.treeOn("2026-01-01")).toEqual(registry.treeOn("2026-01-01"))
  })
})
