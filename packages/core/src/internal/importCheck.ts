/**
 * The check pass of `Import.run`: every line of the source decoded and judged by the rules, in file
 * order, against the stored history plus the lines before it. With a sink (a bulk session), each
 * accepted event is handed to it as the pass goes, and a line is hashed only when its id repeats
 * (those lines are compared after the pass, in one more read of the source). Without one, nothing
 * is written here; what the write pass needs (the stored version of each stream, the ids already
 * stored, the lines to skip and a hash of each line) is returned.
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
import { type BulkRow, EventStore, type StorageError } from "../EventStore.ts"
import type { MemberId, OrgId, StreamName } from "../Ids.ts"
import type { LineError, Options, Progress } from "../Import.ts"
import * as Member from "../Member.ts"
import * as MemberDecider from "../MemberDecider.ts"
import * as Organization from "../Organization.ts"
import * as OrganizationDecider from "../OrganizationDecider.ts"
import * as OrganizationRegistry from "../OrganizationRegistry.ts"
import * as IdSet from "./idSet.ts"

/** What the write pass needs to know of a stream the file touches. */
export interface StreamPlan {
  /** The version in the store when the check began. */
  readonly storedVersion: number
  /** Ids of this stream's events already stored (empty for new streams). */
  readonly storedIds: ReadonlySet<string>
}

/** The outcome of one check pass. */
export interface Checked {
  readonly lines: number
  readonly events: number
  readonly alreadyStored: number
  /** Bad lines: the first `maxErrors` in line order, and how many there were in all. */
  readonly errors: ReadonlyArray<LineError>
  readonly refused: number
  readonly streams: ReadonlyMap<string, StreamPlan>
  /** Lines that repeat an earlier line exactly: skipped by the write pass. */
  readonly repeatedLines: ReadonlySet<number>
  /**
   * FNV-1a hash of each line (index = line number): the write pass checks the source is unchanged.
   * Empty after a pass with a sink (there is no write pass).
   */
  readonly lineHashes: Uint32Array
  /** Streams with a retraction or annulment that were folded without their history. */
  readonly needHistory: ReadonlySet<string>
  /** Events handed to the sink. */
  readonly written: number
}

/** What the check keeps per stream while it runs. */
interface StreamCheck extends StreamPlan {
  member: Member.State
  org: Organization.State
  /** The stream's version after the lines accepted so far. */
  version: number
}

/**
 * Where accepted events go while the check runs (a bulk session): each chunk's accepted events, in
 * file order, as long as no line has been refused.
 */
export type Sink = (rows: ReadonlyArray<BulkRow>) => Effect.Effect<void, StorageError>

/** FNV-1a hash of a line: tells a repeated line from a reused id cheaply. */
export const hash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Blank (or only whitespace): a line that starts with `{`, as every event line does, is not. */
export const isBlank = (line: string): boolean => line.charCodeAt(0) !== 123 && line.trim() === ""

const noIds: ReadonlySet<string> = new Set()

