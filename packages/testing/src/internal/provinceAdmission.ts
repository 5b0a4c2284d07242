/**
 * Admission of a generated member (§2, §3): personal data, sponsors from the grassroots
 * organisation's pool (ADM-04, ADM-05), the branch vote (ADM-06), decision and ceremony (ADM-08,
 * ADM-09), and recognition at the end of probation (PRB-02 … PRB-04).
 */
import * as Names from "./names.ts"
import { drawFullName, drawNationalId } from "./people.ts"
import { nextBadge } from "./provinceBadges.ts"
import { ageOn, exitWith, join, type PoolEntry, type Sim, type World } from "./provinceMember.ts"
import { addMonths, dayOf, dayText } from "./provinceRandom.ts"
import { admittingOrg } from "./provinceTree.ts"

/** The person object of `CandidateRegistered` / `MemberImported` (notes what admission needs: ADM-02, ADM-11). */
export const person = (w: World, s: Sim, ethnicity: string): string => {
  const rng = w.rng
  const gender = s.female ? "female" : "male"
  const style = Names.styles[ethnicity] ?? Names.styles["Kinh"]!
  const birthDate = dayText(s.birth)
  const education = rng.weighted<string>([
    [s.birth < OLD ? 45 : 75, "upperSecondary"],
    [20, "lowerSecondary"],
    [ethnicity === "Kinh" ? 1 : 6, "primary"]
  ])
  const share = w.cfg.religiousShare
  const religion = share === undefined
    ? rng.weighted(style.religions)
    : rng.chance(share)
    ? rng.weighted(religionsOf(style))
    : null
  s.educationException = education === "primary"
  s.religious = religion !== null
  // Written by hand in JSON.stringify's form (names, places and codes need no escaping): 6% faster.
  const fullName = drawFullName(rng, ethnicity, gender)
  const professional = rng.weighted<string>(PROFESSIONAL)
  const theory = rng.chance(0.6) ? `,"politicalTheory":"${rng.weighted(THEORY)}"` : ""
  const id = s.birth >= BORN_1940 && rng.chance(0.7) ? `,"nationalId":"${drawNationalId(rng, birthDate, gender)}"` : ""
  return `{"fullName":"${fullName}","birthDate":"${birthDate}","gender":"${gender}","ethnicity":"${ethnicity}","religion":${
    religion === null ? "null" : `"${religion}"`
  },"education":"${education}","professional":"${professional}"${theory}${id}}`
}

/** The religions of an ethnic group, without "none" (Phật giáo for a group with none listed). */
const religionsOf = (style: Names.NameStyle): ReadonlyArray<readonly [number, string]> => {
  const some = style.religions.filter((r): r is readonly [number, string] => r[1] !== null)
  return some.length === 0 ? [[1, "Phật giáo"]] : some
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

export const drawEthnicity = (
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

/** A member sponsor with the date they have known the applicant since (ADM-05). */
const named = (p: PoolEntry) => `{"kind":"member","memberId":"${p.id}","knownSince":"${dayText(p.since)}"}`

/**
 * The admission steps from the sponsors to the ceremony (first admission or readmission). Returns
 * false, adding nothing, when the grassroots organisation has no sponsor to offer.
 */
export const admit = (
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

/** Recognition at the end of probation (PRB-02, PRB-03), or struck off as not recognised (PRB-04). */
export const recognition = (w: World, s: Sim, pool: ReadonlyArray<PoolEntry>) => {
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
