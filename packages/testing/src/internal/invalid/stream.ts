/**
 * Invalid commands against the shape of a stream (STR), after an exit (EXT-06), about organisations (ORG) and imports (CAL-01, AGE).
 */
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import type * as Envelope from "@dangvien/core/Envelope"
import * as MemberCommand from "@dangvien/core/MemberCommand"
import type { RuleId } from "@dangvien/core/RuleViolation"
import * as MemberHistory from "../../MemberHistory.ts"
import * as S from "../scenario.ts"
import { newCardNo } from "../world.ts"
import { badge, cmd, fresh, historySample, nextMilestone, on, type Sample, unknownOrg, type Variant } from "./sample.ts"

export const variants = {
  "STR-01": [
    (d) => {
      const life = S.registered(d)
      const at = life.s.events[0]!.occurredOn
      return fresh(
        "a member stream that does not start with CandidateRegistered or MemberImported",
        life,
        d.pick([
          cmd("RecordDeath", at, {}),
          cmd("Rate", at, { period: at.slice(0, 4), level: "good" }),
          cmd("CompleteAwarenessCourse", at, {})
        ])
      )
    },
    (d) => {
      const h = d.value(MemberHistory.memberHistory({ maxEvents: d.int(1, 60) }))
      const first = MemberCommand.fromEvent(h.events[0]!)
      return historySample("a second start of a stream", h, { ...first, occurredOn: h.state.lastOccurredOn! })
    }
  ],
  "STR-02": [
    (d) => {
      const h = d.value(MemberHistory.memberHistory({ maxEvents: d.int(2, 120) }))
      const last = h.state.lastOccurredOn!
      return historySample(
        "an event dated before the latest event of the stream",
        h,
        cmd("CorrectPerson", Calendar.addDays(last, -d.int(1, 400)), { person: { nationalId: "001090123456" } })
      )
    }
  ],
  "STR-03": [
    (d) => {
      const h = d.value(MemberHistory.memberHistory({ maxEvents: d.int(1, 120) }))
      const at = Calendar.addDays(h.state.lastOccurredOn!, d.int(0, 30))
      const nonDiscipline = h.events.filter((e) => e.type !== "Disciplined")
      const retraction = h.events.find((e) => e.type === "EventRetracted")
      return d.weighted<Sample>([
        [
          2,
          historySample(
            "a retraction of an event that is not in the stream",
            h,
            cmd("Retract", at, { eventId: S.unknownEventId(d), reason: "Nhập nhầm" })
          )
        ],
        [
          2,
          historySample(
            "an annulment of an event that is not a discipline",
            h,
            cmd("AnnulDiscipline", at, { disciplineEventId: d.pick(nonDiscipline).id })
          )
        ],
        [
          retraction === undefined ? 0 : 1,
          historySample(
            "a retraction of a retraction",
            h,
            cmd("Retract", at, { eventId: (retraction ?? h.events[0]!).id, reason: "Thu hồi nhầm" })
          )
        ]
      ])
    }
  ],
  "STR-04": [
    (d) => {
      const life = d.chance(0.5) ? S.registered(d) : S.withDossier(d)
      const at = S.later(life, 0, 60)
      return on(
        "a candidate rated or transferred like a member",
        life,
        d.pick([
          cmd("Rate", at, { period: at.slice(0, 4), level: "good" }),
          cmd("TransferOut", at, { kind: "official", destination: "Đảng bộ tỉnh Nghệ An" }),
          cmd("ExemptFromActivity", at, { reason: "health" })
        ])
      )
    },
    (d) => {
      const life = S.official(d)
      return on(
        "an end of exemption for a member who is not exempted",
        life,
        cmd("EndExemption", S.later(life, 0, 300), {})
      )
    },
    (d) => {
      const life = S.official(d)
      S.must(life, cmd("ExemptFromActivity", S.later(life, 1, 300), { reason: "health" }))
      return on(
        "an exemption of a member already exempted",
        life,
        cmd("ExemptFromActivity", S.later(life, 0, 300), { reason: "age" })
      )
    }
  ],
  "EXT-06": [
    (d) => {
      const life = S.dead(d)
      const at = S.later(life, 0, 400)
      return on(
        "an event recorded after death",
        life,
        d.pick([
          cmd("RecordDeath", at, {}),
          cmd("Rate", at, { period: at.slice(0, 4), level: "good" }),
          cmd("Discipline", at, { form: "reprimand" }),
          cmd("StrikeOff", at, { reason: "unpaidDues" }),
          cmd("ExemptFromActivity", at, { reason: "age" }),
          cmd("AssignSponsors", at, {
            sponsors: [{ kind: "tradeUnion" }, { kind: "member", memberId: life.world.sponsors[0]!.id }]
          })
        ])
      )
    },
    (d) => {
      const life = S.exitedReadmittable(d)
      const at = S.later(life, 0, 400)
      const m = nextMilestone(life) ?? 90
      return on(
        "an event recorded after leaving the Party",
        life,
        d.pick([
          cmd("Rate", at, { period: at.slice(0, 4), level: "completed" }),
          cmd("Discipline", at, { form: "warning" }),
          cmd("IssueCard", at, { cardNo: newCardNo(d, life.world, life.state.cardNumbersUsed) }),
          cmd("AwardBadge", at, badge(m)),
          cmd("HoldCeremony", at, {})
        ])
      )
    }
  ],
  "ORG-01": [
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 1, 300)
      return on(
        "a transfer to an organisation that is not a branch",
        life,
        cmd("TransferOut", at, { kind: "official", toOrgId: life.world.tree.provinceId })
      )
    },
    (d) => {
      const life = S.registered(d)
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "CandidateRegistered" }
      return fresh(
        "a candidate registered with a province",
        life,
        cmd("RegisterCandidate", e.occurredOn, { ...e.data, orgId: life.world.tree.provinceId })
      )
    }
  ],
  "ORG-05": [
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 1, 300)
      return d.chance(0.5)
        ? on(
          "a transfer to an organisation that does not exist",
          life,
          cmd("TransferOut", at, { kind: "official", toOrgId: unknownOrg(d) })
        )
        : on(
          "a residence contact with an organisation that does not exist",
          life,
          cmd("RegisterResidenceContact", at, { residenceOrgId: unknownOrg(d) })
        )
    },
    (d) => {
      const life = S.registered(d)
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "CandidateRegistered" }
      return fresh(
        "a registration before the branch was founded",
        life,
        cmd("RegisterCandidate", Calendar.addDays("1929-01-01", d.int(0, 300)), e.data)
      )
    }
  ],
  "CAL-01": [
    (d) => {
      const life = S.imported(d, "official")
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "MemberImported" }
      const ceremonyOn = Calendar.addDays(e.occurredOn, d.int(1, 300))
      return fresh(
        "an import dated before the admission ceremony",
        life,
        cmd("ImportMember", e.occurredOn, {
          ...e.data,
          admissionDecidedOn: Calendar.addDays(ceremonyOn, -d.int(0, 20)),
          ceremonyOn,
          officialOn: Calendar.addMonths(ceremonyOn, 12)
        })
      )
    }
  ],
  "AGE-02": [
    (d) => {
      const life = S.imported(d, "official")
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "MemberImported" }
      const first = e.data.firstAdmissionDecidedOn ?? e.data.admissionDecidedOn
      const gap = d.weighted<{ from: CalendarDate; to: CalendarDate; reason: string }>([
        [1, {
          from: Calendar.addDays(first, -d.int(1, 500)),
          to: Calendar.addDays(first, d.int(1, 100)),
          reason: "xóa tên"
        }],
        [1, {
          from: Calendar.addDays(e.occurredOn, -d.int(1, 100)),
          to: Calendar.addDays(e.occurredOn, d.int(1, 100)),
          reason: "mất liên lạc"
        }],
        [1, {
          from: Calendar.addDays(e.occurredOn, -d.int(1, 100)),
          to: Calendar.addDays(e.occurredOn, -d.int(101, 300)),
          reason: "đảo ngược"
        }]
      ])
      return fresh(
        "an imported party-age gap outside the membership or reversed",
        life,
        cmd("ImportMember", e.occurredOn, { ...e.data, partyAgeGaps: [gap] })
      )
    }
  ],
  "AGE-03": [
    (d) => {
      const life = S.imported(d, "official")
      const e = life.s.events[0] as Envelope.MemberEnvelope & { readonly type: "MemberImported" }
      return fresh(
        "an imported first admission after the latest admission",
        life,
        cmd("ImportMember", e.occurredOn, {
          ...e.data,
          firstAdmissionDecidedOn: Calendar.addDays(e.data.admissionDecidedOn, d.int(1, 1000))
        })
      )
    }
  ]
} satisfies { readonly [R in RuleId]?: ReadonlyArray<Variant> }
