/**
 * The member decider, §2 (admission, readmission) and §3 (probation) of the rule book: every
 * refusing rule with an accepted and a refused case, and the date edges.
 */
import { describe, expect, it } from "vitest"
import * as Calendar from "../src/Calendar.ts"
import type { MemberId } from "../src/Ids.ts"
import type * as Member from "../src/Member.ts"
import type { Sponsor } from "../src/MemberEvent.ts"
import {
  admitted,
  candidate,
  CELL,
  cmd,
  COMMITTEE,
  ev,
  given,
  type History,
  history,
  importData,
  imported,
  official,
  OTHER_MEMBER,
  person,
  probationary,
  SELF,
  SPONSOR_A,
  SPONSOR_B,
  twoMembers
} from "./fixtures/member.ts"

const decide = (on: string, data: Partial<Parameters<typeof cmd<"DecideAdmission">>[2]> = {}) =>
  cmd("DecideAdmission", on, { decidedBy: COMMITTEE, kind: "first", ...data })
const readmit = (on: string, data: Partial<Parameters<typeof cmd<"DecideAdmission">>[2]> = {}) =>
  decide(on, { kind: "readmission", provincialConsent: true, ...data })
const vote = (on: string, votesFor = 9, officialMembers = 9) =>
  cmd("PassBranchResolution", on, { purpose: "admission", officialMembers, votesFor })
const recognitionVote = (on: string, votesFor = 9, officialMembers = 9) =>
  cmd("PassBranchResolution", on, { purpose: "recognition", officialMembers, votesFor })
const assign = (on: string, sponsors: ReadonlyArray<Sponsor>, replacement?: boolean) =>
  cmd("AssignSponsors", on, { sponsors, ...(replacement === undefined ? {} : { replacement }) })

const ceremony = (on: string, superiorConsent?: boolean) =>
  cmd("HoldCeremony", on, superiorConsent === undefined ? {} : { superiorConsent })
const recognize = (on: string) => cmd("RecognizeOfficial", on, {})
const strike = (on: string) => cmd("StrikeOff", on, { reason: "probationNotRecognized" })
const discipline = (form: "reprimand" | "warning" | "removalFromPost" | "expulsion") =>
  cmd("Discipline", "2019-10-01", { form })

// -------------------------------------------------------------------------------------------------
// §2 Admission
// -------------------------------------------------------------------------------------------------

describe("ADM-01 age: full 18 to full 60 on the branch vote, in months", () => {
  // Born 2003-02-15: full 18 on 2021-02-15.
  const young = history().registered("2020-06-01", { birthDate: "2003-02-15" }).course("2020-07-01").sponsors(
    "2020-09-01"
  )

  it("ADM-01 refuses a branch vote one day before full 18 (2021-02-14)", () => {
    given(young).when(vote("2021-02-14")).thenRefused("ADM-01", "occurredOn")
  })

  it("ADM-01 accepts a branch vote on the day of full 18 (2021-02-15)", () => {
    given(young).when(vote("2021-02-15")).thenAccepted()
  })

  // Born 1960-03-10: full 60 on 2020-03-10; over 60 by a month on 2020-04-10.
  const older = history().registered("2019-06-01", { birthDate: "1960-03-10" }).course("2019-07-01").sponsors(
    "2019-09-02"
  )

  it("ADM-01 refuses an admission voted over 60 by a month without over60Consent", () => {
    given(older.vote("2020-04-10")).when(decide("2020-04-20")).thenRefused("ADM-01", "data.over60Consent")
  })

  it("ADM-01 accepts an admission voted over 60 with the provincial standing committee's consent", () => {
    given(older.vote("2020-04-10")).when(decide("2020-04-20", { over60Consent: true })).thenAccepted()
  })

  it("ADM-01 accepts an admission voted on the day of full 60", () => {
    given(older.vote("2020-03-10")).when(decide("2020-04-20")).thenAccepted()
  })

  it("ADM-01 counts in whole months: 60 years and 30 days is still full 60", () => {
    given(older.vote("2020-04-09")).when(decide("2020-04-20")).thenAccepted()
  })

  it("ADM-01 judges the age on the branch vote, not on the decision", () => {
    // Full 60 + 0 months at the vote, 60 + 1 month at the decision.
    given(older.vote("2020-03-20")).when(decide("2020-04-20")).thenAccepted()
  })
})

