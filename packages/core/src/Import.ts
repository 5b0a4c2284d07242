/**
 * Bulk import of an NDJSON file of events: every line is decoded and judged by the rules — against
 * the history already stored plus the lines before it, in file order — and nothing is committed
 * before the whole file is checked. A file is accepted or refused as a whole: a refusal lists every
 * bad line (up to a limit) as `line N: RULE-ID field: message` and stores nothing.
 *
 * - Into a store with bulk sessions (SQLite, PostgreSQL): one pass over the file; accepted events
 *   go into one open transaction of the store while the check goes on, committed when the last
 *   line is accepted, rolled back otherwise. A crash leaves the store as it was.
 * - Into any other store (memory, an adapter without `bulk`): the check pass, then the write pass
 *   in batches of `batchSize` events, one transaction each; a crash during the writes leaves the
 *   batches written so far.
 *
 * Either way, running the same import again completes it: event ids make it idempotent (what was
 * stored is skipped, the rest is appended). The source may be read more than once, so it is given
 * as a function that opens it.
 *
 * @since 0.1.0
 */
import { Clock, Data, Effect, Fiber, Stream } from "effect"
import type * as Calendar from "./Calendar.ts"
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
import type { StreamName } from "./Ids.ts"
import { type Checked, checkPass, hash, isBlank } from "./internal/importCheck.ts"
import { isoInstantMillis } from "./internal/instant.ts"
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
    return refusalLines(this).join("\n")
  }
}

/**
 * A refusal as lines to print: its first `shown` bad lines (default: all it holds), each
 * `line N: RULE-ID field: message`, then `… and N more refused lines` for the rest.
 *
 * @category formatting
 * @since 0.1.0
 */
export const refusalLines = (
  refusal: { readonly errors: ReadonlyArray<LineError>; readonly more: number },
  shown: number = refusal.errors.length
): ReadonlyArray<string> => {
  const lines = refusal.errors.slice(0, shown).map(formatLineError)
  const rest = refusal.errors.length - lines.length + refusal.more
  if (rest === 0) return lines
  return [...lines, `… and ${rest.toLocaleString("en-US")} more refused line${rest === 1 ? "" : "s"}`]
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
 * Where an import is: `check` or `write`, lines read and events handled so far in that phase, and
 * events handed to the store so far (`written`: during the check with a store that writes in bulk
 * sessions, during the write phase otherwise).
 *
 * @category models
 * @since 0.1.0
 */
export interface Progress {
  readonly phase: "check" | "write"
  readonly lines: number
  readonly events: number
  readonly written: number
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
  /**
   * The latest `recordedAt` a line may have (an ISO instant with its offset; no limit by default):
   * a line recorded after it — and so one dated after its day in Vietnam — is refused under CAL-01,
   * as a fact is not recorded in the future. Lines without a `recordedAt` take it when `recordedAt`
   * is not given. The command line's `import` gives the time it starts.
   */
  readonly recordedUpTo?: string
  /**
   * Events per atomic write of the write pass (default 50,000): large enough that each transaction
   * touches an index page many times rather than once (events of many streams land all over the id
   * index). Not used with a store that writes in bulk sessions (one transaction for the file).
   */
  readonly batchSize?: number
  /** Bad lines reported at most (default 100). */
  readonly maxErrors?: number
  readonly rules?: RuleSet.RuleBook
  readonly calendar?: Calendar.HolidayCalendar
  readonly upcasters?: Upcaster.Upcasters
  /**
   * Called every `progressEvery` lines (default 50,000) and at the end of each phase. A file that
   * retracts or annuls events is checked twice, so its `check` phase then starts over once.
   */
  readonly onProgress?: (progress: Progress) => Effect.Effect<void, E, R>
  readonly progressEvery?: number
  /**
   * With a store that offers bulk sessions: member streams whose folded state is kept in memory at
   * once (default 100,000, about 150 MB). Beyond it the streams met longest ago are dropped and,
   * when a later line needs one, read back from the session and folded again. A file ordered
   * stream by stream (as exports usually are) never reads one back; a file in time order with more
   * members than this reads back many, one batch per chunk: raise it if memory allows.
   */
  readonly memberStatesInMemory?: number
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
  /**
   * Member streams read back from the bulk session after they were dropped (more members than
   * `memberStatesInMemory` in a file that meets them again): 0 when every state stayed in memory.
   * A large figure means the limit cost speed.
   */
  readonly readBack: number
}

/**
 * Imports NDJSON lines into the `EventStore`: nothing is committed before every line is checked.
 *
 * - With a store that offers bulk sessions (`EventStore.bulk`: SQLite, PostgreSQL), the source is read
 *   once: each accepted event goes to the session while the check goes on, the session commits
 *   when the whole file is accepted and rolls back otherwise, so the writing overlaps the checking
 *   and the file lands in one transaction.
 * - Otherwise everything is checked, then written in batches (`appendBatch`); the source is read
 *   twice.
 *
 * A file that retracts or annuls events is checked once more with the history of those streams
 * kept (with bulk sessions, the first pass's session is rolled back and the second pass writes).
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
    // Lines without a `recordedAt` take the limit when there is one: recorded "now", never after it.
    const recordedAt = options.recordedAt ?? options.recordedUpTo ??
      new Date(yield* Clock.currentTimeMillis).toISOString()
    const upTo = options.recordedUpTo
    if (upTo !== undefined && Number.isNaN(isoInstantMillis(upTo))) {
      // A caller's mistake, not a line's: no limit would silently let the future in.
      return yield* Effect.die(new Error(`Import.run: recordedUpTo ${options.recordedUpTo} is not an ISO instant`))
    }
    const store = yield* EventStore
    if (store.bulk !== undefined) {
      const bulk = store.bulk
      /** One pass into a session: committed if every line is accepted, rolled back otherwise. */
      const onePass = (withHistory: ReadonlySet<string>) =>
        Effect.scoped(Effect.gen(function*() {
          const session = yield* bulk({ defaultRecordedAt: recordedAt })
          const checked = yield* checkPass(source, options, recordedAt, withHistory, session)
          // Leaving the scope without a commit rolls the session back.
          if (checked.refused > 0 || checked.needHistory.size > 0) return { checked, appended: undefined }
          yield* progress(options, {
            phase: "write",
            lines: checked.lines,
            events: checked.written,
            written: checked.written
          })
          const { appended } = yield* session.commit
          return { checked, appended }
        }))
      let pass = yield* onePass(new Set())
      // Retractions met in streams folded without their history (whose checks may have refused
      // lines for want of it): once more, with it.
      if (pass.checked.needHistory.size > 0) pass = yield* onePass(pass.checked.needHistory)
      if (pass.checked.refused > 0) return yield* Effect.fail(refusal(pass.checked))
      if (pass.appended === undefined) {
        return yield* Effect.fail(
          new ImportSourceChanged({ line: pass.checked.lines, message: "the source changed between two passes" })
        )
      }
      return summary(pass.checked, pass.appended)
    }
    let checked = yield* checkPass(source, options, recordedAt, new Set())
    if (checked.needHistory.size > 0) checked = yield* checkPass(source, options, recordedAt, checked.needHistory)
    if (checked.refused > 0) return yield* Effect.fail(refusal(checked))
    const written = yield* writePass(source, options, recordedAt, checked)
    return summary(checked, written.appended)
  })

