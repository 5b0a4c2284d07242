/**
 * One member's whole life in a generated province history, simulated year by year and written as
 * NDJSON lines of their stream: the opening roster (imported), arrivals from outside (imported as
 * transfers in), and candidates (registered, course, sponsors, branch vote, decision, ceremony,
 * probation, recognition or strike-off). Every step respects the rule book: the simulation keeps
 * the little state the rules look at (status, branch, probation, disciplines, badges, exemption,
 * temporary transfer) and only draws incidents that are valid on their date.
 */
import * as Badge from "@dangvien/core/Badge"
import * as Calendar from "@dangvien/core/Calendar"
import type { Milestone } from "@dangvien/core/MemberEvent"
import * as PartyAge from "@dangvien/core/PartyAge"
import * as RuleSet from "@dangvien/core/RuleSet"
import * as Names from "./names.ts"
import { drawFullName, drawNationalId } from "./people.ts"
import {
  addMonths,
  civil,
  dayOf,
  dayText,
  isoMinutes,
  monthsBetween,
  officeMs,
  type Rng,
  yearOf,
  ymd
} from "./provinceRandom.ts"
import { admittingOrg, type Config, line, type Tree } from "./provinceTree.ts"

/** A member a later candidate of the same grassroots organisation may name as sponsor (ADM-05). */
export interface PoolEntry {
  readonly id: string
  readonly branch: number
  /** In the branch since (the sponsor's `knownSince`). */
  readonly since: number
  /** Official since (the recognition decision). */
  readonly officialDay: number
  /** Left the branch (transfer, exit, death) on; `Infinity` if never. */
  readonly leftDay: number
  /** Never exits nor dies in the history: an official member to the end (what import checks). */
  readonly stable: boolean
}

/** What the generation shares across members. */
export interface World {
  readonly cfg: Config
  readonly tree: Tree
  readonly rng: Rng
  readonly ulid: (ms: number) => string
  readonly horizon: number
  /** Headcount changes per branch and year: `deltas[branch * years + (year - from)]`. */
  readonly deltas: Int32Array
  /** Yearly excellent and good ratings per grassroots organisation (RAT-04). */
  readonly quota: Int32Array
  readonly nextCard: (province: number) => string
  /** Counts by event type. */
  readonly counts: Map<string, number>
}

const FORTY_FIVE_FROM = dayOf(RuleSet.qd29.badge.fortyFiveYearBadgeFrom)

interface Ev {
  readonly sort: number
  readonly day: number
  readonly type: string
  readonly data: string
}

type Status = "candidate" | "probationary" | "official" | "exited" | "dead"

/** The simulated state of one member: what the rules look at. */
class Sim {
  readonly events: Array<Ev> = []
  status: Status = "candidate"
  /** Left the dataset (transferred out of it, abroad without return, in transit at the end). */
  gone = false
  branch = -1
  /** Last event day (STR-02). */
  last = 0
  firstAdmission: string | undefined
  readonly gaps: Array<PartyAge.Gap> = []
  admissionDay = 0
  probationEnd = Number.POSITIVE_INFINITY
  officialDay = Number.POSITIVE_INFINITY
  cardDay = 0
  exempt: "age" | "health" | undefined
  exemptionEnds = 0
  temporaryEnds = 0
  readonly disciplines: Array<{ form: "reprimand" | "warning" | "removalFromPost" | "expulsion"; on: string }> = []
  readonly badges: Array<{ milestone: Milestone; on: string }> = []
  next: { milestone: Milestone; due: number } | undefined
  hasCard = false
  residence = false
  readmitted = false
  readmitDay = 0
  exit: { kind: "struckOff" | "allowedToLeave" | "expelled"; day: number } | undefined
  leftBranchDay = Number.POSITIVE_INFINITY
  educationException = false
  religious = false
  readonly id: string
  readonly birth: number
  readonly female: boolean
  constructor(id: string, birth: number, female: boolean) {
    this.id = id
    this.birth = birth
    this.female = female
  }
  add(day: number, type: string, data: string, sort = day) {
    this.events.push({ sort, day, type, data })
    if (day > this.last) this.last = day
  }
  get member() {
    return this.status === "probationary" || this.status === "official"
  }
  membership(ended?: string): PartyAge.Membership {
    return { firstAdmissionOn: this.firstAdmission!, gaps: this.gaps, endedOn: ended }
  }
}

