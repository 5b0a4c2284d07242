import { Result } from "effect"
import { describe, expect, it } from "vitest"
import * as Envelope from "../src/Envelope.ts"
import * as Upcaster from "../src/Upcaster.ts"

const line = (schemaVersion: number, data: unknown) =>
  JSON.stringify({
    id: "01JD3Q8Y7W0000000000000001",
    stream: "member-01JD3Q8Y7W0000000000000002",
    type: "ActivityExempted",
    schemaVersion,
    occurredOn: "2015-03-01",
    recordedAt: "2015-03-02T08:00:00.000Z",
    data
  })

// Suppose version 1 of ActivityExempted recorded `{ cause: "oldAge" | "illness" }`; version 2 is the
// catalog's `{ reason: "age" | "health" }`.
const upcasters = Upcaster.make([{
  type: "ActivityExempted",
  fromVersion: 1,
  up: (data) => ({ reason: (data as { cause: string }).cause === "oldAge" ? "age" : "health" })
}])

describe("Upcaster", () => {
  it("knows each type's current version", () => {
    expect(upcasters.current("ActivityExempted")).toBe(2)
    expect(upcasters.current("Died")).toBe(1)
    expect(Upcaster.none.current("ActivityExempted")).toBe(1)
  })

  it("rewrites an older schemaVersion on decode", () => {
    const r = Envelope.decodeLine(line(1, { cause: "oldAge" }), { upcasters })
    expect(Result.isSuccess(r) && r.success).toMatchObject({ schemaVersion: 2, data: { reason: "age" } })
  })

  it("leaves the current version as it is", () => {
    const r = Envelope.decodeLine(line(2, { reason: "health" }), { upcasters })
    expect(Result.isSuccess(r) && r.success).toMatchObject({ schemaVersion: 2, data: { reason: "health" } })
  })

  it("EVT-05: refuses a version newer than the library knows", () => {
    const r = Envelope.decodeLine(line(3, { reason: "health" }), { upcasters, line: 7 })
    expect(Result.isFailure(r) && String(r.failure)).toBe(
      "line 7: EVT-05 schemaVersion: schemaVersion 3 of ActivityExempted is newer than this library (2)"
    )
  })

  it("EVT-05: says which step is missing in a broken chain", () => {
    const gap = Upcaster.make([{ type: "Died", fromVersion: 2, up: (d) => d }])
    const r = Envelope.decodeLine(line(1, {}).replace("ActivityExempted", "Died"), { upcasters: gap })
    expect(Result.isFailure(r) && r.failure.message).toBe("no upcaster for Died from schemaVersion 1")
  })

  it("EVT-04: the upcast data is still validated", () => {
    const r = Envelope.decodeLine(line(1, { cause: 5 }), {
      upcasters: Upcaster.make([{ type: "ActivityExempted", fromVersion: 1, up: () => ({ reason: "sick" }) }])
    })
    expect(Result.isFailure(r) && [r.failure.rule, r.failure.path]).toEqual(["EVT-04", "data.reason"])
  })
})
