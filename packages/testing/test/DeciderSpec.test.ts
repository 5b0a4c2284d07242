import type { MemberId, OrgId } from "@dangvien/core/Ids"
import { memberId, orgId } from "@dangvien/core/Ids"
import * as MemberCommand from "@dangvien/core/MemberCommand"
import type { MemberEvent } from "@dangvien/core/MemberEvent"
import type * as Organization from "@dangvien/core/Organization"
import type { OrgEvent } from "@dangvien/core/OrgEvent"
import { AssertionError } from "node:assert"
import { describe, expect, it } from "vitest"
import * as DeciderSpec from "../src/DeciderSpec.ts"

const BRANCH: OrgId = orgId("01J00000000000000000000B01")
const SPONSOR_A: MemberId = memberId("01J00000000000000000000M0A")
const SPONSOR_B: MemberId = memberId("01J00000000000000000000M0B")

const spec = DeciderSpec.member({
  sponsor: () => ({ status: "official", sameGrassrootsSince: "2015-01-01" }),
  org: (id) => (id === BRANCH ? { kind: "cell" } : undefined)
})

const registered: MemberEvent = {
  type: "CandidateRegistered",
  occurredOn: "2020-03-02",
  data: {
    orgId: BRANCH,
    person: {
      fullName: "Lò Văn Pọm",
      birthDate: "1998-05-19",
      gender: "male",
      ethnicity: "Thái",
      religion: null,
      education: "upperSecondary"
    }
  }
}
const course: MemberEvent = { type: "AwarenessCourseCompleted", occurredOn: "2020-04-10", data: {} }
const sponsors = MemberCommand.make("AssignSponsors", "2020-05-04", {
  sponsors: [{ kind: "member", memberId: SPONSOR_A }, { kind: "member", memberId: SPONSOR_B }]
})

describe("DeciderSpec", () => {
  it("passes when the decider records the expected events", () => {
    const events = spec.given([registered, course]).when(sponsors).then([MemberCommand.toEvent(sponsors)])
    expect(events).toHaveLength(1)
  })

  it("assigns ids and recordedAt to given events", () => {
    const { events, state } = spec.given([registered, course])
    expect(events.map((e) => e.id)).toEqual(["01E2CSTZ400000000000000001", "01E5H7B0400000000000000002"])
    expect(events[0]!.recordedAt).toBe("2020-03-02T05:00:00.000Z")
    expect(state.status).toBe("candidate")
  })

  it("passes a callback the events and the state after them", () => {
    spec.given([registered, course]).when(sponsors).then((_, after) => {
      expect(after.application.sponsorsAssignedOn).toBe("2020-05-04")
    })
  })

  it("passes when the decider refuses with the expected rule and field", () => {
    const vote = MemberCommand.make("PassBranchResolution", "2020-06-01", {
      purpose: "admission",
      officialMembers: 9,
      votesFor: 5
    })
    const violation = spec.given([registered, course, MemberCommand.toEvent(sponsors)]).when(vote).thenRefuses(
      "ADM-06",
      "data.votesFor"
    )
    expect(violation.messageVi).toContain("2/3")
  })

  it("reports an unexpected refusal clearly", () => {
    const vote = MemberCommand.make("PassBranchResolution", "2020-06-01", {
      purpose: "admission",
      officialMembers: 9,
      votesFor: 9
    })
    const attempt = () => spec.given([registered, course]).when(vote).then([MemberCommand.toEvent(vote)])
    expect(attempt).toThrow(AssertionError)
    expect(attempt).toThrow(
      "expected the decider to accept the command, but it refused: ADM-04 data: the applicant has no sponsors yet"
    )
  })

  it("reports different events with a diff", () => {
    try {
      spec.given([registered, course]).when(sponsors).then([{
        ...MemberCommand.toEvent(sponsors),
        occurredOn: "2020-05-05"
      }])
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(AssertionError)
      const error = e as AssertionError
      expect(error.message).toBe("expected the decider to record SponsorsAssigned, but it recorded SponsorsAssigned")
      expect((error.actual as ReadonlyArray<MemberEvent>)[0]!.occurredOn).toBe("2020-05-04")
      expect((error.expected as ReadonlyArray<MemberEvent>)[0]!.occurredOn).toBe("2020-05-05")
    }
  })

  it("reports an acceptance or another rule when a refusal was expected", () => {
    expect(() => spec.given([registered, course]).when(sponsors).thenRefuses("ADM-05")).toThrow(
      "expected a refusal citing ADM-05, but the decider accepted the command and recorded SponsorsAssigned"
    )
    const tooEarly = MemberCommand.make("PassBranchResolution", "2020-06-01", {
      purpose: "admission",
      officialMembers: 9,
      votesFor: 9
    })
    expect(() => spec.given([registered]).when(tooEarly).thenRefuses("ADM-03")).toThrow(
      "expected a refusal citing ADM-03, but the decider refused with ADM-04 data: the applicant has no sponsors yet"
    )
  })

  it("specifies the organisation decider", () => {
    const PROVINCE = orgId("01J00000000000000000000P01")
    const facts: Record<string, Organization.OrgInfo> = { [PROVINCE]: { kind: "province", live: true, ancestors: [] } }
    const org = DeciderSpec.organization({ self: BRANCH, orgOn: (id) => facts[id] })
    const founded: OrgEvent = {
      type: "OrganizationFounded",
      occurredOn: "1975-05-01",
      data: { name: "Đảng bộ huyện Tam Đường", kind: "upper", parentId: PROVINCE }
    }
    org.given().when({ _tag: "Found", occurredOn: founded.occurredOn, data: founded.data }).then([founded])
    org.given([founded]).when({ _tag: "Found", occurredOn: "1980-01-01", data: founded.data }).thenRefuses("STR-01")
    org.given([founded]).when({ _tag: "ElectCommittee", occurredOn: "1980-01-01", data: { kind: "secretary" } })
      .thenRefuses("ORG-01", "type")
  })
})
