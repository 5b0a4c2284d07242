/**
 * The member events the statistics read, kept as numbers instead of envelopes: for each event its
 * type, date (a day number), recording instant, two numbers of payload and — unless its id's time
 * part is its recording instant — a 16-bit hash of its id, encoded as bytes in each member's own
 * chain, in stream order (`MemberColumns`). Everything a `memberLife` fold needs and nothing else:
 * about 6 bytes an event where a decoded envelope takes several hundred.
 *
 * Payload by type (`a`, `b`):
 * - `CandidateRegistered`: org, person; `MemberImported`: org, import (status, basis, first
 *   admission, party-age gaps, person); `TransferredIn`: org; `TransferredOut`: 1 when the letter
 *   sends the member outside the dataset (`Member.sendsOutside`);
 * - `AdmissionDecided`: 1 for a readmission; `Disciplined`: form; `StruckOff`: reason;
 *   `BadgeAwarded`: milestone, posthumous | early << 1;
 * - `QualityRated`: period, level; `NotRated`: period, reason (laid out apart: see `MemberColumns`);
 *   `PersonCorrected`: —, person (a patch: only the corrected facts);
 * - `EventRetracted`, `DisciplineAnnulled`: the named event's position in the stream (−1: it names
 *   no earlier event), found when the event is added (see `MemberColumns.named`).
 */
import * as Calendar from "../Calendar.ts"
import type { CalendarDate } from "../Calendar.ts"
import type { MemberEnvelope } from "../Envelope.ts"
import type { MemberId, OrgId } from "../Ids.ts"
import { sendsOutside } from "../Member.ts"
import { DisciplineForm, NotRatedReason, RatingLevel, StruckOffReason } from "../MemberEvent.ts"
import * as Person from "../Person.ts"
import { append, BlockArena, blockBytes, dataBytes, read } from "./blockArena.ts"
import { Growable } from "./growable.ts"
import { instantMs } from "./instant.ts"
import { MemberIds } from "./memberIds.ts"
import { type Homes, MembersByHome } from "./membersByHome.ts"
import { PackedPages } from "./packedPages.ts"
import { getSigned, putSigned, skipSigned } from "./varint.ts"

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

/** 16 bits of an id's last 60 (its two 30-bit halves), mixed: what an event's bytes keep of its id. */
export const idHash = (high: number, low: number): number => {
  const h = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b)
  return (h ^ (h >>> 16)) & 0xffff
}

/** The time part of a ULID (its first 10 characters: ms since the epoch), or NaN if they are not base 32. */
export const idTime = (id: string): number => {
  let n = 0
  for (let i = 0; i < 10; i++) {
    const d = digit[id.charCodeAt(i) & 127]!
    if (d < 0 || id.charCodeAt(i) > 127) return Number.NaN
    n = n * 32 + d
  }
  return n
}

/**
 * The key of an event whose id's time part is its recording instant (`keyed`, no id bits kept): 16
 * bits of that instant, mixed, marked by bit 16 so that it is never an `idHash`; −1 (no event's
 * key) for NaN, the time of an id that is not a ULID.
 */
export const timeKey = (ms: number): number => {
  if (Number.isNaN(ms)) return -1
  const high = Math.floor(ms / 0x1000000)
  return 0x10000 | idHash(high, ms - high * 0x1000000)
}

/**
 * Bits of an event's first byte: its type code (below 32), then what follows it. A rating (see
 * `MemberColumns`) uses bit 5 for `nextPeriod` and the two high bits for its level or reason.
 */
const hasA = 64
const hasB = 128
/** A rating of the period that follows the member's previous rating (`predictedPeriod`): no period byte. */
const nextPeriod = 32
// Type codes fit the first byte's five low bits: at most 32 types (0 … 32 is the length of a
// 32-tuple whose elements are all optional).
type Tuple<N extends number, T extends Array<unknown> = []> = T["length"] extends N ? T : Tuple<N, [...T, unknown]>
const fiveBits: typeof types["length"] extends Partial<Tuple<32>>["length"] ? true : never = true
void fiveBits

/** The arena's bytes past which `add` packs (`MemberColumns.pack`), at the least. */
const packAfterBytes = 1 << 20

/** The ms of a day number's midnight (UTC). */
const dayMs = 86_400_000

/** The ratings' type codes. */
const qualityRated = code("QualityRated")
const notRated = code("NotRated")
/** Is this a rating's type code (`QualityRated`, `NotRated`)? */
const isRating = (c: number): boolean => c === qualityRated || c === notRated
/** The type codes of the events that name another by its id. */
const retracted = code("EventRetracted")
const annulled = code("DisciplineAnnulled")
/**
 * What a rating's period code is written relative to: about three times the year of the member's
 * last event other than a rating (any fixed function of that day would do: the same one reads it
 * back). The change fits a byte for 42 years; a larger one is `periodEscape` and the code in 2 bytes.
 */
const periodBase = (day: number): number => 3 * (Math.floor(day / 365.2425) + 1970)
const periodEscape = 0x80
/** No rating yet (a `periodCode` is never negative). */
const noPeriod = -1
/**
 * The period a member's next rating is most likely of: the year after its previous rating (most
 * members are rated once a year), or for a first rating the year of the member's last event other
 * than a rating, `day` (`periodBase`, computed only then). Such a rating is written without its
 * period (`nextPeriod`).
 */