describe("ADM-02 education: lower-secondary or higher, or a written exception", () => {
  it("ADM-02 refuses a candidate with primary education only", () => {
    given(candidate({ education: "primary" }).vote("2019-04-10")).when(decide("2019-04-20"))
      .thenRefused("ADM-02", "data.educationException")
  })

  it("ADM-02 accepts a candidate with primary education and an educationException", () => {
    given(candidate({ education: "primary" }).vote("2019-04-10"))
      .when(decide("2019-04-20", { educationException: true }))
      .thenAccepted()
  })

  it("ADM-02 accepts lower-secondary education", () => {
    given(candidate({ education: "lowerSecondary" }).vote("2019-04-10")).when(decide("2019-04-20")).thenAccepted()
  })

  it("ADM-02 refuses a candidate whose education is not recorded (judgement: unknown is not proven)", () => {
    const { education: _, ...unknown } = person()
    const h = history().add("CandidateRegistered", "2019-01-10", { orgId: CELL, person: unknown })
      .course("2019-02-15").sponsors("2019-03-01").vote("2019-04-10")
    given(h).when(decide("2019-04-20")).thenRefused("ADM-02", "data.educationException")
  })

  it("ADM-02 accepts after a PersonCorrected records the education", () => {
    const h = candidate({ education: "primary" }).vote("2019-04-10").add("PersonCorrected", "2019-04-15", {
      person: { education: "lowerSecondary" }
    })
    given(h).when(decide("2019-04-20")).thenAccepted()
  })
})

describe("ADM-03 awareness course: a certificate valid 60 months at the branch vote", () => {
  const base = history().registered("2016-01-10").course("2016-03-10").sponsors("2020-06-01")

  it("ADM-03 accepts a vote exactly 60 months after the course", () => {
    given(base).when(vote("2021-03-10")).thenAccepted()
  })

  it("ADM-03 refuses a vote 60 months and one day after the course", () => {
    given(base).when(vote("2021-03-11")).thenRefused("ADM-03", "occurredOn")
  })

  it("ADM-03 refuses a vote without any certificate", () => {
    given(history().registered("2019-01-10").sponsors("2019-03-01")).when(vote("2019-04-10"))
      .thenRefused("ADM-03", "data")
  })
})

describe("ADM-04 introduction: who may sponsor", () => {
  // Born 1990-05-10: 30 until 2021-05-09, full 31 on 2021-05-10.
  const applicant = history().registered("2019-01-10").course("2019-02-15")
  const member = { kind: "member", memberId: SPONSOR_A } as const

  it("ADM-04 accepts two official members", () => {
    given(applicant).when(assign("2019-03-01", twoMembers)).thenAccepted()
  })

  it("ADM-04 accepts the Youth Union plus one member for an applicant of 30", () => {
    given(applicant).when(assign("2021-04-01", [{ kind: "youthUnion" }, member])).thenAccepted()
  })

  it("ADM-04 refuses the Youth Union plus one member for an applicant of full 31", () => {
    given(applicant).when(assign("2021-05-10", [{ kind: "youthUnion" }, member])).thenRefused("ADM-04", "data.sponsors")
  })

  it("ADM-04 accepts the Trade Union plus one member (no age limit)", () => {
    given(applicant).when(assign("2021-05-10", [member, { kind: "tradeUnion" }])).thenAccepted()
  })

  it("ADM-04 refuses one member alone", () => {
    given(applicant).when(assign("2019-03-01", [member])).thenRefused("ADM-04", "data.sponsors")
  })

  it("ADM-04 refuses the same member twice", () => {
    given(applicant).when(assign("2019-03-01", [member, member])).thenRefused("ADM-04", "data.sponsors.1")
  })

  it("ADM-04 refuses two unions without a member", () => {
    given(applicant).when(assign("2019-03-01", [{ kind: "youthUnion" }, { kind: "tradeUnion" }]))
      .thenRefused("ADM-04", "data.sponsors")
  })

  it("ADM-04 refuses three members", () => {
    const three: ReadonlyArray<Sponsor> = [...twoMembers, { kind: "member", memberId: SELF }]
    given(applicant).when(assign("2019-03-01", three)).thenRefused("ADM-04", "data.sponsors")
  })

  it("ADM-04 refuses a branch vote on an applicant with no sponsors", () => {
    given(applicant).when(vote("2019-04-10")).thenRefused("ADM-04", "data")
  })
})

