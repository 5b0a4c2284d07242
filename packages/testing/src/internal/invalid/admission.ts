/**
 * Invalid commands of admission (ADM) and readmission (RDM).
 */
import * as Calendar from "@dangvien/core/Calendar"
import type * as Envelope from "@dangvien/core/Envelope"
import * as MemberCommand from "@dangvien/core/MemberCommand"
import type { RuleId } from "@dangvien/core/RuleViolation"
import * as S from "../scenario.ts"
import { cmd, exitBarring, fresh, on, readmissionAfter, type Variant } from "./sample.ts"

export const variants = {
  "ADM-01": [
    (d) => {
      const life = S.withDossier(d, { candidateAgeMonths: [192, 198] })
      return on(
        "a branch vote on an applicant under 18",
        life,
        cmd("PassBranchResolution", S.later(life, 1, 20), life.vote("admission"))
      )
    },
    (d) => {
      const life = S.voted(d, { candidateAgeMonths: [732, 744] })
      const at = S.later(life, 5, 60)
      const { over60Consent: _, ...data } = S.decision(life, at, "first")
      return on(
        "an admission of an applicant over 60 without the provincial consent",
        life,
        cmd("DecideAdmission", at, data)
      )
    }
  ],
  "ADM-02": [
    (d) => {
      const life = S.voted(d, { candidateAgeMonths: [219, 480] })
      S.must(life, cmd("CorrectPerson", S.later(life, 0, 10), { person: { education: "primary" } }))
      const at = S.later(life, 1, 60)
      const { educationException: _, ...data } = S.decision(life, at, "first")
      return on("an admission with primary education only and no exception", life, cmd("DecideAdmission", at, data))
    }
  ],
  "ADM-03": [
    (d) => {
      const life = S.registered(d)
      const at = S.later(life, 1, 120)
      S.must(life, cmd("AssignSponsors", at, life.sponsorsFor(at, false)))
      return on(
        "a branch vote without an awareness-course certificate",
        life,
        cmd("PassBranchResolution", S.later(life, 1, 90), life.vote("admission"))
      )
    },
    (d) => {
      const life = S.registered(d)
      S.must(life, cmd("CompleteAwarenessCourse", S.later(life, 1, 60), {}))
      const sponsorsOn = Calendar.addDays(Calendar.addMonths(life.today, 60), d.int(1, 200))
      S.must(life, cmd("AssignSponsors", sponsorsOn, life.sponsorsFor(sponsorsOn, false)))
      return on(
        "a branch vote after the certificate expired (60 months)",
        life,
        cmd("PassBranchResolution", S.later(life, 1, 60), life.vote("admission"))
      )
    }
  ],
  "ADM-04": [
    (d) => {
      const older = d.chance(0.3)
      const life = S.withDossier(d, older ? { candidateAgeMonths: [400, 600] } : {})
      const at = S.later(life, 0, 60)
      const [a, b, c] = life.world.sponsors.map((s) => ({ kind: "member" as const, memberId: s.id }))
      if (older) {
        return on(
          "the Youth Union introducing an applicant over 30",
          life,
          cmd("AssignSponsors", at, { sponsors: [{ kind: "youthUnion" }, a!] })
        )
      }
      return on(
        "sponsors of the wrong shape",
        life,
        cmd("AssignSponsors", at, {
          sponsors: d.pick([[a!], [a!, b!, c!], [{ kind: "youthUnion" }, { kind: "tradeUnion" }], [a!, a!], [{
            kind: "tradeUnion"
          }]])
        })
      )
    },
    (d) => {
      const life = S.registered(d)
      S.must(life, cmd("CompleteAwarenessCourse", S.later(life, 1, 100), {}))
      return on(
        "a branch vote on an applicant without sponsors",
        life,
        cmd("PassBranchResolution", S.later(life, 1, 100), life.vote("admission"))
      )
    }
  ],
  "ADM-05": [
    (d) => {
      const life = S.withDossier(d)
      const at = S.later(life, 0, 60)
      const good = { kind: "member" as const, memberId: life.world.sponsors[0]!.id }
      const bad = d.weighted<readonly [string, MemberCommand.MemberCommand]>([
        [1, [
          "a sponsor who is not an official member",
          cmd("AssignSponsors", at, {
            sponsors: [{ kind: "member", memberId: life.world.probationarySponsor.id }, good]
          })
        ]],
        [1, [
          "an applicant sponsoring themselves",
          cmd("AssignSponsors", at, { sponsors: [{ kind: "member", memberId: life.world.memberId }, good] })
        ]],
        [1, [
          "a sponsor who has known the applicant for less than 12 months",
          cmd("AssignSponsors", at, {
            sponsors: [{
              kind: "member",
              memberId: life.world.sponsors[1]!.id,
              knownSince: Calendar.addMonths(at, -d.int(0, 11))
            }, good]
          })
        ]],
        [1, [
          "a sponsor without 12 months of tenure who is not a replacement",
          cmd("AssignSponsors", at, { sponsors: [{ kind: "member", memberId: life.world.newcomer.id }, good] })
        ]]
      ])
      return on(bad[0], life, bad[1])
    },
    (d) => {
      // A first assignment has no sponsor to replace: the 12 months are not waived.
      const life = S.registered(d)
      const good = { kind: "member" as const, memberId: life.world.sponsors[0]!.id }
      return on(
        "a first assignment flagged as a replacement, with a sponsor of less than 12 months",
        life,
        cmd("AssignSponsors", S.later(life, 0, 60), {
          sponsors: [{ kind: "member", memberId: life.world.newcomer.id }, good],
          replacement: true
        })
      )
    }
  ],
  "ADM-06": [
    (d) => {
      const life = S.withDossier(d)
      const at = S.later(life, 1, 60)
      const n = d.int(3, 45)
      const data = d.weighted<MemberCommand.MemberCommand>([
        [
          3,
          cmd("PassBranchResolution", at, {
            purpose: "admission",
            officialMembers: n,
            votesFor: d.int(0, Math.ceil((2 * n) / 3) - 1)
          })
        ],
        [1, cmd("PassBranchResolution", at, { purpose: "admission", officialMembers: n, votesFor: n + d.int(1, 10) })],
        [1, cmd("PassBranchResolution", at, { purpose: "admission", officialMembers: 0, votesFor: 0 })]
      ])
      return on("a branch vote below two thirds of all official members", life, data)
    },
    (d) => {
      const life = S.withDossier(d)
      const at = S.later(life, 1, 60)
      return on(
        "an admission without a branch resolution",
        life,
        cmd("DecideAdmission", at, S.decision(life, at, "first"))
      )
    }
  ],
  "ADM-09": [
    (d) => {
      const life = S.admitted(d)
      const at = Calendar.max(
        S.later(life, 1, 5),
        Calendar.addWorkingDays(life.state.admissionDecidedOn!, d.int(31, 80))
      )
      return on(
        "a ceremony later than 30 working days without the superior committee's consent",
        life,
        cmd("HoldCeremony", at, {})
      )
    },
    (d) => {
      const life = S.onProbation(d)
      return on(
        "a second admission ceremony",
        life,
        cmd("HoldCeremony", S.later(life, 0, 30), { superiorConsent: true })
      )
    },
    (d) => {
      const life = S.imported(d, "official")
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "MemberImported" }
      const ceremonyOn = Calendar.addDays(e.data.admissionDecidedOn, -d.int(1, 100))
      return fresh(
        "an imported ceremony before the admission decision",
        life,
        cmd("ImportMember", e.occurredOn, {
          ...e.data,
          ceremonyOn,
          officialOn: Calendar.addMonths(ceremonyOn, 12)
        })
      )
    }
  ],
  "ADM-10": [
    (d) => {
      const life = S.withDossier(d)
      const at = Calendar.addDays(Calendar.addMonths(life.state.application.sponsorsAssignedOn!, 12), d.int(1, 300))
      return on(
        "a branch vote on a dossier older than 12 months",
        life,
        cmd("PassBranchResolution", at, life.vote("admission"))
      )
    }
  ],
  "RDM-01": [
    (d) => {
      const life = S.exitedReadmittable(d)
      const exitOn = life.state.exit!.on
      S.applyAgain(life, Calendar.addMonths(exitOn, d.int(3, 30)))
      return on(
        "a readmission less than 36 months after leaving",
        life,
        cmd("DecideAdmission", S.later(life, 1, 30), S.decision(life, life.today, "readmission"))
      )
    },
    (d) => {
      const life = S.official(d)
      S.must(
        life,
        cmd("Discipline", S.later(life, 1, 1000), { form: "expulsion", grounds: "lessSeriousCrimeConviction" })
      )
      const expunged = Calendar.addMonths(life.today, d.int(6, 24))
      const at = readmissionAfter(life, 36, 0, 400)
      const data = S.decision(life, at, "readmission")
      return on(
        "a readmission less than 60 months after a conviction was expunged",
        life,
        cmd("DecideAdmission", at, d.chance(0.5) ? data : { ...data, convictionExpungedOn: expunged })
      )
    }
  ],
  "RDM-02": [
    (d) => {
      const life = S.official(d)
      S.must(life, exitBarring(d, S.later(life, 1, 1000)))
      const at = readmissionAfter(life, 36, 0, 400)
      return on(
        `a readmission after an exit that bars it (${life.state.exit!.kind})`,
        life,
        cmd("DecideAdmission", at, S.decision(life, at, "readmission"))
      )
    }
  ],
  "RDM-03": [
    (d) => {
      const life = S.exitedReadmittable(d)
      const first = readmissionAfter(life, 34, 0, 300)
      S.must(life, cmd("DecideAdmission", first, S.decision(life, first, "readmission")))
      S.must(life, cmd("HoldCeremony", Calendar.addWorkingDays(first, d.int(1, 30)), {}))
      S.must(life, cmd("StrikeOff", S.later(life, 30, 2000), { reason: "unpaidDues" }))
      const at = readmissionAfter(life, 36, 0, 300)
      return on("a second readmission", life, cmd("DecideAdmission", at, S.decision(life, at, "readmission")))
    }
  ],
  "RDM-04": [
    (d) => {
      const life = S.exitedReadmittable(d)
      const at = readmissionAfter(life, 36, 0, 400)
      const { provincialConsent: _, ...data } = S.decision(life, at, "readmission")
      return on(
        "a readmission without the provincial standing committee's consent",
        life,
        cmd("DecideAdmission", at, data)
      )
    }
  ],
  "RDM-05": [
    (d) => {
      const life = S.exitedReadmittable(d)
      const at = S.later(life, 1, 2000)
      return on(
        "a former member admitted as if for the first time",
        life,
        cmd("DecideAdmission", at, S.decision(life, at, "first"))
      )
    }
  ]
} satisfies { readonly [R in RuleId]?: ReadonlyArray<Variant> }
