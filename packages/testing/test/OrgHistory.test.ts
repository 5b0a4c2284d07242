import * as Envelope from "@dangvien/core/Envelope"
import * as OrganizationRegistry from "@dangvien/core/OrganizationRegistry"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as OrgHistory from "../src/OrgHistory.ts"
import { params } from "./params.ts"

describe("OrgHistory.orgTree", () => {
  it("is accepted by the OrganizationDecider on replay, event by event", () => {
    fc.assert(
      fc.property(OrgHistory.orgTree(), (tree) => {
        expect(tree.refused.map((r) => `${r.command._tag} ${r.command.occurredOn}: ${r.violation.toString()}`)).toEqual(
          []
        )
        const replayed = OrgHistory.replay(tree.events)
        if (Result.isFailure(replayed)) {
          const { index, violation } = replayed.failure
          throw new Error(`event ${index} (${tree.events[index]!.type}) refused: ${violation.toString()}`)
        }
        expect(replayed.success.ids).toEqual(tree.registry.ids)
      }),
      params()
    )
  })

  it("has live branches for members from 1990 on, each a cell or grassroots cell", () => {
    fc.assert(
      fc.property(OrgHistory.orgTree(), fc.integer({ min: 1990, max: 2026 }), (tree, year) => {
        const date = `${year}-06-30`
        const live = OrgHistory.liveBranchesOn(tree, date)
        expect(live.length).toBeGreaterThanOrEqual(3)
        for (const id of live) {
          expect(["cell", "grassrootsCell"]).toContain(tree.registry.on(id, date)!.kind)
          expect(OrgHistory.admittingCommitteeOn(tree, id, date)).toBeDefined()
        }
        expect(tree.provinceCode).toMatch(/^\d{2}$/u)
      }),
      params()
    )
  })

  it("abolishes the district level on 01/07/2025 when restructured", () => {
    fc.assert(
      fc.property(OrgHistory.orgTree({ restructure: "always" }), (tree) => {
        const kinds = (date: string) => tree.registry.liveOn(date).map((id) => tree.registry.on(id, date)!.kind)
        expect(kinds("2025-06-30")).toContain("upper")
        expect(kinds("2025-07-01")).not.toContain("upper")
        for (const id of OrgHistory.liveBranchesOn(tree, "2025-07-01")) {
          expect(tree.registry.ancestorsOn(id, "2025-07-01").at(-1)).toBe(tree.provinceId)
        }
      }),
      params(30, 100)
    )
  })

  it("round-trips every event through its NDJSON line", () => {
    fc.assert(
      fc.property(OrgHistory.orgTree(), (tree) => {
        for (const e of tree.events) {
          const decoded = Envelope.decodeLine(Envelope.encodeLine(e))
          expect(Result.isSuccess(decoded) ? decoded.success : decoded.failure).toStrictEqual(e)
        }
      }),
      params(30, 100)
    )
  })

  it("knownAmong answers as a registry made of only the events that count", () => {
    // Any events may count (an instant's tree keeps those recorded by then): the organisations with
    // one that does not are folded again, the others keep their states and the indices are shared.
    fc.assert(
      fc.property(
        OrgHistory.orgTree({ restructure: "sometimes" }),
        fc.infiniteStream(fc.boolean()),
        fc.boolean(),
        (tree, flips, most) => {
          const counts = tree.events.map(() => (most ? flips.next().value || flips.next().value : flips.next().value))
          const growing = OrganizationRegistry.makeGrowing(tree.events)
          const counting = new Set(tree.events.filter((_, i) => counts[i]))
          const eventsOf = (id: string) => tree.events.filter((e) => e.stream === `org-${id}`)
          const known = OrganizationRegistry.knownAmong(growing, eventsOf, (e) => counting.has(e))
          const made = OrganizationRegistry.make(tree.events.filter((_, i) => counts[i]))
          expect(known.ids).toEqual(made.ids)
          for (const date of ["1985-01-01", "2000-06-30", "2024-12-31", "2025-07-01", "2026-01-01"]) {
            expect(known.treeOn(date)).toEqual(made.treeOn(date))
            expect(known.liveOn(date)).toEqual(made.liveOn(date))
            expect(known.rootsOn(date)).toEqual(made.rootsOn(date))
            for (const id of growing.ids) {
              expect(known.state(id)).toEqual(made.state(id))
              expect(known.on(id, date)).toEqual(made.on(id, date))
              expect(known.resolve(id, date)).toEqual(made.resolve(id, date))
              expect(known.parentOn(id, date)).toEqual(made.parentOn(id, date))
              expect(known.childrenOn(id, date)).toEqual(made.childrenOn(id, date))
              expect(known.subtreeOn(id, date)).toEqual(made.subtreeOn(id, date))
              // The growing tree's sources: every one the counted events give (and maybe more).
              for (const s of made.sourcesOf(id)) expect(known.sourcesOf(id)).toContain(s)
            }
          }
          // Folding more events into it folds them into the states it answers with.
          const more = known.add([])
          expect(more.treeOn("2026-01-01")).toEqual(made.treeOn("2026-01-01"))
        }
      ),
      params(30, 100)
    )
  })
})
