import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as CommandBody from "../src/CommandBody.ts"

const failure = <A, E>(result: Result.Result<A, E>): E => {
  assert.isTrue(Result.isFailure(result))
  return (result as Result.Failure<A, E>).failure
}

describe("CommandBody", () => {
  it("decodes a member command with its event's schema", () => {
    const result = CommandBody.decodeMemberCommand({
      _tag: "Rate",
      occurredOn: "1995-12-20",
      data: { period: "1995", level: "good" }
    })
    assert.deepStrictEqual(
      result,
      Result.succeed({
        _tag: "Rate",
        occurredOn: "1995-12-20",
        data: { period: "1995", level: "good" }
      })
    )
  })

  it("names the first offending field and the format rule it breaks", () => {
    assert.deepInclude(
      failure(CommandBody.decodeMemberCommand({ _tag: "Rate", occurredOn: "1995-12-20", data: { period: "95" } })),
      { _tag: "MalformedRequest", rule: "EVT-04", field: "data.period" }
    )
    assert.deepInclude(
      failure(CommandBody.decodeMemberCommand({ _tag: "Rate", occurredOn: "1995-02-30", data: {} })),
      { rule: "EVT-04", field: "occurredOn" }
    )
    assert.deepInclude(failure(CommandBody.decodeMemberCommand({ _tag: "Promote" })), { rule: "EVT-03", field: "_tag" })
    assert.deepInclude(failure(CommandBody.decodeMemberCommand([1, 2])), {
      rule: "EVT-01",
      field: "",
      message: "expected a JSON object"
    })
    // Missing, not of the wrong type: said so.
    assert.deepInclude(
      failure(CommandBody.decodeMemberCommand({ _tag: "Rate", data: { period: "1995", level: "good" } })),
      { rule: "EVT-04", field: "occurredOn", message: "missing occurredOn" }
    )
    assert.deepInclude(
      failure(CommandBody.decodeMemberCommand({ _tag: "Rate", occurredOn: "1995-12-20", data: { period: "1995" } })),
      { field: "data.level", message: "missing data.level" }
    )
    // A field besides _tag, occurredOn and data is refused, not dropped.
    assert.deepInclude(
      failure(
        CommandBody.decodeMemberCommand({
          _tag: "Rate",
          occurredOn: "1995-12-20",
          data: { period: "1995", level: "good" },
          expectedVersion: 3
        })
      ),
      { rule: "EVT-02", field: "expectedVersion" }
    )
    // A field the catalog does not have: refused, with the one it most likely misspells.
    assert.deepInclude(
      failure(
        CommandBody.decodeMemberCommand({
          _tag: "DecideAdmission",
          occurredOn: "1995-09-20",
          data: { decidedBy: "01JD3Q8Y7W0000000000000A01", kind: "first", over60consent: true }
        })
      ),
      {
        rule: "EVT-04",
        field: "data.over60consent",
        message: "unknown field over60consent of AdmissionDecided (did you mean over60Consent?)"
      }
    )
  })

  it("keeps member and organisation commands apart", () => {
    const found = { _tag: "Found", occurredOn: "1990-01-01", data: { name: "Tỉnh", kind: "province", parentId: null } }
    assert.isTrue(Result.isSuccess(CommandBody.decodeOrgCommand(found)))
    assert.deepInclude(failure(CommandBody.decodeMemberCommand(found)), { field: "_tag" })
    assert.deepInclude(
      failure(CommandBody.decodeOrgCommand({ ...found, data: { ...found.data, kind: "district" } })),
      { field: "data.kind" }
    )
  })
})