describe("ADM-05 a member sponsor is official and has known the applicant 12 months", () => {
  const applicant = history().registered("2019-01-10").course("2019-02-15")
  type Facts = { readonly status: Member.Status; readonly sameGrassrootsSince?: string }
  const sponsorCtx = (table: Record<string, Facts>) => ({
    sponsor: (id: MemberId) => table[id]
  })
  const longStanding: Facts = { status: "official", sameGrassrootsSince: "2017-01-01" }

  it("ADM-05 accepts two official sponsors who have known the applicant for years", () => {
    given(applicant).when(
      assign("2019-03-01", twoMembers),
      sponsorCtx({ [SPONSOR_A]: longStanding, [SPONSOR_B]: longStanding })
    )
      .thenAccepted()
  })

  it("ADM-05 refuses a sponsor who is only probationary on the date of introduction", () => {
    given(applicant)
      .when(
        assign("2019-03-01", twoMembers),
        sponsorCtx({
          [SPONSOR_A]: { status: "probationary", sameGrassrootsSince: "2017-01-01" },
          [SPONSOR_B]: longStanding
        })
      )
      .thenRefused("ADM-05", "data.sponsors.0")
  })

  it("ADM-05 refuses a sponsor unknown to the context", () => {
    given(applicant).when(assign("2019-03-01", twoMembers), sponsorCtx({ [SPONSOR_A]: longStanding }))
      .thenRefused("ADM-05", "data.sponsors.1")
  })

  it("ADM-05 refuses a sponsor in the same grassroots organisation for less than 12 months", () => {
    given(applicant)
      .when(
        assign("2019-03-01", twoMembers),
        sponsorCtx({
          [SPONSOR_A]: { status: "official", sameGrassrootsSince: "2018-03-02" },
          [SPONSOR_B]: longStanding
        })
      )
      .thenRefused("ADM-05", "data.sponsors.0.knownSince")
  })

  it("ADM-05 accepts a sponsor of exactly 12 months", () => {
    given(applicant)
      .when(
        assign("2019-03-01", twoMembers),
        sponsorCtx({
          [SPONSOR_A]: { status: "official", sameGrassrootsSince: "2018-03-01" },
          [SPONSOR_B]: longStanding
        })
      )
      .thenAccepted()
  })

  it("ADM-05 refuses a sponsor whose tenure is not known", () => {
    given(applicant)
      .when(
        assign("2019-03-01", twoMembers),
        sponsorCtx({ [SPONSOR_A]: longStanding, [SPONSOR_B]: { status: "official" } })
      )
      .thenRefused("ADM-05", "data.sponsors.1.knownSince")
  })

  it("ADM-05 takes knownSince on the sponsor over the context's date", () => {
    const sponsors: ReadonlyArray<Sponsor> = [
      { kind: "member", memberId: SPONSOR_A, knownSince: "2018-06-01" },
      { kind: "member", memberId: SPONSOR_B }
    ]
    given(applicant).when(
      assign("2019-03-01", sponsors),
      sponsorCtx({ [SPONSOR_A]: longStanding, [SPONSOR_B]: longStanding })
    )
      .thenRefused("ADM-05", "data.sponsors.0.knownSince")
  })

  // The first sponsors, of whom SPONSOR_A is replaced by OTHER_MEMBER.
  const introduced = applicant.sponsors("2019-02-20", twoMembers)
  const replaced: ReadonlyArray<Sponsor> = [
    { kind: "member", memberId: OTHER_MEMBER },
    { kind: "member", memberId: SPONSOR_B }
  ]

  it("ADM-05 exempts a replacement sponsor from the 12 months", () => {
    const ctx = sponsorCtx({
      [OTHER_MEMBER]: { status: "official", sameGrassrootsSince: "2019-02-01" },
      [SPONSOR_B]: longStanding
    })
    given(introduced).when(assign("2019-03-01", replaced, true), ctx).thenAccepted()
  })

  it("ADM-05 still requires a replacement sponsor to be official", () => {
    const ctx = sponsorCtx({ [OTHER_MEMBER]: { status: "candidate" }, [SPONSOR_B]: longStanding })
    given(introduced).when(assign("2019-03-01", replaced, true), ctx).thenRefused("ADM-05", "data.sponsors.0")
  })

  it("ADM-05 checks the 12 months on a first assignment flagged as a replacement (nothing to replace)", () => {
    const ctx = sponsorCtx({
      [SPONSOR_A]: { status: "official", sameGrassrootsSince: "2019-02-01" },
      [SPONSOR_B]: longStanding
    })
    given(applicant).when(assign("2019-03-01", twoMembers, true), ctx).thenRefused(
      "ADM-05",
      "data.sponsors.0.knownSince"
    )
  })

  it("ADM-05 checks the 12 months of a sponsor kept from the earlier list in a replacement", () => {
    const ctx = sponsorCtx({
      [OTHER_MEMBER]: { status: "official", sameGrassrootsSince: "2019-02-01" },
      [SPONSOR_B]: { status: "official", sameGrassrootsSince: "2018-06-01" }
    })
    given(introduced).when(assign("2019-03-01", replaced, true), ctx).thenRefused(
      "ADM-05",
      "data.sponsors.1.knownSince"
    )
  })

  it("ADM-05 refuses an applicant sponsoring themselves", () => {
    const sponsors: ReadonlyArray<Sponsor> = [{ kind: "member", memberId: SELF }, {
      kind: "member",
      memberId: SPONSOR_B
    }]
    given(applicant).when(assign("2019-03-01", sponsors), { self: SELF }).thenRefused("ADM-05", "data.sponsors.0")
  })

  it("ADM-05 checks the knownSince stated in the event even without a sponsor lookup", () => {
    const sponsors: ReadonlyArray<Sponsor> = [
      { kind: "member", memberId: SPONSOR_A, knownSince: "2018-09-01" },
      { kind: "member", memberId: SPONSOR_B }
    ]
    given(applicant).when(assign("2019-03-01", sponsors)).thenRefused("ADM-05", "data.sponsors.0.knownSince")
  })

  it("ADM-05 is skipped without a sponsor lookup when the event states no tenure", () => {
    given(applicant).when(assign("2019-03-01", twoMembers)).thenAccepted()
  })
})

