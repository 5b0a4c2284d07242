/**
 * Bulk import of an NDJSON file of events: every line is decoded and judged by the rules — against
 * the history already stored plus the lines before it, in file order — before the first write. A
 * file is accepted or refused as a whole: a refusal lists every bad line (up to a limit) as
 * `line N: RULE-ID field: message` and stores nothing. An accepted file is appended in batches;
 * a crash during the writes is repaired by running the same import again (event ids make it
 * idempotent: what was stored is skipped, the rest is appended).
 *
 * The source is read twice (check, then write), so it is given as a function that opens it.
 *
 * @since 0.1.0
 */
import { Clock, Data, Effect, Stream } from "effect"
import type * as Calendar from "./Calendar.ts"
import type { CalendarDate } from "./Calendar.ts"
import * as Envelope from "./Envelope.ts"
import {
  type BatchItem,
  type DuplicateEvent,
  EventStore,
  ExpectedVersion,
  type NewEvent,
  type StorageError,
  type StreamVersionConflict
} from "./EventStore.ts"
import type { MemberId, OrgId, StreamName } from "./Ids.ts"
import * as IdSet from "./internal/idSet.ts"
import * as Member from "./Member.ts"
import * as MemberDecider from "./MemberDecider.ts"
import * as Organization from "./Organization.ts"
import * as OrganizationDecider from "./OrganizationDecider.ts"
import * as OrganizationRegistry from "./OrganizationRegistry.ts"
import type * as RuleSet from "./RuleSet.ts"
import type * as Upcaster from "./Upcaster.ts"

/**
 * One refused line.
 *
 * @category models
 * @since 0.1.0
 */
export interface LineError {
  readonly line: number
  readonly rule: string
  readonly field: string
  readonly message: string
}

/**
 * `line N: RULE-ID field: message`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const formatLineError = (e: LineError): string =>
  `line ${e.line}: ${e.rule}${e.field === "" ? "" : ` ${e.field}`}: ${e.message}`

/**
 * The file was refused: nothing was stored. `errors` holds the first `maxErrors` bad lines in file
 * order; `more` counts the bad lines beyond them.
 *
 * @category errors
 * @since 0.1.0
 */
export class ImportRefused extends Data.TaggedError("ImportRefused")<{
  readonly errors: ReadonlyArray<LineError>
  readonly more: number
}> {
  override get message(): string {
    const lines = this.errors.map(formatLineError)
    return [...lines, ...(this.more > 0 ? [`… and ${this.more} more refused lines`] : [])].join("\n")
  }
}

/**
 * The source changed between the check and the write (a line that was accepted no longer decodes,
 * or the line count differs). What was written is consistent; run the import again.
 *
 * @category errors
 * @since 0.1.0
 */
export class ImportSourceChanged extends Data.TaggedError("ImportSourceChanged")<{
  readonly line: number
  readonly message: string
}> {}

/**
 * Where an import is: `check` or `write`, lines read and events handled so far.
 *
 * @category models
 * @since 0.1.0
 */
export interface Progress {
  readonly phase: "check" | "write"
  readonly lines: number
  readonly events: number
}

/**
 * Options of an import.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options<E = never, R = never> {
  /** `recordedAt` of lines without one (default: the current time from `Clock`). */
  readonly recordedAt?: string
  /** Events per atomic write (default 5,000). */
  readonly batchSize?: number
  /** Bad lines reported at most (default 100). */
  readonly maxErrors?: number
  readonly rules?: RuleSet.RuleBook
  readonly calendar?: Calendar.HolidayCalendar
  readonly upcasters?: Upcaster.Upcasters
  /** Called every `progressEvery` lines (default 50,000) and at the end of each phase. */
  readonly onProgress?: (progress: Progress) => Effect.Effect<void, E, R>
  readonly progressEvery?: number
}

/**
 * What an import did.
 *
 * @category models
 * @since 0.1.0
 */
export interface Summary {
  /** Lines read (blank lines included). */
  readonly lines: number
  /** Events in the file. */
  readonly events: number
  /** Events written by this run. */
  readonly appended: number
  /** Events of the file that were stored already (a re-run). */
  readonly alreadyStored: number
  /** Streams the file touches. */
  readonly streams: number
}

/** What the check keeps per stream. */
interface StreamCheck {
  readonly stream: StreamName
  readonly kind: "member" | "org"
  /** The version in the store when the check began. */
  readonly storedVersion: number
  /** Ids of this stream's events already stored (only for streams that existed). */
  readonly storedIds: ReadonlySet<string>
  member: Member.State
  org: Organization.State
}

/** FNV-1a hash of a line: tells a repeated line from a reused id cheaply. */
const hash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const isBlank = (line: string) => line.trim() === ""

/**
 * Imports NDJSON lines into the `EventStore`: check everything, then write in batches.
 *
 * @category importing
 * @since 0.1.0
 */
export const run = <SE, SR, E = never, R = never>(
  source: () => Stream.Stream<string, SE, SR>,
  options: Options<E, R> = {}
): Effect.Effect<
  Summary,
  ImportRefused | ImportSourceChanged | StorageError | StreamVersionConflict | DuplicateEvent | SE | E,
  EventStore | SR | R
> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const recordedAt = options.recordedAt ?? new Date(yield* Clock.currentTimeMillis).toISOString()
    const maxErrors = options.maxErrors ?? 100
    const every = Math.max(1, options.progressEvery ?? 50_000)
    const progress = (p: Progress) => options.onProgress === undefined ? Effect.void : options.onProgress(p)
    const decodeOptions = {
      defaultRecordedAt: recordedAt,
      ...(options.upcasters === undefined ? {} : { upcasters: options.upcasters })
    }

    // -- What is stored already: organisations, card numbers, member streams on demand ----------
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

    // -- Streams that refer back to earlier events (retractions, annulments) keep their history --
    const withHistory = new Set<string>()
    yield* Stream.runForEachArray(source(), (chunk) =>
      Effect.sync(() => {
        for (const text of chunk) {
          if (!text.includes("EventRetracted") && !text.includes("DisciplineAnnulled")) continue
          const stream = /"stream"\s*:\s*"([^"]+)"/u.exec(text)?.[1]
          if (stream !== undefined) withHistory.add(stream)
        }
      }))

    const checks = new Map<string, StreamCheck>()
    const fresh = (stream: StreamName): StreamCheck => {
      const kind = stream.startsWith("member-") ? "member" : "org"
      const check: StreamCheck = {
        stream,
        kind,
        storedVersion: 0,
        storedIds: noIds,
        member: Member.initialState,
        org: Organization.initialFor(stream.slice(4) as OrgId)
      }
      checks.set(stream, check)
      return check
    }
    const load = (stream: StreamName) =>
      Effect.map(store.readStream(stream), (stored) => {
        const check = fresh(stream)
        const evolve = withHistory.has(stream) ? Member.evolve : Member.evolveWithoutHistory
        let member = Member.initialState
        let org = check.org
        for (const e of stored) {
          if (Envelope.isMemberEnvelope(e)) member = evolve(member, e)
          else if (Envelope.isOrgEnvelope(e)) org = Organization.evolve(org, e)
        }
        const loaded: StreamCheck = {
          ...check,
          storedVersion: stored.length,
          storedIds: stored.length === 0 ? noIds : new Set(stored.map((e) => e.id)),
          member,
          org
        }
        checks.set(stream, loaded)
        return loaded
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

    // -- Check every line ---------------------------------------------------------------------
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
    const seenIds = IdSet.make()
    /** Lines that repeat an earlier line exactly: skipped in both passes. */
    const repeatedLines = new Set<number>()
    let lineHashes = new Uint32Array(1 << 16)
    let lines = 0
    let events = 0
    let alreadyStored = 0

    const memberContext = (check: StreamCheck): MemberDecider.Context => ({
      ...(options.rules === undefined ? {} : { rules: options.rules }),
      ...(options.calendar === undefined ? {} : { calendar: options.calendar }),
      self: check.stream.slice(7) as MemberId,
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

    const checkEvent = (e: Envelope.Envelope, line: number) => {
      const check = checks.get(e.stream)!
      if (check.storedIds.has(e.id)) {
        alreadyStored++
        return
      }
      if (Envelope.isMemberEnvelope(e)) {
        const violation = MemberDecider.check(e, check.member, memberContext(check))
        if (violation !== undefined) {
          return refuse({ line, rule: violation.rule, field: violation.field, message: violation.message })
        }
        check.member = withHistory.has(e.stream)
          ? Member.evolve(check.member, e)
          : Member.evolveWithoutHistory(check.member, e)
        noteCard(cardHolders, e)
      } else if (Envelope.isOrgEnvelope(e)) {
        const violation = OrganizationDecider.check(
          e,
          check.org,
          registry.contextFor(check.stream.slice(4) as OrgId)
        )
        if (violation !== undefined) {
          return refuse({ line, rule: violation.rule, field: violation.field, message: violation.message })
        }
        check.org = Organization.evolve(check.org, e)
        registry.apply(e)
      }
    }

    yield* Stream.runForEachArray(source(), (chunk) =>
      Effect.gen(function*() {
        const decoded: Array<{ readonly e: Envelope.Envelope; readonly line: number }> = []
        const firstLine = lines + 1
        for (const text of chunk) {
          lines++
          if (lines >= lineHashes.length) {
            const grown = new Uint32Array(lineHashes.length * 2)
            grown.set(lineHashes)
            lineHashes = grown
          }
          if (isBlank(text)) continue
          const h = hash(text)
          lineHashes[lines] = h
          const d = Envelope.decodeLine(text, { ...decodeOptions, line: lines })
          if (d._tag === "Failure") {
            refuse({ line: lines, rule: d.failure.rule, field: d.failure.path, message: d.failure.message })
            continue
          }
          events++
          const earlier = seenIds.add(d.success.id, lines, h)
          if (earlier !== undefined) {
            repeatedLines.add(lines)
            if (earlier.hash !== h) {
              refuse({
                line: lines,
                rule: "EVT-02",
                field: "id",
                message: `id ${d.success.id} is used by another event on line ${earlier.line}`
              })
            }
            continue
          }
          decoded.push({ e: d.success, line: lines })
        }
        yield* prepare(decoded.map((d) => d.e))
        for (const { e, line } of decoded) checkEvent(e, line)
        settleErrors()
        if (Math.floor(lines / every) > Math.floor((firstLine - 1) / every)) {
          yield* progress({ phase: "check", lines, events })
        }
      }))
    yield* progress({ phase: "check", lines, events })
    if (refused > 0) return yield* Effect.fail(new ImportRefused({ errors, more: refused - errors.length }))

    // -- Write in batches, in file order --------------------------------------------------------
    const batchSize = Math.max(1, options.batchSize ?? 5_000)
    const versions = new Map<string, number>()
    for (const c of checks.values()) versions.set(c.stream, c.storedVersion)
    let batch = new Map<string, { expected: number; events: Array<NewEvent> }>()
    let inBatch = 0
    let appended = 0
    let written = 0
    let lineNo = 0
    const flush = Effect.suspend(() => {
      if (inBatch === 0) return Effect.void
      const items: Array<BatchItem> = [...batch.entries()].map(([stream, item]) => ({
        stream: stream as StreamName,
        events: item.events,
        expected: ExpectedVersion.fromVersion(item.expected)
      }))
      batch = new Map()
      inBatch = 0
      return Effect.map(store.appendBatch(items), (r) => {
        appended += r.appended
      })
    })
    const changed = (line: number, message: string) => new ImportSourceChanged({ line, message })
    /** The event of a line checked in the first pass: parsed, not decoded again (its hash matches). */
    const eventOf = (text: string, line: number): Envelope.Envelope | ImportSourceChanged => {
      if (lineHashes[line] !== hash(text)) return changed(line, "the line differs from the one that was checked")
      const raw = JSON.parse(text) as Record<string, unknown>
      const upcasters = options.upcasters
      if (upcasters !== undefined && (raw["schemaVersion"] as number) < upcasters.current(raw["type"] as string)) {
        const d = Envelope.decodeLine(text, { ...decodeOptions, line })
        return d._tag === "Success" ? d.success : changed(line, String(d.failure))
      }
      if (raw["recordedAt"] === undefined) raw["recordedAt"] = recordedAt
      return raw as unknown as Envelope.Envelope
    }
    yield* Stream.runForEachArray(source(), (chunk) =>
      Effect.gen(function*() {
        const firstLine = lineNo + 1
        for (const text of chunk) {
          lineNo++
          if (isBlank(text) || repeatedLines.has(lineNo)) continue
          const e = lineNo <= lines ? eventOf(text, lineNo) : changed(lineNo, `the source has more than ${lines} lines`)
          if (e instanceof ImportSourceChanged) return yield* Effect.fail(e)
          const version = versions.get(e.stream)
          if (version === undefined) return yield* Effect.fail(changed(lineNo, `stream ${e.stream} was not checked`))
          let item = batch.get(e.stream)
          if (item === undefined) {
            item = { expected: version, events: [] }
            batch.set(e.stream, item)
          }
          item.events.push({
            id: e.id,
            type: e.type,
            schemaVersion: e.schemaVersion,
            occurredOn: e.occurredOn,
            recordedAt: e.recordedAt,
            data: e.data,
            ...(e.meta === undefined ? {} : { meta: e.meta })
          } as NewEvent)
          if (!checks.get(e.stream)!.storedIds.has(e.id)) versions.set(e.stream, version + 1)
          inBatch++
          written++
          if (inBatch >= batchSize) yield* flush
        }
        if (Math.floor(lineNo / every) > Math.floor((firstLine - 1) / every)) {
          yield* progress({ phase: "write", lines: lineNo, events: written })
        }
      }))
    yield* flush
    if (lineNo !== lines) {
      return yield* Effect.fail(changed(lineNo, `read ${lineNo} lines, checked ${lines}`))
    }
    yield* progress({ phase: "write", lines: lineNo, events: written })
    return { lines, events, appended, alreadyStored, streams: checks.size } satisfies Summary
  })

const noIds: ReadonlySet<string> = new Set()

const noteCard = (holders: Map<string, MemberId>, e: Envelope.Envelope) => {
  if (e.type === "CardIssued" || e.type === "CardReissued") holders.set(e.data.cardNo, e.stream.slice(7) as MemberId)
  else if (e.type === "MemberImported" && e.data.cardNo !== undefined) {
    holders.set(e.data.cardNo, e.stream.slice(7) as MemberId)
  }
}

/**
 * Splits text into lines (for tests and small inputs; files are read as streams of lines).
 *
 * @category constructors
 * @since 0.1.0
 */
export const linesOf = (text: string): () => Stream.Stream<string> => () => {
  const lines = text.split(/\r?\n/u)
  if (lines.at(-1) === "") lines.pop()
  return Stream.fromIterable(lines)
}
