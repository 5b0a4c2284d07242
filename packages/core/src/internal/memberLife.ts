/**
 * A member's life as the statistics read it, folded from the member's columns (`memberColumns`)
 * as known at an instant: the same points (but for leading ones with no status, no home and no
 * transit, which change no answer of `Timeline.on`), marks, ratings and party-age membership as
 * `Timeline` builds from envelopes (a property test holds them equal), with the person reduced to
 * the facts the figures count (gender, minority, religion, birth date) and each mark reduced to
 * what the flows count. Dates are day numbers (`Calendar.toDayNumber`) and organisations the
 * columns' numbers (`MemberColumns.orgIds`), as the columns keep them: a query compares numbers,
 * looks organisations up in arrays and makes no date text for the hundreds of thousands of lives
 * it reads.
 *
 * Known at an instant: events recorded after it are left out, and so are the events named by a
 * retraction or an annulment recorded by then; the rest are folded in date order (stream order
 * within a day), with `Member`'s semantics for status, home organisation, transit, exemption,
 * exits and readmissions.
 */
import type { Status } from "../Member.ts"
import type { DisciplineForm, RatingLevel, StruckOffReason } from "../MemberEvent.ts"
import type { Membership } from "../PartyAge.ts"
import {
  code,
  dayText,
  facts as factFlags,
  forms,
  levels,
  type MemberColumns,
  MemberEvents,
  notRatedReasons,
  reasons
} from "./memberColumns.ts"

/** The person's facts the figures count. */
export interface Facts {
  readonly female: boolean
  readonly minority: boolean
  readonly religious: boolean
  /** The birth date's day number. */
  readonly birth: number
}

/**
 * `Timeline.Point` with its date as a day number and its organisations as the columns' numbers
 * (`MemberColumns.orgIds`; −1: none): the member's situation from `day` on.
 */
export interface Point {
  readonly day: number
  readonly status: Status
  readonly home: number
  readonly transitFrom: number
  /** In transit to a destination outside the dataset. */
  readonly transitOutside: boolean
  readonly exempted: boolean
}

/** `PartyAge.Membership` with its dates as day numbers (`membershipText` gives it back). */
export interface DayMembership {
  readonly firstAdmission: number
  /** Each gap's first and last day, one after another. */
  readonly gaps: ReadonlyArray<number>
  /** The day it ended (undefined while it lasts). */
  readonly ended: number | undefined
}

/** An event the flows count, reduced to what they read. */
export type Counted =
  | { readonly type: "AdmissionDecided"; readonly readmission: boolean }
  | { readonly type: "MemberImported"; readonly transferIn: boolean }
  | {
    readonly type: "OfficialRecognized" | "TransferredIn" | "TransferredOut" | "AllowedToLeave" | "Died" | "CardIssued"
  }
  | { readonly type: "StruckOff"; readonly reason: StruckOffReason }
  | { readonly type: "Disciplined"; readonly form: DisciplineForm }
  | {
    readonly type: "BadgeAwarded"
    readonly milestone: number
    readonly posthumous: boolean
    readonly early: boolean
  }

/** A counted event with the organisation it counts in on its day (raw, by number). */
export interface Mark {
  readonly day: number
  readonly org: number
  readonly counted: Counted
}

export interface Life {
  /** By strictly increasing `day`. */
  readonly points: ReadonlyArray<Point>
  readonly facts: Facts | undefined
  readonly membership: DayMembership | undefined
  /** The latest rating of the period asked for (a later `NotRated` for it supersedes). */
  readonly rating: RatingLevel | undefined
  /** The latest `NotRated` reason of the period asked for (a later rating supersedes). */
  readonly notRated: string | undefined
  readonly marks: ReadonlyArray<Mark>
}

const C = {
  registered: code("CandidateRegistered"),
  imported: code("MemberImported"),
  admitted: code("AdmissionDecided"),
  official: code("OfficialRecognized"),
  out: code("TransferredOut"),
  in: code("TransferredIn"),
  exempted: code("ActivityExempted"),
  exemptionEnded: code("ActivityExemptionEnded"),
  rated: code("QualityRated"),
  notRated: code("NotRated"),
  disciplined: code("Disciplined"),
  annulled: code("DisciplineAnnulled"),
  card: code("CardIssued"),
  badge: code("BadgeAwarded"),
  struckOff: code("StruckOff"),
  left: code("AllowedToLeave"),
  died: code("Died"),
  corrected: code("PersonCorrected"),
  retracted: code("EventRetracted")
}

