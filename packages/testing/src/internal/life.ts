/**
 * The life of one member as a discrete-event simulation whose every step goes through the member
 * decider. Scheduled steps (the admission procedure, the ceremony, recognition at ceremony + 12
 * months, the card, arrival after a transfer, ratings, badges at their occasions, annulments,
 * readmission) happen on their dates; spontaneous incidents (transfers, discipline, exemption,
 * exits, death, corrections, retractions) happen at random times before the next scheduled step.
 * Commands are built to satisfy the rules, and whatever the decider still refuses is dropped and
 * kept aside (`refused`), so the recorded history is valid by construction.
 */
import * as Badge from "@dangvien/core/Badge"
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import type { EventId, OrgId } from "@dangvien/core/Ids"
import * as Member from "@dangvien/core/Member"
import * as MemberCommand from "@dangvien/core/MemberCommand"
import { periodBounds } from "@dangvien/core/MemberEvent"
import type { Milestone, Occasion, RatingLevel, Sponsor } from "@dangvien/core/MemberEvent"
import * as PartyAge from "@dangvien/core/PartyAge"
import * as RuleSet from "@dangvien/core/RuleSet"
import * as OrgHistory from "../OrgHistory.ts"
import * as BadgePlan from "./badgePlan.ts"
import type { Draw } from "./draw.ts"
import * as Incidents from "./incidents.ts"
import { MemberStream } from "./memberStream.ts"
import { drawPerson } from "./people.ts"
import { makeWorld, newCardNo, type SponsorFact, type World } from "./world.ts"

export interface LifeOptions {
  /** How the stream starts: a candidate (quần chúng ưu tú), an imported member, or either. */
  readonly start: "candidate" | "import" | "any"
  /** The earliest start date. */
  readonly from: CalendarDate
  /** Nothing happens after this date. */
  readonly horizon: CalendarDate
  /** Whether incidents happen (false: only the scheduled procedure, ratings and badges). */
  readonly incidents: boolean
  readonly retractions: boolean
  readonly maxEvents: number
  /** Stops right after the first event that makes this true. */
  readonly stopWhen: ((state: Member.State) => boolean) | undefined
  /** A candidate's age at registration, in months. */
  readonly candidateAgeMonths: readonly [number, number] | undefined
  readonly importStatus: "official" | "probationary" | undefined
  /** The chance that a member who may be readmitted is readmitted. */
  readonly readmission: number
  /** A fixed kind of life (default: drawn). */
  readonly plot?: Life["plot"] | undefined
  /** The range of the import date (default 2000 … 2020, before the horizon). */
  readonly importBetween?: readonly [CalendarDate, CalendarDate] | undefined
  /** The range of an imported official member's admission date (default 1955 … import − 14 months). */
  readonly admittedBetween?: readonly [CalendarDate, CalendarDate] | undefined
}

type Step = {
  readonly kind: "course" | "sponsors" | "vote" | "decide"
  readonly at: CalendarDate
  readonly refresh?: boolean
}

/** Something that happens on a date. */
export interface Job {
  readonly at: CalendarDate
  readonly run: () => void
}

const between = (d: Draw, from: CalendarDate, to: CalendarDate): CalendarDate =>
  Calendar.fromDayNumber(
    d.int(Calendar.toDayNumber(from), Math.max(Calendar.toDayNumber(from), Calendar.toDayNumber(to)))
  )

const cmd = MemberCommand.make

type DataOf<K extends MemberCommand.MemberCommandName> = Extract<
  MemberCommand.MemberCommand,
  { readonly _tag: K }
>["data"]

const ratingLevels: ReadonlyArray<readonly [number, RatingLevel]> = [
  [60, "good"],
  [20, "completed"],
  [15, "excellent"],
  [5, "notCompleted"]
]

