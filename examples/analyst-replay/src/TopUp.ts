/**
 * The events a calibration adds to a generated history, written as NDJSON lines in the generator's
 * form: new member streams (an arrival from outside the province, a candidate taken from the
 * source list to admission) and events appended to a member's existing stream. Nothing here is
 * trusted: every line goes through `Import.run`, which judges it with the member decider against
 * the history before it, exactly as the generated lines.
 *
 * Ids are ULIDs, deterministic: the time part is the recording instant of the event (for a member
 * id, of the stream's first event), then a tag per calibration and a counter.
 */
import { Calendar } from "@dangvien/core"

/** One event of a member stream, before its id and `recordedAt` are given. */
interface Pending {
  readonly type: string
  readonly occurredOn: string
  readonly data: unknown
  /** Recorded on this day (default: `occurredOn`); `OfficialRecognized` is recorded on its decision day. */
  readonly recordedOn?: string
}

/** A person of a new stream. */
export interface Who {
  readonly fullName: string
  readonly birthDate: string
  readonly female: boolean
  readonly ethnicity: string
  /** A religion (tôn giáo); absent: none (`religion: null`). */
  readonly religion?: string
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** `n` as `digits` Crockford base-32 characters. */
const base32 = (n: number, digits: number): string => {
  let s = ""
  for (let i = 0; i < digits; i++) {
    s = CROCKFORD[n % 32]! + s
    n = Math.floor(n / 32)
  }
  return s
}

/** A new stream's key until its lines are written (then its id, from its first `recordedAt`). */
const NEW = "new:"

/** Writes the lines of a calibration: new streams and events appended to existing ones. */
export class Writer {
  private readonly tag: string
  private counter = 0
  private readonly streams = new Map<string, { lastRecordedAt: string; events: Array<Pending> }>()
  /** Counts of what was added, by a label the calibration chooses. */
  readonly added = new Map<string, number>()

  /**
   * `tag`: 6 Crockford base-32 characters naming the calibration (`TC` + the published figures'
   * seed number: `TC0001` for Lai Châu), which no generated id carries (the generator's ids carry
   * a tag of their seed: `00` and four characters for seeds under a million).
   */
  constructor(tag: string) {
    this.tag = tag
  }

  /**
   * A new id: a ULID whose time part is `recordedAt` (so ids sort like the recording instants, as
   * the generator's), then the tag and a counter.
   */
  private id(recordedAt: string): string {
    return base32(Date.parse(recordedAt), 10) + this.tag + base32(this.counter++, 10)
  }

  /** Counts one adjustment under a label. */
  count(label: string): void {
    this.added.set(label, (this.added.get(label) ?? 0) + 1)
  }

  /**
   * A new member stream; returns its key for `add`. The member id is given when the lines are
   * written: a ULID of the stream's first recording instant.
   */
  newMember(): string {
    const key = `${NEW}${this.streams.size}`
    this.streams.set(key, { lastRecordedAt: "", events: [] })
    return key
  }

  /** Appends an event to a member's stream (new or existing: then give its last `recordedAt`). */
  add(member: string, type: string, occurredOn: string, data: unknown, recordedOn?: string, lastRecordedAt = ""): void {
    let s = this.streams.get(member)
    if (s === undefined) {
      s = { lastRecordedAt, events: [] }
      this.streams.set(member, s)
    }
    s.events.push(recordedOn === undefined ? { type, occurredOn, data } : { type, occurredOn, data, recordedOn })
  }

