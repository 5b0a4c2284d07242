/**
 * The check pass of `Import.run`: every line of the source decoded and judged by the rules, in file
 * order, against the stored history plus the lines before it. With a bulk session, each accepted
 * event is written to it as the pass goes, and memory does not grow with the file: event ids go
 * into a fixed-size filter (an id it may have seen is looked up in the session), at most
 * `memberStatesInMemory` member states are held (a dropped stream is read back from the session),
 * and a line is hashed only when its id repeats (those lines are compared after the pass, in one
 * more read of the source). What still grows, slowly: the card numbers issued (CRD-02 looks
 * across streams; about 50 bytes each, `cardHolders.ts`), the organisations, and the ids of
 * dropped streams (28 bytes each). Without a session, nothing is written here; what the write
 * pass needs (the stored version of each stream, the ids already stored, the lines to skip and a
 * hash of each line) is returned.
 *
 * A member stream's events are folded without keeping its history (`Member.evolveWithoutHistory`)
 * unless the stream is in `withHistory`. A retraction or annulment met in any other stream is
 * noted in `needHistory`, and `Import.run` checks the file again with those streams added.
 *
 * @internal
 */
import { Effect, Stream } from "effect"
import type { CalendarDate } from "../Calendar.ts"
import * as Envelope from "../Envelope.ts"
import { type BulkRow, type BulkSession, EventStore, type NewEvent, type StorageError } from "../EventStore.ts"
import type { MemberId, OrgId, StreamName } from "../Ids.ts"
import type { LineError, Options, Progress } from "../Import.ts"
import * as Member from "../Member.ts"
import * as MemberDecider from "../MemberDecider.ts"
import * as Organization from "../Organization.ts"
import * as OrganizationDecider from "../OrganizationDecider.ts"
import * as OrganizationRegistry from "../OrganizationRegistry.ts"
import * as SponsorTenure from "../SponsorTenure.ts"
import { CardHolders } from "./cardHolders.ts"
import * as IdFilter from "./idFilter.ts"
import * as IdSet from "./idSet.ts"
import { canonicalJson, contentKey, eventContent } from "./memoryStore.ts"

/** What the write pass needs to know of a stream the file touches. */
export interface StreamPlan {
  /** The version in the store when the check began. */
  readonly storedVersion: number
  /**
   * This stream's events already stored (none for a new stream): the hash of each one's content
   * (`contentHash`), by id.
   */
  readonly stored: ReadonlyMap<string, number>
}

/** The outcome of one check pass. */
export interface Checked {
  readonly lines: number
  readonly events: number
  readonly alreadyStored: number
  /** Bad lines: the first `maxErrors` in line order, and how many there were in all. */
  readonly errors: ReadonlyArray<LineError>
  readonly refused: number
  /** What the write pass needs per stream (empty after a pass with a session). */
  readonly streams: ReadonlyMap<string, StreamPlan>
  /** Lines that repeat an earlier line exactly: skipped by the write pass. */
  readonly repeatedLines: ReadonlySet<number>
  /**
   * FNV-1a hash of each line (index = line number): the write pass checks the source is unchanged.
   * Empty after a pass with a session (there is no write pass).
   */
  readonly lineHashes: Uint32Array
  /** Streams with a retraction or annulment that were folded without their history. */
  readonly needHistory: ReadonlySet<string>
  /** Events handed to the session. */
  readonly written: number
  /** Streams the file touches. */
  readonly streamCount: number
  /** Times a dropped member stream was read back from the session. */
  readonly readBack: number
}

/** What the check keeps per stream while it runs. */
interface StreamCheck extends StreamPlan {
  member: Member.State
  /**
   * For a member: their branches (`member.orgId`) over time, each from the day of the event that
   * put them there (none: in transit, or out of the Party). Few for a member: a sponsor's branch on
   * a past date is read from it (ADM-05), as a file ordered member by member gives a sponsor's
   * whole stream before the applicant's.
   */
  branches: Array<SponsorTenure.Stint>
  org: Organization.State
  /** The stream's version after the lines accepted so far. */
  version: number
}

/**
 * Member streams whose folded state a check with a bulk session keeps at once, by default (about
 * 1.5 KB each): beyond it the streams met longest ago are dropped and read back from the session
 * when met again.
 */