const ageOn = (s: Sim, day: number) => (day - s.birth) / 365.25

const join = (w: World, branch: number, day: number) => {
  const years = w.cfg.to - w.cfg.from + 1
  const yi = Math.min(years - 1, Math.max(0, yearOf(day) - w.cfg.from))
  w.deltas[branch * years + yi]!++
}
const leave = (w: World, s: Sim, day: number) => {
  if (s.branch < 0) return
  const years = w.cfg.to - w.cfg.from + 1
  const yi = Math.min(years - 1, Math.max(0, yearOf(day) - w.cfg.from))
  w.deltas[s.branch * years + yi]!--
  if (s.leftBranchDay === Number.POSITIVE_INFINITY) s.leftBranchDay = day
}

/** The person object of `CandidateRegistered` / `MemberImported` (notes what admission needs: ADM-02, ADM-11). */
const person = (w: World, s: Sim, ethnicity: string): string => {
  const rng = w.rng
  const gender = s.female ? "female" : "male"
  const style = Names.styles[ethnicity] ?? Names.styles["Kinh"]!
  const birthDate = dayText(s.birth)
  const education = rng.weighted<string>([
    [s.birth < OLD ? 45 : 75, "upperSecondary"],
    [20, "lowerSecondary"],
    [ethnicity === "Kinh" ? 1 : 6, "primary"]
  ])
  const religion = rng.weighted(style.religions)
  s.educationException = education === "primary"
  s.religious = religion !== null
  return JSON.stringify({
    fullName: drawFullName(rng, ethnicity, gender),
    birthDate,
    gender,
    ethnicity,
    religion,
    education,
    professional: rng.weighted<string>(PROFESSIONAL),
    ...(rng.chance(0.6) ? { politicalTheory: rng.weighted(THEORY) } : {}),
    ...(s.birth >= BORN_1940 && rng.chance(0.7) ? { nationalId: drawNationalId(rng, birthDate, gender) } : {})
  })
}

const OLD = dayOf("1955-01-01")
const BORN_1940 = dayOf("1940-01-01")
const PROFESSIONAL: ReadonlyArray<readonly [number, string]> = [
  [30, "university"],
  [20, "none"],
  [20, "vocational"],
  [15, "college"],
  [5, "postgraduate"]
]
const THEORY: ReadonlyArray<readonly [number, string]> = [[55, "elementary"], [35, "intermediate"], [10, "advanced"]]

const drawEthnicity = (
  w: World
) => (w.rng.chance(w.cfg.ethnicMinorityShare) ? w.rng.weighted(w.cfg.minorities) : "Kinh")

/** Official members of a branch on a day, from the pool (for the branch vote, ADM-06). */
const officialsOn = (pool: ReadonlyArray<PoolEntry>, branch: number, day: number) => {
  let n = 0
  for (const p of pool) if (p.branch === branch && p.officialDay <= day && p.since <= day && p.leftDay > day) n++
  return n
}

const vote = (w: World, officials: number) => {
  const n = Math.max(1, officials)
  const need = Math.ceil((2 * n) / 3)
  return `"officialMembers":${n},"votesFor":${need + w.rng.int(0, n - need)}`
}

