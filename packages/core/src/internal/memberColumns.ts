/**
 * The member events the statistics read, kept as columns of numbers instead of envelopes: for
 * each event its type, date (a day number), recording instant, 60 bits of its id (what a
 * retraction or an annulment names) and two numbers of payload; each member's events are chained
 * in stream order. Everything a `memberLife` fold needs and nothing else: about 33 bytes an event
 * where a decoded envelope takes several hundred.
 *
 * Payload by type (`a`, `b`):
 * - `CandidateRegistered`: org, person; `MemberImported`: org, import (status, basis, first
 *   admission, party-age gaps, person); `TransferredIn`: org;
 * - `AdmissionDecided`: 1 for a readmission; `Disciplined`: form; `StruckOff`: reason;
 *   `BadgeAwarded`: milestone, posthumous | early << 1;
 * - `QualityRated`: period, level; `NotRated`: period, reason; `PersonCorrected`: —, person (a
 *   patch: only the corrected facts);
 * - `EventRetracted`, `DisciplineAnnulled`: the named event's id bits (high, low).
 */
import * as Calendar from "../Calendar.ts"
import type { CalendarDate } from "../Calendar.ts"
import type { MemberEnvelope } from "../Envelope.ts"
import type { MemberId, OrgId } from "../Ids.ts"
import { DisciplineForm, NotRatedReason, RatingLevel, StruckOffReason } from "../MemberEvent.ts"
import * as Person from "../Person.ts"
import { Growable } from "./growable.ts"
import { MemberIds } from "./memberIds.ts"

/**
 * Member event types, by code. The codes are saved in compact checkpoints: a new type is appended at
 * the end, never inserted or reordered.
 */
export const types = [
  "CandidateRegistered",
  "AwarenessCourseCompleted",
  "SponsorsAssigned",
  "BranchResolutionPassed",
  "AdmissionDecided",
  "AdmissionCeremonyHeld",
  "OfficialRecognized",
  "MemberImported",
  "TransferredOut",
  "TransferredIn",
  "TemporaryTransferStarted",
  "TemporaryTransferEnded",
  "ResidenceContactRegistered",
  "ActivityExempted",
  "ActivityExemptionEnded",
  "QualityRated",
  "NotRated",
  "Disciplined",
  "DisciplineAnnulled",
  "CardIssued",
  "CardReissued",
  "BadgeAwarded",
  "StruckOff",
  "AllowedToLeave",
  "Died",
  "PersonCorrected",
  "EventRetracted"
] as const satisfies ReadonlyArray<MemberEnvelope["type"]>

export type EventType = typeof types[number]
// Every member event type has a code: a new one must be added above (or the statistics would skip it).
const everyType: [Exclude<MemberEnvelope["type"], EventType>] extends [never] ? true : never = true
void everyType

const typeCode = new Map<string, number>(types.map((t, i) => [t, i]))
export const code = (t: EventType): number => typeCode.get(t)!
const homeCodes = [code("CandidateRegistered"), code("MemberImported"), code("TransferredIn")] as const
/** Is this a type whose payload `a` is a home organisation? */
const isHome = (c: number): boolean => c === homeCodes[0] || c === homeCodes[1] || c === homeCodes[2]

export const levels = RatingLevel.literals
export const notRatedReasons = NotRatedReason.literals
export const forms = DisciplineForm.literals
export const reasons = StruckOffReason.literals

/** Person facts flags: which facts a record sets, and their values. */
export const facts = {
  birth: 1,
  gender: 2,
  female: 4,
  ethnicity: 8,
  minority: 16,
  religion: 32,
  religious: 64
} as const

/** `YYYY` → year × 3, `YYYY-H1` → + 1, `YYYY-H2` → + 2. */
export const periodCode = (period: string): number =>
  Number(period.slice(0, 4)) * 3 + (period.length === 4 ? 0 : period.endsWith("1") ? 1 : 2)

