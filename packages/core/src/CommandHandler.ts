/**
 * The command handler: load a stream, fold it, fetch the facts a rule needs from other streams,
 * decide, and append with the version that was read — retrying from the load when another writer
 * appended in between.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Result } from "effect"
import { type Decider, fold, type Recorded } from "./Decider.ts"
import * as Envelope from "./Envelope.ts"
import {
  type DuplicateEvent,
  EventStore,
  ExpectedVersion,
  type NewEvent,
  type StorageError,
  type StreamVersionConflict
} from "./EventStore.ts"
import { IdGenerator, keyedEventId } from "./IdGenerator.ts"
import { type EventId, isUlid, parseStream, type StreamName } from "./Ids.ts"
import { unstorableText } from "./internal/storableText.ts"
import type { MemberEvent } from "./MemberEvent.ts"
import type { OrgEvent } from "./OrgEvent.ts"
import * as RuleViolation from "./RuleViolation.ts"

/**
 * The retries after a `StreamVersionConflict` when `maxRetries` is not given.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultMaxRetries = 3

/**
 * What to handle: the decider, the stream, the command, and the decider's context — a value, or
 * an effect computing it from the folded state (facts read from other streams; it runs again on
 * every retry). `meta` is stored on every event; `maxRetries` bounds the retries after a version
 * conflict (default 3).
 *
 * @category models
 * @since 0.1.0
 */
export interface HandleOptions<Command, Event, State, Context, E = never, R = never> {
  readonly decider: Decider<Command, Event, State, Context>
  readonly stream: StreamName
  readonly command: Command
  readonly context: Context | ((state: State) => Effect.Effect<Context, E, R>)
  readonly meta?: Envelope.Meta
  readonly maxRetries?: number
  /**
   * The command's idempotency key: a ULID the caller makes once per command and sends again with
   * every retry of it. The events get the ids `keyedEventId(key, 0)` (the key), `(key, 1)`, …, and
   * a stream that already holds the key's events does not decide the command again: `handle`
   * answers the events recorded under it, with `replayed: true`. A retry after an error that leaves
   * the outcome unknown (a lost connection, `StorageError.retryable`) then never records a command
   * twice, even one the rules would accept again (a second rating of a period is a correction,
   * RAT-05). The key names one command and must be made for it (the id of any event the stream
   * holds would answer that event): sent again with another command, it answers the first one's
   * events — a replay neither decides nor runs `context`, so a caller that checks access there
   * checks a replayed answer itself (the embed-service's `Idempotency.ownReplay`). A key that is
   * the id of an event of another stream fails the append (`DuplicateEvent`). Read in any case,
   * as ULIDs are.
   */
  readonly idempotencyKey?: EventId
}

/**
 * What a handled command did: the envelopes it appended (with `streamVersion` and `position`; none
 * if the decider decided nothing), the state after them, and the stream's version after them. A
 * replay (`replayed: true`) answers the envelopes recorded under the key, with the stream's state
 * and version as they are now.
 *
 * @category models
 * @since 0.1.0
 */
export interface HandleResult<Event, State> {
  readonly events: ReadonlyArray<Event & Envelope.Header>
  readonly state: State
  readonly streamVersion: number
  /** The events were recorded earlier under the command's `idempotencyKey`, not by this call. */
  readonly replayed: boolean
}

/** The answer of a command whose key had recorded `recorded`. */
const replay = <Event, State>(
  recorded: ReadonlyArray<Envelope.Envelope>,
  state: State,
  streamVersion: number
): HandleResult<Event, State> => ({
  events: recorded as unknown as ReadonlyArray<Event & Envelope.Header>,
  state,
  streamVersion,
  replayed: true
})

/** The events a stream holds under an idempotency key: the key's event and those recorded with it. */
const keyedEvents = (history: ReadonlyArray<Envelope.Envelope>, key: EventId): ReadonlyArray<Envelope.Envelope> => {
  const first = history.findIndex((e) => e.id === key)
  if (first === -1) return []
  let end = first + 1
  while (end < history.length && history[end]!.id === keyedEventId(key, end - first)) end++
  return history.slice(first, end)
}

const notTextVi = "chứa ký tự không phải văn bản lưu được (NUL hoặc nửa cặp surrogate Unicode)"

/**
 * Why an event decided for `stream` cannot be stored, if it cannot: what `Envelope.decode` would
 * refuse on reading it back (EVT-03 a type of the other kind of stream; EVT-04 a field).
 */