/** The source changed between the check and the write pass, at `line`. */
const changed = (line: number, message: string) => new ImportSourceChanged({ line, message })

const refusal = (checked: Checked) =>
  new ImportRefused({ errors: checked.errors, more: checked.refused - checked.errors.length })

const summary = (checked: Checked, appended: number): Summary => ({
  lines: checked.lines,
  events: checked.events,
  appended,
  alreadyStored: checked.alreadyStored,
  streams: checked.streamCount,
  readBack: checked.readBack
})

const progress = <E, R>(options: Options<E, R>, p: Progress): Effect.Effect<void, E, R> =>
  options.onProgress === undefined ? Effect.void : options.onProgress(p)

/**
 * Appends the checked lines in file order, `batchSize` events per atomic `appendBatch`. While one
 * batch is being written the next one is built, so a store that waits on a server overlaps its
 * round trips with the parsing.
 */
const writePass = <SE, SR, E, R>(
  source: () => Stream.Stream<string, SE, SR>,
  options: Options<E, R>,
  recordedAt: string,
  checked: Checked
): Effect.Effect<
  { readonly appended: number },
  ImportSourceChanged | StorageError | StreamVersionConflict | DuplicateEvent | SE | E,
  EventStore | SR | R
> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const every = Math.max(1, options.progressEvery ?? 50_000)
    const batchSize = Math.max(1, options.batchSize ?? 50_000)
    const { lineHashes, lines, repeatedLines, streams } = checked
    const versions = new Map<string, number>()
    for (const [stream, plan] of streams) versions.set(stream, plan.storedVersion)
    let batch = new Map<string, { expected: number; events: Array<NewEvent> }>()
    let inBatch = 0
    let appended = 0
    let written = 0
    let lineNo = 0
    let inFlight: Fiber.Fiber<void, StorageError | StreamVersionConflict | DuplicateEvent> | undefined
    const landed = Effect.suspend(() => inFlight === undefined ? Effect.void : Fiber.join(inFlight))
    const flush = Effect.gen(function*() {
      if (inBatch === 0) return
      const items: Array<BatchItem> = [...batch.entries()].map(([stream, item]) => ({
        stream: stream as StreamName,
        events: item.events,
        expected: ExpectedVersion.fromVersion(item.expected)
      }))
      batch = new Map()
      inBatch = 0
      yield* landed
      inFlight = yield* Effect.forkChild(Effect.map(store.appendBatch(items), (r) => {
        appended += r.appended
      }))
    })
    /** The event of a line checked in the first pass: parsed, not decoded again (its hash matches). */
    const eventOf = (text: string, line: number): Envelope.Envelope | ImportSourceChanged => {
      if (lineHashes[line] !== hash(text)) return changed(line, "the line differs from the one that was checked")
      const raw = JSON.parse(text) as Record<string, unknown>
      const upcasters = options.upcasters
      if (upcasters !== undefined && (raw["schemaVersion"] as number) < upcasters.current(raw["type"] as string)) {
        const d = Envelope.decodeLine(text, { defaultRecordedAt: recordedAt, upcasters, line })
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
          // Stored already, and found the same event by the check: not handed to the store again
          // (whose own idempotency would also compare `recordedAt`, which a line without one
          // takes from each run).
          if (streams.get(e.stream)!.stored.has(e.id)) continue
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
          versions.set(e.stream, version + 1)
          inBatch++
          written++
          if (inBatch >= batchSize) yield* flush
        }
        if (Math.floor(lineNo / every) > Math.floor((firstLine - 1) / every)) {
          yield* progress(options, { phase: "write", lines: lineNo, events: written, written })
        }
      }))
    yield* flush
    yield* landed
    if (lineNo !== lines) {
      return yield* Effect.fail(changed(lineNo, `read ${lineNo} lines, checked ${lines}`))
    }
    yield* progress(options, { phase: "write", lines: lineNo, events: written, written })
    return { appended }
  })

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