export class Life {
  readonly s: MemberStream
  readonly world: World
  readonly d: Draw
  readonly o: LifeOptions
  private admissionKind: "first" | "readmission" = "first"
  private steps: Array<Step> = []
  private expungedOn: CalendarDate | undefined
  private ceremony: { readonly at: CalendarDate; readonly consent: boolean } | undefined
  private recognition: { readonly at: CalendarDate; readonly recognise: boolean } | undefined
  private recogniseNow = false
  cardAt: CalendarDate | undefined
  arrival: {
    readonly at: CalendarDate
    readonly orgId: OrgId | undefined
    readonly lateReason?: string
    readonly never: boolean
  } | undefined
  tempEnd: CalendarDate | undefined
  exemptionEnd: CalendarDate | undefined
  healthIssue = false
  readonly annulments: Array<{ readonly at: CalendarDate; readonly eventId: EventId }> = []
  private periods: Array<{ readonly period: string; readonly at: CalendarDate }> = []
  private nextYear: number | undefined
  private readonly skipBadges = new Set<Milestone>()
  private posthumous: BadgePlan.Due | undefined
  private readmissionBarred = false
  /**
   * The kind of life, to make the rarer paths common enough to test: `ordinary`, `turbulent`
   * (discipline and exits), `comeback` (an early exit and a readmission), `mobile` (transfers),
   * `farewell` (death close to a badge milestone, for posthumous badges).
   */
  readonly plot: "ordinary" | "turbulent" | "comeback" | "mobile" | "farewell"
  private farewell: CalendarDate | "none" | undefined
  /** For a `turbulent` life: a discipline shortly before a badge is due, which delays it (BDG-05). */
  private blemish: CalendarDate | "done" | undefined
  /** The last branch the member belonged to (readmission keeps no organisation in the state). */
  lastBranch: OrgId | undefined

  constructor(d: Draw, tree: OrgHistory.OrgTree, options: LifeOptions) {
    this.d = d
    this.o = options
    this.plot = options.plot ??
      d.weighted<Life["plot"]>([[35, "ordinary"], [15, "turbulent"], [20, "comeback"], [15, "mobile"], [
        15,
        "farewell"
      ]])
    const start = options.start === "any"
      ? d.weighted<"candidate" | "import">([[55, "candidate"], [45, "import"]])
      : options.start
    const importFrom = Calendar.max(options.from, "2000-01-01")
    const [importLo, importHi] = options.importBetween ??
      [importFrom, Calendar.max(importFrom, Calendar.min("2020-12-31", Calendar.addYears(options.horizon, -1)))]
    const startOn = start === "candidate"
      ? between(d, options.from, Calendar.max(options.from, Calendar.addYears(options.horizon, -4)))
      : between(d, importLo, importHi)
    this.world = makeWorld(d, tree, startOn)
    this.s = new MemberStream(d, this.world.memberId, this.world.context, startOn)
    if (start === "candidate") this.register(startOn)
    else this.importMember(startOn)
  }

  get state(): Member.State {
    return this.s.state
  }

  get today(): CalendarDate {
    return this.s.today
  }

  ageMonths(on: CalendarDate): number {
    const p = this.state.person
    return p === undefined ? 0 : Calendar.monthsBetween(p.birthDate, on)
  }

  /** Submits a command and updates the plans when it is accepted. */
  submit(command: MemberCommand.MemberCommand): boolean {
    const ok = this.s.submit(command)
    if (ok) this.afterRecorded(command)
    return ok
  }

  // -------------------------------------------------------------------------
  // Starts
  // -------------------------------------------------------------------------

  private register(on: CalendarDate): void {
    const d = this.d
    const [lo, hi] = this.o.candidateAgeMonths ??
      d.weighted<readonly [number, number]>([[70, [219, 360]], [20, [360, 540]], [7, [540, 700]], [3, [708, 744]]])
    const bornTo = Calendar.addMonths(on, -d.int(lo, hi))
    const person = drawPerson(d, { bornFrom: Calendar.addDays(bornTo, -27), bornTo })
    const branches = OrgHistory.liveBranchesOn(this.world.tree, on)
    const sourceGroup = d.weighted<string | undefined>([
      [40, undefined],
      [30, "youthUnion"],
      [10, "teacher"],
      [8, "militaryRecruit"],
      [5, "villageHead"],
      [7, "worker"]
    ])
    this.submit(cmd("RegisterCandidate", on, {
      orgId: d.pick(branches),
      person,
      ...(sourceGroup === undefined ? {} : { sourceGroup })
    }))
  }

