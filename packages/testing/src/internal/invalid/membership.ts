/**
 * Invalid commands of probation (PRB), exits (EXT-02, EXT-03), discipline (DSC), cards (CRD) and ratings (RAT).
 */
import * as Calendar from "@dangvien/core/Calendar"
import type * as Envelope from "@dangvien/core/Envelope"
import * as Member from "@dangvien/core/Member"
import type { RuleId } from "@dangvien/core/RuleViolation"
import * as S from "../scenario.ts"
import { newCardNo } from "../world.ts"
import { cmd, fresh, on, readmissionAfter, type Variant } from "./sample.ts"

export const variants = {
  "PRB-01": [
    (d) => {
      const life = S.admitted(d)
      return on(
        "recognition before any admission ceremony",
        life,
        cmd("RecognizeOfficial", Calendar.addMonths(life.today, 12), {})
      )
    }
  ],
  "PRB-02": [
    (d) => {
      const life = S.onProbation(d)
      const end = Member.probationEnd(life.state)!
      const at = Calendar.fromDayNumber(d.int(Calendar.toDayNumber(life.today), Calendar.toDayNumber(end) - 1))
      return on(
        "a recognition vote before probation ends",
        life,
        cmd("PassBranchResolution", at, life.vote("recognition"))
      )
    }
  ],
  "PRB-03": [
    (d) => {
      const life = S.onProbation(d)
      const end = Member.probationEnd(life.state)!
      const at = Calendar.addDays(end, d.pick([-1, 1]) * d.int(1, 60))
      return on("official recognition not exactly at ceremony + 12 months", life, cmd("RecognizeOfficial", at, {}))
    },
    (d) => {
      const life = S.imported(d, "official")
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "MemberImported" }
      return fresh(
        "an imported official date not at ceremony + 12 months",
        life,
        cmd("ImportMember", e.occurredOn, {
          ...e.data,
          officialOn: Calendar.addDays(Calendar.addMonths(e.data.ceremonyOn, 12), d.pick([-1, 1]) * d.int(1, 90))
        })
      )
    }
  ],
  "PRB-04": [
    (d) => {
      const life = S.official(d)
      return on(
        "an official member struck off for not being recognised",
        life,
        cmd("StrikeOff", S.later(life, 0, 300), { reason: "probationNotRecognized" })
      )
    },
    (d) => {
      const life = S.onProbation(d)
      const end = Member.probationEnd(life.state)!
      const at = Calendar.fromDayNumber(d.int(Calendar.toDayNumber(life.today), Calendar.toDayNumber(end) - 1))
      return on(
        "a probationary member struck off for not being recognised before probation ends",
        life,
        cmd("StrikeOff", at, { reason: "probationNotRecognized" })
      )
    }
  ],
  "PRB-05": [
    (d) => {
      const life = S.onProbation(d)
      return on(
        "a probationary member removed from post",
        life,
        cmd("Discipline", S.later(life, 0, 100), { form: "removalFromPost" })
      )
    }
  ],
  "PRB-06": [
    (d) => {
      const life = S.onProbation(d)
      const no = newCardNo(d, life.world, [])
      return on("a party card for a probationary member", life, cmd("IssueCard", S.later(life, 0, 100), { cardNo: no }))
    },
    (d) => {
      const life = S.imported(d, "probationary")
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "MemberImported" }
      return fresh(
        "an imported probationary member with a card",
        life,
        cmd("ImportMember", e.occurredOn, { ...e.data, cardNo: newCardNo(d, life.world, []) })
      )
    }
  ],
  "EXT-02": [
    (d) => {
      const life = S.official(d)
      return on(
        "a member with a violation under consideration allowed to leave",
        life,
        cmd("AllowToLeave", S.later(life, 0, 300), {}),
        { ...life.world.context, pendingViolation: true }
      )
    }
  ],
  "EXT-03": [
    (d) => {
      const life = S.onProbation(d)
      return on("a probationary member expelled", life, cmd("Discipline", S.later(life, 0, 100), { form: "expulsion" }))
    }
  ],
  "DSC-01": [
    (d) => {
      const life = d.chance(0.5) ? S.registered(d) : S.withDossier(d)
      return on(
        "a candidate disciplined",
        life,
        cmd("Discipline", S.later(life, 0, 100), { form: d.pick(["reprimand", "warning"] as const) })
      )
    }
  ],
  "DSC-02": [
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 1, 300)
      const form = d.pick(["reprimand", "warning", "removalFromPost"] as const)
      const years = form === "reprimand" ? 5 : 10
      const violationOn = d.chance(0.7)
        ? Calendar.addDays(Calendar.addYears(at, -years), -d.int(1, 1000))
        : Calendar.addDays(at, d.int(1, 100))
      return on(
        "a discipline past the statute of limitations, or for a violation after the decision",
        life,
        cmd("Discipline", at, { form, violationOn })
      )
    }
  ],
  "CRD-01": [
    (d) => {
      const life = d.chance(0.5) ? S.registered(d) : S.withDossier(d)
      return on(
        "a party card for a candidate",
        life,
        cmd("IssueCard", S.later(life, 0, 100), { cardNo: newCardNo(d, life.world, []) })
      )
    }
  ],
  "CRD-02": [
    (d) => {
      const life = S.officialWithCard(d)
      const malformed = d.pick(["12-345678", "1.234567", "AB.123456", "12.34567", "123.4567890", "12.3456789", ""])
      const cardNo = d.chance(0.5) || life.world.othersCards.length === 0 ? malformed : d.pick(life.world.othersCards)
      return on(
        "a card number that is malformed or held by another member",
        life,
        cmd("ReissueCard", S.later(life, 0, 300), { cardNo, reason: "lost" })
      )
    }
  ],
  "CRD-03": [
    (d) => {
      const life = S.officialWithCard(d)
      const at = S.later(life, 0, 300)
      return d.chance(0.6)
        ? on(
          "a new card for a member who holds one (a reissue)",
          life,
          cmd("IssueCard", at, { cardNo: newCardNo(d, life.world, life.state.cardNumbersUsed) })
        )
        : on(
          "a reissue under a number already used",
          life,
          cmd("ReissueCard", at, { cardNo: life.state.card!.cardNo, reason: "damaged" })
        )
    },
    (d) => {
      // Struck off (the card collected, CRD-04), readmitted and recognised again: a new card is an
      // issue, not a reissue of the collected one.
      const life = S.officialWithCard(d)
      S.must(life, cmd("StrikeOff", S.later(life, 30, 1500), { reason: "unpaidDues" }))
      const at = readmissionAfter(life, 36, 0, 300)
      S.must(life, cmd("DecideAdmission", at, S.decision(life, at, "readmission")))
      S.must(life, cmd("HoldCeremony", Calendar.addWorkingDays(at, d.int(1, 30)), {}))
      const end = Member.probationEnd(life.state)!
      S.must(life, cmd("PassBranchResolution", Calendar.addDays(end, d.int(0, 20)), life.vote("recognition")))
      S.must(life, cmd("RecognizeOfficial", end, {}))
      return on(
        "a reissue after readmission of the card collected on the exit",
        life,
        cmd("ReissueCard", S.later(life, 1, 60), {
          cardNo: newCardNo(d, life.world, life.state.cardNumbersUsed),
          reason: "lost"
        })
      )
    },
    (d) => {
      const life = S.quiet(d, "candidate", (s) => s.status === "official")
      return on(
        "a reissue for a member who never had a card",
        life,
        cmd("ReissueCard", S.later(life, 0, 60), { cardNo: newCardNo(d, life.world, []), reason: "lost" })
      )
    }
  ],
  "RAT-01": [
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 0, 300)
      const next = String(Calendar.toParts(at).year + 1)
      return on(
        "a rating of a period that has not begun",
        life,
        cmd("Rate", at, { period: d.pick([next, `${next}-H1`]), level: "good" })
      )
    }
  ],
  "RAT-02": [
    (d) => {
      const life = S.admitted(d)
      const decided = life.state.admissionDecidedOn!
      const { month, year } = Calendar.toParts(decided)
      const period = month <= 6 ? `${year}-H1` : `${year}`
      return on(
        "a rating of a member admitted less than 6 months before the end of the period",
        life,
        cmd("Rate", S.later(life, 0, 30), { period, level: "good" })
      )
    },
    (d) => {
      const life = S.imported(d, "official")
      const at = S.later(life, 1, 300)
      return on(
        "'admitted under 6 months' for a member admitted long ago",
        life,
        cmd("RecordNotRated", at, { period: at.slice(0, 4), reason: "admittedUnder6Months" })
      )
    },
    (d) => {
      const life = S.imported(d, "official")
      const exempted = d.chance(0.5)
      if (exempted) S.must(life, cmd("ExemptFromActivity", S.later(life, 1, 300), { reason: "health" }))
      const at = S.later(life, 1, 200)
      return exempted
        ? on(
          "a rating of a member exempted from work and activity",
          life,
          cmd("Rate", at, { period: at.slice(0, 4), level: "completed" })
        )
        : on(
          "'exempted' for a member who is not",
          life,
          cmd("RecordNotRated", at, { period: at.slice(0, 4), reason: "exempted" })
        )
    }
  ],
  "RAT-03": [
    (d) => {
      const life = S.imported(d, "official")
      const disciplinedOn = S.later(life, 1, 300)
      S.must(
        life,
        cmd("Discipline", disciplinedOn, { form: d.pick(["reprimand", "warning", "removalFromPost"] as const) })
      )
      const at = Calendar.max(S.later(life, 0, 30), `${disciplinedOn.slice(0, 4)}-12-01`)
      return on(
        "a member disciplined in the period rated better than notCompleted",
        life,
        cmd("Rate", at, {
          period: disciplinedOn.slice(0, 4),
          level: d.pick(["excellent", "good", "completed"] as const)
        })
      )
    }
  ]
} satisfies { readonly [R in RuleId]?: ReadonlyArray<Variant> }