/** Up to `n` distinct stable official sponsors in the grassroots organisation on `day`, known 12 months. */
const sponsors = (
  w: World,
  pool: ReadonlyArray<PoolEntry>,
  branch: number,
  day: number,
  n: number
): Array<PoolEntry> => {
  const out: Array<PoolEntry> = []
  if (pool.length === 0) return out
  const knownBy = addMonths(day, -12)
  for (let tries = 0; tries < 60 && out.length < n; tries++) {
    const p = pool[w.rng.int(0, pool.length - 1)]!
    const sameBranch = p.branch === branch
    if (!sameBranch && tries < 30) continue
    if (p.stable && p.officialDay <= day && p.since <= knownBy && p.leftDay > day && !out.includes(p)) out.push(p)
  }
  return out
}

/**
 * The admission steps from the sponsors to the ceremony (first admission or readmission). Returns
 * false, adding nothing, when the grassroots organisation has no sponsor to offer.
 */
const admit = (
  w: World,
  s: Sim,
  pool: ReadonlyArray<PoolEntry>,
  branchIndex: number,
  decision: number,
  earliest: number,
  registration: string | undefined
): boolean => {
  const rng = w.rng
  const resolution = Math.max(earliest + 2, decision - rng.int(10, 45))
  const sponsorDay = Math.max(earliest + 1, resolution - rng.int(3, 60))
  const young = ageOn(s, sponsorDay) < 30.5
  const youth = young && rng.chance(0.6)
  const found = sponsors(w, pool, branchIndex, sponsorDay, youth ? 1 : 2)
  const named = (p: PoolEntry) => `{"kind":"member","memberId":"${p.id}","knownSince":"${dayText(p.since)}"}`
  let list: string
  if (found.length === 2) list = `${named(found[0]!)},${named(found[1]!)}`
  else if (found.length === 1) list = `${named(found[0]!)},{"kind":"${young ? "youthUnion" : "tradeUnion"}"}`
  else return false
  if (registration !== undefined) {
    const course = Math.max(earliest, sponsorDay - rng.int(0, 150))
    s.add(Math.max(earliest, course - rng.int(20, 500)), "CandidateRegistered", registration)
    s.add(course, "AwarenessCourseCompleted", `{"certificateNo":"${rng.int(1, 9999)}-GCN/BTG"}`)
  }
  s.add(sponsorDay, "SponsorsAssigned", `{"sponsors":[${list}]}`)
  s.add(
    resolution,
    "BranchResolutionPassed",
    `{"purpose":"admission",${vote(w, officialsOn(pool, branchIndex, resolution))}}`
  )
  const readmission = s.exit !== undefined
  const by = admittingOrg(w.tree, w.cfg, w.tree.branches[branchIndex]!, decision)
  s.add(
    decision,
    "AdmissionDecided",
    `{"decidedBy":"${by}","decisionNo":"${rng.int(1, 9999)}-QĐ/TV","kind":"${readmission ? "readmission" : "first"}"${
      readmission ? `,"provincialConsent":true` : ""
    }${s.educationException ? `,"educationException":true` : ""}${s.religious ? `,"religiousApproval":true` : ""}}`
  )
  if (s.firstAdmission === undefined) s.firstAdmission = dayText(decision)
  else if (s.exit !== undefined) s.gaps.push({ from: dayText(s.exit.day), to: dayText(decision) })
  if (readmission) s.readmitted = true
  s.exit = undefined
  s.status = "probationary"
  s.admissionDay = decision
  s.officialDay = Number.POSITIVE_INFINITY
  s.branch = branchIndex
  join(w, branchIndex, decision)
  const ceremony = decision + rng.int(5, 25)
  if (ceremony <= w.horizon) {
    s.add(ceremony, "AdmissionCeremonyHeld", "{}")
    s.probationEnd = addMonths(ceremony, 12)
  } else s.probationEnd = Number.POSITIVE_INFINITY
  s.next = nextBadge(s)
  return true
}

// -- Badges (BDG-01 … BDG-06) ---------------------------------------------------------------------

