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
    let registry = OrganizationRegistry.make(orgHistory)
    let pendingOrgs: Array<Envelope.Envelope> = []
    const currentRegistry = () => {
      if (pendingOrgs.length > 0) {
        registry = registry.add(pendingOrgs)
        pendingOrgs = []
      }
      return registry
    }

    const checks = new Map<string, StreamCheck>()
    const load = (stream: StreamName, kind: "member" | "org") =>
      Effect.gen(function*() {
        const known = checks.get(stream)
        if (known !== undefined) return known
        const stored = storeIsEmpty ? [] : yield* store.readStream(stream)
        const id = stream.slice(kind === "member" ? 7 : 4)
        let member = Member.initialState
        let org = Organization.initialFor(id as OrgId)
        for (const e of stored) {
          if (Envelope.isMemberEnvelope(e)) member = Member.evolve(member, e)
          else if (Envelope.isOrgEnvelope(e)) org = Organization.evolve(org, e)
        }
        const check: StreamCheck = {
          stream,
          kind,
          storedVersion: stored.length,
          storedIds: new Set(stored.map((e) => e.id)),
          member,
          org
        }
        checks.set(stream, check)
        return check
      })

    // -- Check every line ---------------------------------------------------------------------
    const errors: Array<LineError> = []
    let refused = 0
    const refuse = (error: LineError) => {
      refused++
      if (errors.length < maxErrors) errors.push(error)
    }
    const seenIds = new Map<string, { readonly line: number; readonly hash: number }>()
    let lines = 0
    let events = 0
    let alreadyStored = 0

    const checkLine = (text: string, line: number) =>
      Effect.gen(function*() {
        const decoded = Envelope.decodeLine(text, { ...decodeOptions, line })
        if (decoded._tag === "Failure") {
          const f = decoded.failure
          return refuse({ line, rule: f.rule, field: f.path, message: f.message })
        }
        const e = decoded.success
        events++
        const h = hash(text)
        const earlier = seenIds.get(e.id)
        if (earlier !== undefined) {
          if (earlier.hash !== h) {
            refuse({
              line,
              rule: "EVT-02",
              field: "id",
              message: `id ${e.id} is used by another event on line ${earlier.line}`
            })
          }
          return
        }
        seenIds.set(e.id, { line, hash: h })
        const isMember = Envelope.isMemberEnvelope(e)
        const check = yield* load(e.stream, isMember ? "member" : "org")
        if (check.storedIds.has(e.id)) {
          alreadyStored++
          return
        }
        if (Envelope.isMemberEnvelope(e)) {
          if (e.type === "SponsorsAssigned") {
            for (const s of e.data.sponsors) if (s.kind === "member") yield* load(`member-${s.memberId}`, "member")
          }
          const violation = MemberDecider.check(e, check.member, memberContext(check))
          if (violation !== undefined) {
            return refuse({ line, rule: violation.rule, field: violation.field, message: violation.message })
          }
          check.member = Member.evolve(check.member, e)
          noteCard(cardHolders, e)
        } else if (Envelope.isOrgEnvelope(e)) {
          const violation = OrganizationDecider.check(
            e,
            check.org,
            currentRegistry().contextFor(check.stream.slice(4) as OrgId)
          )
          if (violation !== undefined) {
            return refuse({ line, rule: violation.rule, field: violation.field, message: violation.message })
          }
          check.org = Organization.evolve(check.org, e)
          pendingOrgs.push(e)
        }
      })

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
        const snapshot = currentRegistry().on(id, on)
        return snapshot === undefined || !snapshot.live ? undefined : { kind: snapshot.kind }
      },
      cardHolder: (cardNo: string) => cardHolders.get(cardNo)
    })

    yield* Stream.runForEach(source(), (text) => {
      lines++
      const line = lines
      const step = isBlank(text) ? Effect.void : checkLine(text, line)
      return line % every === 0 ? Effect.andThen(step, progress({ phase: "check", lines, events })) : step
    })
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
    const writeLine = (text: string, line: number) =>
      Effect.gen(function*() {
        const decoded = Envelope.decodeLine(text, { ...decodeOptions, line })
        if (decoded._tag === "Failure") {
          return yield* Effect.fail(new ImportSourceChanged({ line, message: String(decoded.failure) }))
        }
        const e = decoded.success
        const check = checks.get(e.stream)
        if (check === undefined) {
          return yield* Effect.fail(
            new ImportSourceChanged({ line, message: `stream ${e.stream} was not in the file` })
          )
        }
        let item = batch.get(e.stream)
        if (item === undefined) {
          item = { expected: versions.get(e.stream)!, events: [] }
          batch.set(e.stream, item)
        }
        const { position: _p, stream: _s, streamVersion: _v, ...event } = e
        item.events.push(event as NewEvent)
        if (!check.storedIds.has(e.id)) versions.set(e.stream, versions.get(e.stream)! + 1)
        inBatch++
        written++
        if (inBatch >= batchSize) yield* flush
      })
    yield* Stream.runForEach(source(), (text) => {
      lineNo++
      const line = lineNo
      const step = isBlank(text) ? Effect.void : writeLine(text, line)
      return line % every === 0
        ? Effect.andThen(step, progress({ phase: "write", lines: line, events: written }))
        : step
    })
    yield* flush
    if (lineNo !== lines) {
      return yield* Effect.fail(
        new ImportSourceChanged({ line: lineNo, message: `read ${lineNo} lines, checked ${lines}` })
      )
    }
    yield* progress({ phase: "write", lines: lineNo, events: written })
    return { lines, events, appended, alreadyStored, streams: checks.size } satisfies Summary
  })

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