const predictedPeriod = (previous: number, day: number): number =>
  previous === noPeriod ? periodBase(day) : previous + 3

/**
 * Writes a recording instant as the time after its day's midnight: in seconds when whole, else in
 * ms, doubled with the unit in the lowest bit; doubled again with `keyed` in the lowest bit (the
 * event's id has the instant as its time part, and no id bits follow the event); a signed varint.
 */
const putLag = (bytes: Uint8Array, at: number, lag: number, keyed: boolean): number =>
  putSigned(bytes, at, (lag % 1000 === 0 ? (lag / 1000) * 2 + 1 : lag * 2) * 2 + (keyed ? 1 : 0))
/** Whether a `putLag` value says the event is keyed (no id bits after it). */
const isKeyed = (z: number): boolean => z % 2 !== 0
/** The recording instant (ms) of an event of `day` whose `putLag` value is `z`. */
const recordedOf = (day: number, z: number): number => {
  const u = (z - (isKeyed(z) ? 1 : 0)) / 2
  return day * dayMs + (u % 2 !== 0 ? ((u - 1) / 2) * 1000 : u / 2)
}
/** Whether the `putLag` varint at `at` says the event is keyed, read from its first byte (bit 1: the magnitude's lowest bit). */
const keyedAt = (bytes: Uint8Array, at: number): boolean => (bytes[at]! & 2) !== 0
/**
 * The position past the rest of an event left unread, from its recording instant (the `putLag`
 * varint at `lagAt`, after the day): the instant, the payload (a rating has none: its first byte's
 * high bits are its level) and, unless keyed, the id's 16 bits.
 */
const pastInstant = (bytes: Uint8Array, lagAt: number, head: number, rating: boolean): number => {
  let past = skipSigned(bytes, lagAt)
  if (!rating) {
    if ((head & hasA) !== 0) past = skipSigned(bytes, past)
    if ((head & hasB) !== 0) past = skipSigned(bytes, past)
  }
  return past + (keyedAt(bytes, lagAt) ? 0 : 2)
}
/**
 * The period of the rating whose first byte `head` is at `at` (see `MemberColumns`), given the
 * member's previous rating's period and its last day but ratings (`periodBase` is computed only
 * when the period is read relative to it: most ratings follow the previous one); the cursor is set
 * past the period's bytes (none when it is the predicted one).
 */
const readPeriod = (
  bytes: Uint8Array,
  at: number,
  head: number,
  previous: number,
  day: number,
  cursor: { at: number }
): number => {
  if ((head & nextPeriod) !== 0) {
    cursor.at = at + 1
    return predictedPeriod(previous, day)
  }
  const change = bytes[at + 1]!
  if (change === periodEscape) {
    cursor.at = at + 4
    return bytes[at + 2]! | (bytes[at + 3]! << 8)
  }
  cursor.at = at + 2
  return periodBase(day) + ((change << 24) >> 24)
}
/** The last day of a period (its `periodCode`) as a day number, kept by code once computed. */
const periodEnds = new Map<number, number>()
const periodEnd = (period: number): number => {
  let end = periodEnds.get(period)
  if (end === undefined) {
    const year = Math.floor(period / 3)
    end = Calendar.toDayNumber(Calendar.make(year, period % 3 === 1 ? 6 : 12, period % 3 === 1 ? 30 : 31))
    periodEnds.set(period, end)
  }
  return end
}

/**
 * One member's events decoded from their bytes, in stream order: what a fold reads. A scratch
 * buffer, reused from one member to the next.
 */
export class MemberEvents {
  count = 0
  type = new Uint8Array(64)
  day = new Int32Array(64)
  recorded = new Float64Array(64)
  /** Each event's position in the member's stream (every event counted, those left out too). */
  position = new Int32Array(64)
  /** The latest recording instant (ms) among the events. */
  latestRecorded = 0
  /** Whether the events' days never go back (stream order is date order). */
  inOrder = true
  /** Whether an event names another (`EventRetracted`, `DisciplineAnnulled`). */
  names = false
  a = new Int32Array(64)
  b = new Int32Array(64)
  /** A member's bytes copied out of the arena (those of a member with a chain). */
  bytes: Uint8Array = new Uint8Array(1024)
  readonly cursor = { at: 0 }

  grow(): void {
    const n = this.type.length * 2
    const more = <A extends Int32Array | Float64Array | Uint8Array>(x: A, make: new(n: number) => A): A => {
      const y = new make(n)
      y.set(x)
      return y
    }
    this.type = more(this.type, Uint8Array)
    this.day = more(this.day, Int32Array)
    this.recorded = more(this.recorded, Float64Array)
    this.position = more(this.position, Int32Array)
    this.a = more(this.a, Int32Array)
    this.b = more(this.b, Int32Array)
  }
}

