/**
 * The `Idempotency-Key` header: a ULID the client makes once per command and sends again with
 * every retry of it (after a timeout, a dropped connection, a 503). The service hands it to
 * `CommandHandler.handle`, which records the command's events under ids derived from the key, and
 * on a retry answers the events the key recorded instead of deciding again — so a command is never
 * recorded twice, even one the rules would accept twice (a second rating of a period is a
 * correction, RAT-05). A key is the caller's, for one command: sent by another caller, or with
 * another command (another kind, date or data), it is refused (409), not answered with someone
 * else's events. Without a key, a command whose store failed in a way that leaves unknown whether
 * it was recorded is answered so (`OutcomeUnknown`), not with an invitation to send it again.
 */
import { type Envelope, type EventStore, Ids } from "@dangvien/core"
import { Effect, Result } from "effect"
import type * as Access from "./Access.ts"
import { IdempotencyKeyInUse, MalformedRequest, OutcomeUnknown } from "./ServiceError.ts"

/** The request's `Idempotency-Key` (a ULID, read case-insensitively), if it has one. */
export const keyFrom = (
  headers: Readonly<Record<string, string | undefined>>
): Result.Result<Ids.EventId | undefined, MalformedRequest> => {
  const raw = headers["idempotency-key"]
  if (raw === undefined) return Result.succeed(undefined)
  const key = raw.trim().toUpperCase()
  return Ids.isUlid(key)
    ? Result.succeed(Ids.eventId(key))
    : Result.fail(
      new MalformedRequest({
        rule: "EVT-02",
        field: "Idempotency-Key",
        message: `expected a ULID (the first event's id), got ${JSON.stringify(raw)}`
      })
    )
}

/** What `ownReplay` reads of a `CommandHandler.HandleResult`. */
interface Answer {
  readonly replayed: boolean
  readonly events: ReadonlyArray<
    {
      readonly type: string
      readonly occurredOn: string
      readonly data: unknown
      readonly meta?: Envelope.Meta | undefined
    }
  >
}

/**
 * Checks that a replayed answer is the caller's own: the events the key recorded were recorded by
 * this caller, for a command of the same kind, date and data. A first answer passes as it is.
 */
export const ownReplay = (
  caller: Access.Caller,
  command: { readonly _tag: string; readonly occurredOn: string; readonly data: unknown },
  eventType: string,
  key: Ids.EventId | undefined
) =>
<A extends Answer>(result: A): Effect.Effect<A, IdempotencyKeyInUse> => {
  if (!result.replayed || key === undefined) return Effect.succeed(result)
  const same = result.events.every((e) => e.meta?.actor === caller.orgId) &&
    result.events.some((e) =>
      e.type === eventType && e.occurredOn === command.occurredOn && sameJson(e.data, command.data)
    )
  return same ? Effect.succeed(result) : Effect.fail(new IdempotencyKeyInUse({ key, command: command._tag }))
}

/** The same JSON value, whatever the order of keys (a command's data is the data of its event). */
const sameJson = (a: unknown, b: unknown): boolean => {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length &&
    keys.every((k) =>
      Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    )
}

/**
 * A command's store failure that leaves unknown whether it was recorded (`retryable`: a lost
 * connection, a deadlock) and that a key cannot settle, as the request had none: `OutcomeUnknown`.
 */
export const outcomeKnown = <A, E, R>(
  record: Effect.Effect<A, E | EventStore.StorageError, R>,
  key: Ids.EventId | undefined
): Effect.Effect<A, E | EventStore.StorageError | OutcomeUnknown, R> =>
  key !== undefined ?
    record :
    Effect.catchTag(record as Effect.Effect<A, EventStore.StorageError, R>, "StorageError", (e) =>
      Effect.fail(e.retryable === true ? new OutcomeUnknown({ cause: e }) : e)) as Effect.Effect<
        A,
        E | EventStore.StorageError | OutcomeUnknown,
        R
      >

/** The handler's options for a key: none without one. */
export const handleOptions = (key: Ids.EventId | undefined): { readonly idempotencyKey?: Ids.EventId } =>
  key === undefined ? {} : { idempotencyKey: key }
