import { Ids, Member, MemberCommand, MemberDecider } from "@dangvien/core"
import * as E from "fp-ts/lib/Either.js"
import { pipe } from "fp-ts/lib/function.js"
import { describe, expect, it } from "vitest"
import { decideMember, decodeLine, replayMember } from "../src/Either.ts"

const branch = Ids.orgId("01J0000000000000000000CE01")
const self = Ids.memberId("01J00000000000000000000AN1")
const context: MemberDecider.Context = { self, org: () => ({ kind: "cell" }) }
const register = MemberCommand.make("RegisterCandidate", "2020-03-01", {
  orgId: branch,
  person: {
    fullName: "Nguyễn Văn An",
    birthDate: "1998-05-20",
    gender: "male",
    religion: null,
    education: "upperSecondary"
  }
})

describe("Either", () => {
  it("decideMember: Right with the events of an accepted command", () => {
    const decided = decideMember(register, Member.initialState, context)
    expect(E.isRight(decided)).toBe(true)
    expect(pipe(decided, E.map((events) => events.map((e) => e.type)))).toEqual(E.right(["CandidateRegistered"]))
  })

  it("decideMember: Left with the rule ID of a refused command (STR-01: a stream starts with a registration)", () => {
    const admit = MemberCommand.make("DecideAdmission", "2020-04-01", { decidedBy: branch, kind: "first" })
    const decided = decideMember(admit, Member.initialState, context)
    expect(E.isLeft(decided) && decided.left.rule).toBe("STR-01")
  })

  it("replayMember: the state of a valid history, the index and rule of the first refused event", () => {
    const events = E.getOrElseW(() => [])(decideMember(register, Member.initialState, context))
    const recorded = events.map((e, i) => ({
      ...e,
      id: Ids.eventId(`01J0000000000000000000EV0${i}`),
      recordedAt: "2020-03-01T09:00:00.000Z"
    }))
    const replayed = replayMember(recorded, context)
    expect(E.isRight(replayed) && replayed.right.status).toBe("candidate")
    const twice = replayMember(
      [...recorded, { ...recorded[0]!, id: Ids.eventId("01J0000000000000000000EV09") }],
      context
    )
    expect(E.isLeft(twice) && twice.left.index).toBe(1)
  })

  it("decodeLine: Left with rule, field and line for a bad line", () => {
    const decoded = decodeLine("{\"id\": 1}", { line: 7 })
    expect(E.isLeft(decoded) && [decoded.left.rule, decoded.left.line]).toEqual(["EVT-02", 7])
    expect(E.isLeft(decodeLine("not json"))).toBe(true)
  })
})
