/**
 * The member decider, stream rules (STR), transfers (§6), leaving (§7), ratings (§8), discipline
 * (§9), cards (§10), organisations via the `org` context (§11), imports (CAL-01, AGE-02/03), and
 * what retractions and annulments do to the state (AGE-04).
 */
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import * as Member from "../src/Member.ts"
import * as PartyAge from "../src/PartyAge.ts"
import {
  candidate,
  CELL,
  CELL_2,
  CELL_3,
  cmd,
  COMMITTEE,
  given,
  idAt,
  importData,
  imported,
  NOWHERE,
  official,
  orgs,
  OTHER_MEMBER,
  person,
  probationary,
  SELF,
  twoMembers,
  world
} from "./fixtures/member.ts"

const rate = (on: string, period: string, level: "excellent" | "good" | "completed" | "notCompleted" = "good") =>
  cmd("Rate", on, { period, level })

const temporaryTransfer = (until?: string, purpose?: "work" | "study", host = CELL_3) =>
  cmd("StartTemporaryTransfer", "2021-01-11", {
    hostOrgId: host,
    ...(until === undefined ? {} : { until }),
    ...(purpose === undefined ? {} : { purpose })
  })
const admittedOn = (on: string) => candidate().vote("2019-06-20").decided(on)
const disciplineFor = (
  on: string,
  form: "reprimand" | "warning" | "removalFromPost" | "expulsion",
  violationOn: string
) => cmd("Discipline", on, { form, violationOn })
const importing = (extra: Parameters<typeof importData>[1]) =>
  cmd("ImportMember", "2020-01-01", importData("2010-01-11", extra))

// -------------------------------------------------------------------------------------------------
// Stream rules
// -------------------------------------------------------------------------------------------------

describe("STR-01 a member stream starts with CandidateRegistered or MemberImported", () => {
  it("STR-01 accepts CandidateRegistered on an empty stream", () => {
    given([]).when(cmd("RegisterCandidate", "2019-01-10", { orgId: CELL, person: person() })).thenAccepted()
  })

  it("STR-01 accepts MemberImported on an empty stream", () => {
    given([]).when(cmd("ImportMember", "2020-01-01", importData("2010-01-11"))).thenAccepted()
  })

  it("STR-01 refuses any other first event", () => {
    given([]).when(cmd("CompleteAwarenessCourse", "2019-01-10", {})).thenRefused("STR-01", "type")
  })

  it("STR-01 refuses CandidateRegistered in the middle of a stream", () => {
    given(official()).when(cmd("RegisterCandidate", "2021-01-10", { orgId: CELL, person: person() }))
      .thenRefused("STR-01", "type")
  })

  it("STR-01 refuses MemberImported in the middle of a stream", () => {
    given(official()).when(cmd("ImportMember", "2021-01-10", importData("2010-01-11"))).thenRefused("STR-01", "type")
  })
})

describe("STR-02 events of a stream are in date order", () => {
  it("STR-02 refuses an event dated before the last one", () => {
    given(official()).when(rate("2020-05-05", "2020-H1")).thenRefused("STR-02", "occurredOn")
  })

  it("STR-02 accepts an event on the same date as the last one", () => {
    given(official()).when(rate("2020-05-06", "2020-H1")).thenAccepted()
  })
})

describe("STR-03 retractions and annulments refer to an event of the stream", () => {
  const disciplined = official().disciplined("2021-03-01", "reprimand")
  const disciplineId = disciplined.lastId

  it("STR-03 refuses retracting an event not in the stream", () => {
    given(official()).when(cmd("Retract", "2021-01-10", { eventId: idAt(42), reason: "typo" }))
      .thenRefused("STR-03", "data.eventId")
  })

  it("STR-03 accepts retracting an event of the stream", () => {
    given(disciplined).when(cmd("Retract", "2021-03-02", { eventId: disciplineId, reason: "typo" })).thenAccepted()
  })

  it("STR-03 refuses retracting an event already retracted", () => {
    const h = disciplined.add("EventRetracted", "2021-03-02", { eventId: disciplineId, reason: "typo" })
    given(h).when(cmd("Retract", "2021-03-03", { eventId: disciplineId, reason: "again" }))
      .thenRefused("STR-03", "data.eventId")
  })

  it("STR-03 refuses retracting a retraction", () => {
    const h = disciplined.add("EventRetracted", "2021-03-02", { eventId: disciplineId, reason: "typo" })
    given(h).when(cmd("Retract", "2021-03-03", { eventId: h.lastId, reason: "undo" })).thenRefused(
      "STR-03",
      "data.eventId"
    )
  })

  it("STR-03 refuses annulling an event that is not a discipline", () => {
    given(disciplined).when(cmd("AnnulDiscipline", "2021-04-01", { disciplineEventId: idAt(0) }))
      .thenRefused("STR-03", "data.disciplineEventId")
  })

  it("STR-03 refuses annulling a discipline twice", () => {
    const h = disciplined.add("DisciplineAnnulled", "2021-04-01", { disciplineEventId: disciplineId })
    given(h).when(cmd("AnnulDiscipline", "2021-04-02", { disciplineEventId: disciplineId }))
      .thenRefused("STR-03", "data.disciplineEventId")
  })

  it("STR-03 accepts annulling a discipline", () => {
    given(disciplined).when(cmd("AnnulDiscipline", "2021-04-01", { disciplineEventId: disciplineId })).thenAccepted()
  })
})

