/**
 * Starting points of invalid-command scenarios: valid histories stopped in a chosen state (a
 * candidate with a dossier, a member just admitted, on probation, official, exited, dead), built by
 * the life simulation without incidents, and helpers to add explicit valid steps to them.
 */
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Envelope from "@dangvien/core/Envelope"
import { eventId } from "@dangvien/core/Ids"
import type * as Member from "@dangvien/core/Member"
import * as MemberCommand from "@dangvien/core/MemberCommand"
import * as OrgHistory from "../OrgHistory.ts"
import type { Draw } from "./draw.ts"
import { Life, type LifeOptions, lifeOptions } from "./life.ts"
import * as Ulid from "./ulid.ts"
import { newCardNo } from "./world.ts"

export const cmd = MemberCommand.make

type Start = "candidate" | "import"
type More = Partial<
  Pick<LifeOptions, "candidateAgeMonths" | "importStatus" | "importBetween" | "admittedBetween" | "horizon">
>

/** A quiet life (no incidents) run until `stopWhen` holds; retried until it does. */
export const quiet = (d: Draw, start: Start, stopWhen: (s: Member.State) => boolean, more: More = {}): Life => {
  const tree = d.value(OrgHistory.orgTree())
  for (let attempt = 0; attempt < 30; attempt++) {
    const options = lifeOptions(
      {
        start,
        incidents: false,
        retractions: false,
        readmission: 0,
        stopWhen,
        ...(more.horizon === undefined ? {} : { horizon: more.horizon })
      },
      { plot: "ordinary", ...more }
    )
    const life = new Life(d, tree, options).run()
    if (stopWhen(life.state)) return life
  }
  throw new Error("@dangvien/testing: could not reach the starting state of a scenario")
}

/** Submits a step that must be accepted. */
export const must = (life: Life, command: MemberCommand.MemberCommand): void => {
  if (!life.submit(command)) {
    const refusal = life.s.refused[life.s.refused.length - 1]!
    throw new Error(
      `@dangvien/testing: scenario step ${command._tag} ${command.occurredOn} refused: ${refusal.violation.toString()}`
    )
  }
}

/** A date `lo`…`hi` days after the latest event. */
export const later = (life: Life, lo: number, hi: number): CalendarDate =>
  Calendar.addDays(life.today, life.d.int(lo, hi))

/** A fresh event id that is in no stream. */
export const unknownEventId = (d: Draw) => eventId(Ulid.make(Envelope.startOfDayInstant("2020-01-01"), d.bits(80)))

// ---------------------------------------------------------------------------
// Starting states
// ---------------------------------------------------------------------------

/** A candidate just registered (no course, no sponsors). */
export const registered = (d: Draw, more: More = {}): Life =>
  quiet(d, "candidate", (s) => s.status === "candidate", more)

/** A candidate with an awareness-course certificate and sponsors, before the branch vote. */
export const withDossier = (d: Draw, more: More = {}): Life =>
  quiet(d, "candidate", (s) => s.status === "candidate" && s.application.sponsorsAssignedOn !== undefined, more)

/** A candidate whose branch voted for admission, before the decision. */
export const voted = (d: Draw, more: More = {}): Life =>
  quiet(d, "candidate", (s) => s.status === "candidate" && s.application.resolutionOn !== undefined, more)

/** A member just admitted (probationary), before the ceremony. */
export const admitted = (d: Draw, more: More = {}): Life =>
  quiet(d, "candidate", (s) => s.status === "probationary" && s.ceremonyOn === undefined, more)

/** A probationary member after the ceremony (admitted here, or imported on probation). */
export const onProbation = (d: Draw): Life =>
  d.chance(0.7)
    ? quiet(d, "candidate", (s) => s.status === "probationary" && s.ceremonyOn !== undefined)
    : quiet(d, "import", (s) => s.status === "probationary", { importStatus: "probationary" })

const neverReadmittedOfficial = (s: Member.State): boolean => s.status === "official" && s.readmissions === 0

/**
 * An official member never readmitted (imported, or recognised here right before the card is
 * issued).
 */
export const official = (d: Draw, more: More = {}): Life =>
  more.admittedBetween !== undefined || more.importBetween !== undefined || d.chance(0.5)
    ? quiet(d, "import", neverReadmittedOfficial, { importStatus: "official", ...more })
    : quiet(d, "candidate", neverReadmittedOfficial, more)

/** An official member holding a card. */
export const officialWithCard = (d: Draw): Life => {
  const life = official(d)
  if (life.state.card === undefined) {
    must(life, cmd("IssueCard", later(life, 0, 90), { cardNo: newCardNo(d, life.world, life.state.cardNumbersUsed) }))
  }
  return life
}

/** A member who has left the Party, in a way that allows readmission (RDM-02). */
export const exitedReadmittable = (d: Draw): Life => {
  const life = official(d)
  const at = later(life, 30, 1500)
  const how = d.weighted<"struckOff" | "allowedToLeave" | "expelled">([[50, "struckOff"], [25, "allowedToLeave"], [
    25,
    "expelled"
  ]])
  must(
    life,
    how === "struckOff"
      ? cmd("StrikeOff", at, {
        reason: d.pick(["unpaidDues", "noProgress", "twoYearsViolation", "politicalStandard", "returnedCard"] as const)
      })
      : how === "allowedToLeave"
      ? cmd("AllowToLeave", at, { specialFamilyHardship: true })
      : cmd("Discipline", at, { form: "expulsion", grounds: "other" })
  )
  return life
}

/** The application of a former member for readmission: sponsors and a branch vote after the exit. */
export const applyAgain = (life: Life, voteBy: CalendarDate): void => {
  const sponsorsOn = Calendar.max(Calendar.addDays(life.today, 1), Calendar.addDays(voteBy, -life.d.int(30, 200)))
  must(life, cmd("AssignSponsors", sponsorsOn, life.sponsorsFor(sponsorsOn, false)))
  must(life, cmd("PassBranchResolution", Calendar.max(Calendar.addDays(life.today, 1), voteBy), life.vote("admission")))
}

/** A member who died while a member. */
export const dead = (d: Draw): Life => {
  const life = official(d)
  must(life, cmd("RecordDeath", later(life, 1, 3000), {}))
  return life
}

/** A member stream that starts with an import of this status. */
export const imported = (d: Draw, status: "official" | "probationary"): Life =>
  quiet(d, "import", (s) => s.status === status, { importStatus: status })

/** The data of a valid admission decision for the life's applicant on `at`. */
export const decision = (
  life: Life,
  at: CalendarDate,
  kind: "first" | "readmission"
): Extract<MemberCommand.MemberCommand, { readonly _tag: "DecideAdmission" }>["data"] => {
  const st = life.state
  const tree = life.world.tree
  const branch = st.orgId ?? life.lastBranch
  const person = st.person!
  const resolutionOn = st.application.resolutionOn ?? at
  return {
    decidedBy: (branch === undefined ? undefined : OrgHistory.admittingCommitteeOn(tree, branch, at)) ??
      tree.provinceId,
    kind,
    ...(life.ageMonths(resolutionOn) > 720 ? { over60Consent: true } : {}),
    ...(kind === "readmission" ? { provincialConsent: true } : {}),
    ...(person.education === undefined || person.education === "primary" ? { educationException: true } : {})
  }
}