/**
 * The member events of one set of members, each member's encoded as bytes in a chain of blocks
 * (`blockArena`), in stream order. An event: a byte of type code and flags; its day as the change
 * from the day of the member's previous event other than a rating, and its recording instant
 * (`putLag`: the time after that day's midnight, in seconds when whole, else ms, and whether the
 * event is keyed), both signed varints (`varint.ts`); then payload `a` and `b` as signed varints,
 * each only when not 0; then, unless the event is keyed, 16 bits of its id (`idHash`).
 *
 * A rating (`QualityRated`, `NotRated`: most of a member's events, one a year) is laid out so that a
 * fold of another period skips it after reading its first bytes: its level or reason (0–3) in the
 * first byte's two high bits; its period, left out when it is the one `predictedPeriod` expects
 * (`nextPeriod`: the year after the member's previous rating), else a byte (the change from
 * `periodBase`) or `periodEscape` and 2 bytes; its day relative to the period's last day and its
 * recording instant (signed varints); unless keyed, its id's 16 bits. Most ratings take 5 bytes
 * keyed, 7 not.
 *
 * What the next event is written relative to (the member's last day but ratings, its last rating's
 * period) is read back from its bytes with its id keys whenever another member's events came in
 * between (`hashesOf`), not kept for every member.
 *
 * Ids are kept only to find the event a retraction or an annulment names, which is done once, when
 * it is added (`named`). An event whose id's time part is its recording instant (a ULID made when
 * the event is recorded: what `IdGenerator.layerUlid` and the synthetic histories make) is keyed:
 * its key is 16 bits of that instant (`timeKey`), which its bytes already hold. Any other event
 * keeps 16 bits of its id's last 60 (`idHash`) as its key. Keys tell a member's events apart but
 * for few members, and an event whose id could be sought under a key an earlier event of its
 * member already has keeps its 60 bits (`idExceptions`).
 *
 * About 5.7 bytes an event in generated histories (all keyed; 2 more an event with none keyed),
 * where fixed columns took 33.
 */
export class MemberColumns {
  /**
   * The members' events as bytes: each member's in a segment of `packed` (those added before the
   * last `pack`), then in a chain of `arena` (those added since).
   */
  packed = new PackedPages()
  arena = new BlockArena()
  /** Members by ordinal: where their segment is in `packed` (as an unsigned number) and its bytes (0: none). */
  readonly packedAt = new Growable(Int32Array)
  readonly packedLength = new Growable(Int32Array)
  /** Members by ordinal: the slot of their chain + 1 (0: none; a member has a chain between two packings). */
  private readonly chain = new Growable(Int32Array)
  /**
   * Chains by slot (since the last `pack`): their member's ordinal, their first and last block, the
   * data bytes used in the last.
   */
  readonly chained = new Growable(Int32Array)
  readonly chainHead = new Growable(Int32Array)
  readonly chainTail = new Growable(Int32Array)
  readonly chainFill = new Growable(Uint8Array)
  /** Members by ordinal: the earliest day of their events (a query reading only earlier dates skips them). */
  readonly firstDay = new Growable(Int32Array)
  /**
   * Members by ordinal: their home organisation if they have had one (≥ 0), −1 if none yet, and
   * for those who have had several, −2 − the first pair of their list in `otherHomes`.
   */
  readonly homes = new Growable(Int32Array)
  /** Lists of the home organisations of members who have had more than one: pairs (org, next pair or −1). */
  readonly otherHomes = new Growable(Int32Array)
  /**
   * The events that could be sought under a key an earlier event of their member has: member
   * ordinal, position in the stream, the id's two 30-bit halves (`idBits`).
   */
  readonly idExceptions = new Growable(Int32Array)
  /** The same, by member ordinal: where each of the member's starts in `idExceptions`. */
  private readonly exceptionsOf = new Map<number, Array<number>>()
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
  /**
   * Members by home organisation (`membersWithSomeHome`), kept up to date as homes come and laid out
   * again whenever those noted since the last layout grow many, so that a query never has to.
   */
  private readonly byHome = new MembersByHome({ orgs: 0, forEachHome: () => {} })
  /** Member events added. */
  events = 0
  /** An event being encoded (at most 1 + 3 + 4 × 8 + 2 bytes). */
  private readonly encoded = new Uint8Array(40)
  /**
   * The id keys (`idHash`, or `timeKey` for a keyed event) of the member events were last added
   * to, in stream order (a member's events are mostly added one after another: the next one needs
   * no read of the chain).
   */
  private recentOrdinal = -1
  private recentKeys = new Int32Array(64)
  private recentCount = 0
  /** That member's last day but ratings (0 before its first event) and last rating's period (`noPeriod`). */
  private recentDay = 0
  private recentPeriod = noPeriod
  /** A chain read back when another member's keys are needed. */
  private chainBytes: Uint8Array = new Uint8Array(1024)