/**
 * The day party age reaches `years` (a living member): `PartyAge.yearsReachedOn`, with a fast path
 * for a membership without gaps — the first admission plus the months, when that is exactly the
 * first day `monthsBetween` counts them.
 */
const reachDay = (s: Sim, years: number): number => {
  const first = s.firstAdmission!
  if (s.gaps.length === 0) {
    const day = dayOf(first)
    if (civil(day)[2] <= 28) return addMonths(day, 12 * years)
    const c = Calendar.addMonths(first, 12 * years)
    if (
      Calendar.monthsBetween(first, c) >= 12 * years &&
      Calendar.monthsBetween(first, Calendar.addDays(c, -1)) < 12 * years
    ) return dayOf(c)
  }
  return dayOf(PartyAge.yearsReachedOn(s.membership(), years)!)
}

/** The next milestone above those held and the day it is due (45 years: not before 25/07/2016). */
const nextBadge = (s: Sim): Sim["next"] => {
  if (s.firstAdmission === undefined) return undefined
  let highest = 0
  for (const b of s.badges) highest = Math.max(highest, b.milestone)
  for (const m of Badge.milestones) {
    if (m <= highest) continue
    const reached = reachDay(s, m)
    if (m === 45) {
      if (reachDay(s, 50) < FORTY_FIVE_FROM) continue
      return { milestone: m, due: Math.max(reached, FORTY_FIVE_FROM) }
    }
    return { milestone: m, due: reached }
  }
  return undefined
}

/**
 * The badges a member imported on `day` holds (as `badgePlan.imported`): each milestone whose first
 * occasion came by then, dated as the member state dates them.
 */
const heldOnImport = (s: Sim, day: number): void => {
  const on = dayText(day)
  for (const m of Badge.milestones) {
    const reached = reachDay(s, m)
    if (reached > day) return
    if (m === 45 && reachDay(s, 50) < FORTY_FIVE_FROM) continue
    const awarded = Badge.nextOccasion(dayText(m === 45 ? Math.max(reached, FORTY_FIVE_FROM) : reached)).on
    if (awarded > on) return
    // The member state dates an imported badge at its first occasion after the milestone, or the import day.
    s.badges.push({ milestone: m, on: Badge.nextOccasion(dayText(reached)).on })
  }
}

/** BDG-05: a discipline in force delays badges on this day. */
const delayed = (s: Sim, day: number): boolean => {
  if (s.disciplines.length === 0) return false
  const on = dayText(day)
  const rules = RuleSet.forDate(on)
  return s.disciplines.some((d) => {
    const until = Badge.delayedUntil(d, rules)
    return until !== undefined && d.on <= on && on < until
  })
}

const award = (w: World, s: Sim, day: number, milestone: Milestone, posthumous: boolean, early: boolean) => {
  const on = dayText(day)
  s.add(
    day,
    "BadgeAwarded",
    `{"milestone":${milestone},"occasion":"${on.slice(5)}","posthumous":${posthumous},"early":${early},"badgeNo":"${
      w.rng.int(1, 999_999)
    }"}`
  )
  s.badges.push({ milestone, on })
}

/** Badges due on an occasion (the first occasion on or after the milestone, BDG-02). */
const occasion = (w: World, s: Sim, day: number) => {
  for (let i = 0; i < 3 && s.next !== undefined && s.next.due <= day; i++) {
    if (delayed(s, day)) return
    award(w, s, day, s.next.milestone, false, false)
    s.next = nextBadge(s)
  }
}