const eventRefusal = (
  event: MemberEvent | OrgEvent,
  stream: StreamName
): RuleViolation.RuleViolation | undefined => {
  const decoded = Envelope.decodeEvent(event.type, event.occurredOn, event.data, stream)
  if (Result.isSuccess(decoded)) return undefined
  const f = decoded.failure
  return RuleViolation.make(
    f.rule === "EVT-03" ? "EVT-03" : "EVT-04",
    f.path,
    f.message,
    f.rule === "EVT-03"
      ? `sự kiện ${event.type} không thuộc luồng ${stream}`
      : f.message.includes("not text")
      ? notTextVi
      : `${f.path}: giá trị không hợp lệ (${f.message})`
  )
}

/**
 * The errors of `handle`.
 *
 * @category errors
 * @since 0.1.0
 */
export type HandleError = RuleViolation.RuleViolation | StreamVersionConflict | DuplicateEvent | StorageError

/**
 * Handles one command: load → decide → append. Event ids come from `IdGenerator` (from the
 * `idempotencyKey` when one is given, and then a retry answers what the key recorded), `recordedAt`
 * from Effect's `Clock` (one instant for the whole batch), `schemaVersion` is
 * `Envelope.currentSchemaVersion`. The append expects the version that was read, so a concurrent
 * writer makes it fail with `StreamVersionConflict`; the whole cycle is then retried up to
 * `maxRetries` times before the conflict is returned. A `RuleViolation` stores nothing — the
 * decider's; EVT-02 when `stream` is not `member-<ULID>` or `org-<ULID>` (nothing is read); EVT-03 or
 * EVT-04 when a decided event is not one `Envelope.decode` would read back from a file (a type of the
 * other kind of stream; a date that is not one, a value outside the catalog, an unknown field — what
 * a command built without the types, from JSON or `as any`, can hold); EVT-02 when a string of
 * `meta` (EVT-04 of `data`) holds a NUL or an unpaired surrogate, which is not text (PostgreSQL
 * cannot store it); CAL-01 when an event's `occurredOn` is after the day of the clock in Vietnam (a
 * fact is not recorded before the day it takes effect). So what is stored reads back, exports and
 * imports again on every adapter.
 *
 * @category handling
 * @since 0.1.0
 */
