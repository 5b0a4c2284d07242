/**
 * Incidents of a member's life that happen at random times rather than on a schedule: transfers,
 * temporary transfers, residence contact, exemption, discipline, card loss, exits, death, personal
 * data corrections and retractions of wrongly entered events. Each has a yearly rate; the waiting
 * time to the next incident is drawn from the total rate, and an incident happens only if it comes
 * before the next scheduled step.
 */
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Member from "@dangvien/core/Member"
import * as MemberCommand from "@dangvien/core/MemberCommand"
import type { DisciplineForm, MemberEventType } from "@dangvien/core/MemberEvent"
import * as Person from "@dangvien/core/Person"
import * as RuleSet from "@dangvien/core/RuleSet"
import * as OrgHistory from "../OrgHistory.ts"
import type { Job, Life } from "./life.ts"
import * as Names from "./names.ts"
import { drawFullName, drawNationalId } from "./people.ts"
import { newCardNo } from "./world.ts"

const cmd = MemberCommand.make

interface Incident {
  readonly rate: number
  readonly run: (at: CalendarDate) => void
}

/** Yearly probability of death by age (years). */
const hazard = (age: number): number =>
  age < 40 ? 0.001 : age < 50 ? 0.003 : age < 60 ? 0.007 : age < 70 ? 0.02 : age < 80 ? 0.05 : age < 90 ? 0.13 : 0.3

const retractable: ReadonlySet<MemberEventType> = new Set([
  "QualityRated",
  "NotRated",
  "ResidenceContactRegistered",
  "PersonCorrected",
  "BadgeAwarded"
])

const otherBranch = (life: Life, at: CalendarDate, not: ReadonlyArray<string | undefined>) => {
  const live = OrgHistory.liveBranchesOn(life.world.tree, at).filter((b) => !not.includes(b))
  return live.length === 0 ? undefined : life.d.pick(live)
}

const transferOut = (life: Life, at: CalendarDate): void => {
  const d = life.d
  const from = life.state.orgId!
  const letterNo = `${d.int(1, 999)}-GGT/${d.pick(["HU", "ĐU", "TU"])}`
  if (d.chance(0.08)) {
    if (
      life.submit(
        cmd("TransferOut", at, { kind: "abroad", destination: `Đảng bộ ngoài nước, ${d.pick(Names.abroad)}`, letterNo })
      )
    ) {
      life.arrival = {
        at: Calendar.addMonths(at, d.int(12, 48)),
        orgId: undefined,
        lateReason: "Hoàn thành công tác, học tập ở nước ngoài",
        never: false
      }
    }
    return
  }
  const fate = d.weighted<"onTime" | "late" | "never">([[85, "onTime"], [12, "late"], [3, "never"]])
  const arriveAt = Calendar.addWorkingDays(
    at,
    fate === "onTime" ? d.int(1, 30) : fate === "late" ? d.int(31, 120) : d.int(40, 250)
  )
  const targets = OrgHistory.liveBranchesOn(life.world.tree, at).filter((b) =>
    b !== from && life.world.tree.registry.isLiveOn(b, arriveAt)
  )
  const to = targets.length > 0 && d.chance(0.75) ? d.pick(targets) : undefined
  const ok = life.submit(cmd("TransferOut", at, {
    kind: "official",
    ...(to === undefined ? { destination: `Đảng bộ ${d.pick(Names.provinces)[1]}` } : { toOrgId: to }),
    ...(d.chance(0.8) ? { letterNo } : {})
  }))
  if (ok) {
    life.arrival = {
      at: arriveAt,
      orgId: to,
      ...(fate === "late"
        ? { lateReason: d.pick(["Ốm đau, điều trị dài ngày", "Chờ quyết định công tác", "Thiên tai, lũ lụt"]) }
        : {}),
      never: fate === "never"
    }
  }
}