describe("STR-04 an event not applicable to the status", () => {
  const refusedForCandidate = [
    cmd("HoldCeremony", "2019-04-01", {}),
    cmd("RecognizeOfficial", "2019-04-01", {}),
    cmd("ExemptFromActivity", "2019-04-01", { reason: "health" }),
    rate("2019-04-01", "2019"),
    cmd("TransferOut", "2019-04-01", { kind: "official" }),
    cmd("TransferIn", "2019-04-01", { orgId: CELL_2 }),
    cmd("StrikeOff", "2019-04-01", { reason: "unpaidDues" }),
    cmd("AllowToLeave", "2019-04-01", {}),
    cmd("AwardBadge", "2019-04-01", { milestone: 30, occasion: "other", early: false, posthumous: false }),
    cmd("RegisterResidenceContact", "2019-04-01", { residenceOrgId: CELL_3 }),
    cmd("PassBranchResolution", "2019-04-01", { purpose: "recognition", officialMembers: 9, votesFor: 9 })
  ]
  for (const command of refusedForCandidate) {
    it(`STR-04 refuses ${command._tag} for a candidate`, () => {
      given(candidate()).when(command).thenRefused("STR-04", "type")
    })
  }

  it("STR-04 refuses an awareness course or sponsors for a member", () => {
    given(official()).when(cmd("CompleteAwarenessCourse", "2021-01-10", {})).thenRefused("STR-04", "type")
    given(official()).when(cmd("AssignSponsors", "2021-01-10", { sponsors: [] })).thenRefused("STR-04", "type")
  })

  it("STR-04 refuses exempting a member already exempted, and ending an exemption that is not", () => {
    const exempted = official().add("ActivityExempted", "2021-01-10", { reason: "age" })
    given(exempted).when(cmd("ExemptFromActivity", "2021-02-01", { reason: "health" })).thenRefused("STR-04", "type")
    given(official()).when(cmd("EndExemption", "2021-02-01", {})).thenRefused("STR-04", "type")
    given(exempted).when(cmd("EndExemption", "2021-02-01", {})).thenAccepted()
  })

  it("STR-04 accepts a first admission decision for a candidate with a resolution", () => {
    given(candidate().vote("2019-04-10")).when(
      cmd("DecideAdmission", "2019-04-20", { decidedBy: COMMITTEE, kind: "first" })
    )
      .thenAccepted()
  })

  it("STR-04 refuses a first admission decision for a member", () => {
    given(official()).when(cmd("DecideAdmission", "2021-01-10", { decidedBy: COMMITTEE, kind: "first" }))
      .thenRefused("STR-04", "type")
  })
})

// -------------------------------------------------------------------------------------------------
// §6 Transfers
// -------------------------------------------------------------------------------------------------

describe("TRF-01 an official transfer goes to another organisation", () => {
  it("TRF-01 refuses a transfer to the member's own branch", () => {
    given(official()).when(cmd("TransferOut", "2021-01-11", { kind: "official", toOrgId: CELL }))
      .thenRefused("TRF-01", "data.toOrgId")
  })

  it("TRF-01 accepts a transfer to another branch; the member is in transit (TRF-03)", () => {
    const state = given(official()).when(cmd("TransferOut", "2021-01-11", { kind: "official", toOrgId: CELL_2 }))
      .thenAccepted()
    expect(state.orgId).toBeUndefined()
    expect(state.transit).toEqual({ from: CELL, since: "2021-01-11", toOrgId: CELL_2 })
    expect(Member.isMember(state)).toBe(true)
  })

  it("TRF-01 accepts a transfer abroad without a destination organisation", () => {
    given(official()).when(cmd("TransferOut", "2021-01-11", { kind: "abroad", destination: "Lào" })).thenAccepted()
  })
})

describe("TRF-02 the letter is presented within 30 working days", () => {
  // Letter 2024-01-26: across Tết 2024 the 30th working day is 2024-03-15.
  const inTransit = official().add("TransferredOut", "2024-01-26", { kind: "official", toOrgId: CELL_2 })

  it("TRF-02 accepts a presentation on the 30th working day", () => {
    const state = given(inTransit).when(cmd("TransferIn", "2024-03-15", { orgId: CELL_2 })).thenAccepted()
    expect(state.orgId).toBe(CELL_2)
    expect(state.transit).toBeUndefined()
  })

  it("TRF-02 refuses a later presentation without a lateReason", () => {
    given(inTransit).when(cmd("TransferIn", "2024-03-18", { orgId: CELL_2 })).thenRefused("TRF-02", "data.lateReason")
  })

  it("TRF-02 refuses an empty lateReason", () => {
    given(inTransit).when(cmd("TransferIn", "2024-03-18", { orgId: CELL_2, lateReason: "" }))
      .thenRefused("TRF-02", "data.lateReason")
  })

  it("TRF-02 refuses a lateReason of only spaces", () => {
    given(inTransit).when(cmd("TransferIn", "2024-03-18", { orgId: CELL_2, lateReason: "   " }))
      .thenRefused("TRF-02", "data.lateReason")
  })

  it("TRF-03 a member who dies in transit is no longer in transit", () => {
    const state = given(inTransit).when(cmd("RecordDeath", "2024-02-20", {})).thenAccepted()
    expect(state.transit).toBeUndefined()
  })

  it("TRF-03 a readmitted member returns to the branch they left, and can be transferred again", () => {
    const h = official().struckOff("2021-01-10").sponsors("2024-02-01").vote("2024-03-01").readmitted("2024-03-10")
      .ceremony("2024-03-25")
    const state = given(h).when(cmd("TransferOut", "2024-06-03", { kind: "official", toOrgId: CELL_2 })).thenAccepted()
    expect(state.transit?.from).toBe(CELL)
  })

  it("TRF-02 accepts a later presentation with a lateReason", () => {
    given(inTransit).when(cmd("TransferIn", "2024-03-18", { orgId: CELL_2, lateReason: "ốm" })).thenAccepted()
  })
})

describe("TRF-03 in transit the member belongs to no organisation", () => {
  const inTransit = official().add("TransferredOut", "2021-01-11", { kind: "official", toOrgId: CELL_2 })

  it("TRF-03 refuses a second transfer out while in transit", () => {
    given(inTransit).when(cmd("TransferOut", "2021-01-12", { kind: "official", toOrgId: CELL_3 })).thenRefused(
      "TRF-03",
      "type"
    )
  })

  it("TRF-03 refuses a transfer in when the member is not in transit", () => {
    given(official()).when(cmd("TransferIn", "2021-01-12", { orgId: CELL_2 })).thenRefused("TRF-03", "type")
  })

  it("TRF-03 refuses arriving at another organisation than the letter's", () => {
    given(inTransit).when(cmd("TransferIn", "2021-01-12", { orgId: CELL_3 })).thenRefused("TRF-03", "data.orgId")
  })

  it("TRF-03 refuses a temporary transfer while in transit", () => {
    given(inTransit).when(cmd("StartTemporaryTransfer", "2021-01-12", { hostOrgId: CELL_3 })).thenRefused(
      "TRF-03",
      "type"
    )
  })

  it("TRF-03 accepts arrival anywhere when the letter names no organisation", () => {
    given(official().add("TransferredOut", "2021-01-11", { kind: "official" }))
      .when(cmd("TransferIn", "2021-01-12", { orgId: CELL_3 }))
      .thenAccepted()
  })
})

