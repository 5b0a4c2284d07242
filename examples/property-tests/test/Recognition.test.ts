/**
 * The rule the roster's "due for recognition" list stands on, PRB-03: official status takes effect
 * exactly at ceremony + 12 months. A given/when/then specification of the member decider, then the
 * same rule as a property over generated members on probation.
 */
import { Calendar, Ids, MemberCommand, type MemberEvent } from "@dangvien/core"
import { DeciderSpec, MemberHistory } from "@dangvien/testing"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as BranchRoster from "../src/BranchRoster.ts"
import { params } from "./arbitraries.ts"

const branch = Ids.orgId("01H00000000000000000000001")
const member = Ids.memberId("01H00000000000000000000M01")

// #region spec
const recognize = (on: Calendar.CalendarDate) => MemberCommand.make("RecognizeOfficial", on, {})

describe("recognition (PRB-03)", () => {
  const spec = DeciderSpec.member()
  const onProbation: ReadonlyArray<MemberEvent.MemberEvent> = [
    {
      type: "CandidateRegistered",
      occurredOn: "2023-02-06",
      data: {
        orgId: branch,
        person: { fullName: "Lò Thị Mai", birthDate: "1998-09-02", gender: "female", ethnicity: "Thái", religion: null }
      }
    },
    { type: "AdmissionDecided", occurredOn: "2024-02-20", data: { decidedBy: branch, kind: "first" } },
    { type: "AdmissionCeremonyHeld", occurredOn: "2024-03-15", data: {} }
  ]

  it("PRB-03: the roster lists the member as due in March 2025, on the 15th", () => {
    const events = DeciderSpec.record(onProbation).map((e) => ({
      ...e,
      stream: Ids.memberStream(member),
      schemaVersion: 1
    }))
    const roster = BranchRoster.fromEnvelopes(events)
    expect(BranchRoster.dueForRecognition(roster, "2025-03").map((e) => e.probationEndsOn)).toEqual(["2025-03-15"])
  })

  it("PRB-03: recognition a day early is refused, citing the rule and the field", () => {
    spec.given(onProbation).when(recognize("2025-03-14")).thenRefuses("PRB-03", "occurredOn")
  })

  it("PRB-03: recognition on ceremony + 12 months is recorded", () => {
    spec.given(onProbation).when(recognize("2025-03-15")).then([
      { type: "OfficialRecognized", occurredOn: "2025-03-15", data: {} }
    ])
  })
})
// #endregion spec

// #region property
describe("the roster's recognition date is the decider's (PRB-03)", () => {
  it("PRB-03: for every member on probation, recognition is accepted on probationEndsOn and on no other day", () => {
    // Lives stopped on probation, just after the ceremony (a life that never gets there is left out).
    const onProbation = MemberHistory.memberHistory({
      start: "candidate",
      stopWhen: (s) => s.status === "probationary" && s.ceremonyOn !== undefined
    }).filter((h) => h.state.status === "probationary")
    const offset = fc.oneof(fc.constant(0), fc.integer({ min: -40, max: 40 }))
    fc.assert(
      fc.property(onProbation, offset, (h, days) => {
        const roster = BranchRoster.fromEnvelopes([...h.orgTree.events, ...h.events])
        const entry = BranchRoster.entries(roster).find((e) => e.memberId === h.memberId)
        expect(entry?.status).toBe("probationary")
        const on = Calendar.addDays(entry!.probationEndsOn!, days)
        const decided = DeciderSpec.member(h.context).given(h.events).when(
          MemberCommand.make("RecognizeOfficial", on, {})
        )
        if (days === 0) decided.then((events) => expect(events.map((e) => e.type)).toEqual(["OfficialRecognized"]))
        else decided.thenRefuses("PRB-03", "occurredOn")
      }),
      params(40)
    )
  })
})
// #endregion property