export const handle = <Command, Event extends MemberEvent | OrgEvent, State, Context, E = never, R = never>(
  options: HandleOptions<Command, Event, State, Context, E, R>
): Effect.Effect<HandleResult<Event, State>, HandleError | E, EventStore | IdGenerator | R> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const ids = yield* IdGenerator
    const { decider, meta, stream } = options
    const key = options.idempotencyKey?.toUpperCase() as EventId | undefined
    /** The events recorded under the key, read again (after an append found them), if any. */
    const recordedSince = Effect.map(store.readStream(stream), (now) => {
      const recorded = keyedEvents(now, key!)
      return recorded.length === 0
        ? undefined
        : replay<Event, State>(
          recorded,
          fold(decider, now as unknown as ReadonlyArray<Recorded<Event>>),
          now.at(-1)!.streamVersion!
        )
    })
    const contextOf = (state: State): Effect.Effect<Context, E, R> =>
      typeof options.context === "function"
        ? (options.context as (state: State) => Effect.Effect<Context, E, R>)(state)
        : Effect.succeed(options.context)

    if (parseStream(stream) === undefined) {
      return yield* Effect.fail(RuleViolation.make(
        "EVT-02",
        "stream",
        `the stream ${JSON.stringify(stream)} is not member-<ULID> or org-<ULID> (a ULID: 26 characters of ` +
          "0-9 and A-Z without I, L, O, U, in capitals)",
        `luồng ${JSON.stringify(stream)} không có dạng member-<ULID> hoặc org-<ULID>`
      ))
    }
    if (key !== undefined && !isUlid(key)) {
      // The key is the first event's id, which EVT-02 wants a ULID.
      return yield* Effect.fail(RuleViolation.make(
        "EVT-02",
        "id",
        `the idempotency key ${JSON.stringify(key)} is not a ULID`,
        `khóa chống trùng lặp ${JSON.stringify(key)} không phải là ULID`
      ))
    }
    const attempt = Effect.gen(function*() {
      const history = yield* store.readStream(stream)
      const version = history.at(-1)?.streamVersion ?? history.length
      const state = fold(decider, history as unknown as ReadonlyArray<Recorded<Event>>)
      const earlier = key === undefined ? [] : keyedEvents(history, key)
      if (earlier.length > 0) return replay<Event, State>(earlier, state, version)
      const context = yield* contextOf(state)
      const decided = yield* Effect.fromResult(decider.decide(options.command, state, context))
      if (decided.length === 0) {
        return { events: [], state, streamVersion: version, replayed: false } satisfies HandleResult<Event, State>
      }
      // EVT-03 / EVT-04: each event as `Envelope.decode` would read it back from a file — a date that
      // is one, a field of the catalog, text that is text (a NUL or an unpaired surrogate is not;
      // PostgreSQL refuses them) — so that the same event stores on every adapter and an export of
      // it imports again. A command built without the types (`as any`, JSON) meets this check.
      for (const event of decided) {
        const refused = eventRefusal(event, stream)
        if (refused !== undefined) return yield* Effect.fail(refused)
      }
      // EVT-02: `meta`, every event's, walked once.
      const metaProblem = unstorableText(meta, "meta")
      if (metaProblem !== undefined) {
        return yield* Effect.fail(RuleViolation.make("EVT-02", metaProblem.path, metaProblem.message, notTextVi))
      }
      const recordedMs = yield* Clock.currentTimeMillis
      // CAL-01: a fact is not recorded before the day it takes effect (what `Envelope.decode` refuses
      // on reading it back, so an export of it could never be imported).
      const early = decided.find((e) => recordedMs < Envelope.startOfDayInstant(e.occurredOn))
      if (early !== undefined) {
        const today = Envelope.dayInVietnam(recordedMs)
        return yield* Effect.fail(RuleViolation.make(
          "CAL-01",
          "occurredOn",
          `${early.occurredOn} is after today (${today} in Vietnam): a fact is recorded on or after the day it takes effect`,
          `ngày ${early.occurredOn} chưa đến (hôm nay ${today}): chỉ ghi nhận sự việc từ ngày có hiệu lực`
        ))
      }
      const recordedAt = new Date(recordedMs).toISOString()
      const headers: Array<Envelope.Header> = []
      for (let i = 0; i < decided.length; i++) {
        headers.push({
          id: key === undefined ? yield* ids.next : keyedEventId(key, i),
          stream,
          schemaVersion: Envelope.currentSchemaVersion,
          recordedAt,
          ...(meta === undefined ? {} : { meta })
        })
      }
      const toAppend: Array<NewEvent> = decided.map((event, i) => {
        const header = headers[i]!
        return {
          id: header.id,
          type: event.type,
          schemaVersion: header.schemaVersion,
          occurredOn: event.occurredOn,
          recordedAt: header.recordedAt,
          data: event.data,
          ...(header.meta === undefined ? {} : { meta: header.meta })
        } as NewEvent
      })
      const append = store.append(stream, toAppend, ExpectedVersion.fromVersion(version))
      const result = key === undefined ? yield* append : yield* Effect.catchTag(
        append,
        "DuplicateEvent",
        // The same command was recorded under the key since the read (at another instant): its
        // events, unless the key is an event of another stream.
        (e) => Effect.flatMap(recordedSince, (r) => r === undefined ? Effect.fail(e) : Effect.succeed(r))
      )
      if ("replayed" in result) return result
      if (key !== undefined && result.appended < toAppend.length) {
        // The same command was recorded under the key since the read, at the same instant: the
        // store skipped these identical events.
        const recorded = yield* recordedSince
        if (recorded === undefined) {
          return yield* Effect.die(new Error(`the store skipped events under key ${key}, and holds none of them`))
        }
        return recorded
      }
      const events = decided.map((event, i) =>
        Envelope.make(
          { ...headers[i]!, streamVersion: version + i + 1, position: result.positions[i]! },
          event
        ) as Event & Envelope.Header
      )
      return {
        events,
        state: fold(decider, events as unknown as ReadonlyArray<Recorded<Event>>, state),
        streamVersion: result.streamVersion,
        replayed: false
      } satisfies HandleResult<Event, State>
    })

    return yield* Effect.retry(attempt, {
      times: Math.max(0, Math.floor(options.maxRetries ?? defaultMaxRetries)),
      while: (error) =>
        typeof error === "object" && error !== null && "_tag" in error && error._tag === "StreamVersionConflict"
    })
  })

/**
 * A handler bound to one decider (and default options): `make(decider)({ stream, command, context })`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <Command, Event extends MemberEvent | OrgEvent, State, Context>(
  decider: Decider<Command, Event, State, Context>,
  defaults: { readonly maxRetries?: number; readonly meta?: Envelope.Meta } = {}
) =>
<E = never, R = never>(
  options: Omit<HandleOptions<Command, Event, State, Context, E, R>, "decider">
): Effect.Effect<HandleResult<Event, State>, HandleError | E, EventStore | IdGenerator | R> =>
  handle<Command, Event, State, Context, E, R>({ ...defaults, ...options, decider })