describe("TRF-04 temporary transfer: 3 months to under a year (study up to 2 years)", () => {
  it("TRF-04 accepts 11 months at a host; the home branch is unchanged", () => {
    const state = given(official()).when(temporaryTransfer("2021-12-11")).thenAccepted()
    expect(state.orgId).toBe(CELL)
    expect(state.temporaryTransfer).toEqual({ hostOrgId: CELL_3, since: "2021-01-11", until: "2021-12-11" })
  })

  it("TRF-04 refuses a temporary transfer of a full year for work", () => {
    given(official()).when(temporaryTransfer("2022-01-11")).thenRefused("TRF-04", "data.until")
  })

  it("TRF-04 refuses a temporary transfer shorter than 3 months", () => {
    given(official()).when(temporaryTransfer("2021-04-10")).thenRefused("TRF-04", "data.until")
  })

  it("TRF-04 accepts exactly 3 months", () => {
    given(official()).when(temporaryTransfer("2021-04-11")).thenAccepted()
  })

  it("TRF-04 accepts 24 months of full-time study", () => {
    given(official()).when(temporaryTransfer("2023-01-11", "study")).thenAccepted()
  })

  it("TRF-04 refuses more than 24 months of study", () => {
    given(official()).when(temporaryTransfer("2023-01-12", "study")).thenRefused("TRF-04", "data.until")
  })

  it("TRF-04 refuses the member's own branch as host", () => {
    given(official()).when(temporaryTransfer(undefined, undefined, CELL)).thenRefused("TRF-04", "data.hostOrgId")
  })

  it("TRF-04 refuses a second temporary transfer in progress", () => {
    given(official().add("TemporaryTransferStarted", "2021-01-11", { hostOrgId: CELL_3 }))
      .when(cmd("StartTemporaryTransfer", "2021-02-01", { hostOrgId: CELL_2 }))
      .thenRefused("TRF-04", "type")
  })

  it("TRF-04 refuses ending a temporary transfer that is not in progress", () => {
    given(official()).when(cmd("EndTemporaryTransfer", "2021-02-01", {})).thenRefused("TRF-04", "type")
  })

  it("TRF-04 accepts ending a temporary transfer in progress", () => {
    const state = given(official().add("TemporaryTransferStarted", "2021-01-11", { hostOrgId: CELL_3 }))
      .when(cmd("EndTemporaryTransfer", "2021-06-01", {}))
      .thenAccepted()
    expect(state.temporaryTransfer).toBeUndefined()
  })
})

describe("TRF-05 contact with the residence branch", () => {
  it("TRF-05 refuses the member's own branch as residence branch", () => {
    given(official()).when(cmd("RegisterResidenceContact", "2021-01-11", { residenceOrgId: CELL }))
      .thenRefused("TRF-05", "data.residenceOrgId")
  })

  it("TRF-05 accepts another branch", () => {
    const state = given(official()).when(cmd("RegisterResidenceContact", "2021-01-11", { residenceOrgId: CELL_3 }))
      .thenAccepted()
    expect(state.residenceOrgId).toBe(CELL_3)
  })
})

// -------------------------------------------------------------------------------------------------
// §11 Organisations through the `org` context
// -------------------------------------------------------------------------------------------------

describe("ORG-01 / ORG-05 organisations named by member events", () => {
  const ctx = { org: world }

  it("ORG-01 refuses registering a candidate at a grassroots committee (members belong to branches)", () => {
    given([], ctx).when(cmd("RegisterCandidate", "2019-01-10", { orgId: COMMITTEE, person: person() }))
      .thenRefused("ORG-01", "data.orgId")
  })

  it("ORG-01 / ORG-05 accepts a live cell or grassroots cell", () => {
    given([], ctx).when(cmd("RegisterCandidate", "2019-01-10", { orgId: CELL, person: person() })).thenAccepted()
    given([], ctx).when(cmd("RegisterCandidate", "2019-01-10", { orgId: CELL_3, person: person() })).thenAccepted()
  })

  it("ORG-05 refuses an organisation that does not exist on the date", () => {
    given([], ctx).when(cmd("RegisterCandidate", "2019-01-10", { orgId: NOWHERE, person: person() }))
      .thenRefused("ORG-05", "data.orgId")
  })

  it("ORG-05 refuses an admission decided by an organisation that does not exist", () => {
    given(candidate().vote("2019-04-10"), ctx).when(
      cmd("DecideAdmission", "2019-04-20", { decidedBy: NOWHERE, kind: "first" })
    )
      .thenRefused("ORG-05", "data.decidedBy")
  })

  it("ORG-01 accepts an admission decided by a committee (not a branch)", () => {
    given(candidate().vote("2019-04-10"), ctx).when(
      cmd("DecideAdmission", "2019-04-20", { decidedBy: COMMITTEE, kind: "first" })
    )
      .thenAccepted()
  })

  it("ADM-07 refuses an admission decided by a branch: only a committee with that power decides", () => {
    for (const branch of [CELL, CELL_3]) {
      given(candidate().vote("2019-04-10"), ctx).when(
        cmd("DecideAdmission", "2019-04-20", { decidedBy: branch, kind: "first" })
      )
        .thenRefused("ADM-07", "data.decidedBy")
    }
    const upper = orgs({ [CELL]: "cell", [COMMITTEE]: "upper" })
    given(candidate().vote("2019-04-10"), { org: upper }).when(
      cmd("DecideAdmission", "2019-04-20", { decidedBy: COMMITTEE, kind: "first" })
    ).thenAccepted()
  })

  it("ORG-01 refuses a transfer to a committee", () => {
    given(official(), ctx).when(cmd("TransferOut", "2021-01-11", { kind: "official", toOrgId: COMMITTEE }))
      .thenRefused("ORG-01", "data.toOrgId")
  })

  it("ORG-05 refuses arriving at an organisation that does not exist", () => {
    given(official().add("TransferredOut", "2021-01-11", { kind: "official" }), ctx)
      .when(cmd("TransferIn", "2021-01-12", { orgId: NOWHERE }))
      .thenRefused("ORG-05", "data.orgId")
  })

  it("ORG-01 refuses a committee as host of a temporary transfer", () => {
    given(official(), ctx).when(cmd("StartTemporaryTransfer", "2021-01-11", { hostOrgId: COMMITTEE }))
      .thenRefused("ORG-01", "data.hostOrgId")
  })

  it("ORG-05 refuses a residence branch that does not exist", () => {
    given(official(), ctx).when(cmd("RegisterResidenceContact", "2021-01-11", { residenceOrgId: NOWHERE }))
      .thenRefused("ORG-05", "data.residenceOrgId")
  })

  it("ORG-01 refuses importing a member into a committee", () => {
    given([], ctx).when(cmd("ImportMember", "2020-01-01", importData("2010-01-11", { orgId: COMMITTEE })))
      .thenRefused("ORG-01", "data.orgId")
  })
})