  /**
   * The number of an organisation, numbered now if new. The id is kept as a string of its own: one
   * cut from a stream name (`parseStream`) would keep the whole name alive. Registries of the index
   * take their ids from here (`intern`), so that each organisation's id is held once.
   */
  org(id: OrgId): number {
    let n = this.orgNumbers.get(id)
    if (n === undefined) {
      n = this.orgIds.length
      const own = String.fromCharCode(...Array.from({ length: id.length }, (_, i) => id.charCodeAt(i))) as OrgId
      this.orgIds.push(own)
      this.orgNumbers.set(own, n)
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

  /** The payload of the event being added (reused: no array per event). */
  private readonly pair: [number, number] = [0, 0]
  private two(a: number, b: number): readonly [number, number] {
    this.pair[0] = a
    this.pair[1] = b
    return this.pair
  }

  private payload(e: MemberEnvelope): readonly [number, number] {
    switch (e.type) {
      case "CandidateRegistered":
        return this.two(this.org(e.data.orgId), this.person(e.data.person))
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
        return this.two(this.org(d.orgId), at)
      }
      case "TransferredIn":
        return this.two(this.org(e.data.orgId), 0)
      case "TransferredOut":
        return this.two(sendsOutside(e.data) ? 1 : 0, 0)
      case "AdmissionDecided":
        return this.two(e.data.kind === "readmission" ? 1 : 0, 0)
      case "Disciplined":
        return this.two(forms.indexOf(e.data.form), 0)
      case "StruckOff":
        return this.two(reasons.indexOf(e.data.reason), 0)
      case "BadgeAwarded":
        return this.two(e.data.milestone, (e.data.posthumous ? 1 : 0) | (e.data.early ? 2 : 0))
      case "QualityRated":
        return this.two(periodCode(e.data.period), levels.indexOf(e.data.level))
      case "NotRated":
        return this.two(periodCode(e.data.period), notRatedReasons.indexOf(e.data.reason))
      case "PersonCorrected":
        return this.two(0, this.patch(e.data.person))
      default:
        return this.two(0, 0)
    }
  }

  /**
   * The events of the member of `ordinal`, decoded into `into` (stream order; `into.count` of them).
   * With `ratingsOf` (a `periodCode`, or −1 for none), the ratings (`QualityRated`, `NotRated`) of
   * other periods are left out: most of a member's events, and a fold reads one period's. Without
   * `instants`, the recording instants are skipped, not read (`into.recorded` holds nothing of this
   * member but −∞, and neither does `latestRecorded`): a fold of everything recorded reads none.
   * With `typesRead` (a bit for each type code), the events of other types are left out too, their
   * positions counted (a fold reads some types only).
   */
  decode(ordinal: number, into: MemberEvents, ratingsOf?: number, instants = true, typesRead = -1): MemberEvents {
    const keepRatings = ratingsOf === undefined
    const bytes = this.locate(ordinal, into)
    const length = this.segmentEnd
    const cursor = into.cursor
    let n = 0
    let day = 0
    let latest = Number.NEGATIVE_INFINITY
    let inOrder = true
    let names = false
    let lastDay = Number.NEGATIVE_INFINITY
    let previous = noPeriod
    // The position in a local (the skips of other periods' ratings, most events, touch nothing else).
    let at = this.segmentStart
    let position = -1
    // The columns being filled, in locals (read again when they grow).
    let { a: as, b: bs, day: days, position: positions, recorded: recordeds, type: codes } = into
    while (at < length) {
      position++
      const head = bytes[at]!
      const type = head & 31
      let eventDay: number
      let a: number
      let b: number
      const rating = isRating(type)
      if (rating) {
        // A rating: its period first, read before anything else.
        a = readPeriod(bytes, at, head, previous, day, cursor)
        previous = a
        if ((!keepRatings && a !== ratingsOf) || (typesRead & (1 << type)) === 0) {
          at = pastInstant(bytes, skipSigned(bytes, cursor.at), head, true)
          continue
        }
        eventDay = periodEnd(a) + getSigned(bytes, cursor)
        b = head >>> 6
      } else {
        cursor.at = at + 1
        day += getSigned(bytes, cursor)
        if ((typesRead & (1 << type)) === 0) {
          at = pastInstant(bytes, cursor.at, head, false)
          continue
        }
        eventDay = day
        a = 0
        b = 0
      }
      let recorded = Number.NEGATIVE_INFINITY
      let keyed: boolean
      if (instants) {
        const z = getSigned(bytes, cursor)
        recorded = recordedOf(eventDay, z)
        keyed = isKeyed(z)
      } else {
        keyed = keyedAt(bytes, cursor.at)
        cursor.at = skipSigned(bytes, cursor.at)
      }
      if (!rating) {
        if ((head & hasA) !== 0) a = getSigned(bytes, cursor)
        if ((head & hasB) !== 0) b = getSigned(bytes, cursor)
      }
      // The id's 16 bits, unless keyed: only `named` reads them.
      at = cursor.at + (keyed ? 0 : 2)
      if (n === codes.length) {
        into.grow()
        ;({ a: as, b: bs, day: days, position: positions, recorded: recordeds, type: codes } = into)
      }
      if (eventDay < lastDay) inOrder = false
      else lastDay = eventDay
      if (type === retracted || type === annulled) names = true
      if (recorded > latest) latest = recorded
      codes[n] = type
      days[n] = eventDay
      recordeds[n] = recorded
      positions[n] = position
      as[n] = a
      bs[n] = b
      n++
    }
    into.count = n
    into.latestRecorded = latest
    into.inOrder = inOrder
    into.names = names
    return into
  }

  /** Where the bytes `locate` found begin and end. */
  private segmentStart = 0
  private segmentEnd = 0

  /**
   * The bytes of the member of `ordinal`, from `segmentStart` to `segmentEnd`: their segment where
   * it lies when they have no chain, else copied into `scratch.bytes` (grown if needed).
   */
  private locate(ordinal: number, scratch: { bytes: Uint8Array }): Uint8Array {
    const slot = this.chain.array[ordinal]! - 1
    const length = this.packedLength.array[ordinal]!
    if (slot === -1) {
      const at = this.packedAt.array[ordinal]! >>> 0
      this.segmentStart = this.packed.offset(at)
      this.segmentEnd = this.segmentStart + length
      return this.packed.page(at)
    }
    let into = scratch.bytes
    if (length > 0) {
      if (into.length < length) into = scratch.bytes = new Uint8Array((length * 2 + 3) & ~3)
      const at = this.packedAt.array[ordinal]! >>> 0
      const offset = this.packed.offset(at)
      into.set(this.packed.page(at).subarray(offset, offset + length))
    }
    const chain = read(
      this.arena,
      this.chainHead.array[slot]!,
      this.chainFill.array[slot]!,
      into,
      this.arena.blocks,
      length
    )
    scratch.bytes = chain.bytes
    this.segmentStart = 0
    this.segmentEnd = chain.length
    return chain.bytes
  }

  /**
   * Moves the bytes of every member with a chain to a segment of their own in `packed`, with the
   * bytes of their segment if they had one (it becomes garbage), and empties the arena: about a
   * fifth fewer bytes (no links, no part-filled blocks), read without a copy. When the garbage is
   * over a quarter of `packed`, every member is moved to new pages instead. Done as events come
   * (`add`), whenever the arena has grown to a sixteenth of `packed` (and at least 1 MiB); skipped
   * if the pages could not take it (4 GiB).
   */
  pack(): void {
    const full = this.packed.garbage > this.packed.total / 4
    const members = this.ids.size
    const need = this.arena.blocks * dataBytes + (full ? this.packed.total - this.packed.garbage : 0)
    const target = full ? new PackedPages() : this.packed
    if (!target.hasRoom(need)) return
    const scratch = { bytes: this.chainBytes }
    const move = (ordinal: number): void => {
      const bytes = this.locate(ordinal, scratch)
      const n = this.segmentEnd - this.segmentStart
      const at = target.write(bytes.subarray(this.segmentStart), n)
      if (!full) target.garbage += this.packedLength.array[ordinal]!
      this.packedAt.array[ordinal] = at | 0
      this.packedLength.array[ordinal] = n
      this.chain.array[ordinal] = 0
    }
    if (full) {
      for (let ordinal = 0; ordinal < members; ordinal++) move(ordinal)
    } else {
      const chained = this.chained.array
      for (let i = 0; i < this.chained.length; i++) move(chained[i]!)
    }
    this.chainBytes = scratch.bytes
    this.packed = target
    this.arena = new BlockArena()
    this.chained.length = 0
    this.chainHead.length = 0
    this.chainTail.length = 0
    this.chainFill.length = 0
  }

  /** Whether the member of `ordinal` has a chain (events added since the last `pack`). */
  hasChain(ordinal: number): boolean {
    return this.chain.array[ordinal] !== 0
  }

  /**
   * The ordinals, ascending, of the members with some home organisation for which `test` holds
   * (those of `CandidateRegistered`, `MemberImported` and `TransferredIn`: every organisation a
   * member's life can name), found through the organisations instead of member by member; only
   * the organisations `among` are tested when it is given (`test` holds for no other).
   */
  membersWithSomeHome(test: (org: number) => boolean, among?: ReadonlyArray<number>): Int32Array {
    return this.byHome.membersWithSomeHome(test, this.ids.size, among)
  }

  /** Every member's home organisations, in ordinal order. */
  private everyHome(): Homes {
    return {
      orgs: this.orgIds.length,
      forEachHome: (visit) => {
        const homes = this.homes.array
        const others = this.otherHomes.array
        for (let ordinal = 0; ordinal < this.ids.size; ordinal++) {
          const v = homes[ordinal]!
          if (v >= 0) visit(ordinal, v)
          else for (let p = -2 - v; p >= 0; p = others[p + 1]!) visit(ordinal, others[p]!)
        }
      }
    }
  }

  /** Notes a new home in the members by home, laid out again when the new ones are many. */
  private noted(ordinal: number, home: number): void {
    this.byHome.note(ordinal, home)
    if (this.byHome.stale) this.byHome.rebuild(this.everyHome())
  }

  /** Lays out the members by home from every member's homes (columns read back). */
  layOutHomes(): void {
    this.byHome.rebuild(this.everyHome())
  }

  /** Notes `home` as a home organisation of the member of `ordinal` (each organisation once). */
  private noteHome(ordinal: number, home: number): void {
    const v = this.homes.array[ordinal]!
    if (v === -1) {
      this.homes.array[ordinal] = home
      this.noted(ordinal, home)
      return
    }
    if (v === home) return
    let next: number
    if (v >= 0) {
      // A second home: the first starts the list.
      next = this.otherHomes.push(v)
      this.otherHomes.push(-1)
    } else {
      next = -2 - v
      const others = this.otherHomes.array
      for (let p = next; p >= 0; p = others[p + 1]!) if (others[p] === home) return
    }
    const pair = this.otherHomes.push(home)
    this.otherHomes.push(next)
    this.homes.array[ordinal] = -2 - pair
    this.noted(ordinal, home)
  }

  /**
   * Appends a member's event (each stream's events in stream order); returns the member's ordinal,
   * or −1 for an event type the statistics do not read.
   */
  add(memberId: MemberId, e: MemberEnvelope): number {
    const c = typeCode.get(e.type)
    if (c === undefined) return -1
    const known = this.ids.size
    const ordinal = this.ids.ordinalOf(memberId)
    this.hashesOf(ordinal, ordinal === known)
    const position = this.recentCount
    const high = idBits(e.id, 14)
    const low = idBits(e.id, 20)
    const hash = idHash(high, low)
    const recordedMs = instantMs(e.recordedAt)
    const time = idTime(e.id)
    const keyed = time === recordedMs
    const pair = e.type === "EventRetracted"
      ? this.two(this.named(ordinal, e.data.eventId), 0)
      : e.type === "DisciplineAnnulled"
      ? this.two(this.named(ordinal, e.data.disciplineEventId), 0)
      : this.payload(e)
    const a = pair[0]
    const b = pair[1]
    const day = Calendar.toDayNumber(e.occurredOn)
    const rating = isRating(c)
    const lag = recordedMs - day * dayMs
    const home = isHome(c) ? a : -1
    if (ordinal === known) {
      this.chain.push(0)
      this.packedAt.push(0)
      this.packedLength.push(0)
      this.firstDay.push(day)
      this.homes.push(home)
      if (home !== -1) this.noted(ordinal, home)
    } else {
      if (day < this.firstDay.array[ordinal]!) this.firstDay.array[ordinal] = day
      if (home !== -1) this.noteHome(ordinal, home)
    }
    const bytes = this.encoded
    let at: number
    if (rating) {
      // Its level or reason (0–3) in the first byte's high bits.
      at = 1
      if (a === predictedPeriod(this.recentPeriod, this.recentDay)) {
        bytes[0] = c | nextPeriod | (b << 6)
      } else {
        bytes[0] = c | (b << 6)
        const change = a - periodBase(this.recentDay)
        if (change > -128 && change < 128) {
          bytes[at++] = change & 255
        } else {
          bytes[at++] = periodEscape
          bytes[at++] = a & 255
          bytes[at++] = a >>> 8
        }
      }
      at = putSigned(bytes, at, day - periodEnd(a))
      at = putLag(bytes, at, lag, keyed)
      this.recentPeriod = a
    } else {
      bytes[0] = c | (a !== 0 ? hasA : 0) | (b !== 0 ? hasB : 0)
      at = putSigned(bytes, 1, day - this.recentDay)
      at = putLag(bytes, at, lag, keyed)
      if (a !== 0) at = putSigned(bytes, at, a)
      if (b !== 0) at = putSigned(bytes, at, b)
      this.recentDay = day
    }
    if (!keyed) {
      bytes[at++] = hash & 255
      bytes[at++] = hash >>> 8
    }
    let slot = this.chain.array[ordinal]! - 1
    if (slot === -1) {
      const block = this.arena.allocate()
      slot = this.chained.push(ordinal)
      this.chainHead.push(block)
      this.chainTail.push(block)
      this.chainFill.push(0)
      this.chain.array[ordinal] = slot + 1
    }
    const end = append(this.arena, this.chainTail.array[slot]!, this.chainFill.array[slot]!, bytes, at)
    this.chainTail.array[slot] = Math.floor(end / blockBytes)
    this.chainFill.array[slot] = end % blockBytes
    // A retraction naming this event will seek it under its id's two possible keys.
    const byTime = timeKey(time)
    if (this.sharesKey(hash, byTime, position)) this.except(ordinal, position, high, low)
    this.setKey(position, keyed ? byTime : hash)
    this.recentCount = position + 1
    this.events++
    if (this.arena.blocks * blockBytes >= Math.max(packAfterBytes, this.packed.total / 16)) this.pack()
    return ordinal
  }

  /** Notes the full id bits of the event at `position` of the member of `ordinal`. */
  private except(ordinal: number, position: number, high: number, low: number): void {
    const at = this.idExceptions.push(ordinal)
    this.idExceptions.push(position)
    this.idExceptions.push(high)
    this.idExceptions.push(low)
    this.listException(ordinal, at)
  }

  /** Adds the exception at `at` of `idExceptions` to the member's list. */
  private listException(ordinal: number, at: number): void {
    const list = this.exceptionsOf.get(ordinal)
    if (list === undefined) this.exceptionsOf.set(ordinal, [at])
    else list.push(at)
  }

  /** Notes each member's chain slot (the chains read back). */
  noteChains(): void {
    this.chain.length = 0
    for (let ordinal = 0; ordinal < this.ids.size; ordinal++) this.chain.push(0)
    for (let slot = 0; slot < this.chained.length; slot++) this.chain.array[this.chained.array[slot]!] = slot + 1
  }

  /** Lists each member's id exceptions (`idExceptions` read back). */
  indexExceptions(): void {
    this.exceptionsOf.clear()
    const list = this.idExceptions.array
    for (let at = 0; at < this.idExceptions.length; at += 4) this.listException(list[at]!, at)
  }

  /** Sets the id key of the event at `position` in `recentKeys`, grown if needed. */
  private setKey(position: number, key: number): void {
    if (position === this.recentKeys.length) {
      const grown = new Int32Array(position * 2)
      grown.set(this.recentKeys)
      this.recentKeys = grown
    }
    this.recentKeys[position] = key
  }

  /** Whether an event before `position` in `recentKeys` has the key `one` or `other`. */
  private sharesKey(one: number, other: number, position: number): boolean {
    const keys = this.recentKeys
    for (let p = 0; p < position; p++) if (keys[p] === one || keys[p] === other) return true
    return false
  }

  /**
   * Makes `recentKeys`, `recentDay` and `recentPeriod` those of the member of `ordinal` (`fresh`:
   * a member with no event yet), read from its bytes unless it is the member they are already of.
   */
  private hashesOf(ordinal: number, fresh: boolean): void {
    if (ordinal === this.recentOrdinal) return
    this.recentOrdinal = ordinal
    this.recentCount = 0
    this.recentDay = 0
    this.recentPeriod = noPeriod
    if (fresh) return
    const scratch = { bytes: this.chainBytes }
    const bytes = this.locate(ordinal, scratch)
    this.chainBytes = scratch.bytes
    const length = this.segmentEnd
    const cursor = { at: 0 }
    let n = 0
    let day = 0
    let previous = noPeriod
    for (let at = this.segmentStart; at < length; n++) {
      const head = bytes[at]!
      const rating = isRating(head & 31)
      let eventDay: number
      if (rating) {
        previous = readPeriod(bytes, at, head, previous, day, cursor)
        eventDay = periodEnd(previous) + getSigned(bytes, cursor)
      } else {
        cursor.at = at + 1
        day += getSigned(bytes, cursor)
        eventDay = day
      }
      const z = getSigned(bytes, cursor)
      at = cursor.at
      // A rating's high bits are its level, not payload flags.
      if (!rating) {
        if ((head & hasA) !== 0) at = skipSigned(bytes, at)
        if ((head & hasB) !== 0) at = skipSigned(bytes, at)
      }
      if (isKeyed(z)) {
        this.setKey(n, timeKey(recordedOf(eventDay, z)))
      } else {
        this.setKey(n, bytes[at]! | (bytes[at + 1]! << 8))
        at += 2
      }
    }
    this.recentCount = n
    this.recentDay = day
    this.recentPeriod = previous
  }

  /**
   * The position in the stream of the member of `ordinal` of the earlier event whose id is `id`, or
   * −1 if none has one of its keys (`recentKeys` are that member's): its `idHash`, or the
   * `timeKey` of its time part (the event's key if keyed). Among the events with one of them, those
   * past the first keep their full id bits (`idExceptions`): the one whose bits are the id's, else
   * the first. A retraction or an annulment names an earlier event of its stream (STR-03, which
   * every write path checks); of one that names none, this may answer an event that happens to
   * share one of the id's keys (about one in 2,000).
   */
  private named(ordinal: number, id: string): number {
    const high = idBits(id, 14)
    const low = idBits(id, 20)
    const hash = idHash(high, low)
    const time = timeKey(idTime(id))
    const exceptions = this.exceptionsOf.get(ordinal) ?? []
    const list = this.idExceptions.array
    let first = -1
    for (let p = 0; p < this.recentCount; p++) {
      if (this.recentKeys[p] !== hash && this.recentKeys[p] !== time) continue
      const at = exceptions.find((x) => list[x + 1] === p)
      if (at === undefined) {
        if (first === -1) first = p
      } else if (list[at + 2] === high && list[at + 3] === low) {
        return p
      }
    }
    return first
  }
}

/** The columns as plain arrays, for a checkpoint. */
export interface Saved {
  /** Every member id's 130 bits in 17 bytes, in ordinal order (`MemberIds`). */
  readonly memberIds: Uint8Array
  readonly orgIds: ReadonlyArray<OrgId>
  readonly events: number
  readonly int32: Readonly<Record<Int32Column, Int32Array>>
  readonly uint8: Readonly<Record<Uint8Column, Uint8Array>>
  /** The arena's pages. */
  readonly pages: ReadonlyArray<Uint8Array>
  /** The packed pages, and the bytes written to them and no longer pointed to. */
  readonly packed: ReadonlyArray<Uint8Array>
  readonly packedTotal: number
  readonly packedGarbage: number
}

export const int32Columns = [
  "packedAt",
  "packedLength",
  "chained",
  "chainHead",
  "chainTail",
  "firstDay",
  "homes",
  "otherHomes",
  "personBirth",
  "imports",
  "gaps",
  "idExceptions"
] as const
export const uint8Columns = ["chainFill", "personFacts"] as const
type Int32Column = typeof int32Columns[number]
type Uint8Column = typeof uint8Columns[number]

export const save = (c: MemberColumns): Saved => ({
  memberIds: c.ids.bytes(),
  orgIds: c.orgIds,
  events: c.events,
  int32: Object.fromEntries(int32Columns.map((k) => [k, c[k].view()])) as Saved["int32"],
  uint8: Object.fromEntries(uint8Columns.map((k) => [k, c[k].view()])) as Saved["uint8"],
  pages: c.arena.save(),
  packed: c.packed.save(),
  packedTotal: c.packed.total,
  packedGarbage: c.packed.garbage
})

/** Columns from saved arrays, or what is inconsistent in them. */
export const load = (s: Saved): MemberColumns | string => {
  const ids = MemberIds.fromBytes(s.memberIds)
  if (typeof ids === "string") return ids
  const members = ids.size
  for (const k of ["packedAt", "packedLength", "firstDay", "homes"] as const) {
    if (s.int32[k].length !== members) return `column ${k} has ${s.int32[k].length} values for ${members} members`
  }
  const chains = s.int32.chained.length
  for (const k of ["chainHead", "chainTail"] as const) {
    if (s.int32[k].length !== chains) return `column ${k} has ${s.int32[k].length} values for ${chains} chains`
  }
  if (s.uint8.chainFill.length !== chains) {
    return `column chainFill has ${s.uint8.chainFill.length} values for ${chains} chains`
  }
  const others = s.int32.otherHomes
  if (others.length % 2 !== 0) return `column otherHomes has an odd number of values (${others.length})`
  for (let p = 0; p < others.length; p += 2) {
    if (others[p]! < 0 || others[p]! >= s.orgIds.length) return `column otherHomes names no organisation (${others[p]})`
    // A list runs to earlier pairs only, so it ends.
    if (others[p + 1]! !== -1 && (others[p + 1]! >= p || others[p + 1]! % 2 !== 0)) {
      return `column otherHomes links pair ${p} to ${others[p + 1]}`
    }
  }
  for (const v of s.int32.homes) {
    if (v >= s.orgIds.length) return `column homes names no organisation (${v})`
    if (v < -1 && (-2 - v >= others.length || (-2 - v) % 2 !== 0)) {
      return `column homes points outside otherHomes (${-2 - v})`
    }
  }
  for (const v of s.uint8.chainFill) {
    if (v > dataBytes) return `column chainFill says ${v} bytes of a block's ${dataBytes}`
  }
  const exceptions = s.int32.idExceptions
  if (exceptions.length % 4 !== 0) return `column idExceptions has ${exceptions.length} values, not groups of 4`
  for (let x = 0; x < exceptions.length; x += 4) {
    if (exceptions[x]! < 0 || exceptions[x]! >= members || exceptions[x + 1]! < 0) {
      return `column idExceptions names no member event (${exceptions[x]}, ${exceptions[x + 1]})`
    }
  }
  if (!Number.isSafeInteger(s.events) || s.events < 0) return `events must be a count, not ${s.events}`
  const arena = BlockArena.load(s.pages)
  if (typeof arena === "string") return arena
  const packed = PackedPages.load(s.packed, s.packedTotal, s.packedGarbage)
  if (typeof packed === "string") return packed
  // Every segment lies in its page, and the segments and the garbage make the packed total.
  let live = 0
  for (let m = 0; m < members; m++) {
    const length = s.int32.packedLength[m]!
    if (length === 0) continue
    if (!packed.holds(s.int32.packedAt[m]! >>> 0, length)) {
      return `the packed bytes of member ${m} are outside their page`
    }
    live += length
  }
  if (live + s.packedGarbage !== s.packedTotal) {
    return `the members' packed bytes (${live}) and the garbage (${s.packedGarbage}) are not the total (${s.packedTotal})`
  }
  // Every chain is of a member with no other chain, and runs from its head to its tail through
  // blocks no other chain has; a member with no chain has a segment.
  const chained = new Uint8Array(members)
  const seen = new Uint8Array(arena.blocks)
  for (let slot = 0; slot < chains; slot++) {
    const m = s.int32.chained[slot]!
    if (m < 0 || m >= members || chained[m] === 1) {
      return `chain ${slot} names member ${m}, unknown or with an earlier chain`
    }
    chained[m] = 1
    let block = s.int32.chainHead[slot]!
    for (;;) {
      if (block < 1 || block >= arena.blocks || seen[block] === 1) return `the chain of member ${m} is broken`
      seen[block] = 1
      const next = arena.link(block)
      if (next === 0) break
      block = next
    }
    if (block !== s.int32.chainTail[slot]) return `the chain of member ${m} does not end at its last block`
  }
  for (let m = 0; m < members; m++) {
    if (chained[m] === 0 && s.int32.packedLength[m] === 0) return `member ${m} has neither a chain nor packed bytes`
  }
  const c = new MemberColumns()
  for (const k of int32Columns) c[k].load(s.int32[k])
  for (const k of uint8Columns) c[k].load(s.uint8[k])
  c.ids = ids
  c.arena = arena
  c.packed = packed
  c.events = s.events
  s.orgIds.forEach((id, i) => {
    c.orgIds.push(id)
    c.orgNumbers.set(id, i)
  })
  c.layOutHomes()
  c.indexExceptions()
  c.noteChains()
  return c
}
