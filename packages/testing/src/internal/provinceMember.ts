/**
 * The state of one member of a generated province history (what the rules look at), the world the
 * generation shares (tree, headcounts, quotas, card numbers), and the moves that change a branch's
 * headcount: joining, leaving, exiting.
 */
import type { Milestone } from "@dangvien/core/MemberEvent"
import type * as PartyAge from "@dangvien/core/PartyAge"
import { addMonths, type Rng, yearOf } from "./provinceRandom.ts"
import type { Config, Tree } from "./provinceTree.ts"

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

interface Ev {
  readonly sort: number
  readonly day: number
  readonly type: string
  readonly data: string
}

type Status = "candidate" | "probationary" | "official" | "exited" | "dead"

/** The simulated state of one member: what the rules look at. */
export class Sim {
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

/** Age in years (fractional) on a day. */
export const ageOn = (s: Sim, day: number) => (day - s.birth) / 365.25

/** The member joins a branch on a day: +1 to its headcount from that year. */
export const join = (w: World, branch: number, day: number) => {
  const years = w.cfg.to - w.cfg.from + 1
  const yi = Math.min(years - 1, Math.max(0, yearOf(day) - w.cfg.from))
  w.deltas[branch * years + yi]!++
}
/** The member leaves their branch (transfer, exit, death): −1 from that year. */
export const leave = (w: World, s: Sim, day: number) => {
  if (s.branch < 0) return
  const years = w.cfg.to - w.cfg.from + 1
  const yi = Math.min(years - 1, Math.max(0, yearOf(day) - w.cfg.from))
  w.deltas[s.branch * years + yi]!--
  if (s.leftBranchDay === Number.POSITIVE_INFINITY) s.leftBranchDay = day
}

/** An exit (EXT-01 … EXT-03): out of the branch, card collected; maybe a readmission later (RDM-01). */
export const exitWith = (
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

/** The province of the member's branch. */
export const provinceOf = (w: World, s: Sim) => w.tree.grassroots[w.tree.branches[s.branch]!.grassroots]!.province