const simple: ReadonlyMap<number, Counted> = new Map([
  [C.official, { type: "OfficialRecognized" }],
  [C.in, { type: "TransferredIn" }],
  [C.out, { type: "TransferredOut" }],
  [C.left, { type: "AllowedToLeave" }],
  [C.died, { type: "Died" }],
  [C.card, { type: "CardIssued" }]
])
const admissions: ReadonlyArray<Counted> = [
  { type: "AdmissionDecided", readmission: false },
  { type: "AdmissionDecided", readmission: true }
]
const importsCounted: ReadonlyArray<Counted> = [
  { type: "MemberImported", transferIn: false },
  { type: "MemberImported", transferIn: true }
]
const struck: ReadonlyArray<Counted> = reasons.map((reason) => ({ type: "StruckOff", reason }))
const disciplined: ReadonlyArray<Counted> = forms.map((form) => ({ type: "Disciplined", form }))

/** No gaps (most memberships): one array for all. */
const noGaps: ReadonlyArray<number> = Object.freeze([])

const noFacts: Facts = { female: false, minority: false, religious: false, birth: 0 }

/** No day (day numbers count from 1970 and are negative before it). */
const NONE = -0x80000000

const isMember = (s: Status): boolean => s === "probationary" || s === "official"

const none: Point = { day: NONE, status: "none", home: -1, transitFrom: -1, transitOutside: false, exempted: false }

/** The member's situation at the end of a day (status `none` before the first point): `Timeline.on`. */
export const pointOn = (life: Life, day: number): Point => {
  const points = life.points
  let lo = 0
  let hi = points.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (points[mid]!.day <= day) lo = mid + 1
    else hi = mid
  }
  return lo === 0 ? none : points[lo - 1]!
}

/** The membership with its dates as text: what `PartyAge` reads. */
export const membershipText = (m: DayMembership): Membership => {
  const gaps = []
  for (let i = 0; i < m.gaps.length; i += 2) gaps.push({ from: dayText(m.gaps[i]!), to: dayText(m.gaps[i + 1]!) })
  return {
    firstAdmissionOn: dayText(m.firstAdmission),
    gaps,
    endedOn: m.ended === undefined ? undefined : dayText(m.ended)
  }
}

/**
 * The types a fold reads (a bit for each code): the others change no point, mark, rating or fact,
 * and are not decoded — among them the branch resolution that an official recognition dated before
 * it follows in the stream, which would leave most members' events out of date order.
 */
const typesRead = Object.values(C).reduce((bits, c) => bits | (1 << c), 0)

/** The slots `knownSlots` fills (folds run one at a time). */
let slots = new Int32Array(64)

/**
 * Fills `slots` with the indexes in `m` of the member's events known at `knownMs`, neutralised ones
 * and retractions left out, in date order; returns how many.
 */
const knownSlots = (m: MemberEvents, knownMs: number): number => {
  if (slots.length < m.count) slots = new Int32Array(m.type.length)
  const { day, recorded, type } = m
  const retracted = C.retracted
  const annulled = C.annulled
  let named: Array<number> | undefined
  let sorted = true
  let lastDay = -0x80000000
  let n = 0
  for (let s = 0, count = m.count; s < count; s++) {
    if (knownMs !== Number.POSITIVE_INFINITY && recorded[s]! > knownMs) continue
    const t = type[s]!
    if (t === retracted || t === annulled) {
      ;(named ??= []).push(m.a[s]!)
      continue
    }
    const d = day[s]!
    if (d < lastDay) sorted = false
    else lastDay = d
    slots[n++] = s
  }
  if (named !== undefined) {
    let kept = 0
    for (let k = 0; k < n; k++) {
      const s = slots[k]!
      let neutralised = false
      for (let i = 0; i < named.length && !neutralised; i++) neutralised = m.position[s] === named[i]
      if (!neutralised) slots[kept++] = s
    }
    n = kept
  }
  // An insertion sort, stable (same-day events keep their stream order) and linear on what it
  // meets: a few events out of place (an official recognition dated before the branch resolution
  // that precedes it in the stream).
  if (!sorted) {
    for (let k = 1; k < n; k++) {
      const s = slots[k]!
      const d = day[s]!
      let j = k - 1
      while (j >= 0 && day[slots[j]!]! > d) {
        slots[j + 1] = slots[j]!
        j--
      }
      slots[j + 1] = s
    }
  }
  return n
}