  private importMember(on: CalendarDate): void {
    const d = this.d
    const status = this.o.importStatus ??
      d.weighted<"official" | "probationary">([[88, "official"], [12, "probationary"]])
    const year = Calendar.toParts(on).year
    let admittedOn: CalendarDate
    if (status === "official") {
      const [lo, hi] = this.o.admittedBetween ?? [`${d.int(1955, year - 2)}-01-01`, undefined]
      admittedOn = between(d, lo, Calendar.min(hi ?? `${lo.slice(0, 4)}-12-31`, Calendar.addMonths(on, -14)))
    } else {
      admittedOn = Calendar.addDays(on, -d.int(60, 300))
    }
    const ceremonyOn = Calendar.addWorkingDays(admittedOn, d.int(1, 30))
    let first = admittedOn
    const gaps: Array<{ from: CalendarDate; to: CalendarDate; reason: string }> = []
    if (status === "official" && d.chance(0.08)) {
      const gapFrom = Calendar.addMonths(admittedOn, -d.int(36, 120))
      first = Calendar.addMonths(gapFrom, -d.int(12, 180))
      gaps.push({ from: gapFrom, to: admittedOn, reason: d.pick(["xóa tên", "cho ra khỏi Đảng", "khai trừ"]) })
      this.readmissionBarred = true // RDM-03: the earlier readmission is not in this store
    }
    const person = drawPerson(d, {
      bornFrom: Calendar.addMonths(first, -40 * 12),
      bornTo: Calendar.addMonths(first, -219),
      educationKnown: false
    })
    const badges = BadgePlan.imported({ firstAdmissionOn: first, gaps }, on)
    const cardNo = status === "official" && d.chance(0.85) ? newCardNo(d, this.world, []) : undefined
    this.submit(cmd("ImportMember", on, {
      orgId: d.pick(OrgHistory.liveBranchesOn(this.world.tree, on)),
      person,
      basis: d.weighted<"openingBalance" | "transferIn">([[85, "openingBalance"], [15, "transferIn"]]),
      status,
      admissionDecidedOn: admittedOn,
      ceremonyOn,
      ...(status === "official" ? { officialOn: Calendar.addMonths(ceremonyOn, 12) } : {}),
      ...(gaps.length > 0 ? { firstAdmissionDecidedOn: first, partyAgeGaps: gaps } : {}),
      ...(badges.length > 0 ? { badges } : {}),
      ...(cardNo === undefined ? {} : { cardNo })
    }))
  }

  // -------------------------------------------------------------------------
  // Plans kept up to date after each accepted event
  // -------------------------------------------------------------------------

  private afterRecorded(c: MemberCommand.MemberCommand): void {
    const d = this.d
    const st = this.state
    if (st.orgId !== undefined) this.lastBranch = st.orgId
    switch (c._tag) {
      case "RegisterCandidate":
        return this.planFirstAdmission(c.occurredOn)
      case "ImportMember": {
        this.startRatings(c.occurredOn)
        if (c.data.status === "probationary") this.planRecognition(c.data.ceremonyOn)
        else if (c.data.cardNo === undefined && d.chance(0.6)) {
          this.cardAt = Calendar.addDays(c.occurredOn, d.int(30, 700))
        }
        return
      }
      case "DecideAdmission": {
        this.steps = []
        const late = d.chance(0.05)
        this.ceremony = {
          at: Calendar.addWorkingDays(c.occurredOn, late ? d.int(31, 70) : d.int(1, 30)),
          consent: late
        }
        return this.startRatings(c.occurredOn)
      }
      case "HoldCeremony":
        this.ceremony = undefined
        return this.planRecognition(c.occurredOn)
      case "RecognizeOfficial":
        this.recogniseNow = false
        if (st.card === undefined || st.card.collected) this.cardAt = Calendar.addDays(this.today, d.int(0, 120))
        return
      case "IssueCard":
      case "ReissueCard":
        this.world.cards.set(c.data.cardNo, this.world.memberId)
        if (c._tag === "IssueCard") this.cardAt = undefined
        return
      case "TransferIn":
        this.arrival = undefined
        return
      case "EndTemporaryTransfer":
        this.tempEnd = undefined
        return
      case "EndExemption":
        this.exemptionEnd = undefined
        return
      case "Discipline": {
        const annul = d.chance((c.data.form === "expulsion" ? 0.15 : 0.07) * (this.plot === "turbulent" ? 2.5 : 1))
        if (annul) {
          const target = this.s.events[this.s.events.length - 1]!
          this.annulments.push({ at: Calendar.addDays(c.occurredOn, d.int(30, 300)), eventId: target.id })
        }
        if (c.data.form === "expulsion") this.afterExit(annul)
        return
      }
      case "AnnulDiscipline":
        if (Member.isMember(st) && this.nextYear === undefined) this.restored()
        return
      case "StrikeOff":
      case "AllowToLeave":
        return this.afterExit(false)
      case "RecordDeath":
        return this.afterDeath()
      default:
        return
    }
  }