describe("ADM-06 the branch vote: 2/3 of all official members", () => {
  it("ADM-06 accepts 6 of 9 official members", () => {
    given(candidate()).when(vote("2019-04-10", 6, 9)).thenAccepted()
  })

  it("ADM-06 refuses 5 of 9 official members", () => {
    given(candidate()).when(vote("2019-04-10", 5, 9)).thenRefused("ADM-06", "data.votesFor")
  })

  it("ADM-06 refuses more votes than official members", () => {
    given(candidate()).when(vote("2019-04-10", 10, 9)).thenRefused("ADM-06", "data.votesFor")
  })

  it("ADM-06 refuses a vote of a branch with no official members", () => {
    given(candidate()).when(vote("2019-04-10", 0, 0)).thenRefused("ADM-06", "data.votesFor")
  })

  it("ADM-06 refuses an admission decision without a branch resolution before it", () => {
    given(candidate()).when(decide("2019-04-20")).thenRefused("ADM-06", "data")
  })

  it("ADM-06 accepts an admission decision after the resolution", () => {
    given(candidate().vote("2019-04-10", 6, 9)).when(decide("2019-04-20")).thenAccepted()
  })
})

describe("ADM-08 and ADM-11: what the decision does and does not require", () => {
  it("ADM-08 the decision makes the person a probationary member and starts party age", () => {
    const state = given(candidate().vote("2019-04-10")).when(decide("2019-04-20")).thenRecorded([
      ev("AdmissionDecided", "2019-04-20", { decidedBy: COMMITTEE, kind: "first" })
    ])
    expect(state.status).toBe("probationary")
    expect(state.admissionDecidedOn).toBe("2019-04-20")
    expect(state.firstAdmissionDecidedOn).toBe("2019-04-20")
  })

  it("ADM-11 a religious applicant without religiousApproval is accepted (an audit finding, not a refusal)", () => {
    given(candidate({ religion: "Phật giáo" }).vote("2019-04-10")).when(decide("2019-04-20")).thenAccepted()
  })
})