const noteCard = (holders: Map<string, MemberId>, e: Envelope.Envelope) => {
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

const refersBack = (e: Envelope.Envelope) => e.type === "EventRetracted" || e.type === "DisciplineAnnulled"

/**
 * Runs one check pass over the source; with a `sink`, every accepted event is handed to it as the
 * check goes (until a line is refused).
 */
export const checkPass = <SE, SR, E, R>(
  source: () => Stream.Stream<string, SE, SR>,
  options: Options<E, R>,
  recordedAt: string,
  withHistory: ReadonlySet<string>,
  sink?: Sink
): Effect.Effect<Checked, StorageError | SE | E, EventStore | SR | R> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const maxErrors = options.maxErrors ?? 100
    const every = Math.max(1, options.progressEvery ?? 50_000)
    const progress = (p: Omit<Progress, "written">) =>
      options.onProgress === undefined ? Effect.void : options.onProgress({ ...p, written })
    const decodeOptions = {
      defaultRecordedAt: recordedAt,
      ...(options.upcasters === undefined ? {} : { upcasters: options.upcasters })
    }
    const evolveMember = (stream: string) => withHistory.has(stream) ? Member.evolve : Member.evolveWithoutHistory
    const needHistory = new Set<string>()

    // -- What is stored already: organisations, card numbers; member streams on demand -----------
    const storeIsEmpty = (yield* store.lastPosition) === 0
    const orgHistory: Array<Envelope.Envelope> = []
    const cardHolders = new Map<string, MemberId>()
    if (!storeIsEmpty) {
      yield* Stream.runForEachArray(store.readAll(), (batch) =>
        Effect.sync(() => {
          for (const e of batch) {
            if (Envelope.isOrgEnvelope(e)) orgHistory.push(e)
            else noteCard(cardHolders, e)
          }
        }))
    }
    const registry = OrganizationRegistry.makeGrowing(orgHistory)
    orgHistory.length = 0

    const checks = new Map<string, StreamCheck>()
    const fresh = (stream: StreamName): StreamCheck => {
      const check: StreamCheck = {
        storedVersion: 0,
        storedIds: noIds,
        version: 0,
        member: Member.initialState,
        org: Organization.initialFor(stream.slice(4) as OrgId)
      }
      checks.set(stream, check)
      return check
    }
    const load = (stream: StreamName) =>
      Effect.map(store.readStream(stream), (stored) => {
        const check = fresh(stream)
        const evolve = evolveMember(stream)
        for (const e of stored) {
          if (Envelope.isMemberEnvelope(e)) check.member = evolve(check.member, e)
          else if (Envelope.isOrgEnvelope(e)) check.org = Organization.evolve(check.org, e)
        }
        checks.set(stream, {
          ...check,
          storedVersion: stored.length,
          version: stored.length,
          storedIds: stored.length === 0 ? noIds : new Set(stored.map((e) => e.id))
        })
      })
    /** Streams a chunk needs that are not known yet: from the store, or new. */
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
      if (storeIsEmpty) {
        for (const stream of missing) fresh(stream)
        return Effect.void
      }
      return Effect.forEach(missing, load, { discard: true })
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

    const memberContext = (stream: string): MemberDecider.Context => ({
      ...(options.rules === undefined ? {} : { rules: options.rules }),
      ...(options.calendar === undefined ? {} : { calendar: options.calendar }),
      self: stream.slice(7) as MemberId,
      sponsor: (id: MemberId, on: CalendarDate) => {
        const s = checks.get(`member-${id}`)?.member
        if (s === undefined || s.status === "none") return undefined
        const official = s.officialOn !== undefined && s.officialOn <= on && s.status === "official"
        return { status: official ? "official" : s.status === "official" ? "probationary" : s.status }
      },
      org: (id: OrgId, on: CalendarDate) => {
        const snapshot = registry.on(id, on)
        return snapshot === undefined || !snapshot.live ? undefined : { kind: snapshot.kind }
      },
      cardHolder: (cardNo: string) => cardHolders.get(cardNo)
    })

    let alreadyStored = 0
    /** Events handed to the sink. */
    let written = 0
    /** The chunk's accepted events, for the sink. */
    let rows: Array<BulkRow> = []
    const upcasters = options.upcasters
    /** The line to store: the line itself, or the upcast event when an upcaster changed it. */
    const storedLine = (e: Envelope.Envelope, text: string): string => {
      if (upcasters === undefined || upcasters.current(e.type) === 1) return text
      const raw = JSON.parse(text) as { schemaVersion?: unknown }
      return raw.schemaVersion === e.schemaVersion ? text : JSON.stringify(e)
    }
    const accepted = (check: StreamCheck, e: Envelope.Envelope, text: string) => {
      check.version++
      if (sink !== undefined && refused === 0) {
        rows.push({ stream: e.stream, streamVersion: check.version, line: storedLine(e, text) })
      }
    }
    const checkEvent = (e: Envelope.Envelope, line: number, text: string) => {
      const check = checks.get(e.stream)!
      if (check.storedIds.has(e.id)) {
        alreadyStored++
        return
      }
      if (Envelope.isMemberEnvelope(e)) {
        if (refersBack(e) && !withHistory.has(e.stream)) needHistory.add(e.stream)
        const violation = MemberDecider.check(e, check.member, memberContext(e.stream))
        if (violation !== undefined) {
          return refuse({ line, rule: violation.rule, field: violation.field, message: violation.message })
        }
        check.member = evolveMember(e.stream)(check.member, e)
        noteCard(cardHolders, e)
        accepted(check, e, text)
      } else if (Envelope.isOrgEnvelope(e)) {
        const violation = OrganizationDecider.check(e, check.org, registry.contextFor(e.stream.slice(4) as OrgId))
        if (violation !== undefined) {
          return refuse({ line, rule: violation.rule, field: violation.field, message: violation.message })
        }
        check.org = Organization.evolve(check.org, e)
        registry.apply(e)
        accepted(check, e, text)
      }
    }

    // -- Every line ------------------------------------------------------------------------------
    const seenIds = IdSet.make()
    const repeatedLines = new Set<number>()
    // With a sink the source is read once and nothing compares lines across passes: a line is
    // hashed only if its id turns out to repeat (compared after the pass), not every line.
    const lazy = sink !== undefined
    /** Lines whose id an earlier line has: identical (skipped) or not (EVT-02), told after the pass. */
    const repeats: Array<{ readonly line: number; readonly earlier: number; readonly id: string }> = []
    let lineHashes = new Uint32Array(lazy ? 0 : 1 << 16)
    let lines = 0
    let events = 0
    yield* Stream.runForEachArray(source(), (chunk) =>
      Effect.gen(function*() {
        const decoded: Array<{ readonly e: Envelope.Envelope; readonly line: number; readonly text: string }> = []
        const firstLine = lines + 1
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
            refuse({ line: lines, rule: d.failure.rule, field: d.failure.path, message: d.failure.message })
            continue
          }
          events++
          const earlier = seenIds.add(d.success.id, lines, h)
          if (earlier !== undefined) {
            repeatedLines.add(lines)
            if (lazy) repeats.push({ line: lines, earlier: earlier.line, id: d.success.id })
            else if (earlier.hash !== h) refuse(reusedId(lines, d.success.id, earlier.line))
            continue
          }
          decoded.push({ e: d.success, line: lines, text })
        }
        yield* prepare(decoded.map((d) => d.e))
        for (const { e, line, text } of decoded) checkEvent(e, line, text)
        settleErrors()
        if (rows.length > 0) {
          const handed = rows
          rows = []
          if (refused === 0 && sink !== undefined) {
            yield* sink(handed)
            written += handed.length
          }
        }
        if (Math.floor(lines / every) > Math.floor((firstLine - 1) / every)) {
          yield* progress({ phase: "check", lines, events })
        }
      }))
    if (repeats.length > 0) {
      // One more read of the source, hashing only the lines of repeated ids: a repeat of the
      // identical line is skipped, any other reuse of an id is refused (EVT-02). Either way the
      // line was not checked or handed over, so deciding now changes nothing else.
      const wanted = new Map<number, number>()
      for (const r of repeats) wanted.set(r.line, 0).set(r.earlier, 0)
      let line = 0
      yield* Stream.runForEachArray(source(), (chunk) =>
        Effect.sync(() => {
          for (const text of chunk) if (wanted.has(++line)) wanted.set(line, hash(text))
        }))
      for (const r of repeats) {
        if (line !== lines || wanted.get(r.line) !== wanted.get(r.earlier)) {
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
    for (const [stream, c] of checks) streams.set(stream, { storedVersion: c.storedVersion, storedIds: c.storedIds })
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
      written
    } satisfies Checked
  })