export const defaultMemberStatesInMemory = 100_000

/** FNV-1a hash of a line: tells a repeated line from a reused id cheaply. */
export const hash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Blank (or only whitespace): a line that starts with `{`, as every event line does, is not. */
export const isBlank = (line: string): boolean => line.charCodeAt(0) !== 123 && line.trim() === ""

const noneStored: ReadonlyMap<string, number> = new Map()
/** Lines checked together at most (see `checkPass`). */
const batchLines = 1_000
/**
 * Accepted events handed to a session in one write, at least (a server store inserts each write
 * with a few statements: larger writes, fewer round trips).
 */
const rowsPerWrite = 4_000
/** The organisation state a member stream carries (never read). */
const noOrg: Organization.State = Organization.initialFor("" as OrgId)

const noteCard = (holders: CardHolders, e: Envelope.Envelope) => {
  if (e.type === "CardIssued" || e.type === "CardReissued") holders.set(e.data.cardNo, e.stream.slice(7) as MemberId)
  else if (e.type === "MemberImported" && e.data.cardNo !== undefined) {
    holders.set(e.data.cardNo, e.stream.slice(7) as MemberId)
  }
}

/** EVT-02: the id of the event on `line` is that of a different event on line `earlier`. */
const reusedId = (line: number, id: string, earlier: number): LineError => ({
  line,
  rule: "EVT-02",
  field: "id",
  message: `id ${id} is used by another event on line ${earlier}`
})

/**
 * A hash of what makes a line the event stored under its id on a re-run: all but its place in the
 * log and its `recordedAt` (a line without one takes the import's instant, which differs each run).
 */
const contentHash = (e: Envelope.Envelope): number => hash(canonicalJson(eventContent(e.stream, e)))

/**
 * A hash of the event a line holds, whatever its key order and spacing (and its `recordedAt` the
 * import's when it has none): two lines with one id that agree on it are the same event.
 */
const lineContentHash = (text: string, recordedAt: string): number => {
  let raw: NewEvent & { readonly stream: string }
  try {
    raw = JSON.parse(text) as typeof raw
  } catch {
    return hash(text) // the source changed since the line was decoded
  }
  return hash(contentKey(raw.stream, { ...raw, recordedAt: raw.recordedAt ?? recordedAt }))
}

/** The stream a line that does not decode names, if it names one plainly. */
const streamOfLine = /"stream"\s*:\s*"((?:member|org)-[0-9A-Z]{26})"/u

const storedWithOtherContent = (line: number, id: string): LineError => ({
  line,
  rule: "EVT-02",
  field: "id",
  message: `id ${id} is stored already with other content: an event is never changed in place (record a correction)`
})

/** EVT-02: the id of the event on `line` is that of a stored event of another stream. */
const storedInAnotherStream = (line: number, id: string, position: number): LineError => ({
  line,
  rule: "EVT-02",
  field: "id",
  message:
    `id ${id} is that of the stored event at position ${position}, in another stream: ids are unique in the store`
})

/**
 * The first of `ids` that is the id of the event on this line: a line holding one of them in a
 * 26-character token is parsed to be sure (the id, not a reference to it in the data).
 */
const firstOf = (text: string, ids: ReadonlySet<string>): string | undefined => {
  for (const token of text.matchAll(/[0-9A-Z]{26}/g)) {
    if (!ids.has(token[0])) continue
    try {
      const id = (JSON.parse(text) as { readonly id?: unknown }).id
      return typeof id === "string" && ids.has(id) ? id : undefined
    } catch {
      return undefined
    }
  }
  return undefined
}

/**
 * The stream of the organisation or member that the field at `path` (`data.parentId`,
 * `data.sponsors.1`) names: its value, a ULID, or an object's `orgId` or `memberId`.
 */
const streamNamedBy = (e: Envelope.Envelope, path: string): string | undefined => {
  let value: unknown = e
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  if (typeof value === "object" && value !== null) {
    const o = value as { readonly orgId?: unknown; readonly memberId?: unknown }
    if (typeof o.memberId === "string") return `member-${o.memberId}`
    value = o.orgId
  }
  if (typeof value !== "string" || !ulid.test(value)) return undefined
  const field = path.slice(path.lastIndexOf(".") + 1)
  return field === "memberId" ? `member-${value}` : `org-${value}`
}
const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/u

