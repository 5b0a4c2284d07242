/**
 * A store and the operations of an application on it — handle a command, append, read a stream,
 * read the log, catch projections up — as fp-ts `TaskEither`s. The store is any Effect layer of
 * the core's `EventStore` (and `ProjectionStore`), e.g. `SqliteEventStore.layer(...)` or
 * `PostgresStore.layer(...)`; it is opened on first use and closed by `dispose`.
 *
 * @since 0.1.0
 */
import {
  CommandHandler,
  type Decider,
  type Envelope,
  EventStore,
  IdGenerator,
  type MemberEvent,
  type OrgEvent,
  Projection
} from "@dangvien/core"
import { Effect, Layer, ManagedRuntime, Stream } from "effect"
import * as E from "fp-ts/lib/Either.js"
import type * as TE from "fp-ts/lib/TaskEither.js"
import { fromResult } from "./Either.ts"

/**
 * An fp-ts face over an open store.
 *
 * @category models
 * @since 0.1.0
 */
export interface Store<LayerError> {
  /** Loads the stream, decides, appends (retrying on a concurrent writer): the appended events. */
  readonly handle: <Command, Event extends MemberEvent.MemberEvent | OrgEvent.OrgEvent, State, Context>(
    decider: Decider.Decider<Command, Event, State, Context>,
    options: {
      readonly stream: string
      readonly command: Command
      readonly context: Context
      /** Stored on every event. */
      readonly meta?: Envelope.Meta
      /** A ULID made once per command and sent again with its retries (`CommandHandler.handle`). */
      readonly idempotencyKey?: string
    }
  ) => TE.TaskEither<
    CommandHandler.HandleError | LayerError,
    CommandHandler.HandleResult<Event, State>
  >
  readonly append: (
    stream: string,
    events: ReadonlyArray<EventStore.NewEvent>,
    expected: EventStore.ExpectedVersion
  ) => TE.TaskEither<AppendError | LayerError, EventStore.AppendResult>
  readonly readStream: (
    stream: string
  ) => TE.TaskEither<EventStore.StorageError | LayerError, ReadonlyArray<Envelope.Envelope>>
  /** The whole log from a position (exclusive) in global order, gathered in memory: for small logs and tests. */
  readonly readAll: (
    fromPosition?: number
  ) => TE.TaskEither<EventStore.StorageError | LayerError, ReadonlyArray<Envelope.Envelope>>
  /** Catches a projection up from its checkpoint; returns its state. */
  readonly catchUp: <S>(projection: Projection.Projection<S>) => TE.TaskEither<ProjectionError | LayerError, S>
  /** Closes the store. */
  readonly dispose: () => Promise<void>
}

/**
 * The errors of `append`.
 *
 * @category errors
 * @since 0.1.0
 */
export type AppendError = EventStore.StreamVersionConflict | EventStore.DuplicateEvent | EventStore.StorageError

/**
 * The errors of `catchUp`.
 *
 * @category errors
 * @since 0.1.0
 */
export type ProjectionError = Effect.Error<ReturnType<typeof Projection.catchUp>>

/**
 * Opens a store from its layer, with ULID event ids (or `ids`, e.g. `IdGenerator.layerDeterministic(1)` in tests).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <LayerError>(
  layer: Layer.Layer<EventStore.EventStore | Projection.ProjectionStore, LayerError>,
  options: { readonly ids?: Layer.Layer<IdGenerator.IdGenerator> } = {}
): Store<LayerError> => {
  const runtime = ManagedRuntime.make(Layer.mergeAll(layer, options.ids ?? IdGenerator.layerUlid))
  const run = <A, L>(
    effect: Effect.Effect<A, L, EventStore.EventStore | Projection.ProjectionStore | IdGenerator.IdGenerator>
  ): TE.TaskEither<L | LayerError, A> =>
  () =>
    runtime.runPromiseExit(Effect.result(effect)).then((exit) => {
      if (exit._tag === "Success") return fromResult(exit.value)
      const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
      if (failure !== undefined) return E.left(failure.error as LayerError)
      throw new Error("the store failed unexpectedly", { cause: exit.cause })
    })
  const store = EventStore.EventStore
  return {
    handle: (decider, request) =>
      run(
        CommandHandler.handle({
          decider,
          stream: request.stream as never,
          command: request.command,
          context: request.context,
          ...(request.meta === undefined ? {} : { meta: request.meta }),
          ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey as never })
        })
      ),
    append: (stream, events, expected) =>
      run(Effect.flatMap(store, (s) => s.append(stream as never, events, expected))),
    readStream: (stream) => run(Effect.flatMap(store, (s) => s.readStream(stream as never))),
    readAll: (fromPosition = 0) => run(Effect.flatMap(store, (s) => Stream.runCollect(s.readAll({ fromPosition })))),
    catchUp: (projection) => run(Effect.map(Projection.catchUp([projection]), ([state]) => state)),
    dispose: () => runtime.dispose()
  }
}