  /**
   * The lines: stream by stream, in the order the streams were first touched; each stream's events
   * in the order of the day they are recorded (stable).
   */
  *lines(): Generator<string> {
    for (const [key, s] of this.streams) {
      let last = s.lastRecordedAt
      let member = key
      const day = (e: Pending) => e.recordedOn ?? e.occurredOn
      for (const e of [...s.events].sort((a, b) => (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : 0))) {
        let at = `${e.recordedOn ?? e.occurredOn}T02:30:00.000Z`
        if (at <= last) at = new Date(Date.parse(last) + 60_000).toISOString()
        last = at
        if (member.startsWith(NEW)) member = this.id(at)
        yield JSON.stringify({
          id: this.id(at),
          stream: `member-${member}`,
          type: e.type,
          schemaVersion: 1,
          occurredOn: e.occurredOn,
          recordedAt: at,
          data: e.data
        })
      }
    }
  }
}

/** The `person` of a new stream. */
export const person = (who: Who) => ({
  fullName: who.fullName,
  birthDate: who.birthDate,
  gender: who.female ? "female" : "male",
  ethnicity: who.ethnicity,
  religion: who.religion ?? null,
  education: "upperSecondary"
})

/**
 * A member arriving from outside the history on `on` (`MemberImported`, `transferIn`), official
 * (admitted on `admittedOn`, ceremony 10 days after the decision) or probationary; or, with
 * `basis: "openingBalance"`, a member of the organisation's opening roster, imported on `on`.
 */
export const arrival = (
  w: Writer,
  args: {
    readonly orgId: string
    readonly on: string
    readonly who: Who
    readonly official: boolean
    readonly admittedOn: string
    readonly badges?: ReadonlyArray<number>
    readonly cardNo?: string
    readonly basis?: "openingBalance" | "transferIn"
  }
): string => {
  const id = w.newMember()
  const ceremonyOn = Calendar.addDays(args.admittedOn, 10)
  w.add(id, "MemberImported", args.on, {
    orgId: args.orgId,
    person: person(args.who),
    basis: args.basis ?? "transferIn",
    status: args.official ? "official" : "probationary",
    admissionDecidedOn: args.admittedOn,
    ceremonyOn,
    ...(args.official ? { officialOn: Calendar.addMonths(ceremonyOn, 12) } : {}),
    ...(args.badges !== undefined && args.badges.length > 0 ? { badges: args.badges } : {}),
    ...(args.cardNo === undefined ? {} : { cardNo: args.cardNo })
  })
  return id
}

/**
 * A candidate of the source list admitted (kết nạp) on `decidedOn`: registration, awareness course,
 * sponsors (the Youth Union and one official member of the branch, ADM-04), the branch vote,
 * the decision by `decidedBy` and the ceremony 10 days later. Returns the member id and the
 * ceremony date.
 */
export const admission = (
  w: Writer,
  args: {
    readonly orgId: string
    readonly decidedOn: string
    readonly decidedBy: string
    readonly who: Who
    readonly sponsor: { readonly id: string; readonly since: string }
    readonly officialMembers: number
  }
): { readonly id: string; readonly ceremonyOn: string } => {
  const id = w.newMember()
  const d = args.decidedOn
  w.add(id, "CandidateRegistered", Calendar.addDays(d, -200), {
    orgId: args.orgId,
    person: person(args.who),
    sourceGroup: "youthUnion"
  })
  w.add(id, "AwarenessCourseCompleted", Calendar.addDays(d, -150), { certificateNo: "1-GCN/BTG" })
  w.add(id, "SponsorsAssigned", Calendar.addDays(d, -60), {
    sponsors: [{ kind: "member", memberId: args.sponsor.id, knownSince: args.sponsor.since }, { kind: "youthUnion" }]
  })
  const n = Math.max(1, args.officialMembers)
  w.add(id, "BranchResolutionPassed", Calendar.addDays(d, -20), {
    purpose: "admission",
    officialMembers: n,
    votesFor: n
  })
  w.add(id, "AdmissionDecided", d, { decidedBy: args.decidedBy, decisionNo: "1-QĐ/TU", kind: "first" })
  const ceremonyOn = Calendar.addDays(d, 10)
  w.add(id, "AdmissionCeremonyHeld", ceremonyOn, {})
  return { id, ceremonyOn }
}

/**
 * Official recognition at the end of probation (PRB-02, PRB-03): the branch resolution 3 days after
 * ceremony + 12 months and the decision, effective on ceremony + 12 months, recorded on the
 * resolution's day. Returns the official date.
 */
export const recognition = (w: Writer, member: string, ceremonyOn: string, officialMembers: number): string => {
  const officialOn = Calendar.addMonths(ceremonyOn, 12)
  const resolution = Calendar.addDays(officialOn, 3)
  const n = Math.max(1, officialMembers)
  w.add(member, "BranchResolutionPassed", resolution, { purpose: "recognition", officialMembers: n, votesFor: n })
  w.add(member, "OfficialRecognized", officialOn, { decisionNo: "2-QĐ/TU" }, resolution)
  return officialOn
}