  private planFirstAdmission(registeredOn: CalendarDate): void {
    const d = this.d
    const course = Calendar.addDays(registeredOn, d.int(7, 200))
    let sponsors = Calendar.addDays(course, d.int(0, 150))
    const steps: Array<Step> = [{ kind: "course", at: course }, { kind: "sponsors", at: sponsors }]
    if (d.chance(0.08)) {
      // The dossier is not voted on within 12 months and is refreshed (ADM-10).
      sponsors = Calendar.addDays(Calendar.addMonths(sponsors, 12), d.int(1, 200))
      steps.push({ kind: "sponsors", at: sponsors, refresh: true })
    }
    if (!d.chance(0.04)) {
      const vote = Calendar.min(Calendar.addDays(sponsors, d.int(7, 250)), Calendar.addMonths(sponsors, 12))
      steps.push({ kind: "vote", at: vote }, { kind: "decide", at: Calendar.addDays(vote, d.int(5, 100)) })
    }
    this.admissionKind = "first"
    this.steps = steps
  }

  private planRecognition(ceremonyOn: CalendarDate): void {
    const d = this.d
    const end = Calendar.addMonths(ceremonyOn, 12)
    const fate = d.weighted<"onTime" | "late" | "notRecognised">([[90, "onTime"], [5, "late"], [5, "notRecognised"]])
    this.recognition = {
      at: Calendar.addWorkingDays(end, fate === "late" ? d.int(31, 60) : d.int(0, 30)),
      recognise: fate !== "notRecognised"
    }
  }

  private startRatings(from: CalendarDate): void {
    const p = Calendar.toParts(from)
    this.nextYear = from <= `${p.year}-11-30` ? p.year : p.year + 1
    this.periods = []
  }

  private clearMemberPlans(): void {
    this.steps = []
    this.ceremony = undefined
    this.recognition = undefined
    this.recogniseNow = false
    this.cardAt = undefined
    this.arrival = undefined
    this.tempEnd = undefined
    this.exemptionEnd = undefined
    this.periods = []
    this.nextYear = undefined
  }

  private afterExit(annulmentPlanned: boolean): void {
    this.clearMemberPlans()
    const st = this.state
    const x = st.exit
    if (x === undefined || annulmentPlanned) return
    const barred = st.readmissions > 0 || this.readmissionBarred ||
      (x.kind === "struckOff" && x.reason === "abandonedActivity") ||
      (x.kind === "allowedToLeave" && x.specialFamilyHardship !== true) ||
      (x.kind === "expelled" &&
        (x.grounds === "seriousDisunity" || x.grounds === "corruptionConviction" ||
          x.grounds === "seriousCrimeConviction"))
    const chance = this.plot === "comeback"
      ? 1
      : this.plot === "turbulent"
      ? Math.max(0.9, this.o.readmission)
      : this.o.readmission
    if (barred || !this.d.chance(chance)) return
    const d = this.d
    let decideAt = Calendar.addDays(Calendar.addMonths(x.on, 36), d.int(0, this.plot === "comeback" ? 400 : 1500))
    this.expungedOn = undefined
    if (x.grounds === "lessSeriousCrimeConviction") {
      const expunged = Calendar.addMonths(x.on, d.int(6, 36))
      this.expungedOn = expunged
      decideAt = Calendar.max(decideAt, Calendar.addDays(Calendar.addMonths(expunged, 60), d.int(0, 200)))
    }
    const voteAt = Calendar.addDays(decideAt, -d.int(5, 60))
    const sponsorsAt = Calendar.addDays(voteAt, -d.int(10, 250))
    const steps: Array<Step> = []
    if (d.chance(0.8)) steps.push({ kind: "course", at: Calendar.addDays(sponsorsAt, -d.int(0, 120)) })
    steps.push({ kind: "sponsors", at: sponsorsAt }, { kind: "vote", at: voteAt }, { kind: "decide", at: decideAt })
    this.admissionKind = "readmission"
    this.steps = steps
  }