// -------------------------------------------------------------------------------------------------
// §7 Leaving the Party
// -------------------------------------------------------------------------------------------------

describe("EXT-01 / EXT-04 exits that are not refused", () => {
  it("EXT-01 striking off collects the card and flags badges returned (CRD-04, BDG-06)", () => {
    const state = given(imported("2010-01-04", "1985-01-10").card("2014-01-10").badge("2015-02-03", 30, "02-03"))
      .when(cmd("StrikeOff", "2016-01-11", { reason: "returnedCard" }))
      .thenAccepted()
    expect(state.status).toBe("struckOff")
    expect(state.card?.collected).toBe(true)
    expect(state.badges.map((b) => b.returned)).toEqual([true])
  })

  it("EXT-04 death is accepted at any stage and the family keeps the card (CRD-04)", () => {
    given(candidate()).when(cmd("RecordDeath", "2019-04-01", {})).thenAccepted()
    const state = given(official().card("2020-06-01")).when(cmd("RecordDeath", "2021-01-10", {})).thenAccepted()
    expect(state.status).toBe("dead")
    expect(state.card?.collected).toBe(false)
  })
})

describe("EXT-02 allowed to leave only without a violation under consideration", () => {
  it("EXT-02 refuses letting a member with a pending violation leave", () => {
    given(official()).when(cmd("AllowToLeave", "2021-01-10", {}), { pendingViolation: true }).thenRefused(
      "EXT-02",
      "type"
    )
  })

  it("EXT-02 accepts letting a member leave", () => {
    const state = given(official()).when(cmd("AllowToLeave", "2021-01-10", {}), { pendingViolation: false })
      .thenAccepted()
    expect(state.status).toBe("allowedToLeave")
  })
})

describe("EXT-03 expulsion is for official members only", () => {
  it("EXT-03 accepts expelling an official member: an exit", () => {
    const state = given(official()).when(cmd("Discipline", "2021-01-10", { form: "expulsion" })).thenAccepted()
    expect(state.status).toBe("expelled")
    expect(state.exit?.kind).toBe("expelled")
  })

  it("EXT-03 refuses expelling a probationary member", () => {
    given(probationary()).when(cmd("Discipline", "2019-10-01", { form: "expulsion" })).thenRefused(
      "EXT-03",
      "data.form"
    )
  })
})

describe("EXT-06 after an exit only readmission, death, corrections, retractions, annulments", () => {
  const left = official().struckOff("2021-01-10")
  const refusedAfterLeaving = [
    rate("2021-12-20", "2021"),
    cmd("TransferOut", "2021-02-01", { kind: "official" }),
    cmd("IssueCard", "2021-02-01", { cardNo: "01.000001" }),
    cmd("Discipline", "2021-02-01", { form: "warning" }),
    cmd("StrikeOff", "2021-02-01", { reason: "unpaidDues" }),
    cmd("AllowToLeave", "2021-02-01", {}),
    cmd("ExemptFromActivity", "2021-02-01", { reason: "age" }),
    cmd("RegisterResidenceContact", "2021-02-01", { residenceOrgId: CELL_3 }),
    cmd("AwardBadge", "2021-02-03", { milestone: 30, occasion: "02-03", early: false, posthumous: false }),
    cmd("PassBranchResolution", "2021-02-01", { purpose: "recognition", officialMembers: 9, votesFor: 9 }),
    cmd("HoldCeremony", "2021-02-01", {})
  ]
  for (const command of refusedAfterLeaving) {
    it(`EXT-06 refuses ${command._tag} after the member was struck off`, () => {
      given(left).when(command).thenRefused("EXT-06", "type")
    })
  }

  it("EXT-06 accepts the readmission steps after an exit", () => {
    given(left).when(cmd("CompleteAwarenessCourse", "2023-09-01", {})).thenAccepted()
    given(left).when(cmd("AssignSponsors", "2023-10-02", { sponsors: twoMembers })).thenAccepted()
    given(left.sponsors("2023-10-02")).when(
      cmd("PassBranchResolution", "2023-12-01", { purpose: "admission", officialMembers: 9, votesFor: 9 })
    )
      .thenAccepted()
  })

  it("EXT-06 / ADM-04 the readmission steps are still judged by their own rules (33 is past youth age)", () => {
    given(left).when(
      cmd("AssignSponsors", "2023-10-02", { sponsors: [{ kind: "youthUnion" }, { kind: "member", memberId: SELF }] })
    )
      .thenRefused("ADM-04", "data.sponsors")
  })

  it("EXT-06 accepts a death record, a correction and a retraction after an exit", () => {
    given(left).when(cmd("RecordDeath", "2022-01-10", {})).thenAccepted()
    given(left).when(cmd("CorrectPerson", "2022-01-10", { person: { fullName: "Nguyễn Văn Ân" } })).thenAccepted()
    given(left).when(cmd("Retract", "2022-01-10", { eventId: left.lastId, reason: "nhầm" })).thenAccepted()
  })

  const dead = official().died("2021-01-10")

  it("EXT-06 refuses a second death", () => {
    given(dead).when(cmd("RecordDeath", "2021-02-01", {})).thenRefused("EXT-06", "type")
  })

  it("EXT-06 refuses readmission steps, ratings and transfers after death", () => {
    given(dead).when(cmd("AssignSponsors", "2021-02-01", { sponsors: [] })).thenRefused("EXT-06", "type")
    given(dead).when(cmd("CompleteAwarenessCourse", "2021-02-01", {})).thenRefused("EXT-06", "type")
    given(dead).when(
      cmd("PassBranchResolution", "2021-02-01", { purpose: "admission", officialMembers: 9, votesFor: 9 })
    )
      .thenRefused("EXT-06", "type")
    given(dead).when(rate("2021-02-01", "2020")).thenRefused("EXT-06", "type")
    given(dead).when(cmd("TransferOut", "2021-02-01", { kind: "official" })).thenRefused("EXT-06", "type")
  })

  it("EXT-06 accepts a posthumous badge, a correction and a retraction after death", () => {
    const longDead = imported("2010-01-04", "1985-01-10").died("2016-01-10")
    given(longDead).when(
      cmd("AwardBadge", "2016-02-03", { milestone: 30, occasion: "02-03", early: false, posthumous: true })
    )
      .thenAccepted()
    given(longDead).when(cmd("CorrectPerson", "2016-02-03", { person: { gender: "female" } })).thenAccepted()
    given(longDead).when(cmd("Retract", "2016-02-03", { eventId: longDead.lastId, reason: "nhầm" })).thenAccepted()
  })

  it("EXT-06 no longer applies once the death record is retracted", () => {
    const h = dead.add("EventRetracted", "2021-02-01", { eventId: dead.lastId, reason: "nhầm người" })
    const state = given(h).when(rate("2021-12-20", "2021")).thenAccepted()
    expect(state.status).toBe("official")
  })
})