/** BDG-04: the highest milestone reached in life (or missed by at most 12 months), at a later occasion. */
const posthumous = (w: World, s: Sim, died: number) => {
  if (s.firstAdmission === undefined || s.exit !== undefined) return
  const diedOn = dayText(died)
  const membership = s.membership(diedOn)
  let highest = 0
  for (const b of s.badges) highest = Math.max(highest, b.milestone)
  // The highest milestone reached in life or missed by at most the posthumous window.
  const months = PartyAge.months(membership, diedOn)
  const window = RuleSet.forDate(diedOn).badge.posthumousEarlyMonths
  let m: Milestone | undefined
  for (const x of Badge.milestones) if (x > highest && 12 * x - months <= window) m = x
  if (m === undefined) return
  const early = Badge.reach(membership, m, diedOn)._tag === "Early"
  let o = dayOf(Badge.nextOccasion(dayText(died + 1)).on)
  for (let i = 0; i < 8 && o <= w.horizon; i++) {
    const on = dayText(o)
    if (!delayed(s, o) && Badge.milestoneAvailable(m, on, s.badges, RuleSet.forDate(on))) {
      award(w, s, o, m, true, early)
      return
    }
    o = dayOf(Badge.nextOccasion(dayText(o + 1)).on)
  }
}

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

const exitWith = (
  w: World,
  s: Sim,
  day: number,
  kind: "struckOff" | "allowedToLeave" | "expelled",
  readmissible: boolean
) => {
  leave(w, s, day)
  s.status = "exited"
  s.exit = { kind, day }
  s.exempt = undefined
  s.temporaryEnds = 0
  s.hasCard = false
  if (readmissible && !s.readmitted && w.rng.chance(w.cfg.rates.readmission)) {
    s.readmitDay = addMonths(day, w.rng.int(37, 96))
  }
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

const provinceOf = (w: World, s: Sim) => w.tree.grassroots[w.tree.branches[s.branch]!.grassroots]!.province

/** Recognition at the end of probation (PRB-02, PRB-03), or struck off as not recognised (PRB-04). */
const recognition = (w: World, s: Sim, pool: ReadonlyArray<PoolEntry>) => {
  const rng = w.rng
  const end = s.probationEnd
  s.probationEnd = Number.POSITIVE_INFINITY
  if (rng.chance(w.cfg.rates.notRecognized)) {
    const day = Math.max(end, s.last) + rng.int(5, 40)
    if (day > w.horizon) return
    s.add(day, "StruckOff", `{"reason":"probationNotRecognized"}`)
    return exitWith(w, s, day, "struckOff", true)
  }
  const resolution = Math.max(end, s.last) + rng.int(0, 25)
  if (resolution > w.horizon) return
  s.add(
    resolution,
    "BranchResolutionPassed",
    `{"purpose":"recognition",${vote(w, officialsOn(pool, s.branch, resolution))}}`
  )
  const decision = resolution + rng.int(3, 20)
  if (decision > w.horizon) return
  s.add(end, "OfficialRecognized", `{"decisionNo":"${rng.int(1, 9999)}-QĐ/TV"}`, decision)
  s.last = Math.max(s.last, decision)
  s.status = "official"
  s.officialDay = decision
  if (!s.hasCard) s.cardDay = decision + rng.int(20, 150)
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
const rate = (w: World, s: Sim, year: number, day: number) => {
  const period = String(year)
  if (s.admissionDay > ymd(year, 6, 30)) {
    s.add(day, "NotRated", `{"period":"${period}","reason":"admittedUnder6Months"}`)
    return
  }
  if (s.exempt !== undefined) {
    s.add(day, "NotRated", `{"period":"${period}","reason":"exempted"}`)
    return
  }
  const r = w.cfg.rates
  let level: string
  if (s.disciplines.some((d) => d.on.startsWith(period))) level = "notCompleted"
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
    { day: number; kind: Incident | "recognition" | "occasion" | "card" | "temporaryEnd" | "exemptionEnd" }
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
      if (day >= s.last && day <= w.horizon) rate(w, s, y, day)
    }
  }
}

// -- Starts of a life -----------------------------------------------------------------------------

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
  let admission = 0
  let birth = 0
  for (let i = 0; i < 6; i++) {
    const years = opening ? Math.min(60, -Math.log(1 - rng.next()) * 13) : rng.next() * 30
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