const temporaryTransfer = (life: Life, at: CalendarDate): void => {
  const d = life.d
  const host = otherBranch(life, at, [life.state.orgId])
  if (host === undefined) return
  const purpose = d.weighted<"work" | "study" | "open">([[65, "work"], [20, "study"], [15, "open"]])
  const until = purpose === "work"
    ? Calendar.addMonths(at, d.int(3, 11))
    : purpose === "study"
    ? Calendar.addMonths(at, d.int(3, 24))
    : undefined
  const ok = life.submit(cmd("StartTemporaryTransfer", at, {
    hostOrgId: host,
    ...(until === undefined ? {} : { until }),
    ...(purpose === "study" ? { purpose: "study" } : purpose === "work" && d.chance(0.5) ? { purpose: "work" } : {})
  }))
  if (ok) life.tempEnd = until ?? Calendar.addMonths(at, d.int(3, 11))
}

const discipline = (life: Life, at: CalendarDate): void => {
  const d = life.d
  const official = life.state.status === "official"
  const form = d.weighted<DisciplineForm>(
    official
      ? [[50, "reprimand"], [30, "warning"], [12, "removalFromPost"], [life.plot === "turbulent" ? 20 : 8, "expulsion"]]
      : [[60, "reprimand"], [40, "warning"]]
  )
  const limit = RuleSet.forDate(at).discipline.limitationYears[form] ?? 15
  const grounds = form === "expulsion"
    ? d.weighted<
      | "other"
      | "corruptionConviction"
      | "lessSeriousCrimeConviction"
      | "seriousCrimeConviction"
      | "seriousDisunity"
      | undefined
    >([
      [50, undefined],
      [20, "other"],
      [10, "corruptionConviction"],
      [8, "lessSeriousCrimeConviction"],
      [6, "seriousCrimeConviction"],
      [6, "seriousDisunity"]
    ])
    : undefined
  life.submit(cmd("Discipline", at, {
    form,
    ...(d.chance(0.8) ? { decisionNo: `${d.int(1, 999)}-QĐ/UBKT` } : {}),
    ...(d.chance(0.7) ? { violationOn: Calendar.addDays(at, -d.int(0, limit * 365 - 30)) } : {}),
    ...(grounds === undefined ? {} : { grounds })
  }))
}

const exempt = (life: Life, at: CalendarDate): void => {
  const d = life.d
  const reason = life.ageMonths(at) >= 65 * 12 && d.chance(0.85) ? "age" : "health"
  if (life.submit(cmd("ExemptFromActivity", at, { reason })) && reason === "health") {
    life.healthIssue = true
    if (d.chance(0.6)) life.exemptionEnd = Calendar.addMonths(at, d.int(3, 36))
  }
}

const upgrade = <A>(ladder: ReadonlyArray<A>, current: A | undefined): A | undefined => {
  const i = current === undefined ? -1 : ladder.indexOf(current)
  return ladder[i + 1]
}

const correct = (life: Life, at: CalendarDate): void => {
  const d = life.d
  const st = life.state
  const p = st.person!
  const what = d.weighted<"nationalId" | "fullName" | "education" | "politicalTheory" | "professional" | "birthDate">([
    [30, "nationalId"],
    [20, "fullName"],
    [15, "education"],
    [15, "politicalTheory"],
    [10, "professional"],
    [10, "birthDate"]
  ])
  const education = upgrade(["primary", "lowerSecondary", "upperSecondary"] as const, p.education)
  const theory = upgrade(["none", "elementary", "intermediate", "advanced"] as const, p.politicalTheory)
  const professional = upgrade(["none", "vocational", "college", "university", "postgraduate"] as const, p.professional)
  // A birth date is corrected only once the age rules of admission are behind.
  const patch = what === "fullName"
    ? { fullName: drawFullName(d, Person.ethnicityOf(p), p.gender) }
    : what === "education" && education !== undefined
    ? { education }
    : what === "politicalTheory" && theory !== undefined
    ? { politicalTheory: theory }
    : what === "professional" && professional !== undefined
    ? { professional }
    : what === "birthDate" && st.status !== "candidate"
    ? { birthDate: Calendar.addDays(p.birthDate, d.pick([-1, 1]) * d.int(1, 20)) }
    : { nationalId: drawNationalId(d, p.birthDate, p.gender) }
  life.submit(cmd("CorrectPerson", at, { person: patch }))
}

const retract = (life: Life, at: CalendarDate): void => {
  const d = life.d
  const st = life.state
  const targets = st.history
    .filter((e) => retractable.has(e.type) && !st.neutralised.has(e.id) && (e.type !== "BadgeAwarded" || d.chance(0.3)))
    .slice(-12)
  if (targets.length === 0) return
  const target = d.pick(targets)
  life.submit(cmd("Retract", at, {
    eventId: target.id,
    reason: d.pick(["Nhập nhầm hồ sơ", "Trùng quyết định", "Ghi sai kỳ, sai ngày", "Nhập nhầm người"])
  }))
}

