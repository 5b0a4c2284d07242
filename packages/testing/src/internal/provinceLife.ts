/**
 * One member's whole life in a generated province history, simulated year by year and written as
 * NDJSON lines of their stream: the opening roster (imported), arrivals from outside (imported as
 * transfers in), and candidates (registered, course, sponsors, branch vote, decision, ceremony,
 * probation, recognition or strike-off). Every step respects the rule book: the simulation keeps
 * the little state the rules look at (status, branch, probation, disciplines, badges, exemption,
 * temporary transfer) and only draws incidents that are valid on their date.
 */
import * as RuleSet from "@dangvien/core/RuleSet"
import * as Names from "./names.ts"
import { admit, drawEthnicity, person, recognition } from "./provinceAdmission.ts"
import { heldOnImport, nextBadge, occasion, posthumous } from "./provinceBadges.ts"
import { ageOn, exitWith, join, leave, type PoolEntry, provinceOf, Sim, type World } from "./provinceMember.ts"
import { addMonths, dayText, isoMinutes, monthsBetween, officeMs, yearOf, ymd } from "./provinceRandom.ts"
import { line } from "./provinceTree.ts"

// -- The yearly simulation ------------------------------------------------------------------------

const STRUCK_OFF: ReadonlyArray<readonly [number, string]> = [
  [30, "unpaidDues"],
  [25, "abandonedActivity"],
  [15, "noProgress"],
  [10, "twoYearsViolation"],
  [10, "returnedCard"],
  [5, "politicalStandard"]
]

type Incident =
  | "death"
  | "struckOff"
  | "leave"
  | "discipline"
  | "transfer"
  | "temporary"
  | "exemption"
  | "residence"
  | "reissue"

/** Another branch: most often in the same province. */
const otherBranch = (w: World, s: Sim): number => {
  const tree = w.tree
  const province = tree.grassroots[tree.branches[s.branch]!.grassroots]!.province
  for (let i = 0; i < 20; i++) {
    const b = w.rng.int(0, tree.branches.length - 1)
    if (b === s.branch) continue
    if (i < 10 && tree.grassroots[tree.branches[b]!.grassroots]!.province !== province) continue
    return b
  }
  return s.branch === 0 ? Math.min(1, tree.branches.length - 1) : 0
}