// -------------------------------------------------------------------------------------------------
// §8 Quality rating
// -------------------------------------------------------------------------------------------------

describe("RAT-01 a rating is for a period that has begun", () => {
  it("RAT-01 refuses rating a period that has not begun", () => {
    given(official()).when(rate("2020-12-31", "2021")).thenRefused("RAT-01", "data.period")
  })

  it("RAT-01 accepts a yearly and a half-year rating", () => {
    given(official()).when(rate("2020-12-20", "2020", "excellent")).thenAccepted()
    given(official()).when(rate("2020-06-25", "2020-H1", "completed")).thenAccepted()
  })
})

describe("RAT-02 not rated: admitted under 6 months, exempted", () => {
  it("RAT-02 refuses rating a member admitted less than 6 months before the end of the period", () => {
    given(admittedOn("2019-07-01")).when(rate("2019-12-20", "2019")).thenRefused("RAT-02", "data.level")
  })

  it("RAT-02 accepts rating a member admitted 6 months before the end of the period", () => {
    given(admittedOn("2019-06-30")).when(rate("2019-12-20", "2019")).thenAccepted()
  })

  it("RAT-02 counts whole months (CAL-02): admitted 31 December, 6 months on 30 June of the half-year", () => {
    given(admittedOn("2019-12-31")).when(rate("2020-07-05", "2020-H1")).thenAccepted()
    given(admittedOn("2019-12-31")).when(
      cmd("RecordNotRated", "2020-07-05", { period: "2020-H1", reason: "admittedUnder6Months" })
    )
      .thenRefused("RAT-02", "data.reason")
    given(admittedOn("2020-01-01")).when(rate("2020-07-05", "2020-H1")).thenRefused("RAT-02", "data.level")
    given(admittedOn("2020-01-01")).when(
      cmd("RecordNotRated", "2020-07-05", { period: "2020-H1", reason: "admittedUnder6Months" })
    )
      .thenAccepted()
  })

  it("RAT-02 accepts NotRated admittedUnder6Months for a recent member", () => {
    given(admittedOn("2019-07-01")).when(
      cmd("RecordNotRated", "2019-12-20", { period: "2019", reason: "admittedUnder6Months" })
    )
      .thenAccepted()
  })

  it("RAT-02 refuses NotRated admittedUnder6Months for an older member", () => {
    given(admittedOn("2019-06-30")).when(
      cmd("RecordNotRated", "2019-12-20", { period: "2019", reason: "admittedUnder6Months" })
    )
      .thenRefused("RAT-02", "data.reason")
  })

  const exempted = official().add("ActivityExempted", "2021-03-01", { reason: "health" })

  it("RAT-02 refuses rating an exempted member", () => {
    given(exempted).when(rate("2021-12-20", "2021")).thenRefused("RAT-02", "data.level")
  })

  it("RAT-02 accepts NotRated exempted for an exempted member", () => {
    given(exempted).when(cmd("RecordNotRated", "2021-12-20", { period: "2021", reason: "exempted" })).thenAccepted()
  })

  it("RAT-02 refuses NotRated exempted for a member who is not exempted", () => {
    given(official()).when(cmd("RecordNotRated", "2021-12-20", { period: "2021", reason: "exempted" }))
      .thenRefused("RAT-02", "data.reason")
  })

  it("RAT-02 accepts NotRated suspended", () => {
    given(official()).when(cmd("RecordNotRated", "2021-12-20", { period: "2021", reason: "suspended" })).thenAccepted()
  })
})

describe("RAT-03 a member disciplined in the period is rated notCompleted", () => {
  const disciplined = official().disciplined("2021-03-01", "reprimand")

  it("RAT-03 refuses rating a member disciplined in the period better than notCompleted", () => {
    given(disciplined).when(rate("2021-12-20", "2021", "good")).thenRefused("RAT-03", "data.level")
  })

  it("RAT-03 accepts notCompleted for a member disciplined in the period", () => {
    given(disciplined).when(rate("2021-12-20", "2021", "notCompleted")).thenAccepted()
  })

  it("RAT-03 does not reach another period", () => {
    given(disciplined).when(rate("2021-12-20", "2021-H2", "good")).thenAccepted()
    given(disciplined).when(rate("2022-12-20", "2022", "excellent")).thenAccepted()
  })

  it("RAT-03 no longer applies once the discipline is annulled", () => {
    const annulled = disciplined.add("DisciplineAnnulled", "2021-06-01", { disciplineEventId: disciplined.lastId })
    given(annulled).when(rate("2021-12-20", "2021", "good")).thenAccepted()
  })
})