/** The incidents possible in the current state. */
const incidents = (life: Life): ReadonlyArray<Incident> => {
  const st = life.state
  const d = life.d
  const out: Array<Incident> = []
  const plot = life.plot
  const mobility = plot === "mobile" ? 4 : 1
  const trouble = plot === "turbulent" ? 6 : 1
  // A comeback leaves early (for a reason that allows readmission) and comes back once.
  const comeback = plot === "comeback" && st.readmissions === 0 && st.status === "official"
  if (st.status === "none" || st.status === "dead") {
    if (st.status === "dead") out.push({ rate: 0.03, run: (at) => correct(life, at) })
    return out
  }
  out.push({ rate: hazard(life.ageMonths(life.today) / 12), run: (at) => void life.submit(cmd("RecordDeath", at, {})) })
  out.push({ rate: 0.03, run: (at) => correct(life, at) })
  if (life.o.retractions && st.history.some((e) => retractable.has(e.type))) {
    out.push({
      rate: 0.04,
      run: (at) => retract(life, at)
    })
  }
  if (!Member.isMember(st)) return out
  if (st.orgId !== undefined && st.transit === undefined) {
    out.push({ rate: 0.07 * mobility, run: (at) => transferOut(life, at) })
    if (st.temporaryTransfer === undefined) {
      out.push({
        rate: 0.04 * mobility,
        run: (at) => temporaryTransfer(life, at)
      })
    }
  }
  if (st.transit === undefined) {
    out.push({
      rate: 0.04,
      run: (at) => {
        const residence = otherBranch(life, at, [st.orgId, st.residenceOrgId])
        if (residence !== undefined) life.submit(cmd("RegisterResidenceContact", at, { residenceOrgId: residence }))
      }
    })
  }
  out.push({ rate: 0.025 * trouble, run: (at) => discipline(life, at) })
  if (st.exemption === undefined) {
    out.push({
      rate: life.ageMonths(life.today) >= 65 * 12 ? 0.12 : 0.008,
      run: (at) => exempt(life, at)
    })
  }
  if (st.status === "official" && st.card !== undefined && !st.card.collected) {
    out.push({
      rate: 0.01,
      run: (at) =>
        void life.submit(cmd("ReissueCard", at, {
          cardNo: newCardNo(d, life.world, life.state.cardNumbersUsed),
          reason: d.weighted<"lost" | "damaged" | "other">([[50, "lost"], [40, "damaged"], [10, "other"]])
        }))
    })
  }
  out.push({
    rate: comeback ? 0.3 : 0.004 * trouble,
    run: (at) =>
      void life.submit(cmd("StrikeOff", at, {
        reason: d.weighted<
          "unpaidDues" | "abandonedActivity" | "noProgress" | "twoYearsViolation" | "politicalStandard" | "returnedCard"
        >([
          [25, "unpaidDues"],
          [comeback ? 0 : 25, "abandonedActivity"],
          [15, "noProgress"],
          [15, "twoYearsViolation"],
          [10, "politicalStandard"],
          [10, "returnedCard"]
        ])
      }))
  })
  out.push({
    rate: comeback ? 0.1 : 0.003 * trouble,
    run: (at) =>
      void life.submit(cmd("AllowToLeave", at, comeback || d.chance(0.35) ? { specialFamilyHardship: true } : {}))
  })
  return out
}

/** The next incident, if one comes before `before` (the next scheduled step). */
export const next = (life: Life, before: CalendarDate | undefined): Job | undefined => {
  const d = life.d
  const possible = incidents(life)
  const total = possible.reduce((n, i) => n + i.rate, 0)
  if (total <= 0) return undefined
  const wait = d.int(1, Math.max(2, Math.round((2 * 365) / total)))
  const at = Calendar.addDays(life.today, wait)
  if ((before !== undefined && at >= before) || at > life.o.horizon) return undefined
  const incident = d.weighted(possible.map((i) => [i.rate, i] as const))
  return { at, run: () => incident.run(at) }
}
