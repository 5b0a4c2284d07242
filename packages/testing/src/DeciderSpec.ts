/**
 * Emmett-style decider specifications for any `Decider` (member, organisation, or your own):
 *
 * ```ts
 * const spec = DeciderSpec.member(context)
 * spec.given([registered, courseCompleted]).when(assignSponsors).then([sponsorsAssigned])
 * spec.given([registered]).when(vote).thenRefuses("ADM-04", "data")
 * ```
 *
 * `given` takes events with or without ids: missing `id`s and `recordedAt`s are assigned (ids in
 * order, recorded at noon in Vietnam on the day the event occurred). Failures throw node's
 * `AssertionError` with `actual` and `expected`, so test runners (vitest, node:test, jest) print a
 * diff; the helpers return what they checked for further assertions. This is test code: it throws.
 *
 * @since 0.1.0
 */
import type { Decider, Recorded } from "@dangvien/core/Decider"
import { fold } from "@dangvien/core/Decider"
import * as Envelope from "@dangvien/core/Envelope"
import { type EventId, eventId } from "@dangvien/core/Ids"
import type * as Member from "@dangvien/core/Member"
import type * as MemberCommand from "@dangvien/core/MemberCommand"
import * as MemberDecider from "@dangvien/core/MemberDecider"
import type { MemberEvent } from "@dangvien/core/MemberEvent"
import type * as Organization from "@dangvien/core/Organization"
import * as OrganizationDecider from "@dangvien/core/OrganizationDecider"
import type { OrgEvent } from "@dangvien/core/OrgEvent"
import type { RuleId, RuleViolation } from "@dangvien/core/RuleViolation"
import { Result } from "effect"
import { AssertionError } from "node:assert"
import { isDeepStrictEqual } from "node:util"
import * as Ulid from "./internal/ulid.ts"

/**
 * An event for `given`: recorded (with `id` and `recordedAt`) or not yet.
 *
 * @category models
 * @since 0.1.0
 */
export type Given<E> = E & { readonly id?: EventId; readonly recordedAt?: string }

/**
 * A specification of a decider with a default context.
 *
 * @category models
 * @since 0.1.0
 */
export interface Spec<Command, Event, State, Context> {
  /** The history before the command (empty by default). */
  readonly given: (events?: Iterable<Given<Event>>) => Arranged<Command, Event, State, Context>
}

/**
 * A history, folded: ready for a command.
 *
 * @category models
 * @since 0.1.0
 */
export interface Arranged<Command, Event, State, Context> {
  /** The given events, with ids and `recordedAt` assigned. */
  readonly events: ReadonlyArray<Recorded<Event>>
  /** The state folded from them. */
  readonly state: State
  /** Decides the command (with the spec's context, or this one). */
  readonly when: (command: Command, context?: Context) => Decided<Event, State>
}

/**
 * A decided command, to assert on.
 *
 * @category models
 * @since 0.1.0
 */
export interface Decided<Event, State> {
  /** The state before the command. */
  readonly state: State
  /** What the decider returned. */
  readonly result: Result.Result<ReadonlyArray<Event>, RuleViolation>
  /**
   * Asserts that the decider accepts the command and records exactly `expected` (compared
   * structurally), or runs `expected` on the events and the state after them. Returns the events.
   */
  readonly then: (
    expected: ReadonlyArray<Event> | ((events: ReadonlyArray<Event>, stateAfter: State) => void)
  ) => ReadonlyArray<Event>
  /** Asserts that the decider refuses the command citing `rule` (and `field`, when given). Returns the violation. */
  readonly thenRefuses: (rule: RuleId, field?: string) => RuleViolation
}

const NOON_IN_VIETNAM = 12 * 3_600_000

/**
 * Gives ids and `recordedAt` to events that lack them: ids `…0001`, `…0002`… in order (their time
 * part the day the event occurred), recorded at noon in Vietnam that day.
 *
 * @category constructors
 * @since 0.1.0
 */
