/**
 * `StatsIndex.liveOver`: `stats` and `report` refuse an organisation on dates it did not exist, and
 * say when it did — the day of a merge or a dissolution not being one of its days.
 */
import { Envelope, type Ids, OrganizationRegistry } from "@dangvien/core"
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { liveOver } from "../src/StatsIndex.ts"

const ulid = (prefix: string) => `01JD3Q8Y7W${prefix.padEnd(16, "0")}`
const [A, B, D] = ["A", "B", "D"].map(ulid) as [Ids.OrgId, Ids.OrgId, Ids.OrgId]
let n = 0
const event = (org: string, type: string, occurredOn: string, data: unknown) =>
  Envelope.make(
    {
      id: ulid(`E${++n}`) as never,
      stream: `org-${org}` as never,
      schemaVersion: 1,
      recordedAt: `${occurredOn}T09:00:00Z`
    },
    { type, occurredOn, data } as never
  )
const registry = OrganizationRegistry.make([
  event(A, "OrganizationFounded", "2004-01-01", { name: "Huyện ủy A", kind: "upper", parentId: null }),
  event(B, "OrganizationFounded", "2004-01-01", { name: "Huyện ủy B", kind: "upper", parentId: null }),
  event(D, "OrganizationFounded", "2004-01-01", { name: "Huyện ủy D", kind: "upper", parentId: null }),
  event(A, "OrganizationMerged", "2025-07-01", { intoOrgId: B }),
  event(D, "OrganizationDissolved", "2025-07-01", {})
])
const refusal = (org: Ids.OrgId, from: string, until: string) => {
  const exit = Effect.runSyncExit(liveOver(registry, org, from, until))
  return Exit.isFailure(exit) ? String(exit.cause).split("\n")[0] : "reported"
}

describe("StatsIndex.liveOver", () => {
  it("says how an organisation ended, on a day that is no longer one of its days", () => {
    expect(refusal(A, "2025-07-02", "2025-12-31")).toContain(
      `Huyện ủy A (${A}) existed from 2004-01-01 until it was merged on 2025-07-01, not from 2025-07-02 to 2025-12-31`
    )
    expect(refusal(D, "2025-08-01", "2025-12-31")).toContain("until it was dissolved on 2025-07-01")
    // Ended on `from`: its flows read the tree of the day before, so it still reports.
    expect(refusal(A, "2025-07-01", "2025-12-31")).toBe("reported")
  })
})