const incident = (w: World, s: Sim, day: number, kind: Incident) => {
  const rng = w.rng
  const official = s.status === "official" && s.officialDay <= day
  switch (kind) {
    case "death":
      s.add(day, "Died", "{}")
      leave(w, s, day)
      s.status = "dead"
      if (rng.chance(0.7)) posthumous(w, s, day)
      return
    case "struckOff": {
      const reason = rng.weighted(STRUCK_OFF)
      s.add(day, "StruckOff", `{"reason":"${reason}"}`)
      return exitWith(w, s, day, "struckOff", reason !== "abandonedActivity")
    }
    case "leave": {
      const hardship = rng.chance(0.3)
      s.add(day, "AllowedToLeave", hardship ? `{"specialFamilyHardship":true}` : "{}")
      return exitWith(w, s, day, "allowedToLeave", hardship)
    }
    case "discipline": {
      const form = official
        ? rng.weighted([[62, "reprimand"], [30, "warning"], [5, "removalFromPost"], [3, "expulsion"]] as const)
        : rng.weighted([[70, "reprimand"], [30, "warning"]] as const)
      const violation = Math.max(s.admissionDay, day - rng.int(20, 400))
      s.add(
        day,
        "Disciplined",
        `{"form":"${form}","decisionNo":"${rng.int(1, 999)}-QĐ/UBKT","violationOn":"${dayText(violation)}"}`
      )
      s.disciplines.push({ form, on: dayText(day) })
      if (form === "expulsion") exitWith(w, s, day, "expelled", true)
      return
    }
    case "transfer": {
      const r = w.cfg.rates
      const x = rng.next() * (r.transferWithin + r.abroad + Math.max(0, 1 - r.transferWithin - r.abroad))
      if (x < r.transferWithin && w.tree.branches.length > 1) {
        const to = otherBranch(w, s)
        s.add(
          day,
          "TransferredOut",
          `{"kind":"official","toOrgId":"${w.tree.branches[to]!.id}","letterNo":"${rng.int(1, 999)}-GGT"}`
        )
        leave(w, s, day)
        const late = rng.chance(0.08)
        const arrival = day + (late ? rng.int(50, 160) : rng.int(2, 25))
        if (arrival > w.horizon) {
          s.gone = true
          return
        }
        s.add(
          arrival,
          "TransferredIn",
          late
            ? `{"orgId":"${w.tree.branches[to]!.id}","lateReason":"Chậm nộp giấy giới thiệu do chuyển công tác xa"}`
            : `{"orgId":"${w.tree.branches[to]!.id}"}`
        )
        s.branch = to
        join(w, to, arrival)
      } else if (x < r.transferWithin + r.abroad) {
        s.add(day, "TransferredOut", `{"kind":"abroad","destination":"${rng.pick(Names.abroad)}"}`)
        leave(w, s, day)
        const back = addMonths(day, rng.int(12, 48))
        if (back > w.horizon || rng.chance(0.5)) {
          s.gone = true
          return
        }
        s.add(
          back,
          "TransferredIn",
          `{"orgId":"${
            w.tree.branches[s.branch]!.id
          }","lateReason":"Trở về nước sau thời gian học tập, công tác ở nước ngoài"}`
        )
        join(w, s.branch, back)
      } else {
        const [, name] = rng.pick(Names.provinces)
        s.add(
          day,
          "TransferredOut",
          `{"kind":"official","destination":"Đảng bộ ${name}","letterNo":"${rng.int(1, 999)}-GGT"}`
        )
        leave(w, s, day)
        s.gone = true
      }
      return
    }
    case "temporary": {
      const study = rng.chance(0.3)
      const until = addMonths(day, study ? rng.int(6, 24) : rng.int(3, 11))
      const months = monthsBetween(day, until)
      if (months < 3 || (!study && months >= 12)) return
      const host = otherBranch(w, s)
      s.add(
        day,
        "TemporaryTransferStarted",
        `{"hostOrgId":"${w.tree.branches[host]!.id}","until":"${dayText(until)}","purpose":"${
          study ? "study" : "work"
        }"}`
      )
      s.temporaryEnds = until
      return
    }
    case "exemption": {
      const age = ageOn(s, day) >= 70
      s.add(day, "ActivityExempted", `{"reason":"${age ? "age" : "health"}"}`)
      s.exempt = age ? "age" : "health"
      if (!age && rng.chance(0.5)) s.exemptionEnds = day + rng.int(300, 1100)
      return
    }
    case "residence":
      s.residence = true
      s.add(day, "ResidenceContactRegistered", `{"residenceOrgId":"${w.tree.branches[otherBranch(w, s)]!.id}"}`)
      return
    case "reissue":
      s.add(
        day,
        "CardReissued",
        `{"cardNo":"${w.nextCard(provinceOf(w, s))}","reason":"${rng.pick(["lost", "damaged"])}"}`
      )
      return
  }
}

const ratingRulesByYear = new Map<number, RuleSet.RuleSet["rating"]>()
const ratingRules = (year: number) => {
  let r = ratingRulesByYear.get(year)
  if (r === undefined) {
    r = RuleSet.forDate(`${year}-12-31`).rating
    ratingRulesByYear.set(year, r)
  }
  return r
}

/** The quality rating of a year (RAT-01 … RAT-04), in December. */
const rate = (w: World, s: Sim, year: number, day: number, half: boolean) => {
  const period = half ? `${year}-H1` : String(year)
  // RAT-02: admitted less than 6 whole months (CAL-02, as the decider counts them) before the end of
  // the period (30 June, or 31 December): admitted on 31 December, a member has 6 months on 30 June.
  const endDay = half ? ymd(year, 6, 30) : ymd(year, 12, 31)
  if (
    s.admissionDay > endDay - 366 &&
    monthsBetween(s.admissionDay, endDay) < ratingRules(year).notRatedIfAdmittedWithinMonths
  ) {
    s.add(day, "NotRated", `{"period":"${period}","reason":"admittedUnder6Months"}`)
    return
  }
  if (s.exempt !== undefined) {
    s.add(day, "NotRated", `{"period":"${period}","reason":"exempted"}`)
    return
  }
  const r = w.cfg.rates
  let level: string
  const end = half ? `${year}-06-30` : `${year}-12-31`
  if (s.disciplines.some((d) => d.on.startsWith(String(year)) && d.on <= end)) level = "notCompleted"
  else {
    const x = w.rng.next()
    level = x < r.notCompleted
      ? "notCompleted"
      : x < r.notCompleted + r.completed
      ? "completed"
      : x < r.notCompleted + r.completed + r.excellent
      ? "excellent"
      : "good"
  }
  if (!half) {
    // RAT-04 counts yearly ratings only.
    const g = w.tree.branches[s.branch]!.grassroots
    const at = (g * (w.cfg.to - w.cfg.from + 1) + (year - w.cfg.from)) * 2
    const rules = ratingRules(year)
    if (
      level === "excellent" && year >= rules.quotaFromYear &&
      w.quota[at]! + 1 > rules.excellentShareOfGood * w.quota[at + 1]!
    ) {
      level = "good"
    }
    if (level === "excellent") w.quota[at]!++
    else if (level === "good") w.quota[at + 1]!++
  }
  s.add(day, "QualityRated", `{"period":"${period}","level":"${level}"}`)
}