  /** An annulled expulsion restores membership (AGE-04): resume ratings and pending moves. */
  private restored(): void {
    const d = this.d
    const st = this.state
    this.steps = []
    this.startRatings(this.today)
    if (st.transit !== undefined) {
      this.arrival = {
        at: Calendar.addWorkingDays(this.today, d.int(1, 30)),
        orgId: st.transit.toOrgId,
        lateReason: "Chờ giải quyết khiếu nại kỷ luật",
        never: false
      }
    }
    if (st.temporaryTransfer !== undefined) this.tempEnd = Calendar.addDays(this.today, d.int(1, 60))
  }

  private afterDeath(): void {
    this.clearMemberPlans()
    const d = this.d
    const st = this.state
    if (st.diedOn === undefined || !d.chance(0.85)) return
    this.posthumous = BadgePlan.posthumous(st, Calendar.addDays(st.diedOn, d.int(15, 200)), this.o.horizon)
  }

  // -------------------------------------------------------------------------
  // The simulation
  // -------------------------------------------------------------------------

  run(): this {
    const limit = this.o.maxEvents * 6
    for (let i = 0; i < limit && this.s.events.length < this.o.maxEvents; i++) {
      if (this.state.status === "none" || this.o.stopWhen?.(this.state) === true) break
      let next: Job | undefined
      for (const job of this.scheduled()) if (next === undefined || job.at < next.at) next = job
      const job = (this.o.incidents ? Incidents.next(this, next?.at) : undefined) ?? next
      if (job === undefined || job.at > this.o.horizon) break
      job.run()
    }
    return this
  }

  /** The scheduled jobs in the current state. */
  scheduled(): ReadonlyArray<Job> {
    const st = this.state
    const jobs: Array<Job> = []
    const when = (at: CalendarDate) => Calendar.max(at, this.today)
    const step = this.steps[0]
    if (
      step !== undefined &&
      ((st.status === "candidate" && this.admissionKind === "first") ||
        (Member.hasLeft(st) && this.admissionKind === "readmission"))
    ) {
      jobs.push({ at: when(step.at), run: () => this.runStep(step, when(step.at)) })
    }
    if (st.status === "probationary") {
      const ceremony = this.ceremony
      if (st.ceremonyOn === undefined && ceremony !== undefined) {
        jobs.push({ at: when(ceremony.at), run: () => this.holdCeremony(when(ceremony.at), ceremony.consent) })
      }
      const recognition = this.recognition
      if (this.recogniseNow) jobs.push({ at: this.today, run: () => this.recognise() })
      else if (st.ceremonyOn !== undefined && recognition !== undefined) {
        jobs.push({
          at: when(recognition.at),
          run: () => this.considerRecognition(when(recognition.at), recognition.recognise)
        })
      }
    }
    const cardAt = this.cardAt
    if (st.status === "official" && cardAt !== undefined) {
      jobs.push({ at: when(cardAt), run: () => this.issueCard(when(cardAt)) })
    }
    if (Member.isMember(st)) {
      const arrival = this.arrival
      if (st.transit !== undefined && arrival !== undefined) {
        jobs.push({
          at: when(arrival.at),
          run: () => this.arrive(when(arrival.at))
        })
      }
      const tempEnd = this.tempEnd
      if (st.temporaryTransfer !== undefined && tempEnd !== undefined) {
        jobs.push({
          at: when(tempEnd),
          run: () => this.once(() => (this.tempEnd = undefined), cmd("EndTemporaryTransfer", when(tempEnd), {}))
        })
      }
      const exemptionEnd = this.exemptionEnd
      if (st.exemption !== undefined && exemptionEnd !== undefined) {
        jobs.push({
          at: when(exemptionEnd),
          run: () => this.once(() => (this.exemptionEnd = undefined), cmd("EndExemption", when(exemptionEnd), {}))
        })
      }
      const rating = this.ratingJob()
      if (rating !== undefined) jobs.push(rating)
    }
    const annulment = this.annulments[0]
    if (annulment !== undefined) {
      jobs.push({
        at: when(annulment.at),
        run: () =>
          this.once(
            () => this.annulments.shift(),
            cmd("AnnulDiscipline", when(annulment.at), { disciplineEventId: annulment.eventId })
          )
      })
    }
    if (st.status === "official" && this.plot === "farewell") {
      const at = this.farewellOn()
      if (at !== undefined) {
        jobs.push({
          at,
          run: () => this.once(() => (this.farewell = "none"), cmd("RecordDeath", at, {}))
        })
      }
    }
    if (st.status === "official") {
      const earlyEligible = this.healthIssue || this.ageMonths(this.today) >= 80 * 12
      const badge = BadgePlan.next(st, this.today, this.o.horizon, earlyEligible, this.skipBadges)
      if (this.plot === "turbulent" && this.blemish !== "done" && badge !== undefined && !badge.early) {
        if (this.blemish === undefined || this.blemish < this.today) {
          this.blemish = Calendar.max(Calendar.addDays(this.today, 1), Calendar.addDays(badge.at, -this.d.int(20, 150)))
        }
        const at = this.blemish
        if (at < badge.at) {
          jobs.push({
            at,
            run: () =>
              this.once(
                () => (this.blemish = "done"),
                cmd("Discipline", at, { form: this.d.pick(["reprimand", "warning", "removalFromPost"] as const) })
              )
          })
        }
      }
      if (badge !== undefined) {
        jobs.push({
          at: badge.at,
          run: () => this.award(badge.at, badge.milestone, badge.early, false)
        })
      }
    }
    const posthumous = this.posthumous
    if (st.status === "dead" && posthumous !== undefined) {
      jobs.push({
        at: when(posthumous.at),
        run: () => {
          this.posthumous = undefined
          this.award(when(posthumous.at), posthumous.milestone, posthumous.early, true)
        }
      })
    }
    return jobs
  }

