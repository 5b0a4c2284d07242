/**
 * The core's pure functions with fp-ts `Either` results: deciding member and organisation
 * commands, replaying a history, and decoding NDJSON lines. `Left` holds the same tagged error
 * the core returns (`RuleViolation` with its rule ID, `DecodeError` with rule, field and line).
 *
 * @since 0.1.0
 */
import {
  type Decider,
  Envelope,
  type Member,
  type MemberCommand,
  MemberDecider,
  type MemberEvent,
  type Organization,
  OrganizationDecider,
  type OrgEvent,
  type RuleViolation
} from "@dangvien/core"
import { Result } from "effect"
import * as E from "fp-ts/lib/Either.js"

/**
 * An Effect `Result` as an fp-ts `Either`.
 *
 * @category conversions
 * @since 0.1.0
 */
export const fromResult = <A, L>(result: Result.Result<A, L>): E.Either<L, A> =>
  Result.isSuccess(result) ? E.right(result.success) : E.left(result.failure)

/**
 * Decides a member command: the events it records, or the violation that refuses it.
 *
 * @category deciding
 * @since 0.1.0
 */
export const decideMember = (
  command: MemberCommand.MemberCommand,
  state: Member.State,
  context: MemberDecider.Context = {}
): E.Either<RuleViolation.RuleViolation, ReadonlyArray<MemberEvent.MemberEvent>> =>
  fromResult(MemberDecider.decide(command, state, context))

/**
 * Decides an organisation command.
 *
 * @category deciding
 * @since 0.1.0
 */
export const decideOrganization = (
  command: OrganizationDecider.Command,
  state: Organization.State,
  context: Organization.OrgContext
): E.Either<RuleViolation.RuleViolation, ReadonlyArray<OrgEvent.OrgEvent>> =>
  fromResult(OrganizationDecider.decide(command, state, context))

/**
 * Replays a member's recorded events, checking each: the final state, or the first refused event
 * with its index.
 *
 * @category deciding
 * @since 0.1.0
 */
export const replayMember = (
  events: Iterable<Decider.Recorded<MemberEvent.MemberEvent>>,
  context: MemberDecider.Context = {}
): E.Either<{ readonly index: number; readonly violation: RuleViolation.RuleViolation }, Member.State> =>
  fromResult(MemberDecider.replay(events, context))

/**
 * Decodes one NDJSON line (`line`, 1-based, is reported in the error).
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeLine = (
  text: string,
  options: Envelope.DecodeOptions = {}
): E.Either<Envelope.DecodeError, Envelope.Envelope> => fromResult(Envelope.decodeLine(text, options))
