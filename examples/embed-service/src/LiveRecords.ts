/**
 * The party's records kept current in the service: the projections of `PartyRecords` (the
 * organisation registry, the member histories and the `Statistics` index) run by the core's
 * projection runner — `Projection.live` catches up from the store, then follows it (on PostgreSQL,
 * woken by `LISTEN`/`NOTIFY`). Requests read the records in memory; none reads the log.
 *
 * The checkpoints are kept in memory (`Projection.layerMemory`): the records live in this process
 * and are rebuilt from the log at each start.
 */
import { EventStore, Projection } from "@dangvien/core"
import { Context, type Duration, Effect, Layer, Schedule, Stream, SubscriptionRef } from "effect"
import * as PartyRecords from "./PartyRecords.ts"
import { NotCaughtUp } from "./ServiceError.ts"

/** The records and the position of the last event folded into them. */
export class LiveRecords extends Context.Service<LiveRecords, {
  readonly records: PartyRecords.PartyRecords
  readonly position: SubscriptionRef.SubscriptionRef<number>
}>()("@dangvien/example-embed-service/LiveRecords") {}

/** Waits until the records have folded in every event up to `position`. */
const reached = (live: LiveRecords["Service"], position: number) =>
  SubscriptionRef.changes(live.position).pipe(Stream.filter((p) => p >= position), Stream.runHead)

/**
 * The records once they hold every event up to `position`, or `NotCaughtUp` when that takes longer
 * than `patience`.
 */
export const reach = (position: number, patience: Duration.Input) =>
  Effect.gen(function*() {
    const live = yield* LiveRecords
    return yield* Effect.timeoutOrElse(Effect.as(reached(live, position), live.records), {
      duration: patience,
      orElse: () =>
        Effect.flatMap(
          SubscriptionRef.get(live.position),
          (now) => Effect.fail(new NotCaughtUp({ position, reached: now }))
        )
    })
  })

/**
 * Builds the records from the store's log, then keeps them current in a background fiber for the
 * layer's lifetime. The layer is ready once the records have caught up with what the store held
 * when it started, so a service built on it answers from the whole log from its first request.
 * A storage failure while following is logged and the runner resumes from its last checkpoint.
 */
export const layer: Layer.Layer<LiveRecords, EventStore.StorageError, EventStore.EventStore> = Layer.effect(
  LiveRecords,
  Effect.gen(function*() {
    const projections = PartyRecords.projections()
    const records: PartyRecords.PartyRecords = {
      orgs: projections.orgs.initial,
      members: projections.members.initial,
      statistics: projections.statistics.initial
    }
    const position = yield* SubscriptionRef.make(0)
    yield* Projection.live([projections.orgs, projections.members, projections.statistics], {
      onUpdate: (_, last) => SubscriptionRef.set(position, last)
    }).pipe(
      Effect.tapError((error) => Effect.logError("following the store failed; resuming in a second", error)),
      Effect.retry(Schedule.spaced("1 second")),
      Effect.provide(Projection.layerMemory),
      Effect.forkScoped
    )
    const stored = yield* (yield* EventStore.EventStore).lastPosition
    const live = LiveRecords.of({ records, position })
    yield* reached(live, stored)
    return live
  })
)