/** Yearly probability of death by age (Gompertz: 0.8% at 60, 4% at 80, 10% at 90), before `rates.mortality`. */
const gompertz: ReadonlyArray<number> = Array.from({ length: 121 }, (_, age) => 0.0004 * Math.exp(0.085 * (age - 25)))

const INCIDENTS: ReadonlyArray<Incident> = [
  "death",
  "struckOff",
  "leave",
  "discipline",
  "transfer",
  "temporary",
  "exemption",
  "residence",
  "reissue"
]
const incidentOdds = new Float64Array(INCIDENTS.length)

const OCCASIONS: ReadonlyArray<readonly [number, number]> = [[2, 3], [5, 19], [9, 2], [11, 7]]

/** Runs a member's life from `from` to the end of the history, year by year. */
const live = (w: World, s: Sim, pool: ReadonlyArray<PoolEntry>, from: number) => {
  const rng = w.rng
  const r = w.cfg.rates
  const slots: Array<
    {
      day: number
      kind: Incident | "recognition" | "occasion" | "card" | "temporaryEnd" | "exemptionEnd" | "halfYear"
    }
  > = []
  for (let y = yearOf(from); y <= w.cfg.to && !s.gone; y++) {
    if (s.status === "dead") return
    if (s.status === "exited") {
      if (s.readmitDay === 0 || s.readmitDay > w.horizon) return
      if (yearOf(s.readmitDay) > y) continue
      const decision = s.readmitDay
      s.readmitDay = 0
      if (ageOn(s, decision) > 59 || decision > w.horizon) return
      const branch = s.branch
      s.branch = -1
      if (!admit(w, s, pool, branch, decision, Math.max(s.last, decision - 120), undefined)) return
    }
    const yearStart = ymd(y, 1, 1)
    const yearEnd = yearStart + (ymd(y + 1, 1, 1) - yearStart) - 1
    const start = Math.max(yearStart, s.last)
    const incidentsEnd = yearEnd - 21
    slots.length = 0
    if (s.status === "probationary" && s.probationEnd <= yearEnd) {
      slots.push({ day: Math.max(s.probationEnd, start), kind: "recognition" })
    }
    if (s.cardDay > 0 && s.cardDay <= yearEnd) slots.push({ day: s.cardDay, kind: "card" })
    if (s.temporaryEnds > 0 && s.temporaryEnds <= yearEnd) {
      slots.push({ day: s.temporaryEnds, kind: "temporaryEnd" })
    }
    if (s.exemptionEnds > 0 && s.exemptionEnds <= yearEnd) {
      slots.push({ day: s.exemptionEnds, kind: "exemptionEnd" })
    }
    if (s.next !== undefined && s.next.due <= yearEnd) {
      for (const [m, d] of OCCASIONS) slots.push({ day: ymd(y, m, d), kind: "occasion" })
    }
    if (w.cfg.halfYearRatingsFrom !== undefined && y >= w.cfg.halfYearRatingsFrom) {
      slots.push({ day: ymd(y, 6, rng.int(20, 28)), kind: "halfYear" })
    }
    if (start <= incidentsEnd) {
      // At most one incident a year, drawn with one number: the rates are small, so this is their sum.
      const age = ageOn(s, start)
      const p = incidentOdds
      p[0] = Math.min(0.6, r.mortality * gompertz[Math.min(120, Math.floor(age))]! * (s.female ? 0.7 : 1))
      p[1] = r.struckOff
      p[2] = r.allowedToLeave
      p[3] = r.discipline
      p[4] = age < 60 ? r.transfer : 0
      p[5] = age < 55 ? r.temporaryTransfer : 0
      p[6] = (age >= 70 ? r.ageExemption : 0) + r.healthExemption
      p[7] = !s.residence && age < 60 && y >= 2010 ? 0.02 : 0
      p[8] = s.hasCard ? 0.002 : 0
      let u = rng.next()
      for (let i = 0; i < p.length; i++) {
        if (u < p[i]!) {
          slots.push({ day: rng.int(start, incidentsEnd), kind: INCIDENTS[i]! })
          break
        }
        u -= p[i]!
      }
    }
    if (slots.length > 1) slots.sort((a, b) => a.day - b.day)
    for (const slot of slots) {
      if (!s.member || s.gone) break
      const day = Math.max(slot.day, s.last)
      if (day > w.horizon) break
      const official = s.status === "official" && s.officialDay <= day
      switch (slot.kind) {
        case "recognition":
          if (s.status === "probationary") recognition(w, s, pool)
          break
        case "card":
          if (official && !s.hasCard) {
            s.add(day, "CardIssued", `{"cardNo":"${w.nextCard(provinceOf(w, s))}"}`)
            s.hasCard = true
          }
          s.cardDay = 0
          break
        case "temporaryEnd":
          s.add(day, "TemporaryTransferEnded", "{}")
          s.temporaryEnds = 0
          break
        case "exemptionEnd":
          if (s.exempt !== undefined) s.add(day, "ActivityExemptionEnded", "{}")
          s.exempt = undefined
          s.exemptionEnds = 0
          break
        case "occasion":
          if (slot.day >= s.last) occasion(w, s, slot.day)
          break
        case "halfYear":
          rate(w, s, y, day, true)
          break
        case "transfer":
        case "temporary":
          if (s.temporaryEnds === 0 && s.exempt === undefined) incident(w, s, day, slot.kind)
          break
        case "exemption":
          if (s.exempt === undefined && s.temporaryEnds === 0) incident(w, s, day, slot.kind)
          break
        case "reissue":
          if (official && s.hasCard) incident(w, s, day, slot.kind)
          break
        case "residence":
          if (official) incident(w, s, day, slot.kind)
          break
        default:
          incident(w, s, day, slot.kind)
      }
    }
    if (s.member && !s.gone) {
      const day = yearEnd - rng.int(3, 19)
      if (day >= s.last && day <= w.horizon) rate(w, s, y, day, false)
    }
  }
}