describe("RAT-05 one rating per period; a correction supersedes", () => {
  it("RAT-05 accepts a second rating of the same period, which supersedes the first", () => {
    const rated = official().add("QualityRated", "2021-12-20", { period: "2021", level: "good" })
    const state = given(rated).when(rate("2022-01-10", "2021", "excellent")).thenAccepted()
    expect(state.ratings.get("2021")).toBe("excellent")
    expect(state.ratings.size).toBe(1)
  })

  it("RAT-05 a rating supersedes a NotRated of the same period", () => {
    const notRated = official().add("NotRated", "2021-12-20", { period: "2021", reason: "other" })
    const state = given(notRated).when(rate("2022-01-10", "2021", "completed")).thenAccepted()
    expect(state.notRated.has("2021")).toBe(false)
    expect(state.ratings.get("2021")).toBe("completed")
  })
})

// -------------------------------------------------------------------------------------------------
// §9 Discipline
// -------------------------------------------------------------------------------------------------

describe("DSC-01 only members are disciplined", () => {
  it("DSC-01 refuses disciplining a candidate", () => {
    given(candidate()).when(cmd("Discipline", "2019-04-01", { form: "reprimand" })).thenRefused("DSC-01", "type")
  })

  for (const form of ["reprimand", "warning", "removalFromPost", "expulsion"] as const) {
    it(`DSC-01 accepts a ${form} of an official member`, () => {
      given(official()).when(cmd("Discipline", "2021-01-10", { form })).thenAccepted()
    })
  }
})

describe("DSC-02 statute of limitations: 5 years (reprimand), 10 (warning, removal), none (expulsion)", () => {
  const longMember = imported("2010-01-04", "1990-01-10")

  it("DSC-02 accepts a reprimand exactly 5 years after the violation", () => {
    given(longMember).when(disciplineFor("2025-03-01", "reprimand", "2020-03-01")).thenAccepted()
  })

  it("DSC-02 refuses a reprimand 5 years and a day after the violation", () => {
    given(longMember).when(disciplineFor("2025-03-02", "reprimand", "2020-03-01")).thenRefused(
      "DSC-02",
      "data.violationOn"
    )
  })

  it("DSC-02 accepts a warning 10 years after the violation and refuses it a day later", () => {
    given(longMember).when(disciplineFor("2025-03-01", "warning", "2015-03-01")).thenAccepted()
    given(longMember).when(disciplineFor("2025-03-02", "warning", "2015-03-01")).thenRefused(
      "DSC-02",
      "data.violationOn"
    )
    given(longMember).when(disciplineFor("2025-03-02", "removalFromPost", "2015-03-01")).thenRefused(
      "DSC-02",
      "data.violationOn"
    )
  })

  it("DSC-02 has no limitation for expulsion", () => {
    given(longMember).when(disciplineFor("2025-03-02", "expulsion", "1995-01-01")).thenAccepted()
  })

  it("DSC-02 refuses a violation dated after the decision", () => {
    given(longMember).when(disciplineFor("2025-03-01", "reprimand", "2025-03-02")).thenRefused(
      "DSC-02",
      "data.violationOn"
    )
  })
})

// -------------------------------------------------------------------------------------------------
// §10 Party card
// -------------------------------------------------------------------------------------------------

describe("CRD-01 cards for official members only", () => {
  it("CRD-01 refuses a card to a candidate", () => {
    given(candidate()).when(cmd("IssueCard", "2019-04-01", { cardNo: "01.000001" })).thenRefused("CRD-01", "type")
  })

  it("CRD-01 accepts a card to an official member", () => {
    const state = given(official()).when(cmd("IssueCard", "2020-06-01", { cardNo: "01.000001" })).thenAccepted()
    expect(state.card).toEqual({ cardNo: "01.000001", issuedOn: "2020-06-01", collected: false })
  })
})

describe("CRD-02 card numbers NN.NNNNNN, unique", () => {
  it("CRD-02 refuses a malformed number", () => {
    given(official()).when(cmd("IssueCard", "2020-06-01", { cardNo: "1.23456" })).thenRefused("CRD-02", "data.cardNo")
  })

  it("CRD-02 refuses a number held by another member", () => {
    given(official()).when(cmd("IssueCard", "2020-06-01", { cardNo: "01.000001" }), {
      cardHolder: () => OTHER_MEMBER,
      self: SELF
    })
      .thenRefused("CRD-02", "data.cardNo")
  })

  it("CRD-02 accepts a number the registry knows as this member's", () => {
    given(official()).when(cmd("IssueCard", "2020-06-01", { cardNo: "01.000001" }), {
      cardHolder: () => SELF,
      self: SELF
    })
      .thenAccepted()
  })

  it("CRD-02 refuses importing a member with a malformed card number", () => {
    given([]).when(cmd("ImportMember", "2020-01-01", importData("2010-01-11", { cardNo: "01-000001" })))
      .thenRefused("CRD-02", "data.cardNo")
  })
})

describe("CRD-03 reissue keeps the member; the old number is void", () => {
  const carded = official().card("2020-06-01", "01.000001")

  it("CRD-03 refuses a second card while the first is held", () => {
    given(carded).when(cmd("IssueCard", "2021-01-10", { cardNo: "01.000002" })).thenRefused("CRD-03", "type")
  })

  it("CRD-03 refuses a reissue to a member without a card", () => {
    given(official()).when(cmd("ReissueCard", "2021-01-10", { cardNo: "01.000002", reason: "lost" })).thenRefused(
      "CRD-03",
      "type"
    )
  })

  it("CRD-03 refuses a reissue to a readmitted member whose card was collected on xóa tên (CRD-04)", () => {
    const readmitted = carded.struckOff("2021-01-10").course("2024-01-15").sponsors("2024-02-01").vote("2024-03-01")
      .readmitted("2024-03-10").ceremony("2024-03-20").recognized()
    given(readmitted).when(cmd("ReissueCard", "2025-04-01", { cardNo: "01.000002", reason: "lost" }))
      .thenRefused("CRD-03", "type")
    given(readmitted).when(cmd("IssueCard", "2025-04-01", { cardNo: "01.000002" })).thenAccepted()
  })

  it("CRD-03 refuses reissuing under the old (void) number", () => {
    given(carded).when(cmd("ReissueCard", "2021-01-10", { cardNo: "01.000001", reason: "damaged" }))
      .thenRefused("CRD-03", "data.cardNo")
  })

  it("CRD-03 accepts a reissue under a new number", () => {
    const state = given(carded).when(cmd("ReissueCard", "2021-01-10", { cardNo: "01.000002", reason: "lost" }))
      .thenAccepted()
    expect(state.card?.cardNo).toBe("01.000002")
    expect(state.cardNumbersUsed).toEqual(["01.000001", "01.000002"])
  })
})

