/**
 * The one place where outcomes become HTTP: a refusal of the rule book is 422 with the rule ID, a
 * body that does not decode 400 with the field, a caller outside the subtree 403, and so on. The
 * errors themselves stay in the domain's words (see `ServiceError`).
 */
import type { EventStore, RuleViolation, Statistics } from "@dangvien/core"
import { Effect } from "effect"
import { HttpServerResponse } from "effect/http"
import type {
  IdempotencyKeyInUse,
  MalformedRequest,
  MemberNotFound,
  MissingCaller,
  NotCaughtUp,
  OrganizationNotFound,
  OutcomeUnknown,
  OutsideSubtree,
  UnsupportedMediaType
} from "./ServiceError.ts"

/** Every way a request can be refused. */
export type Refusal =
  | RuleViolation.RuleViolation
  | MalformedRequest
  | UnsupportedMediaType
  | MissingCaller
  | OutsideSubtree
  | MemberNotFound
  | OrganizationNotFound
  | NotCaughtUp
  | Statistics.InvalidQuery
  | Statistics.UnknownOrganization
  | EventStore.StreamVersionConflict
  | EventStore.DuplicateEvent
  | IdempotencyKeyInUse
  | OutcomeUnknown
  | EventStore.StorageError

/** A JSON response. */
export const json = (
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {}
): HttpServerResponse.HttpServerResponse => HttpServerResponse.jsonUnsafe(body, { status, headers })

/** The response to a refusal: its status and a JSON body `{ error, … }`. */
export const refusal = (e: Refusal): HttpServerResponse.HttpServerResponse => {
  switch (e._tag) {
    case "RuleViolation":
      return json(422, { error: e._tag, rule: e.rule, field: e.field, message: e.message, messageVi: e.messageVi })
    case "MalformedRequest":
      return json(400, {
        error: e._tag,
        ...(e.rule === undefined ? {} : { rule: e.rule }),
        field: e.field,
        message: e.message
      })
    case "UnsupportedMediaType":
      return json(415, { error: e._tag, message: e.message }, { "accept-post": "application/json" })
    case "InvalidQuery":
      return json(400, { error: e._tag, field: e.field, message: e.message })
    case "MissingCaller":
      return json(401, { error: e._tag, message: e.message })
    case "OutsideSubtree":
      return json(403, { error: e._tag, message: e.message })
    case "MemberNotFound":
    case "OrganizationNotFound":
    case "UnknownOrganization":
      return json(404, { error: e._tag, message: e.message })
    case "StreamVersionConflict":
    case "DuplicateEvent":
    case "IdempotencyKeyInUse":
      return json(409, { error: e._tag, message: e.message })
    case "NotCaughtUp":
      return json(503, { error: e._tag, message: e.message }, { "retry-after": "1" })
    case "OutcomeUnknown":
      // No Retry-After: sending the command again blindly could record it twice.
      return json(503, { error: e._tag, message: e.message })
    case "StorageError":
      // A lost connection, a deadlock, a busy database: the same request may succeed again (a
      // command's events are appended whole or not at all).
      return e.retryable
        ? json(503, { error: e._tag, message: "the event store is unavailable; try again", retryable: true }, {
          "retry-after": "1"
        })
        : json(500, { error: e._tag, message: "the event store failed" })
  }
}

/** Answers a refusal with its response (logging storage failures, whose detail stays in the log). */
export const orRefusal = <R>(
  effect: Effect.Effect<HttpServerResponse.HttpServerResponse, Refusal, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  Effect.catch(effect, (e) =>
    e._tag === "StorageError" || e._tag === "OutcomeUnknown"
      ? Effect.as(
        Effect.logError(
          "storage failed",
          ...(e._tag === "StorageError" ? [e.operation, e.message] : [e.cause.operation, e.cause.message])
        ),
        refusal(e)
      )
      : Effect.succeed(refusal(e)))
