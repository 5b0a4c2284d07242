/**
 * The member state and `evolve`: statuses, transit, exits, gaps, imports, and re-folding on
 * retraction and annulment.
 */
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Member from "../src/Member.ts"
import { CELL, CELL_2, given, imported, official, probationary, record } from "./fixtures/member.ts"

const stateOf = (events: Parameters<typeof record>[0]) =>
  fold({ initialState: Member.initialState, evolve: Member.evolve }, record(events))

describe("Member state", () => {
  it("initialState is before the stream starts", () => {
    expect(Member.initialState.status).toBe("none")
    expect(Member.isMember(Member.initialState)).toBe(false)
    expect(Member.membership(Member.initialState)).toBeUndefined()
  })

  it("ADM-08 / PRB-01 / PRB-03 a candidate becomes probationary, then official at ceremony + 12 months", () => {
    const state = stateOf(official().events)
    expect(state.status).toBe("official")
    expect(state.admissionKind).toBe("first")
    expect(state.admissionDecidedOn).toBe("2019-04-20")
    expect(state.ceremonyOn).toBe("2019-05-06")
    expect(state.officialOn).toBe("2020-05-06")
    expect(Member.probationEnd(state)).toBe("2020-05-06")
    expect(state.application).toEqual({})
    expect(state.history).toHaveLength(official().events.length)
  })

  it("ADM-05 statusOn: the status on a past date, from a state folded further (exits and death after it)", () => {
    // Registered 2019-01-10, admitted 2019-04-20, official 2020-05-06.
    const life = official()
    const struck = stateOf(life.add("StruckOff", "2022-03-01", { reason: "unpaidDues" }).events)
    expect(Member.statusOn(struck, "2019-01-09")).toBe("none")
    expect(Member.statusOn(struck, "2019-01-10")).toBe("candidate")
    expect(Member.statusOn(struck, "2019-04-20")).toBe("probationary")
    expect(Member.statusOn(struck, "2020-05-06")).toBe("official")
    expect(Member.statusOn(struck, "2022-02-28")).toBe("official")
    expect(Member.statusOn(struck, "2022-03-01")).toBe("struckOff")
    const dead = stateOf(life.add("Died", "2023-07-01", {}).events)
    expect(Member.statusOn(dead, "2023-06-30")).toBe("official")
    expect(Member.statusOn(dead, "2023-07-01")).toBe("dead")
    // Imported: official from the import's officialOn, with no registration.
    const opening = stateOf(imported("2015-01-01", "1990-03-01").events)
    expect(Member.statusOn(opening, "1990-03-01")).toBe("probationary")
    expect(Member.statusOn(opening, "2015-01-01")).toBe("official")
  })

  it("probationEnd is undefined before the ceremony", () => {
    expect(Member.probationEnd(given(probationary().events.slice(0, -1)).state)).toBeUndefined()
  })

  it("TRF-03 a transfer out leaves the member in transit; a transfer in ends it", () => {
    const out = stateOf(official().add("TransferredOut", "2021-01-11", { kind: "official", toOrgId: CELL_2 }).events)
    expect(out.orgId).toBeUndefined()
    expect(out.transit).toEqual({ from: CELL, since: "2021-01-11", toOrgId: CELL_2 })
    expect(Member.isMember(out)).toBe(true)
    const back = stateOf(
      official().add("TransferredOut", "2021-01-11", { kind: "official", toOrgId: CELL_2 }).add(
        "TransferredIn",
        "2021-02-01",
        {
          orgId: CELL_2
        }
      ).events
    )
    expect(back.orgId).toBe(CELL_2)
    expect(back.transit).toBeUndefined()
  })

  it("EXT-01 / AGE-02 an exit ends the membership; readmission records the gap", () => {
    const left = stateOf(official().struckOff("2021-01-10").events)
    expect(Member.hasLeft(left)).toBe(true)
    expect(Member.membership(left)).toEqual({ firstAdmissionOn: "2019-04-20", gaps: [], endedOn: "2021-01-10" })
    const back = stateOf(
      official().struckOff("2021-01-10").sponsors("2023-10-02").vote("2023-12-01").readmitted("2024-01-10").events
    )
    expect(back.status).toBe("probationary")
    expect(back.readmissions).toBe(1)
    expect(back.admissionKind).toBe("readmission")
    expect(back.exit).toBeUndefined()
    expect(Member.membership(back)).toEqual({
      firstAdmissionOn: "2019-04-20",
      gaps: [{ from: "2021-01-10", to: "2024-01-10" }],
      endedOn: undefined
    })
  })

  it("EXT-04 death ends the membership at the date of death", () => {
    const dead = stateOf(official().died("2022-03-01").events)
    expect(dead.status).toBe("dead")
    expect(Member.hasLeft(dead)).toBe(false)
    expect(Member.membership(dead)?.endedOn).toBe("2022-03-01")
  })

  it("BDG-04 / TRF-03 death records the branch died in: the home branch, or the sending one in transit", () => {
    expect(stateOf(official().died("2022-03-01").events).diedInOrgId).toBe(CELL)
    const inTransit = stateOf(
      official().add("TransferredOut", "2021-01-11", { kind: "official", toOrgId: CELL_2 }).died("2021-02-01").events
    )
    expect(inTransit.diedInOrgId).toBe(CELL)
    // Death ends the transit: the member is no longer in transit, nor in a branch.
    expect(inTransit.transit).toBeUndefined()
    expect(inTransit.orgId).toBeUndefined()
    expect(stateOf(official().events).diedInOrgId).toBeUndefined()
  })

  it("AGE-03 / RDM-03 an import whose first admission precedes the latest counts as a readmission", () => {
    const state = stateOf(
      imported("2020-01-01", "2010-01-11", {
        firstAdmissionDecidedOn: "1995-01-10",
        partyAgeGaps: [{ from: "2005-01-10", to: "2010-01-11", reason: "struckOff" }]
      }).events
    )
    expect(state.readmissions).toBe(1)
    expect(state.admissionKind).toBe("readmission")
    expect(state.firstAdmissionDecidedOn).toBe("1995-01-10")
    expect(state.gaps).toEqual([{ from: "2005-01-10", to: "2010-01-11" }])
  })

  it("an import with a single admission is a first admission", () => {
    const state = stateOf(imported("2020-01-01", "2010-01-11", { badges: [30], cardNo: "01.000001" }).events)
    expect(state.readmissions).toBe(0)
    expect(state.admissionKind).toBe("first")
    expect(state.badges).toEqual([{
      milestone: 30,
      on: "2020-01-01",
      posthumous: false,
      early: false,
      returned: false
    }])
    expect(state.card).toEqual({ cardNo: "01.000001", issuedOn: "2020-01-01", collected: false })
  })

  it("STR-03 a retraction re-folds the state without the retracted event and keeps both in history", () => {
    const h = official().disciplined("2021-03-01", "warning")
    const retracted = h.add("EventRetracted", "2021-03-05", { eventId: h.lastId, reason: "nhầm" })
    const state = stateOf(retracted.events)
    expect(state.disciplines).toEqual([])
    expect(state.neutralised.has(h.lastId)).toBe(true)
    expect(state.history.map((e) => e.type).slice(-2)).toEqual(["Disciplined", "EventRetracted"])
    expect(Member.findEvent(state, h.lastId)?.type).toBe("Disciplined")
  })

  it("AGE-04 an annulled expulsion restores the member as if it never happened", () => {
    const h = official().card("2020-06-01").disciplined("2021-03-01", "expulsion")
    const expelled = stateOf(h.events)
    expect(expelled.status).toBe("expelled")
    expect(expelled.card?.collected).toBe(true)
    const annulled = stateOf(h.add("DisciplineAnnulled", "2021-09-01", { disciplineEventId: h.lastId }).events)
    expect(annulled.status).toBe("official")
    expect(annulled.orgId).toBe(CELL)
    expect(annulled.card?.collected).toBe(false)
    expect(annulled.exit).toBeUndefined()
    expect(Member.membership(annulled)).toEqual({ firstAdmissionOn: "2019-04-20", gaps: [], endedOn: undefined })
  })

  it("RAT-05 a later rating of a period supersedes the earlier one", () => {
    const state = stateOf(
      official().add("QualityRated", "2020-12-20", { period: "2020", level: "good" }).add(
        "QualityRated",
        "2021-01-05",
        {
          period: "2020",
          level: "completed"
        }
      ).events
    )
    expect([...state.ratings]).toEqual([["2020", "completed"]])
  })
})