// Day numbers count from 1970-01-01: the cache covers 1696–2243, a Map the rest.
const dayOffset = 100_000
const dayTexts: Array<CalendarDate | undefined> = Array.from({ length: 2 * dayOffset })
const farDayTexts = new Map<number, CalendarDate>()
/** The date of a day number, one string per day for the whole process. */
export const dayText = (n: number): CalendarDate => {
  const i = n + dayOffset
  if (i >= 0 && i < dayTexts.length) return (dayTexts[i] ??= Calendar.fromDayNumber(n))
  let s = farDayTexts.get(n)
  if (s === undefined) {
    s = Calendar.fromDayNumber(n)
    farDayTexts.set(n, s)
  }
  return s
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const digit = new Int8Array(128).fill(-1)
for (let i = 0; i < crockford.length; i++) {
  digit[crockford.charCodeAt(i)] = i
  digit[crockford.toLowerCase().charCodeAt(i)] = i
}
/** 30 bits of a ULID from its characters [from, from + 6). */
export const idBits = (id: string, from: number): number => {
  let n = 0
  for (let i = from; i < from + 6; i++) n = n * 32 + Math.max(0, digit[id.charCodeAt(i) & 127]!)
  return n
}

/** The columns of one set of members. */
export class MemberColumns {
  readonly type = new Growable(Uint8Array)
  readonly day = new Growable(Int32Array)
  readonly recorded = new Growable(Float64Array)
  readonly idHigh = new Growable(Int32Array)
  readonly idLow = new Growable(Int32Array)
  readonly a = new Growable(Int32Array)
  readonly b = new Growable(Int32Array)
  /** The member's next event (−1: the last). */
  readonly next = new Growable(Int32Array)
  /** Members by ordinal: their first and last event. */
  readonly head = new Growable(Int32Array)
  readonly tail = new Growable(Int32Array)
  /** Members by ordinal: their first home organisation (−1: none yet), 1 when they have had another. */
  readonly firstHome = new Growable(Int32Array)
  readonly manyHomes = new Growable(Uint8Array)
  /** Member ids by ordinal. */
  ids = new MemberIds()
  /** Organisations by number. */
  readonly orgIds: Array<OrgId> = []
  readonly orgNumbers = new Map<OrgId, number>()
  /** Persons (and corrections): birth day, facts flags. */
  readonly personBirth = new Growable(Int32Array)
  readonly personFacts = new Growable(Uint8Array)
  /** Imports: person, first admission day, official (1) / transferIn (2) flags, first gap, gap count. */
  readonly imports = new Growable(Int32Array)
  /** Party-age gaps of imports: from day, to day. */
  readonly gaps = new Growable(Int32Array)

  get events(): number {
    return this.type.length
  }

  org(id: OrgId): number {
    let n = this.orgNumbers.get(id)
    if (n === undefined) {
      n = this.orgIds.length
      this.orgIds.push(id)
      this.orgNumbers.set(id, n)
    }
    return n
  }

  private person(p: Person.Person): number {
    this.personBirth.push(Calendar.toDayNumber(p.birthDate))
    return this.personFacts.push(
      facts.birth | facts.gender | facts.ethnicity | facts.religion |
        (p.gender === "female" ? facts.female : 0) |
        (Person.isEthnicMinority(p) ? facts.minority : 0) |
        (p.religion != null ? facts.religious : 0)
    )
  }

  private patch(p: Person.PersonPatch): number {
    this.personBirth.push(p.birthDate === undefined ? 0 : Calendar.toDayNumber(p.birthDate))
    return this.personFacts.push(
      (p.birthDate === undefined ? 0 : facts.birth) |
        (p.gender === undefined ? 0 : facts.gender | (p.gender === "female" ? facts.female : 0)) |
        (p.ethnicity === undefined ? 0 : facts.ethnicity | (p.ethnicity !== "Kinh" ? facts.minority : 0)) |
        (p.religion === undefined ? 0 : facts.religion | (p.religion !== null ? facts.religious : 0))
    )
  }

  private payload(e: MemberEnvelope): readonly [number, number] {
    switch (e.type) {
      case "CandidateRegistered":
        return [this.org(e.data.orgId), this.person(e.data.person)]
      case "MemberImported": {
        const d = e.data
        const person = this.person(d.person)
        const first = this.gaps.length / 2
        for (const g of d.partyAgeGaps ?? []) {
          this.gaps.push(Calendar.toDayNumber(g.from))
          this.gaps.push(Calendar.toDayNumber(g.to))
        }
        const at = this.imports.length / 5
        this.imports.push(person)
        this.imports.push(Calendar.toDayNumber(d.firstAdmissionDecidedOn ?? d.admissionDecidedOn))
        this.imports.push((d.status === "official" ? 1 : 0) | (d.basis === "transferIn" ? 2 : 0))
        this.imports.push(first)
        this.imports.push(d.partyAgeGaps?.length ?? 0)
        return [this.org(d.orgId), at]
      }
      case "TransferredIn":
        return [this.org(e.data.orgId), 0]
      case "AdmissionDecided":
        return [e.data.kind === "readmission" ? 1 : 0, 0]
      case "Disciplined":
        return [forms.indexOf(e.data.form), 0]
      case "StruckOff":
        return [reasons.indexOf(e.data.reason), 0]
      case "BadgeAwarded":
        return [e.data.milestone, (e.data.posthumous ? 1 : 0) | (e.data.early ? 2 : 0)]
      case "QualityRated":
        return [periodCode(e.data.period), levels.indexOf(e.data.level)]
      case "NotRated":
        return [periodCode(e.data.period), notRatedReasons.indexOf(e.data.reason)]
      case "PersonCorrected":
        return [0, this.patch(e.data.person)]
      case "EventRetracted":
        return [idBits(e.data.eventId, 14), idBits(e.data.eventId, 20)]
      case "DisciplineAnnulled":
        return [idBits(e.data.disciplineEventId, 14), idBits(e.data.disciplineEventId, 20)]
      default:
        return [0, 0]
    }
  }

  /**
   * Does `test` hold for one of the member's home organisations (those of `CandidateRegistered`,
   * `MemberImported` and `TransferredIn`: every organisation a member's life can name)?
   */
  someHome(ordinal: number, test: (org: number) => boolean): boolean {
    const first = this.firstHome.array[ordinal]!
    if (first === -1) return false
    // Most members have one home organisation all their life: no walk over their events.
    if (this.manyHomes.array[ordinal] === 0) return test(first)
    const type = this.type.array
    const a = this.a.array
    const next = this.next.array
    for (let s = this.head.array[ordinal]!; s !== -1; s = next[s]!) {
      if (isHome(type[s]!) && test(a[s]!)) return true
    }
    return false
  }

  /** Appends a member's event (each stream's events in stream order). */
  add(memberId: MemberId, e: MemberEnvelope): void {
    const c = typeCode.get(e.type)
    if (c === undefined) return
    const [a, b] = this.payload(e)
    const recorded = Date.parse(e.recordedAt)
    const slot = this.type.push(c)
    this.day.push(Calendar.toDayNumber(e.occurredOn))
    this.recorded.push(recorded)
    this.idHigh.push(idBits(e.id, 14))
    this.idLow.push(idBits(e.id, 20))
    this.a.push(a)
    this.b.push(b)
    this.next.push(-1)
    const home = isHome(c) ? a : -1
    const known = this.ids.size
    const ordinal = this.ids.ordinalOf(memberId)
    if (ordinal === known) {
      this.head.push(slot)
      this.tail.push(slot)
      this.firstHome.push(home)
      this.manyHomes.push(0)
      return
    }
    this.next.array[this.tail.array[ordinal]!] = slot
    this.tail.array[ordinal] = slot
    if (home === -1) return
    const first = this.firstHome.array[ordinal]!
    if (first === -1) this.firstHome.array[ordinal] = home
    else if (first !== home) this.manyHomes.array[ordinal] = 1
  }
}

/** The columns as plain arrays, for a checkpoint. */
export interface Saved {
  /** Every member id's 26 characters, in ordinal order. */
  readonly memberIds: Uint8Array
  readonly orgIds: ReadonlyArray<OrgId>
  readonly int32: Readonly<Record<Int32Column, Int32Array>>
  readonly float64: Readonly<Record<Float64Column, Float64Array>>
  readonly uint8: Readonly<Record<Uint8Column, Uint8Array>>
}

export const int32Columns = [
  "day",
  "idHigh",
  "idLow",
  "a",
  "b",
  "next",
  "head",
  "tail",
  "firstHome",
  "personBirth",
  "imports",
  "gaps"
] as const
export const float64Columns = ["recorded"] as const
export const uint8Columns = ["type", "personFacts", "manyHomes"] as const
type Int32Column = typeof int32Columns[number]
type Float64Column = typeof float64Columns[number]
type Uint8Column = typeof uint8Columns[number]

export const save = (c: MemberColumns): Saved => ({
  memberIds: c.ids.bytes(),
  orgIds: c.orgIds,
  int32: Object.fromEntries(int32Columns.map((k) => [k, c[k].view()])) as Saved["int32"],
  float64: Object.fromEntries(float64Columns.map((k) => [k, c[k].view()])) as Saved["float64"],
  uint8: Object.fromEntries(uint8Columns.map((k) => [k, c[k].view()])) as Saved["uint8"]
})

/** Columns from saved arrays, or what is inconsistent in them. */
export const load = (s: Saved): MemberColumns | string => {
  const events = s.uint8.type.length
  for (const k of ["day", "idHigh", "idLow", "a", "b", "next"] as const) {
    if (s.int32[k].length !== events) return `column ${k} has ${s.int32[k].length} values for ${events} events`
  }
  if (s.float64.recorded.length !== events) {
    return `column recorded has ${s.float64.recorded.length} values for ${events} events`
  }
  const ids = MemberIds.fromBytes(s.memberIds)
  if (typeof ids === "string") return ids
  const members = ids.size
  for (const k of ["head", "tail", "firstHome"] as const) {
    if (s.int32[k].length !== members) return `column ${k} has ${s.int32[k].length} values for ${members} members`
  }
  if (s.uint8.manyHomes.length !== members) {
    return `column manyHomes has ${s.uint8.manyHomes.length} values for ${members} members`
  }
  for (const v of s.int32.firstHome) {
    if (v < -1 || v >= s.orgIds.length) return `column firstHome names no organisation (${v})`
  }
  for (const k of ["next", "head", "tail"] as const) {
    for (const v of s.int32[k]) if (v < -1 || v >= events) return `column ${k} points outside the events (${v})`
  }
  const c = new MemberColumns()
  for (const k of int32Columns) c[k].load(s.int32[k])
  for (const k of float64Columns) c[k].load(s.float64[k])
  for (const k of uint8Columns) c[k].load(s.uint8[k])
  c.ids = ids
  s.orgIds.forEach((id, i) => {
    c.orgIds.push(id)
    c.orgNumbers.set(id, i)
  })
  return c
}