// -------------------------------------------------------------------------------------------------
// Imports: CAL-01, AGE-02, AGE-03, BDG-06
// -------------------------------------------------------------------------------------------------

describe("imports: CAL-01, AGE-02, AGE-03", () => {
  it("CAL-01 accepts an imported ceremony on the import date", () => {
    const { officialOn: _, ...probationaryImport } = importData("2019-12-20")
    given([]).when(cmd("ImportMember", "2020-01-09", { ...probationaryImport, status: "probationary" })).thenAccepted()
  })

  it("CAL-01 refuses an imported admission after the import date", () => {
    given([]).when(cmd("ImportMember", "2020-01-01", importData("2019-12-20"))).thenRefused("CAL-01", "data.ceremonyOn")
  })

  it("AGE-02 accepts a gap between the first admission and the import date", () => {
    const gap = { from: "2012-01-11", to: "2013-01-11", reason: "lostContact" }
    const state = given([]).when(importing({ partyAgeGaps: [gap] })).thenAccepted()
    const membership = Member.membership(state)!
    expect(PartyAge.months(membership, "2020-01-11")).toBe(12 * 10 - 12)
  })

  it("AGE-02 refuses a gap that starts before the first admission", () => {
    given([]).when(importing({ partyAgeGaps: [{ from: "2009-01-01", to: "2011-01-01", reason: "x" }] }))
      .thenRefused("AGE-02", "data.partyAgeGaps.0")
  })

  it("AGE-02 refuses a gap that ends before it starts", () => {
    given([]).when(
      importing({
        partyAgeGaps: [{ from: "2011-01-01", to: "2012-01-01", reason: "x" }, {
          from: "2014-01-01",
          to: "2013-01-01",
          reason: "x"
        }]
      })
    ).thenRefused("AGE-02", "data.partyAgeGaps.1")
  })

  it("AGE-02 refuses a gap that ends after the import date", () => {
    given([]).when(importing({ partyAgeGaps: [{ from: "2019-01-01", to: "2020-06-01", reason: "x" }] }))
      .thenRefused("AGE-02", "data.partyAgeGaps.0")
  })

  it("AGE-03 refuses a first admission after the latest admission", () => {
    given([]).when(importing({ firstAdmissionDecidedOn: "2011-01-01" })).thenRefused(
      "AGE-03",
      "data.firstAdmissionDecidedOn"
    )
  })

  it("AGE-03 accepts a first admission before the latest: party age counts from it", () => {
    const state = given([]).when(
      importing({
        firstAdmissionDecidedOn: "2000-01-11",
        partyAgeGaps: [{ from: "2005-01-11", to: "2010-01-11", reason: "struckOff" }]
      })
    ).thenAccepted()
    expect(state.firstAdmissionDecidedOn).toBe("2000-01-11")
    expect(PartyAge.years(Member.membership(state)!, "2020-01-11")).toBe(15)
  })

  it("BDG-06 refuses importing the same badge twice", () => {
    given([]).when(importing({ badges: [30, 30] })).thenRefused("BDG-06", "data.badges.1")
  })

  it("BDG-02 refuses an imported badge the member's party age has not reached", () => {
    // Admitted 1985-03-01: 30 years on 2015-03-01, 40 years on 2025-03-01; imported 2020-01-01.
    const data = importData("1985-03-01", { badges: [30, 40] })
    given([]).when(cmd("ImportMember", "2020-01-01", data)).thenRefused("BDG-02", "data.badges.1")
    given([]).when(cmd("ImportMember", "2020-01-01", { ...data, badges: [30] })).thenAccepted()
  })

  it("BDG-03 accepts an imported badge within the early window (12 months for ≤ 65 years)", () => {
    const data = importData("1990-06-01", { badges: [30] })
    given([]).when(cmd("ImportMember", "2019-07-01", data)).thenAccepted()
    given([]).when(cmd("ImportMember", "2019-05-01", data)).thenRefused("BDG-02", "data.badges.0")
  })

  it("BDG-01 an imported 50-year badge reached before 25/07/2016 blocks the 45-year badge", () => {
    // Admitted 1955-03-01: 50 years in 2005, imported in 2018 with the 50-year badge.
    const h = imported("2018-01-08", "1955-03-01", { badges: [30, 40, 50] })
    given(h).when(
      cmd("AwardBadge", "2018-02-03", { milestone: 45, occasion: "02-03", posthumous: false, early: false })
    )
      .thenRefused("BDG-01", "data.milestone")
  })

  it("BDG-01 refuses an import before 25/07/2016 listing the 45-year badge", () => {
    // Admitted 1965-01-10: 45 years on 2010-01-10, but the badge exists only from 2016-07-25.
    const data = importData("1965-01-10", { badges: [30, 40, 45] })
    given([]).when(cmd("ImportMember", "2012-06-01", data)).thenRefused("BDG-01", "data.badges.2")
    given([]).when(cmd("ImportMember", "2012-06-01", { ...data, badges: [30, 40] })).thenAccepted()
    given([]).when(cmd("ImportMember", "2016-07-25", data)).thenAccepted()
  })

  it("BDG-01 refuses an import listing the 45-year badge with a 50-year badge held before 25/07/2016", () => {
    // Admitted 1960-01-11: 50 years on 2010-01-11, the badge taken as awarded on 2010-02-03.
    given([]).when(cmd("ImportMember", "2020-06-01", importData("1960-01-11", { badges: [45, 50] })))
      .thenRefused("BDG-01", "data.badges.0")
    // Admitted 1965-01-10 and imported 2015-06-01: the 50-year badge dated 2015-02-03, the import date
    // itself before 2016-07-25.
    given([]).when(cmd("ImportMember", "2015-06-01", importData("1965-01-10", { badges: [45, 50] })))
      .thenRefused("BDG-01", "data.badges.0")
    // Admitted 1967-01-10: 50 years on 2017-01-10, after the 45-year badge came to exist.
    given([]).when(cmd("ImportMember", "2020-06-01", importData("1967-01-10", { badges: [45, 50] }))).thenAccepted()
  })

  it("PRB-03 refuses an imported official member whose probation ends after the import date", () => {
    const data = importData("2009-08-26")
    given([]).when(cmd("ImportMember", "2010-01-04", data)).thenRefused("PRB-03", "data.status")
    given([]).when(cmd("ImportMember", "2010-09-15", data)).thenAccepted()
  })
})