describe("ADM-07 and PRB-02 deadlines that only warn", () => {
  it("ADM-07 a decision more than 60 working days after the branch resolution is accepted (an audit finding)", () => {
    given(candidate().vote("2019-04-10")).when(decide("2019-12-20")).thenAccepted()
  })

  it("PRB-02 a recognition vote more than 30 working days after probation ends is accepted (an audit finding)", () => {
    given(probationary()).when(recognitionVote("2020-10-01")).thenAccepted()
  })
})

describe("ADM-09 the ceremony within 30 working days of the decision", () => {
  // Decision 2024-01-26; Tết 2024 (09–15/02) falls in the window: the 30th working day is 2024-03-15.
  const decided = history().registered("2023-06-01").course("2023-09-01").sponsors("2023-10-02").vote("2024-01-10")
    .decided("2024-01-26")

  it("ADM-09 the 30th working day across Tết 2024 is 2024-03-15 with the default calendar", () => {
    expect(Calendar.addWorkingDays("2024-01-26", 30)).toBe("2024-03-15")
  })

  it("ADM-09 accepts a ceremony on the 30th working day, the window crossing Tết", () => {
    given(decided).when(ceremony("2024-03-15")).thenAccepted()
  })

  it("ADM-09 refuses a ceremony on the next working day (2024-03-18)", () => {
    given(decided).when(ceremony("2024-03-18")).thenRefused("ADM-09", "occurredOn")
  })

  it("ADM-09 accepts a late ceremony with the superior committee's consent", () => {
    given(decided).when(ceremony("2024-03-18", true)).thenAccepted()
  })

  it("ADM-09 counts working days on the context's calendar (no Tết: 2024-03-15 is late)", () => {
    const noHolidays: Calendar.HolidayCalendar = { holidays: new Set(), workingWeekendDays: new Set() }
    given(decided).when(ceremony("2024-03-15"), { calendar: noHolidays }).thenRefused("ADM-09", "occurredOn")
  })

  it("ADM-09 refuses a second ceremony for the same admission", () => {
    given(decided.ceremony("2024-02-01")).when(ceremony("2024-02-02")).thenRefused("ADM-09", "type")
  })

  it("ADM-09 refuses an imported member whose ceremony precedes the decision", () => {
    given([]).when(
      cmd("ImportMember", "2020-01-01", {
        orgId: CELL,
        person: person(),
        basis: "openingBalance",
        status: "probationary",
        admissionDecidedOn: "2019-06-10",
        ceremonyOn: "2019-06-01"
      })
    ).thenRefused("ADM-09", "data.ceremonyOn")
  })
})

describe("ADM-10 a dossier is voted within 12 months", () => {
  const base = history().registered("2020-01-10").course("2020-02-01").sponsors("2020-03-15")

  it("ADM-10 accepts a branch vote 12 months after the sponsors", () => {
    given(base).when(vote("2021-03-15")).thenAccepted()
  })

  it("ADM-10 refuses a branch vote 12 months and one day after the sponsors", () => {
    given(base).when(vote("2021-03-16")).thenRefused("ADM-10", "occurredOn")
  })

  it("ADM-10 accepts the vote once the dossier is refreshed", () => {
    given(base.sponsors("2021-03-10")).when(vote("2021-03-16")).thenAccepted()
  })
})

// -------------------------------------------------------------------------------------------------
// §2 Readmission
// -------------------------------------------------------------------------------------------------

/** Official member (2020-05-06) who left on 2021-01-10, with a new dossier for readmission. */
const leftThenApplied = (exit: (h: History) => History, sponsorsOn = "2023-10-02", voteOn = "2023-12-01") =>
  exit(official()).sponsors(sponsorsOn).vote(voteOn)
const struckOff = leftThenApplied((h) => h.struckOff("2021-01-10", "unpaidDues"))