/** The scratch a fold decodes a member into (folds run one at a time). */
const scratch = new MemberEvents()

/** A person record's facts (a correction's: those it names, the others from `base`). */
const personFacts = (c: MemberColumns, p: number, base: Facts): Facts => {
  const f = c.personFacts.array[p]!
  return {
    female: (f & factFlags.gender) !== 0 ? (f & factFlags.female) !== 0 : base.female,
    minority: (f & factFlags.ethnicity) !== 0 ? (f & factFlags.minority) !== 0 : base.minority,
    religious: (f & factFlags.religion) !== 0 ? (f & factFlags.religious) !== 0 : base.religious,
    birth: (f & factFlags.birth) !== 0 ? c.personBirth.array[p]! : base.birth
  }
}

/** Notes a counted event in the organisation of number `org`, unless it counts in none (−1). */
const mark = (marks: Array<Mark>, day: number, org: number, counted: Counted): void => {
  if (org !== -1) marks.push({ day, org, counted })
}

/**
 * The point that ends `day` in this situation, or undefined when it adds nothing: no day folded yet
 * (`NONE`); nothing has happened yet (no status, home or transit: `Timeline.on` answers `none`
 * before the first point, and which days come before the first one that counts depends on which
 * events were decoded); or the situation is the last point's.
 */
const pointAfter = (
  last: Point | undefined,
  day: number,
  status: Status,
  home: number,
  transitFrom: number,
  transitOutside: boolean,
  exempted: boolean
): Point | undefined => {
  if (day === NONE) return undefined
  if (last === undefined && status === "none" && home === -1 && transitFrom === -1 && !exempted) return undefined
  if (
    last !== undefined && last.status === status && last.home === home && last.transitFrom === transitFrom &&
    last.transitOutside === transitOutside && last.exempted === exempted
  ) return undefined
  return { day, status, home, transitFrom, transitOutside, exempted }
}

/**
 * Folds the member of `ordinal` as known at `knownMs` (+∞: everything recorded), with the rating of
 * one period (its `periodCode`; −1: none). (No closures over the fold's state: it stays in locals.)
 */