  /** Submits a command after dropping its plan (so a refusal never loops). */
  private once(drop: () => void, command: MemberCommand.MemberCommand): void {
    drop()
    this.submit(command)
  }

  // -------------------------------------------------------------------------
  // Admission (§2), probation (§3), card (§10)
  // -------------------------------------------------------------------------

  private runStep(step: Step, at: CalendarDate): void {
    const d = this.d
    this.steps.shift()
    switch (step.kind) {
      case "course":
        this.submit(
          cmd("CompleteAwarenessCourse", at, d.chance(0.7) ? { certificateNo: `${d.int(1, 9999)}/GCN-TTCT` } : {})
        )
        return
      case "sponsors":
        this.submit(cmd("AssignSponsors", at, this.sponsorsFor(at, step.refresh === true)))
        return
      case "vote":
        this.submit(cmd("PassBranchResolution", at, this.vote("admission")))
        return
      case "decide":
        this.decide(at)
        return
    }
  }

  sponsorsFor(at: CalendarDate, refresh: boolean): DataOf<"AssignSponsors"> {
    const d = this.d
    const pool = [...this.world.sponsors]
    const take = () => pool.splice(d.int(0, pool.length - 1), 1)[0]!
    const member = (f: SponsorFact): Sponsor => ({
      kind: "member",
      memberId: f.id,
      ...(d.chance(0.3) ? { knownSince: Calendar.addMonths(at, -d.int(12, 120)) } : {})
    })
    const replacement = refresh && d.chance(0.5)
    const second = (): Sponsor => replacement ? { kind: "member", memberId: this.world.newcomer.id } : member(take())
    const youth = this.ageMonths(at) < 12 * 31
    const shape = d.weighted<"two" | "youthUnion" | "tradeUnion">(
      youth ? [[50, "two"], [40, "youthUnion"], [10, "tradeUnion"]] : [[85, "two"], [15, "tradeUnion"]]
    )
    const sponsors: Array<Sponsor> = shape === "two" ? [member(take()), second()] : [{ kind: shape }, second()]
    return { sponsors, ...(replacement ? { replacement: true } : {}) }
  }

  vote(purpose: "admission" | "recognition"): DataOf<"PassBranchResolution"> {
    const n = this.d.int(3, 45)
    return { purpose, officialMembers: n, votesFor: this.d.int(Math.ceil((2 * n) / 3), n) }
  }