// -------------------------------------------------------------------------------------------------
// Readmission and party age; annulment and retraction re-fold the state
// -------------------------------------------------------------------------------------------------

describe("AGE-03 / AGE-04 party age across exits, readmissions and annulments", () => {
  it("AGE-03 a readmitted member's party age counts from the first admission minus the gap", () => {
    const h = official().struckOff("2021-01-10").sponsors("2023-10-02").vote("2023-12-01").readmitted("2024-01-10")
    const { state } = given(h)
    const membership = Member.membership(state)!
    expect(membership.firstAdmissionOn).toBe("2019-04-20")
    expect(membership.gaps).toEqual([{ from: "2021-01-10", to: "2024-01-10" }])
    // 2019-04-20 → 2021-01-10 (20 months 21 days) + 2024-01-10 → 2025-01-10 (12 months).
    expect(PartyAge.months(membership, "2025-01-10")).toBe(32)
    expect(PartyAge.months(membership, "2025-01-10")).toBeLessThan(Calendar.monthsBetween("2019-04-20", "2025-01-10"))
  })

  it("AGE-02 party age stops at the exit", () => {
    const { state } = given(official().struckOff("2021-01-10"))
    const membership = Member.membership(state)!
    expect(PartyAge.months(membership, "2030-01-01")).toBe(Calendar.monthsBetween("2019-04-20", "2021-01-10"))
  })

  it("AGE-04 an annulled expulsion restores membership, card, badges and continuous party age", () => {
    const expelled = imported("2010-01-04", "1985-01-10").card("2014-01-10").badge("2015-02-03", 30, "02-03")
      .disciplined("2016-01-11", "expulsion")
    const expulsionId = expelled.lastId
    expect(given(expelled).state.status).toBe("expelled")
    const state = given(expelled).when(cmd("AnnulDiscipline", "2017-01-10", { disciplineEventId: expulsionId }))
      .thenAccepted()
    expect(state.status).toBe("official")
    expect(state.exit).toBeUndefined()
    expect(state.orgId).toBe(CELL)
    expect(state.disciplines).toEqual([])
    expect(state.card?.collected).toBe(false)
    expect(state.badges.map((b) => b.returned)).toEqual([false])
    expect(state.neutralised.has(expulsionId)).toBe(true)
    expect(state.history).toHaveLength(5)
    const membership = Member.membership(state)!
    expect(membership.gaps).toEqual([])
    expect(PartyAge.months(membership, "2020-01-10")).toBe(Calendar.monthsBetween("1985-01-10", "2020-01-10"))
  })

  it("AGE-04 after the annulment the member's ordinary events are accepted again (EXT-06 no longer applies)", () => {
    const expelled = official().disciplined("2021-01-10", "expulsion")
    const annulled = expelled.add("DisciplineAnnulled", "2021-06-01", { disciplineEventId: expelled.lastId })
    given(expelled).when(cmd("TransferOut", "2021-07-01", { kind: "official", toOrgId: CELL_2 })).thenRefused(
      "EXT-06",
      "type"
    )
    given(annulled).when(cmd("TransferOut", "2021-07-01", { kind: "official", toOrgId: CELL_2 })).thenAccepted()
  })
})

describe("STR-03 a retraction neutralises an event: the state is re-folded without it", () => {
  it("STR-03 retracting a strike-off makes the member official again", () => {
    const left = official().struckOff("2021-01-10")
    const state = given(left).when(cmd("Retract", "2021-02-01", { eventId: left.lastId, reason: "nhầm" }))
      .thenAccepted()
    expect(state.status).toBe("official")
    expect(state.exit).toBeUndefined()
    expect(state.history.map((e) => e.type).slice(-2)).toEqual(["StruckOff", "EventRetracted"])
  })

  it("STR-03 retracting a rating removes it; a retracted transfer leaves the member at home", () => {
    const rated = official().add("QualityRated", "2020-12-20", { period: "2020", level: "good" })
    const s1 = given(rated).when(cmd("Retract", "2021-01-05", { eventId: rated.lastId, reason: "nhầm" })).thenAccepted()
    expect(s1.ratings.size).toBe(0)
    const out = official().add("TransferredOut", "2021-01-11", { kind: "official", toOrgId: CELL_2 })
    const s2 = given(out).when(cmd("Retract", "2021-01-12", { eventId: out.lastId, reason: "nhầm" })).thenAccepted()
    expect(s2.orgId).toBe(CELL)
    expect(s2.transit).toBeUndefined()
  })

  it("STR-03 folding with evolve equals replaying the history without the retracted event", () => {
    const out = official().add("TransferredOut", "2021-01-11", { kind: "official", toOrgId: CELL_2 })
    const retracted = given(out.add("EventRetracted", "2021-01-12", { eventId: out.lastId, reason: "nhầm" })).state
    const without = given(official()).state
    expect({ ...retracted, history: [], neutralised: new Set(), lastOccurredOn: undefined }).toEqual({
      ...without,
      history: [],
      neutralised: new Set(),
      lastOccurredOn: undefined
    })
  })
})
