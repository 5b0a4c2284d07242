/**
 * The statistics index of a store: the whole log replayed once — into `Statistics.makeCompact` for
 * the figures (`stats`, `report`, `orgs`, `demo`), into `Statistics.make` (every envelope kept) for
 * the audit and the badges due — with the organisation registry alongside (to find an organisation
 * by its code) and a progress line on a terminal.
 *
 * @since 0.1.0
 */
import { Envelope, EventStore, type Ids, OrganizationRegistry, Statistics } from "@dangvien/core"
import { Result } from "effect"
import { Effect, Stream } from "effect"
import { CliFailure, ExitCode } from "./CliFailure.ts"
import * as Progress from "./Progress.ts"

/**
 * What the statistics commands work on.
 *
 * @category models
 * @since 0.1.0
 */
export interface Loaded<I extends Statistics.Index | Statistics.Compact = Statistics.Index | Statistics.Compact> {
  readonly index: I
  readonly orgs: OrganizationRegistry.Registry
  readonly events: number
}

const loadInto = <I extends Statistics.Index | Statistics.Compact>(
  make: () => I
): Effect.Effect<Loaded<I>, CliFailure, EventStore.EventStore> =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    const progress = Progress.make()
    const index = make()
    const orgEvents: Array<Envelope.Envelope> = []
    let events = 0
    yield* Stream.runForEachArray(store.readAll(), (batch) =>
      Effect.suspend(() => {
        for (const e of batch) {
          index.add(e)
          if (Envelope.isOrgEnvelope(e)) orgEvents.push(e)
        }
        events += batch.length
        return progress.update("reading", events, "events")
      })).pipe(
        Effect.ensuring(progress.done),
        Effect.mapError((e) => new CliFailure({ message: `storage: ${e.message}` }))
      )
    if (events === 0) {
      return yield* new CliFailure({
        message: "the store is empty: run `dangvien import <file>` or `dangvien demo` first"
      })
    }
    return { index, orgs: OrganizationRegistry.make(orgEvents), events }
  })

/**
 * Replays the store's log into a statistics index that keeps every envelope (what the audit and
 * the badges due read).
 *
 * @category constructors
 * @since 0.1.0
 */
export const load: Effect.Effect<Loaded<Statistics.Index>, CliFailure, EventStore.EventStore> = loadInto(() =>
  Statistics.make()
)

/**
 * Replays the store's log into a compact statistics index (the figures only: a few dozen bytes an
 * event).
 *
 * @category constructors
 * @since 0.1.0
 */
export const loadCompact: Effect.Effect<Loaded<Statistics.Compact>, CliFailure, EventStore.EventStore> = loadInto(
  () => Statistics.makeCompact()
)

/**
 * An organisation given by its id (a ULID, with or without `org-`) or its code.
 *
 * @category parsing
 * @since 0.1.0
 */
export const resolveOrg = (loaded: Loaded, ref: string): Effect.Effect<Ids.OrgId, CliFailure> => {
  const bare = ref.startsWith("org-") ? ref.slice(4) : ref
  const byId = loaded.orgs.ids.find((id) => id === bare.toUpperCase())
  if (byId !== undefined) return Effect.succeed(byId)
  const byCode = loaded.orgs.ids.filter((id) => {
    const s = loaded.orgs.state(id)
    return s !== undefined && s.founded && s.code === ref
  })
  if (byCode.length === 1) return Effect.succeed(byCode[0]!)
  return Effect.fail(
    new CliFailure({
      message: byCode.length > 1
        ? `the code ${ref} names ${byCode.length} organisations: give the id`
        : `no organisation ${ref} in the store (give its id or its code; \`dangvien orgs\` lists them)`,
      exitCode: byCode.length > 1 ? ExitCode.usage : ExitCode.failure
    })
  )
}

/**
 * The result of a query on the index as an effect: an unknown organisation is a failure, a bad
 * query field a usage error naming its flag (`asOf` → `--as-of`).
 *
 * @category running
 * @since 0.1.0
 */
export const answer = <A>(
  result: Result.Result<A, Statistics.UnknownOrganization | Statistics.InvalidQuery>
): Effect.Effect<A, CliFailure> => {
  if (Result.isSuccess(result)) return Effect.succeed(result.success)
  const e = result.failure
  return Effect.fail(
    e._tag === "UnknownOrganization"
      ? new CliFailure({ message: `${e.message} on the dates asked` })
      : new CliFailure({ message: `--${flagOf(e.field)}: ${e.message}`, exitCode: ExitCode.usage })
  )
}

const flagOf = (field: string) => field.replace(/[A-Z]/gu, (c) => `-${c.toLowerCase()}`)