// -- Starts of a life -----------------------------------------------------------------------------

/** Years of party age within a band `[from, to)`, `u` in [0, 1). */
const partyAgeIn = ([from, to]: readonly [number, number], u: number): number => from + u * (to - from)

const drawFemale = (w: World, share: number) => w.rng.chance(share)

/**
 * A member already in the Party on `day`, imported (`openingBalance` on the first day, or
 * `transferIn` from outside the dataset later), then lived to the end.
 */
export const imported = (
  w: World,
  pool: Array<PoolEntry>,
  branchIndex: number,
  day: number,
  basis: "openingBalance" | "transferIn"
): ReadonlyArray<string> => {
  const rng = w.rng
  const opening = basis === "openingBalance"
  const bands = w.cfg.openingPartyAge
  let admission = 0
  let birth = 0
  for (let i = 0; i < 6; i++) {
    const years = !opening
      ? rng.next() * 30
      : bands === undefined
      ? Math.min(60, -Math.log(1 - rng.next()) * 13)
      : partyAgeIn(rng.weighted(bands), rng.next())
    admission = day - 30 - Math.floor(years * 365.25)
    birth = admission - Math.floor((18.2 + 22 * Math.pow(rng.next(), 1.6)) * 365.25)
    if ((day - birth) / 365.25 < 92) break
  }
  const female = drawFemale(w, opening ? w.cfg.femaleShareOfOpening : w.cfg.femaleShareOfAdmissions)
  const s = new Sim(w.ulid(officeMs(rng, day)), birth, female)
  const who = person(w, s, drawEthnicity(w))
  const ceremony = admission + rng.int(5, 25)
  const officialOn = addMonths(ceremony, 12)
  const official = officialOn <= day
  s.firstAdmission = dayText(admission)
  s.admissionDay = admission
  s.branch = branchIndex
  if (official) heldOnImport(s, day)
  const held = s.badges.map((b) => b.milestone)
  const card = official && rng.chance(0.92) ? w.nextCard(provinceOf(w, s)) : undefined
  s.add(
    day,
    "MemberImported",
    `{"orgId":"${w.tree.branches[branchIndex]!.id}","person":${who},"basis":"${basis}","status":"${
      official ? "official" : "probationary"
    }","admissionDecidedOn":"${dayText(admission)}","ceremonyOn":"${dayText(ceremony)}"${
      official ? `,"officialOn":"${dayText(officialOn)}"` : ""
    }${held.length > 0 ? `,"badges":[${held.join(",")}]` : ""}${card === undefined ? "" : `,"cardNo":"${card}"`}}`
  )
  s.status = official ? "official" : "probationary"
  s.officialDay = official ? officialOn : Number.POSITIVE_INFINITY
  s.probationEnd = official ? Number.POSITIVE_INFINITY : officialOn
  s.hasCard = card !== undefined
  if (official && card === undefined) s.cardDay = day + rng.int(30, 400)
  s.next = nextBadge(s)
  join(w, branchIndex, day)
  live(w, s, pool, day)
  const since = opening ? Math.min(day, Math.max(admission, day - rng.int(0, 3650))) : day
  return finish(w, s, pool, branchIndex, since)
}