export const fold = (c: MemberColumns, ordinal: number, knownMs: number, period = -1): Life => {
  const points: Array<Point> = []
  const marks: Array<Mark> = []
  let rating = -1
  let notRated = -1
  let status: Status = "none"
  let home: number = -1
  let transitFrom: number = -1
  let transitOutside = false
  let exempted = false
  let exitOn = NONE
  let exitFrom = -1
  let diedOn = NONE
  let firstAdmission = NONE
  let gaps: ReadonlyArray<number> = noGaps
  let facts: Facts | undefined
  /** The branch the member died in: the sending one when in transit (BDG-04). */
  let diedIn = -1
  // The day being folded, and the last point.
  let day = NONE
  let last: Point | undefined

  const m = c.decode(ordinal, scratch, period, knownMs !== Number.POSITIVE_INFINITY, typesRead)
  // Most members: every event known, none named by another, in date order — no slots to pick.
  const all = m.inOrder && !m.names && m.latestRecorded <= knownMs
  const known = all ? m.count : knownSlots(m, knownMs)
  for (let k = 0; k < known; k++) {
    const s = all ? k : slots[k]!
    const t = m.type[s]!
    const dayNumber = m.day[s]!
    if (dayNumber !== day) {
      const point = pointAfter(last, day, status, home, transitFrom, transitOutside, exempted)
      if (point !== undefined) points.push(last = point)
      day = dayNumber
    }
    const a = m.a[s]!
    const b = m.b[s]!
    const wasMember = isMember(status)
    const homeBefore = home
    // An exit (a removal, leave to go, an expulsion): applied after the event's mark.
    let leaving: Status | undefined
    switch (t) {
      case C.registered:
        status = "candidate"
        home = a
        facts = personFacts(c, b, noFacts)
        break
      case C.imported: {
        const at = b * 5
        const imp = c.imports.array
        const flags = imp[at + 2]!
        status = (flags & 1) !== 0 ? "official" : "probationary"
        home = a
        facts = personFacts(c, imp[at]!, noFacts)
        firstAdmission = imp[at + 1]!
        const firstGap = imp[at + 3]!
        const gapCount = imp[at + 4]!
        gaps = gapCount === 0 ? noGaps : [...c.gaps.array.subarray(2 * firstGap, 2 * (firstGap + gapCount))]
        mark(marks, dayNumber, home, importsCounted[(flags & 2) !== 0 ? 1 : 0]!)
        break
      }
      case C.admitted: {
        const readmission = a === 1
        status = "probationary"
        if (firstAdmission === NONE) firstAdmission = dayNumber
        if (readmission) {
          if (exitOn !== NONE) gaps = [...gaps, exitOn, dayNumber]
          if (exitFrom !== -1) home = exitFrom
        }
        exitOn = NONE
        exitFrom = -1
        mark(marks, dayNumber, home, admissions[a]!)
        break
      }
      case C.official:
        if (status === "probationary") status = "official"
        mark(marks, dayNumber, home, simple.get(t)!)
        break
      case C.out:
        if (home !== -1) {
          transitFrom = home
          transitOutside = a === 1
        }
        home = -1
        if (wasMember) mark(marks, dayNumber, homeBefore, simple.get(t)!)
        break
      case C.in:
        home = a
        transitFrom = -1
        transitOutside = false
        if (isMember(status)) mark(marks, dayNumber, home, simple.get(t)!)
        break
      case C.exempted:
        exempted = true
        break
      case C.exemptionEnded:
        exempted = false
        break
      case C.rated:
        if (a === period) {
          rating = b
          notRated = -1
        }
        break
      case C.notRated:
        if (a === period) {
          notRated = b
          rating = -1
        }
        break
      case C.disciplined:
        if (forms[a] === "expulsion") leaving = "expelled"
        mark(marks, dayNumber, homeBefore, disciplined[a]!)
        break
      case C.card:
        mark(marks, dayNumber, home, simple.get(t)!)
        break
      case C.badge:
        // BDG-04: a posthumous badge counts in the branch the member died in (the sending one
        // when the member died in transit).
        mark(marks, dayNumber, home === -1 && status === "dead" ? diedIn : home, {
          type: "BadgeAwarded",
          milestone: a,
          posthumous: (b & 1) !== 0,
          early: (b & 2) !== 0
        })
        break
      case C.struckOff:
        leaving = "struckOff"
        if (wasMember) mark(marks, dayNumber, homeBefore, struck[a]!)
        break
      case C.left:
        leaving = "allowedToLeave"
        if (wasMember) mark(marks, dayNumber, homeBefore, simple.get(t)!)
        break
      case C.died:
        status = "dead"
        diedOn = dayNumber
        diedIn = home !== -1 ? home : transitFrom
        transitFrom = -1
        transitOutside = false
        exempted = false
        if (wasMember) mark(marks, dayNumber, homeBefore, simple.get(t)!)
        break
      case C.corrected:
        if (facts !== undefined) facts = personFacts(c, b, facts)
        break
    }
    if (leaving !== undefined) {
      status = leaving
      exitOn = dayNumber
      exitFrom = home !== -1 ? home : transitFrom
      transitFrom = -1
      transitOutside = false
      home = -1
      exempted = false
    }
  }
  const point = pointAfter(last, day, status, home, transitFrom, transitOutside, exempted)
  if (point !== undefined) points.push(point)
  const endedOn = exitOn !== NONE ? exitOn : diedOn
  return {
    points,
    facts,
    membership: firstAdmission === NONE
      ? undefined
      : { firstAdmission, gaps, ended: endedOn === NONE ? undefined : endedOn },
    rating: rating === -1 ? undefined : levels[rating],
    notRated: notRated === -1 ? undefined : notRatedReasons[notRated],
    marks
  }
}
