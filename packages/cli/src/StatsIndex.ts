/**
 * The statistics index of a store, with the organisation registry alongside (to find an
 * organisation by its code) and a progress line on a terminal: the compact index for the figures
 * (`stats`, `report`, `orgs`, `excellent`, `member`, `demo`), kept in the store as a projection
 * checkpoint and caught up on each run; the index of every envelope (`Statistics.make`) for the
 * audit and the badges due, replayed from the whole log.
 *
 * @since 0.1.0
 */
import { type Calendar, EventStore, type Ids, type OrganizationRegistry, Projection, Statistics } from "@dangvien/core"
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

const empty = new CliFailure({
  message: "the store is empty: run `dangvien import <file>` or `dangvien demo` first"
})

/**
 * Replays the store's log into a statistics index that keeps every envelope (what the audit and
 * the badges due read).
 *
 * @category constructors
 * @since 0.1.0
 */
export const load: Effect.Effect<Loaded<Statistics.Index>, CliFailure, EventStore.EventStore> = Effect.gen(
  function*() {
    const store = yield* EventStore.EventStore
    const progress = Progress.make()
    const index = Statistics.make()
    yield* Stream.runForEachArray(store.readAll(), (batch) =>
      Effect.suspend(() => {
        for (const e of batch) index.add(e)
        return progress.update("reading", index.size, "events")
      })).pipe(
        Effect.ensuring(progress.done),
        Effect.mapError((e) => new CliFailure({ message: `storage: ${e.message}` }))
      )
    if (index.size === 0) return yield* empty
    return { index, orgs: Statistics.registry(index), events: index.size }
  }
)

/**
 * The compact statistics index (the figures only: a few bytes an event), kept in the store as the
 * `statistics-compact` projection's checkpoint: read back and caught up with the events appended
 * since (`Projection.catchUp`), then saved again. The first run on a store replays its whole log;
 * the next ones read the checkpoint and what came after it. A checkpoint that no longer decodes is
 * rebuilt from the first event, with a warning. The organisation registry comes from the index.
 *
 * @category constructors
 * @since 0.1.0
 */
export const loadCompact: Effect.Effect<
  Loaded<Statistics.Compact>,
  CliFailure,
  EventStore.EventStore | Projection.ProjectionStore
> = Effect.gen(function*() {
  const progress = Progress.make()
  const options: Projection.RunOptions = {
    onBatch: ({ events }) => progress.update("reading", events, "events")
  }
  const [index] = yield* Projection.catchUp([Statistics.compactProjection()], options).pipe(
    Effect.catchTag("CheckpointDecodeError", (e) =>
      Effect.andThen(
        Effect.sync(() =>
          process.stderr.write(
            `dangvien: the statistics checkpoint ${e.projection} does not decode; rebuilding it from the first event\n`
          )
        ),
        Projection.rebuild([Statistics.compactProjection()], options)
      )),
    Effect.ensuring(progress.done),
    Effect.mapError((e) =>
      new CliFailure({
        message: e._tag === "StorageError" ? `storage: ${e.message}` : `the statistics checkpoint: ${e.message}`
      })
    )
  )
  if (index.size === 0) return yield* empty
  return { index, orgs: Statistics.registry(index), events: index.size }
})

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
 * The organisation's name in `registry` (as known at the query's `knownAt`: `Statistics.registry`),
 * on `date` if it was live then, else the last it had.
 *
 * @category getters
 * @since 0.1.0
 */
export const nameOf = (
  registry: OrganizationRegistry.Registry,
  org: Ids.OrgId,
  date: Calendar.CalendarDate
): string => {
  const s = registry.state(org)
  return registry.on(org, date)?.name ?? (s !== undefined && s.founded ? s.name : org)
}

/**
 * Refuses a report of an organisation on dates it did not exist, as `registry` knows it (as known
 * at the query's `knownAt`): founded after `until`, or ended (dissolved, merged) before `from` — a
 * report of zeros would read as a real one. A restated query (`structureAsOf`) is judged on that
 * date's tree alone: the members of an organisation's predecessors count in it before it existed.
 *
 * @category parsing
 * @since 0.1.0
 */
export const liveOver = (
  registry: OrganizationRegistry.Registry,
  org: Ids.OrgId,
  from: Calendar.CalendarDate,
  until: Calendar.CalendarDate,
  structureAsOf?: Calendar.CalendarDate | null
): Effect.Effect<void, CliFailure> => {
  const s = registry.state(org)
  if (s === undefined || !s.founded) return Effect.void
  const ends = [s.dissolvedOn, s.mergedOn].filter((d): d is Calendar.CalendarDate => d !== undefined).sort()[0]
  // The day it ended is not one of its days: a merge or a dissolution takes effect that day.
  const lived = `${s.name} (${org}) existed from ${s.foundedOn}${
    ends === undefined ? "" : ` until it was ${ends === s.mergedOn ? "merged" : "dissolved"} on ${ends}`
  }`
  if (structureAsOf !== undefined && structureAsOf !== null) {
    return s.foundedOn > structureAsOf || (ends !== undefined && ends <= structureAsOf)
      ? Effect.fail(new CliFailure({ message: `${lived}: not on the tree of ${structureAsOf} (--structure-as-of)` }))
      : Effect.void
  }
  // Ended on `from` still reports: the flows read the tree of the day before (its opening stock, the
  // members moved out by its end).
  if (s.foundedOn > until || (ends !== undefined && ends < from)) {
    return Effect.fail(
      new CliFailure({ message: `${lived}, not from ${from} to ${until}: there is nothing to report` })
    )
  }
  return Effect.void
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