  private decide(at: CalendarDate): void {
    const d = this.d
    const st = this.state
    const person = st.person!
    const tree = this.world.tree
    const branch = st.orgId ?? this.lastBranch
    const decidedBy = (branch === undefined ? undefined : OrgHistory.admittingCommitteeOn(tree, branch, at)) ??
      tree.provinceId
    const kind = tree.registry.on(decidedBy, at)?.kind
    const resolutionOn = st.application.resolutionOn ?? at
    const readmission = this.admissionKind === "readmission"
    this.submit(cmd("DecideAdmission", at, {
      decidedBy,
      ...(d.chance(0.8)
        ? { decisionNo: `${d.int(1, 2999)}-QĐ/${kind === "province" ? "TU" : kind === "upper" ? "HU" : "ĐU"}` }
        : {}),
      kind: this.admissionKind,
      ...(this.ageMonths(resolutionOn) > 12 * RuleSet.forDate(resolutionOn).admission.maxAgeYears
        ? { over60Consent: true }
        : {}),
      ...(readmission ? { provincialConsent: true } : {}),
      ...(person.education === undefined || person.education === "primary" ? { educationException: true } : {}),
      ...(person.religion !== null && d.chance(0.9) ? { religiousApproval: true } : {}),
      ...(readmission && this.expungedOn !== undefined ? { convictionExpungedOn: this.expungedOn } : {})
    }))
  }

  private holdCeremony(at: CalendarDate, consent: boolean): void {
    const decided = this.state.admissionDecidedOn!
    const days = RuleSet.forDate(at).admission.ceremonyWithinWorkingDays
    this.ceremony = undefined
    const late = consent || !Calendar.isWithinWorkingDays(decided, at, days)
    this.submit(cmd("HoldCeremony", at, late ? { superiorConsent: true } : {}))
  }

  private considerRecognition(at: CalendarDate, recognise: boolean): void {
    this.recognition = undefined
    if (!recognise) {
      this.submit(cmd("StrikeOff", at, { reason: "probationNotRecognized" }))
      return
    }
    if (this.submit(cmd("PassBranchResolution", at, this.vote("recognition")))) this.recogniseNow = true
  }

  private recognise(): void {
    const d = this.d
    this.recogniseNow = false
    const end = Member.probationEnd(this.state, RuleSet.forDate(this.today).probation.months)!
    this.submit(cmd("RecognizeOfficial", end, d.chance(0.7) ? { decisionNo: `${d.int(1, 2999)}-QĐ/HU` } : {}))
  }

  private issueCard(at: CalendarDate): void {
    this.cardAt = undefined
    const st = this.state
    if (st.card !== undefined && !st.card.collected) return
    this.submit(cmd("IssueCard", at, { cardNo: newCardNo(this.d, this.world, st.cardNumbersUsed) }))
  }

  // -------------------------------------------------------------------------
  // Transfers (§6)
  // -------------------------------------------------------------------------

  private arrive(at: CalendarDate): void {
    const d = this.d
    const arrival = this.arrival!
    const st = this.state
    this.arrival = undefined
    if (arrival.never) {
      this.submit(cmd("StrikeOff", at, { reason: "abandonedActivity" }))
      return
    }
    const from = st.transit!.from
    const live = OrgHistory.liveBranchesOn(this.world.tree, at)
    const elsewhere = live.filter((b) => b !== from)
    const orgId = arrival.orgId ?? d.pick(elsewhere.length > 0 ? elsewhere : live)
    const days = RuleSet.forDate(at).transfer.presentWithinWorkingDays
    const late = !Calendar.isWithinWorkingDays(st.transit!.since, at, days)
    const lateReason = arrival.lateReason ?? (late ? "Chậm nộp giấy giới thiệu do ốm đau" : undefined)
    this.submit(cmd("TransferIn", at, { orgId, ...(lateReason === undefined ? {} : { lateReason }) }))
  }

  // -------------------------------------------------------------------------
  // Ratings (§8)
  // -------------------------------------------------------------------------

  private ratingJob(): Job | undefined {
    const d = this.d
    if (this.periods.length === 0 && this.nextYear !== undefined) {
      const y = this.nextYear++
      if (d.chance(0.15) && `${y}-06-20` >= this.today) {
        this.periods.push({ period: `${y}-H1`, at: Calendar.addDays(`${y}-06-30`, d.int(-10, 30)) })
      }
      this.periods.push({ period: `${y}`, at: Calendar.addDays(`${y}-12-31`, d.int(-25, 40)) })
    }
    const head = this.periods[0]
    if (head === undefined) return undefined
    const at = Calendar.max(head.at, this.today)
    return { at, run: () => this.rate(head.period, at) }
  }