describe("RDM-01 readmission 36 months after leaving (60 after an expunged conviction)", () => {
  it("RDM-01 accepts a readmission 36 months after the exit", () => {
    given(struckOff).when(readmit("2024-01-10")).thenAccepted()
  })

  it("RDM-01 refuses a readmission one day before 36 months", () => {
    given(struckOff).when(readmit("2024-01-09")).thenRefused("RDM-01", "occurredOn")
  })

  const convicted = leftThenApplied(
    (h) => h.disciplined("2021-01-10", "expulsion", { grounds: "lessSeriousCrimeConviction" }),
    "2025-10-01",
    "2025-12-01"
  )

  it("RDM-01 accepts a readmission 60 months after a less-serious conviction was expunged", () => {
    given(convicted).when(readmit("2026-01-10", { convictionExpungedOn: "2021-01-10" })).thenAccepted()
  })

  it("RDM-01 refuses a readmission less than 60 months after the conviction was expunged", () => {
    given(convicted).when(readmit("2026-01-10", { convictionExpungedOn: "2021-01-11" }))
      .thenRefused("RDM-01", "data.convictionExpungedOn")
  })

  it("RDM-01 refuses a readmission after a conviction with no expunction date", () => {
    given(convicted).when(readmit("2026-01-10")).thenRefused("RDM-01", "data.convictionExpungedOn")
  })
})

describe("RDM-02 exits that are never readmitted", () => {
  const refused = [
    ["struck off for abandoning activity", (h: History) => h.struckOff("2021-01-10", "abandonedActivity")],
    ["a voluntary leave", (h: History) => h.add("AllowedToLeave", "2021-01-10", {})],
    [
      "an expulsion for a corruption conviction",
      (h: History) => h.disciplined("2021-01-10", "expulsion", { grounds: "corruptionConviction" })
    ],
    [
      "an expulsion for a serious crime",
      (h: History) => h.disciplined("2021-01-10", "expulsion", { grounds: "seriousCrimeConviction" })
    ],
    [
      "an expulsion for serious disunity",
      (h: History) => h.disciplined("2021-01-10", "expulsion", { grounds: "seriousDisunity" })
    ]
  ] as const
  for (const [name, exit] of refused) {
    it(`RDM-02 refuses readmitting after ${name}`, () => {
      given(leftThenApplied(exit)).when(readmit("2024-01-10")).thenRefused("RDM-02", "data.kind")
    })
  }

  it("RDM-02 accepts readmitting after a leave for special family hardship", () => {
    given(leftThenApplied((h) => h.add("AllowedToLeave", "2021-01-10", { specialFamilyHardship: true })))
      .when(readmit("2024-01-10"))
      .thenAccepted()
  })

  it("RDM-02 accepts readmitting after an expulsion on other grounds", () => {
    given(leftThenApplied((h) => h.disciplined("2021-01-10", "expulsion", { grounds: "other" })))
      .when(readmit("2024-01-10"))
      .thenAccepted()
  })

  it("RDM-02 accepts readmitting after being struck off for unpaid dues", () => {
    given(struckOff).when(readmit("2024-01-10")).thenAccepted()
  })
})

describe("RDM-03 readmission only once", () => {
  it("RDM-03 refuses a second readmission", () => {
    const twice = struckOff.readmitted("2024-01-10").ceremony("2024-02-01").recognized().struckOff("2025-06-02")
      .sponsors("2028-03-01").vote("2028-05-02")
    given(twice).when(readmit("2028-06-12")).thenRefused("RDM-03", "data.kind")
  })

  it("RDM-03 refuses readmitting an imported member whose first admission precedes the latest", () => {
    const h = imported("2020-01-01", "2010-01-11", {
      firstAdmissionDecidedOn: "1995-01-10",
      partyAgeGaps: [{ from: "2005-01-10", to: "2010-01-11", reason: "struckOff" }]
    }).struckOff("2020-06-01").sponsors("2023-06-05").vote("2023-07-03")
    given(h).when(readmit("2023-07-10")).thenRefused("RDM-03", "data.kind")
  })

  it("RDM-03 accepts the first readmission of an imported member admitted once", () => {
    const h = imported("2020-01-01", "2010-01-11").struckOff("2020-06-01").sponsors("2023-06-05").vote("2023-07-03")
    given(h).when(readmit("2023-07-10")).thenAccepted()
  })
})

