/**
 * What the service refuses besides the rule book: a request without a caller, a caller outside the
 * subtree of what it touches, a command body that does not decode, and a member or organisation
 * the store does not know. They say what went wrong in the domain's words; `Responses` maps them
 * (and the core's `RuleViolation` and store errors) to HTTP statuses in one place.
 */
import { Data } from "effect"

/** The request names no caller organisation, or not a valid `OrgId`. */
export class MissingCaller extends Data.TaggedError("MissingCaller")<{
  readonly message: string
}> {}

/** The caller's organisation does not reach `target` (it is outside the caller's subtree on `on`). */
export class OutsideSubtree extends Data.TaggedError("OutsideSubtree")<{
  readonly caller: string
  readonly target: string
  readonly on: string
}> {
  override get message(): string {
    return `${this.target} is not in the subtree of ${this.caller} on ${this.on}`
  }
}

/**
 * A command body (or query) that does not decode: the first offending field and what is wrong —
 * for a command body, with the format rule it breaks (`EVT-01` not JSON, not an object or too
 * large, `EVT-02` a field besides `_tag`, `occurredOn` and `data`, `EVT-03` an unknown command,
 * `EVT-04` an invalid, missing or unknown `occurredOn` or field of `data`, as for an NDJSON line).
 */
export class MalformedRequest extends Data.TaggedError("MalformedRequest")<{
  readonly rule?: "EVT-01" | "EVT-02" | "EVT-03" | "EVT-04"
  readonly field: string
  readonly message: string
}> {}

/** A command body that is not sent as JSON (`Content-Type` other than `application/json`). */
export class UnsupportedMediaType extends Data.TaggedError("UnsupportedMediaType")<{
  readonly contentType: string | undefined
}> {
  override get message(): string {
    return `a command body is JSON, sent as application/json, not ${this.contentType ?? "without a Content-Type"}`
  }
}

/** An `Idempotency-Key` that recorded another caller's command, or a command of another kind, date or data. */
export class IdempotencyKeyInUse extends Data.TaggedError("IdempotencyKeyInUse")<{
  readonly key: string
  readonly command: string
}> {
  override get message(): string {
    return `the Idempotency-Key ${this.key} recorded another command than this ${this.command}: make a new key for each command`
  }
}

/**
 * A command the store failed to record in a way that leaves unknown whether it was recorded (a
 * lost connection during the append), sent without an `Idempotency-Key` that would let a retry
 * settle it.
 */
export class OutcomeUnknown extends Data.TaggedError("OutcomeUnknown")<{
  readonly cause: { readonly operation: string; readonly message: string }
}> {
  override get message(): string {
    return "the event store could not answer: whether the command was recorded is unknown. Read the stream's events before sending it again, or send commands with an Idempotency-Key, which a retry settles"
  }
}

/** No member stream under this id. */
export class MemberNotFound extends Data.TaggedError("MemberNotFound")<{
  readonly memberId: string
}> {
  override get message(): string {
    return `no member ${this.memberId}`
  }
}

/** No organisation under this id on the date. */
export class OrganizationNotFound extends Data.TaggedError("OrganizationNotFound")<{
  readonly orgId: string
  readonly on: string
}> {
  override get message(): string {
    return `no organisation ${this.orgId} on ${this.on}`
  }
}

/**
 * The service's records have not reached a position within the time a read may wait: a write this
 * process made (at `position`) is not in them yet, so a read now could miss it.
 */
export class NotCaughtUp extends Data.TaggedError("NotCaughtUp")<{
  readonly position: number
  readonly reached: number
}> {
  override get message(): string {
    return `the service's records reached position ${this.reached}, not yet ${this.position}: try again shortly`
  }
}