const refersBack = (e: Envelope.Envelope) => e.type === "EventRetracted" || e.type === "DisciplineAnnulled"

/**
 * Folds a member event into a stream's check, noting the day the member came to a new branch
 * (registration, import, arrival; a readmission back to a branch).
 */
const evolveCheck = (
  check: StreamCheck,
  evolve: (s: Member.State, e: Envelope.MemberEnvelope) => Member.State,
  e: Envelope.MemberEnvelope
): void => {
  const before = check.member
  check.member = evolve(before, e)
  const stint = SponsorTenure.stintBegun(before, check.member, e)
  if (stint !== undefined) check.branches.push(stint)
}

/**
 * Runs one check pass over the source; with a bulk `session`, every accepted event is written to it
 * as the check goes (refused lines aside; the session is rolled back if any line is refused), and
 * the session is what the check asks, rather than its memory, for streams it dropped and for ids
 * it may have seen.
 */
export const checkPass = <SE, SR, E, R>(
  source: () => Stream.Stream<string, SE, SR>,
  options: Options<E, R>,
  recordedAt: string,
  withHistory: ReadonlySet<string>,
  session?: BulkSession
): Effect.Effect<Checked, StorageError | SE | E, EventStore | SR | R> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const maxErrors = options.maxErrors ?? 100
    const every = Math.max(1, options.progressEvery ?? 50_000)
    const progress = (p: Omit<Progress, "written">) =>
      options.onProgress === undefined ? Effect.void : options.onProgress({ ...p, written })
    const decodeOptions = {
      defaultRecordedAt: recordedAt,
      ...(options.upcasters === undefined ? {} : { upcasters: options.upcasters }),
      ...(options.recordedUpTo === undefined ? {} : { recordedUpTo: options.recordedUpTo })
    }
    const evolveMember = (stream: string) => withHistory.has(stream) ? Member.evolve : Member.evolveWithoutHistory
    const needHistory = new Set<string>()

    // -- What is stored already: organisations, card numbers; member streams on demand -----------
    /** The last position stored before this pass (a session holds the write lock: it stays so). */
    const startPosition = yield* store.lastPosition
    const storeIsEmpty = startPosition === 0
    const orgHistory: Array<Envelope.Envelope> = []
    const cardHolders = new CardHolders()
    // Every id: without a session, those stored (with their positions) and this file's (with their
    // lines and the lines' hashes) in exact sets; with one, both in a fixed-size filter, an id it
    // may have seen looked up in the session. A line whose id is stored in another stream than its
    // own is refused (EVT-02) instead of failing the store's write.
    const lazy = session !== undefined
    const storedIds = lazy || storeIsEmpty ? undefined : IdSet.make()
    const seenIds = lazy ? undefined : IdSet.make()
    const idFilter = lazy ? IdFilter.make() : undefined
    if (!storeIsEmpty) {
      yield* Stream.runForEachArray(store.readAll(), (batch) =>
        Effect.sync(() => {
          for (const e of batch) {
            if (idFilter !== undefined) idFilter.add(e.id)
            else storedIds!.add(e.id, e.position ?? 1, 0)
            if (Envelope.isOrgEnvelope(e)) orgHistory.push(e)
            else noteCard(cardHolders, e)
          }
        }))
    }
    /**
     * With a session: ids of the batch being checked found stored before the pass, and their
     * positions (cleared for each batch, so a re-run of a large file does not hold them all).
     */
    const storedBefore = new Map<string, number>()
    /** The position of the stored event whose id is `id`, if one is. */
    const storedPosition = (id: string): number | undefined =>
      storedIds === undefined ? storedBefore.get(id) : storedIds.get(id)?.line
    const registry = OrganizationRegistry.makeGrowing(orgHistory)
    orgHistory.length = 0

    const checks = new Map<string, StreamCheck>()
    /**
     * With a session, the member streams in `checks`, oldest met first: what `dropOldest` walks
     * (not `checks`, whose organisations, met first, would be skipped again on every drop).
     */
    const heldMembers = new Set<string>()
    /** Streams met so far (a dropped stream read back is not met again). */
    let streamCount = 0
    let readBack = 0
    const fresh = (stream: StreamName): StreamCheck => {
      const check: StreamCheck = {
        storedVersion: 0,
        stored: noneStored,
        version: 0,
        member: Member.initialState,
        branches: [],
        org: stream.startsWith("org-") ? Organization.initialFor(stream.slice(4) as OrgId) : noOrg
      }
      checks.set(stream, check)
      if (session !== undefined && stream.startsWith("member-")) heldMembers.add(stream)
      return check
    }
    /** A stream's check from its stored events (those after `startPosition` were written by this pass). */
    const fold = (stream: StreamName, stored: ReadonlyArray<Envelope.Envelope>) => {
      const check = fresh(stream)
      const evolve = evolveMember(stream)
      let storedVersion = 0
      let storedHashes: Map<string, number> | undefined
      for (const e of stored) {
        if (Envelope.isMemberEnvelope(e)) evolveCheck(check, evolve, e)
        else if (Envelope.isOrgEnvelope(e)) check.org = Organization.evolve(check.org, e)
        if (e.position === undefined || e.position <= startPosition) {
          storedVersion++
          ;(storedHashes ??= new Map()).set(e.id, contentHash(e))
        }
      }
      checks.set(stream, {
        ...check,
        storedVersion,
        version: stored.length,
        stored: storedHashes ?? noneStored
      })
    }

    // -- Member states kept at once (with a session): the oldest met are dropped, read back later --
    const keepAtMost = session === undefined
      ? Infinity
      : Math.max(1, options.memberStatesInMemory ?? defaultMemberStatesInMemory)
    /** Member streams dropped from `checks` (their ids): read back from the session when met again. */
    const dropped = IdSet.make(1 << 10)
    const dropOldest = () => {
      if (heldMembers.size <= keepAtMost) return
      for (const stream of heldMembers) {
        heldMembers.delete(stream)
        checks.delete(stream)
        dropped.add(stream.slice(7), 1, 0)
        if (heldMembers.size <= keepAtMost) return
      }
    }

    /** Streams a chunk needs that are not known yet: from the store (or the session), or new. */
    const prepare = (events: ReadonlyArray<Envelope.Envelope>) => {
      const missing = new Set<StreamName>()
      const need = (stream: StreamName) => {
        if (!checks.has(stream)) missing.add(stream)
      }
      for (const e of events) {
        need(e.stream)
        if (e.type === "SponsorsAssigned") {
          for (const sp of e.data.sponsors) if (sp.kind === "member") need(`member-${sp.memberId}`)
        }
      }
      const toRead: Array<StreamName> = []
      for (const stream of missing) {
        const wasDropped = dropped.size() > 0 && stream.startsWith("member-") && dropped.has(stream.slice(7))
        if (wasDropped) readBack++
        else streamCount++
        if (storeIsEmpty && !wasDropped) fresh(stream)
        else toRead.push(stream)
      }
      if (toRead.length === 0) return Effect.void
      if (session !== undefined) {
        return Effect.map(Effect.andThen(handRows, session.readStreams(toRead)), (stored) => {
          const byStream = new Map<string, Array<Envelope.Envelope>>()
          for (const e of stored) {
            const list = byStream.get(e.stream)
            if (list === undefined) byStream.set(e.stream, [e])
            else list.push(e)
          }
          for (const stream of toRead) fold(stream, byStream.get(stream) ?? [])
        })
      }
      return Effect.forEach(
        toRead,
        (stream) => Effect.map(store.readStream(stream), (stored) => fold(stream, stored)),
        {
          discard: true
        }
      )
    }

    // -- Refusals, kept in line order ------------------------------------------------------------
    const errors: Array<LineError> = []
    let refused = 0
    /** A chunk's refusals, put in line order when the chunk is done. */
    let chunkErrors: Array<LineError> = []
    const refuse = (error: LineError) => {
      refused++
      chunkErrors.push(error)
    }
    const settleErrors = () => {
      chunkErrors.sort((a, b) => a.line - b.line)
      for (const e of chunkErrors) if (errors.length < maxErrors) errors.push(e)
      chunkErrors = []
    }

    /**
     * ADM-05: since when a sponsor has been in the applicant's grassroots organisation on `on`
     * (`SponsorTenure`): what the tenure is counted from when the file does not state `knownSince`.
     */
    const sameGrassrootsSince = (
      sponsor: StreamCheck,
      applicant: StreamCheck | undefined,
      on: CalendarDate
    ): CalendarDate | undefined => {
      // The applicant's branch: a former member applying for readmission returns to the one left.
      const branch = applicant === undefined ? undefined : applicant.member.orgId ?? applicant.member.exit?.fromOrgId
      return SponsorTenure.sameGrassrootsSince(registry, sponsor.branches, branch, on)
    }

    const memberContext = (stream: string): MemberDecider.Context => ({
      ...(options.rules === undefined ? {} : { rules: options.rules }),
      ...(options.calendar === undefined ? {} : { calendar: options.calendar }),
      self: stream.slice(7) as MemberId,
      sponsor: (id: MemberId, on: CalendarDate) => {
        const sponsor = checks.get(`member-${id}`)
        if (sponsor === undefined || sponsor.member.status === "none") return undefined
        const status = Member.statusOn(sponsor.member, on)
        const since = sameGrassrootsSince(sponsor, checks.get(stream), on)
        return since === undefined ? { status } : { status, sameGrassrootsSince: since }
      },
      org: (id: OrgId, on: CalendarDate) => {
        const snapshot = registry.on(id, on)
        return snapshot === undefined || !snapshot.live ? undefined : { kind: snapshot.kind }
      },
      cardHolder: (cardNo: string) => cardHolders.get(cardNo)
    })

    let alreadyStored = 0
    /** Events handed to the session. */
    let written = 0
    /** Accepted events not handed to the session yet. */
    let rows: Array<BulkRow> = []
    /** Hands the accepted events to the session: before it is asked anything, and in large writes. */
    const handRows = Effect.suspend(() => {
      if (rows.length === 0 || session === undefined) return Effect.void
      const handed = rows
      rows = []
      written += handed.length
      return session.write(handed)
    })
    const upcasters = options.upcasters
    /** The line to store: the line itself, or the upcast event when an upcaster changed it. */
    const storedLine = (e: Envelope.Envelope, text: string): string => {
      if (upcasters === undefined || upcasters.current(e.type) === 1) return text
      const raw = JSON.parse(text) as { schemaVersion?: unknown }
      return raw.schemaVersion === e.schemaVersion ? text : JSON.stringify(e)
    }
    // With a session every accepted event is written, even after a refusal (the session is then
    // rolled back): what the session holds is what a dropped stream is read back from, and the ids
    // a later line may repeat.
    const accepted = (check: StreamCheck, e: Envelope.Envelope, text: string) => {
      check.version++
      if (session !== undefined) {
        rows.push({ stream: e.stream, streamVersion: check.version, line: storedLine(e, text) })
      }
    }
    /** Ids of lines refused by a rule (never written): a later line with one of them repeats it. */
    const refusedIds = new Map<string, number>()
    /**
     * The first refused line of each stream with one: a later line refused under STR-01 (the stream
     * does not start with a registration or an import), or under any rule, most likely owes it to
     * that line.
     */
    const firstRefusedLine = new Map<string, number>()
    const noteRefused = (stream: string, line: number) => {
      // A chunk's lines that do not decode are noted before its other lines are judged.
      const first = firstRefusedLine.get(stream)
      if (first === undefined || line < first) firstRefusedLine.set(stream, line)
    }
    const refuseEvent = (e: Envelope.Envelope, line: number, v: { rule: string; field: string; message: string }) => {
      if (session !== undefined) refusedIds.set(e.id, line)
      const earlier = firstRefusedLine.get(e.stream)
      const first = earlier !== undefined && earlier < line ? earlier : undefined
      noteRefused(e.stream, line)
      // The line most likely refused for want of an earlier refused line: its own stream's first
      // (STR-01), or the first of the organisation or member the refused field names.
      const named = v.rule === "STR-01" ? undefined : streamNamedBy(e, v.field)
      const namedLine = named === undefined || named === e.stream ? undefined : firstRefusedLine.get(named)
      const namedFirst = namedLine !== undefined && namedLine < line ? namedLine : undefined
      // A later line of a stream with a refused line is judged on a history without it: most of its
      // own refusals are that line's consequences, and say so — unless the field names another
      // stream's refused line, the likelier cause.
      const message = namedFirst !== undefined
        ? `${v.message} (line ${namedFirst}, of ${named}, was refused)`
        : first !== undefined
        ? `${v.message} (${v.rule === "STR-01" ? "" : "after "}line ${first} of this stream was refused)`
        : v.message
      refuse({ line, rule: v.rule, field: v.field, message })
    }
    const checkEvent = (e: Envelope.Envelope, line: number, text: string) => {
      const check = checks.get(e.stream)!
      const storedHash = check.stored.get(e.id)
      if (storedHash !== undefined) {
        // A re-run gives the same event; another event under a stored id is refused, never dropped.
        if (storedHash !== contentHash(e)) return refuse(storedWithOtherContent(line, e.id))
        alreadyStored++
        return
      }
      const elsewhere = storedPosition(e.id)
      if (elsewhere !== undefined) return refuse(storedInAnotherStream(line, e.id, elsewhere))
      if (Envelope.isMemberEnvelope(e)) {
        if (refersBack(e) && !withHistory.has(e.stream)) needHistory.add(e.stream)
        const violation = MemberDecider.check(e, check.member, memberContext(e.stream))
        if (violation !== undefined) return refuseEvent(e, line, violation)
        evolveCheck(check, evolveMember(e.stream), e)
        noteCard(cardHolders, e)
        accepted(check, e, text)
      } else if (Envelope.isOrgEnvelope(e)) {
        const violation = OrganizationDecider.check(e, check.org, registry.contextFor(e.stream.slice(4) as OrgId))
        if (violation !== undefined) return refuseEvent(e, line, violation)
        check.org = Organization.evolve(check.org, e)
        registry.apply(e)
        accepted(check, e, text)
      }
    }

    // -- Every line ------------------------------------------------------------------------------
    // Without a session, every id is kept (with its line and the line's hash) and the lines are
    // hashed for the write pass. With one, the source is read once: ids go into a fixed-size
    // filter, an id the filter may have seen is looked up in the session, and a line is hashed only
    // if its id turns out to repeat (compared after the pass, in one more read of the source).
    const repeatedLines = new Set<number>()
    /**
     * Lines whose id an earlier line has: identical (skipped) or not (EVT-02), told after the pass.
     * `earlier` is unknown (0) when the session told the repeat: the first line with the id.
     */
    const repeats: Array<{ readonly line: number; earlier: number; readonly id: string }> = []
    let lineHashes = new Uint32Array(lazy ? 0 : 1 << 16)
    let lines = 0
    let events = 0
    /** One batch of lines: decoded, their streams prepared, checked, the accepted ones written. */
    const batch = (chunk: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        let decoded: Array<{ readonly e: Envelope.Envelope; readonly line: number; readonly text: string }> = []
        const firstLine = lines + 1
        /** This chunk's ids (not in the session yet), and ids the filter may have seen before. */
        const chunkIds = new Map<string, number>()
        const maybeSeen: Array<string> = []
        storedBefore.clear()
        for (const text of chunk) {
          lines++
          if (!lazy && lines >= lineHashes.length) {
            const grown = new Uint32Array(lineHashes.length * 2)
            grown.set(lineHashes)
            lineHashes = grown
          }
          if (isBlank(text)) continue
          const h = lazy ? 0 : hash(text)
          if (!lazy) lineHashes[lines] = h
          const d = Envelope.decodeLine(text, { ...decodeOptions, line: lines })
          if (d._tag === "Failure") {
            const stream = streamOfLine.exec(text)?.[1]
            if (stream !== undefined) noteRefused(stream, lines)
            refuse({ line: lines, rule: d.failure.rule, field: d.failure.path, message: d.failure.message })
            continue
          }
          events++
          const id = d.success.id
          if (seenIds !== undefined) {
            const earlier = seenIds.add(id, lines, h)
            if (earlier !== undefined) {
              repeatedLines.add(lines)
              // Not the same text: the same event written otherwise, or another one (told after the pass).
              if (earlier.hash !== h) repeats.push({ line: lines, earlier: earlier.line, id })
              continue
            }
          } else {
            const earlier = chunkIds.get(id) ?? refusedIds.get(id)
            if (earlier !== undefined) {
              repeatedLines.add(lines)
              repeats.push({ line: lines, earlier, id })
              continue
            }
            chunkIds.set(id, lines)
            if (idFilter!.mayHave(id)) maybeSeen.push(id)
            else idFilter!.add(id)
          }
          decoded.push({ e: d.success, line: lines, text })
        }
        if (maybeSeen.length > 0) {
          // Written by an earlier line of this pass: a repeat. Stored before it: `checkEvent` says.
          yield* handRows
          const positions = yield* session!.positionsOf(maybeSeen)
          const repeated = new Set<string>()
          for (const [id, position] of positions) {
            if (position > startPosition) repeated.add(id)
            else storedBefore.set(id, position)
          }
          if (repeated.size > 0) {
            decoded = decoded.filter(({ e, line }) => {
              if (!repeated.has(e.id)) return true
              repeatedLines.add(line)
              repeats.push({ line, earlier: 0, id: e.id })
              return false
            })
          }
        }
        yield* prepare(decoded.map((d) => d.e))
        for (const { e, line, text } of decoded) checkEvent(e, line, text)
        settleErrors()
        if (rows.length >= rowsPerWrite) yield* handRows
        dropOldest()
        if (Math.floor(lines / every) > Math.floor((firstLine - 1) / every)) {
          yield* progress({ phase: "check", lines, events })
        }
      })
    // A source's chunks may be large (a MiB of text): taken `batchLines` at a time, what a batch
    // allocates dies young instead of outliving a few scavenges and filling the old generation.
    // After each batch the event loop gets a turn (`yieldNow`): a server store's reply to a write
    // is read then, and its next statement sent, while the following lines are checked — not
    // after the whole chunk (PostgreSQL sat idle for a third of an import without it).
    yield* Stream.runForEachArray(source(), (chunk) =>
      chunk.length <= batchLines
        ? Effect.andThen(batch(chunk), Effect.yieldNow)
        : Effect.gen(function*() {
          for (let from = 0; from < chunk.length; from += batchLines) {
            yield* batch(chunk.slice(from, from + batchLines))
            yield* Effect.yieldNow
          }
        }))
    yield* handRows
    if (repeats.length > 0) {
      // One more read of the source, hashing the events of only the lines of repeated ids (and
      // finding the first line of an id the session told): a repeat of the same event, however
      // written, is skipped; any other reuse of an id is refused (EVT-02). Either way the line was
      // not checked, so deciding now changes nothing else.
      const unknown = new Set<string>()
      for (const r of repeats) if (r.earlier === 0) unknown.add(r.id)
      const firstLineOf = new Map<string, number>()
      const wanted = new Map<number, number>()
      for (const r of repeats) {
        wanted.set(r.line, 0)
        if (r.earlier !== 0) wanted.set(r.earlier, 0)
      }
      let line = 0
      yield* Stream.runForEachArray(source(), (chunk) =>
        Effect.sync(() => {
          for (const text of chunk) {
            line++
            if (unknown.size > 0) {
              const id = firstOf(text, unknown)
              if (id !== undefined) {
                unknown.delete(id)
                firstLineOf.set(id, line)
                wanted.set(line, 0)
              }
            }
            if (wanted.has(line)) wanted.set(line, lineContentHash(text, recordedAt))
          }
        }))
      for (const r of repeats) {
        if (r.earlier === 0) r.earlier = firstLineOf.get(r.id) ?? 0
        if (line !== lines || r.earlier === 0 || wanted.get(r.line) !== wanted.get(r.earlier)) {
          refused++
          errors.push(reusedId(r.line, r.id, r.earlier))
        }
      }
      errors.sort((a, b) => a.line - b.line)
      errors.length = Math.min(errors.length, maxErrors)
    }
    yield* progress({ phase: "check", lines, events })

    // Keep only what the write pass needs: the folded states are dropped with `checks`.
    const streams = new Map<string, StreamPlan>()
    if (!lazy) {
      for (const [stream, c] of checks) streams.set(stream, { storedVersion: c.storedVersion, stored: c.stored })
    }
    return {
      lines,
      events,
      alreadyStored,
      errors,
      refused,
      streams,
      repeatedLines,
      lineHashes,
      needHistory,
      written,
      streamCount,
      readBack
    } satisfies Checked
  })