describe("RDM-04 the provincial standing committee consents to readmission", () => {
  it("RDM-04 refuses a readmission without provincialConsent", () => {
    given(struckOff).when(decide("2024-01-10", { kind: "readmission" })).thenRefused("RDM-04", "data.provincialConsent")
  })

  it("RDM-04 accepts a readmission with provincialConsent", () => {
    given(struckOff).when(decide("2024-01-10", { kind: "readmission", provincialConsent: true })).thenAccepted()
  })
})

describe("RDM-05 a former member is readmitted and serves a full probation", () => {
  it("RDM-05 refuses a first-kind admission of a former member", () => {
    given(struckOff).when(decide("2024-01-10")).thenRefused("RDM-05", "data.kind")
  })

  it("RDM-05 refuses a readmission of someone who never left (STR-04)", () => {
    given(official()).when(readmit("2021-03-01")).thenRefused("STR-04", "type")
  })

  const readmitted = struckOff.readmitted("2024-01-10")

  it("RDM-05 the readmitted member is probationary again, with no ceremony yet", () => {
    const { state } = given(readmitted)
    expect(state.status).toBe("probationary")
    expect(state.ceremonyOn).toBeUndefined()
    expect(state.firstAdmissionDecidedOn).toBe("2019-04-20")
  })

  it("RDM-05 refuses a readmitted member's recognition before a new ceremony (PRB-01)", () => {
    given(readmitted).when(cmd("RecognizeOfficial", "2025-01-10", {})).thenRefused("PRB-01", "type")
  })

  it("RDM-05 accepts recognition exactly at the new ceremony + 12 months", () => {
    const state = given(readmitted.ceremony("2024-02-01")).when(cmd("RecognizeOfficial", "2025-02-01", {}))
      .thenAccepted()
    expect(state.status).toBe("official")
  })

  it("RDM-05 refuses recognition a day before the new ceremony + 12 months (PRB-03)", () => {
    given(readmitted.ceremony("2024-02-01")).when(cmd("RecognizeOfficial", "2025-01-31", {}))
      .thenRefused("PRB-03", "occurredOn")
  })

  it("RDM-05 refuses a party card to the readmitted member while probationary (PRB-06)", () => {
    given(readmitted.ceremony("2024-02-01")).when(cmd("IssueCard", "2024-03-01", { cardNo: "01.000002" }))
      .thenRefused("PRB-06", "type")
  })
})

// -------------------------------------------------------------------------------------------------
// §3 Probation
// -------------------------------------------------------------------------------------------------

describe("PRB-01 / PRB-03 official status exactly at ceremony + 12 months", () => {
  it("PRB-01 refuses recognition when no ceremony was held", () => {
    given(admitted()).when(recognize("2020-04-20")).thenRefused("PRB-01", "type")
  })

  it("PRB-03 accepts recognition exactly at ceremony + 12 months", () => {
    const state = given(probationary()).when(recognize("2020-05-06")).thenAccepted()
    expect(state.status).toBe("official")
    expect(state.officialOn).toBe("2020-05-06")
  })

  it("PRB-03 refuses recognition a day before ceremony + 12 months", () => {
    given(probationary()).when(recognize("2020-05-05")).thenRefused("PRB-03", "occurredOn")
  })

  it("PRB-03 refuses recognition a day after ceremony + 12 months", () => {
    given(probationary()).when(recognize("2020-05-07")).thenRefused("PRB-03", "occurredOn")
  })

  it("PRB-03 clamps to the month end: ceremony 2020-02-29 gives official 2021-02-28", () => {
    const leap = history().registered("2019-06-03").course("2019-07-01").sponsors("2019-09-02").vote("2020-02-10")
      .decided("2020-02-20").ceremony("2020-02-29")
    given(leap).when(recognize("2021-02-28")).thenAccepted()
    given(leap).when(recognize("2021-03-01")).thenRefused("PRB-03", "occurredOn")
  })

  it("PRB-03 refuses recognising an official member again (STR-04)", () => {
    given(official()).when(recognize("2020-05-06")).thenRefused("STR-04", "type")
  })

  it("PRB-03 refuses an imported official member whose official date is not ceremony + 12 months", () => {
    const data = importData("2010-01-11")
    given([]).when(cmd("ImportMember", "2020-01-01", { ...data, officialOn: "2011-02-01" }))
      .thenRefused("PRB-03", "data.officialOn")
    given([]).when(cmd("ImportMember", "2020-01-01", data)).thenAccepted()
  })
})