/** A candidate admitted (decided) on `decision`, or nothing when no sponsor can be found. */
export const candidate = (
  w: World,
  pool: Array<PoolEntry>,
  branchIndex: number,
  decision: number
): ReadonlyArray<string> => {
  const rng = w.rng
  const age = rng.chance(0.03) ? 45 + rng.next() * 13 : 18.3 + 28 * Math.pow(rng.next(), 1.7)
  const birth = decision - Math.floor(age * 365.25)
  const s = new Sim(w.ulid(officeMs(rng, decision)), birth, drawFemale(w, w.cfg.femaleShareOfAdmissions))
  const who = person(w, s, drawEthnicity(w))
  const registration = `{"orgId":"${w.tree.branches[branchIndex]!.id}","person":${who},"sourceGroup":"${
    rng.pick(age < 30 ? YOUNG : ADULT)
  }"}`
  const earliest = Math.max(w.tree.openingDay, birth + Math.ceil(18.05 * 365.25))
  if (!admit(w, s, pool, branchIndex, decision, earliest, registration)) return []
  live(w, s, pool, decision)
  return finish(w, s, pool, branchIndex, decision)
}

const YOUNG = ["youthUnion", "youthUnion", "student", "militaryRecruit", "teacher"]
const ADULT = ["teacher", "worker", "villageHead", "civilServant", "farmer", "healthWorker"]

/** Adds the member to the sponsor pool and writes the stream's lines (recordedAt, ids). */
const finish = (w: World, s: Sim, pool: Array<PoolEntry>, branch: number, since: number): ReadonlyArray<string> => {
  pool.push({
    id: s.id,
    branch,
    since,
    officialDay: s.officialDay,
    leftDay: s.leftBranchDay,
    stable: s.status === "official" && !s.readmitted
  })
  const rng = w.rng
  const events = s.events.sort((a, b) => a.sort - b.sort)
  const stream = `member-${s.id}`
  const out: Array<string> = []
  let last = 0
  for (const e of events) {
    // One draw: late (30–300 days), else the same day (70%), 1–3 days (20%) or 4–14 days later.
    const x = rng.next()
    const lateShare = e.type === "Died" ? 4 * w.cfg.lateShare : w.cfg.lateShare
    const late = x < lateShare && e.type !== "MemberImported" && e.type !== "CandidateRegistered"
    const y = (x - lateShare) / (1 - lateShare)
    const delay = late
      ? 30 + Math.floor((x / lateShare) * 271)
      : y < 0.7
      ? 0
      : y < 0.9
      ? 1 + Math.floor((y - 0.7) * 15)
      : 4 + Math.floor((y - 0.9) * 110)
    let ms = officeMs(rng, e.sort + delay)
    if (ms <= last) ms = last + rng.int(1, 90) * 60_000
    last = ms
    out.push(line(w.ulid(ms), stream, e.type, dayText(e.day), isoMinutes(ms), e.data))
    w.counts.set(e.type, (w.counts.get(e.type) ?? 0) + 1)
  }
  return out
}