export const record = <E extends { readonly occurredOn: string }>(
  events: Iterable<Given<E>>
): ReadonlyArray<Recorded<E>> => {
  const out: Array<Recorded<E>> = []
  let n = 0n
  for (const e of events) {
    n += 1n
    const at = Envelope.startOfDayInstant(e.occurredOn) + NOON_IN_VIETNAM
    out.push({
      ...e,
      id: e.id ?? eventId(Ulid.make(at, n)),
      recordedAt: e.recordedAt ?? new Date(at).toISOString()
    } as Recorded<E>)
  }
  return out
}

const show = (v: RuleViolation): string => `${v.rule} ${v.field}: ${v.message}`

const summary = (events: ReadonlyArray<unknown>): string =>
  events.map((e) => (e as { readonly type?: string }).type ?? JSON.stringify(e)).join(", ") || "nothing"

/**
 * A specification of any decider, with the context its commands are decided in by default.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <Command, Event extends { readonly occurredOn: string }, State, Context>(
  decider: Decider<Command, Event, State, Context>,
  context: Context
): Spec<Command, Event, State, Context> => ({
  given: (given = []) => {
    const events = record(given)
    const state = fold(decider, events)
    return {
      events,
      state,
      when: (command, ctx = context) => {
        const result = decider.decide(command, state, ctx)
        const then: Decided<Event, State>["then"] = (expected) => {
          if (Result.isFailure(result)) {
            throw new AssertionError({
              message: `expected the decider to accept the command, but it refused: ${show(result.failure)}`,
              actual: show(result.failure),
              expected: typeof expected === "function" ? "accepted" : expected,
              operator: "then",
              stackStartFn: then
            })
          }
          const decided = result.success
          if (typeof expected === "function") {
            expected(decided, fold(decider, record([...events, ...decided]).slice(events.length), state))
          } else if (!isDeepStrictEqual(decided, expected)) {
            throw new AssertionError({
              message: `expected the decider to record ${summary(expected)}, but it recorded ${summary(decided)}`,
              actual: decided,
              expected,
              operator: "then",
              stackStartFn: then
            })
          }
          return decided
        }
        const thenRefuses: Decided<Event, State>["thenRefuses"] = (rule, field) => {
          const expected = field === undefined ? { rule } : { rule, field }
          const at = `${rule}${field === undefined ? "" : ` at ${field}`}`
          if (Result.isSuccess(result)) {
            throw new AssertionError({
              message: `expected a refusal citing ${at}, but the decider accepted the command and recorded ${
                summary(result.success)
              }`,
              actual: result.success,
              expected,
              operator: "thenRefuses",
              stackStartFn: thenRefuses
            })
          }
          const v = result.failure
          const actual = field === undefined ? { rule: v.rule } : { rule: v.rule, field: v.field }
          if (!isDeepStrictEqual(actual, expected)) {
            throw new AssertionError({
              message: `expected a refusal citing ${at}, but the decider refused with ${show(v)}`,
              actual,
              expected,
              operator: "thenRefuses",
              stackStartFn: thenRefuses
            })
          }
          return v
        }
        // Emmett's `then`: awaiting a `Decided` by mistake only asserts that the command is accepted.
        // oxlint-disable-next-line unicorn/no-thenable
        return { state, result, then, thenRefuses }
      }
    }
  }
})

/**
 * A specification of the member decider (`MemberDecider.decider`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const member = (
  context: MemberDecider.Context = {}
): Spec<MemberCommand.MemberCommand, MemberEvent, Member.State, MemberDecider.Context> =>
  make(MemberDecider.decider, context)

/**
 * A specification of the organisation decider (`OrganizationDecider.decider`); the context answers
 * questions about other organisations (see `OrganizationRegistry.contextFor`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const organization = (
  context: Organization.OrgContext
): Spec<OrganizationDecider.Command, OrgEvent, Organization.State, Organization.OrgContext> =>
  make(OrganizationDecider.decider, context)