describe("PRB-02 the recognition resolution comes after probation ends", () => {
  it("PRB-02 refuses a recognition resolution before the end of probation", () => {
    given(probationary()).when(recognitionVote("2020-05-05")).thenRefused("PRB-02", "occurredOn")
  })

  it("PRB-02 accepts a recognition resolution on the day probation ends", () => {
    given(probationary()).when(recognitionVote("2020-05-06")).thenAccepted()
  })

  it("PRB-02 refuses a recognition resolution for a member without a ceremony", () => {
    given(admitted()).when(recognitionVote("2020-05-06")).thenRefused("PRB-02", "occurredOn")
  })

  it("PRB-02 / ADM-06 the recognition vote needs 2/3 of all official members", () => {
    given(probationary()).when(recognitionVote("2020-05-20", 5, 9)).thenRefused("ADM-06", "data.votesFor")
  })

  it("PRB-03 / STR-02 the recognition dated at the end of probation is accepted after a later resolution", () => {
    given(probationary().recognitionVote("2020-05-20")).when(cmd("RecognizeOfficial", "2020-05-06", {}))
      .thenAccepted()
  })
})

describe("PRB-04 not recognised: struck off", () => {
  it("PRB-04 refuses striking off for non-recognition before probation ends", () => {
    given(probationary()).when(strike("2020-05-05")).thenRefused("PRB-04", "data.reason")
  })

  it("PRB-04 accepts striking off for non-recognition after probation ends", () => {
    const state = given(probationary()).when(strike("2020-05-20")).thenAccepted()
    expect(state.status).toBe("struckOff")
  })

  it("PRB-04 refuses striking off an official member for non-recognition", () => {
    given(official()).when(strike("2021-01-10")).thenRefused("PRB-04", "data.reason")
  })
})

describe("PRB-05 a probationary member: reprimand or warning only", () => {
  it("PRB-05 refuses removal from post for a probationary member", () => {
    given(probationary()).when(discipline("removalFromPost")).thenRefused("PRB-05", "data.form")
  })

  it("PRB-05 accepts a reprimand for a probationary member", () => {
    given(probationary()).when(discipline("reprimand")).thenAccepted()
  })

  it("PRB-05 accepts a warning for a probationary member", () => {
    given(probationary()).when(discipline("warning")).thenAccepted()
  })

  it("PRB-05 / EXT-03 refuses expelling a probationary member", () => {
    given(probationary()).when(discipline("expulsion")).thenRefused("EXT-03", "data.form")
  })

  it("PRB-05 accepts transferring and rating a probationary member", () => {
    given(probationary()).when(cmd("TransferOut", "2019-10-01", { kind: "official" })).thenAccepted()
    given(probationary()).when(cmd("Rate", "2020-01-10", { period: "2019", level: "good" })).thenAccepted()
  })
})

describe("PRB-06 no party card while probationary", () => {
  it("PRB-06 refuses a card to a probationary member", () => {
    given(probationary()).when(cmd("IssueCard", "2019-10-01", { cardNo: "01.000001" })).thenRefused("PRB-06", "type")
  })

  it("PRB-06 accepts a card to the member once official", () => {
    given(official()).when(cmd("IssueCard", "2020-06-01", { cardNo: "01.000001" })).thenAccepted()
  })

  it("PRB-06 refuses importing a probationary member with a card number", () => {
    given([]).when(
      cmd("ImportMember", "2020-01-01", {
        orgId: CELL,
        person: person(),
        basis: "openingBalance",
        status: "probationary",
        admissionDecidedOn: "2019-06-10",
        ceremonyOn: "2019-06-20",
        cardNo: "01.000001"
      })
    ).thenRefused("PRB-06", "data.cardNo")
  })
})