  private rate(period: string, at: CalendarDate): void {
    const d = this.d
    const st = this.state
    this.periods.shift()
    const { end, start } = periodBounds(period)
    const months = RuleSet.forDate(at).rating.notRatedIfAdmittedWithinMonths
    // RAT-02 in whole months (CAL-02), as the decider counts them.
    const recentlyAdmitted = st.admissionDecidedOn !== undefined &&
      Calendar.monthsBetween(st.admissionDecidedOn, end) < months
    let accepted: boolean
    if (recentlyAdmitted) accepted = this.submit(cmd("RecordNotRated", at, { period, reason: "admittedUnder6Months" }))
    else if (st.exemption !== undefined) {
      accepted = this.submit(cmd("RecordNotRated", at, { period, reason: "exempted" }))
    } else if (d.chance(0.02)) {
      accepted = this.submit(cmd("RecordNotRated", at, { period, reason: d.pick(["other", "suspended"] as const) }))
    } else {
      const disciplined = st.disciplines.some((x) => x.on >= start && x.on <= end)
      const level = disciplined ? "notCompleted" : d.weighted(ratingLevels)
      accepted = this.submit(cmd("Rate", at, { period, level }))
    }
    // A correction supersedes the rating a few weeks later (RAT-05).
    if (accepted && d.chance(0.03)) this.periods.unshift({ period, at: Calendar.addDays(at, d.int(10, 60)) })
  }

  // -------------------------------------------------------------------------
  // Badges (§5)
  // -------------------------------------------------------------------------

  /** For a `farewell` life: death within a year before the next milestone or soon after it. */
  private farewellOn(): CalendarDate | undefined {
    if (this.farewell === undefined) {
      const d = this.d
      const st = this.state
      const membership = Member.membership(st)
      const highest = Math.max(0, ...st.badges.map((b) => b.milestone))
      const m = Badge.milestones.find((x) => x > highest)
      const reached = membership === undefined || m === undefined ? undefined : PartyAge.yearsReachedOn(membership, m)
      this.farewell = reached === undefined ? "none" : Calendar.max(
        Calendar.addDays(this.today, 1),
        d.chance(0.6) ? Calendar.addMonths(reached, -d.int(0, 11)) : Calendar.addDays(reached, d.int(0, 80))
      )
    }
    return this.farewell === "none" ? undefined : this.farewell
  }

  private award(at: CalendarDate, milestone: Milestone, early: boolean, posthumous: boolean): void {
    const d = this.d
    const ok = this.submit(cmd("AwardBadge", at, {
      milestone,
      occasion: at.slice(5) as Occasion,
      posthumous,
      early,
      ...(d.chance(0.5) ? { badgeNo: String(d.int(1, 999_999)).padStart(6, "0") } : {})
    }))
    if (!ok) this.skipBadges.add(milestone)
  }
}

/** Options of the life simulation from the public options of `MemberHistory.memberHistory`. */
export const lifeOptions = (
  options: {
    readonly start?: LifeOptions["start"]
    readonly from?: CalendarDate
    readonly horizon?: CalendarDate
    readonly incidents?: boolean
    readonly retractions?: boolean
    readonly maxEvents?: number
    readonly readmission?: number
    readonly stopWhen?: (state: Member.State) => boolean
  },
  more: Partial<
    Pick<LifeOptions, "candidateAgeMonths" | "importStatus" | "plot" | "importBetween" | "admittedBetween">
  > = {}
): LifeOptions => ({
  start: options.start ?? "any",
  from: options.from ?? "1990-01-01",
  horizon: options.horizon ?? "2026-12-31",
  incidents: options.incidents ?? true,
  retractions: options.retractions ?? true,
  maxEvents: options.maxEvents ?? 250,
  readmission: options.readmission ?? 0.5,
  stopWhen: options.stopWhen,
  candidateAgeMonths: more.candidateAgeMonths,
  importStatus: more.importStatus,
  plot: more.plot,
  importBetween: more.importBetween,
  admittedBetween: more.admittedBetween
})

/** Runs a life with the given options. */
export const simulate = (d: Draw, tree: OrgHistory.OrgTree, options: LifeOptions): Life =>
  new Life(d, tree, options).run()
