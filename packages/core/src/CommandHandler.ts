/**
 * The command handler: load a stream, fold it, fetch the facts a rule needs from other streams,
 * decide, and append with the version that was read — retrying from the load when another writer
 * appended in between.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
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
import { IdGenerator } from "./IdGenerator.ts"
import type { StreamName } from "./Ids.ts"
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
}

/**
 * What a handled command did: the envelopes it appended (with `streamVersion` and `position`; none
 * if the decider decided nothing), the state after them, and the stream's version after them.
 *
 * @category models
 * @since 0.1.0
 */
export interface HandleResult<Event, State> {
  readonly events: ReadonlyArray<Event & Envelope.Header>
  readonly state: State
  readonly streamVersion: number
}

/**
 * The errors of `handle`.
 *
 * @category errors
 * @since 0.1.0
 */
export type HandleError = RuleViolation.RuleViolation | StreamVersionConflict | DuplicateEvent | StorageError

/**
 * Handles one command: load → decide → append. Event ids come from `IdGenerator`, `recordedAt`
 * from Effect's `Clock` (one instant for the whole batch), `schemaVersion` is
 * `Envelope.currentSchemaVersion`. The append expects the version that was read, so a concurrent
 * writer makes it fail with `StreamVersionConflict`; the whole cycle is then retried up to
 * `maxRetries` times before the conflict is returned. A `RuleViolation` stores nothing — the
 * decider's, or CAL-01's when an event's `occurredOn` is after the day of the clock in Vietnam (a
 * fact is not recorded before the day it takes effect), or EVT-04 (EVT-02 in `meta`) when a string
 * holds a NUL or an unpaired surrogate, text no store can hold as it is.
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
    const contextOf = (state: State): Effect.Effect<Context, E, R> =>
      typeof options.context === "function"
        ? (options.context as (state: State) => Effect.Effect<Context, E, R>)(state)
        : Effect.succeed(options.context)

    const attempt = Effect.gen(function*() {
      const history = yield* store.readStream(stream)
      const version = history.at(-1)?.streamVersion ?? history.length
      const state = fold(decider, history as unknown as ReadonlyArray<Recorded<Event>>)
      const context = yield* contextOf(state)
      const decided = yield* Effect.fromResult(decider.decide(options.command, state, context))
      if (decided.length === 0) {
        return { events: [], state, streamVersion: version } satisfies HandleResult<Event, State>
      }
      // EVT-04 / EVT-02: text no store can hold as it is (a NUL, an unpaired surrogate), as
      // `Envelope.decode` refuses it in a file — the same event must store on every adapter.
      for (const event of decided) {
        const bad = unstorableText(event.data, "data") ?? unstorableText(meta, "meta")
        if (bad !== undefined) {
          return yield* Effect.fail(RuleViolation.make(
            bad.path.startsWith("meta") ? "EVT-02" : "EVT-04",
            bad.path,
            bad.message,
            "chứa ký tự không phải văn bản lưu được (NUL hoặc nửa cặp surrogate Unicode)"
          ))
        }
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
          id: yield* ids.next,
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
      const result = yield* store.append(stream, toAppend, ExpectedVersion.fromVersion(version))
      const events = decided.map((event, i) =>
        Envelope.make(
          { ...headers[i]!, streamVersion: version + i + 1, position: result.positions[i]! },
          event
        ) as Event & Envelope.Header
      )
      return {
        events,
        state: fold(decider, events as unknown as ReadonlyArray<Recorded<Event>>, state),
        streamVersion: result.streamVersion
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
