/**
 * Projections: a fold `{ name, initial, apply }` over the global log, run by a checkpointed runner —
 * catch up from the last checkpoint, then follow live. Several projections share one read of the
 * log. The checkpoint (position + encoded state) is saved in one atomic write, so the state and the
 * position it reflects never disagree, whatever crashes in between.
 *
 * @since 0.1.0
 */
import { Clock, Context, Data, Duration, Effect, Layer, Stream } from "effect"
import type { Envelope } from "./Envelope.ts"
import { EventStore, StorageError, type SubscribeOptions } from "./EventStore.ts"
import { notJson } from "./internal/jsonValue.ts"

/**
 * A projection: a pure fold of envelopes into a state. `encode`/`decode` turn the state into JSON
 * for durable checkpoints (default: the state itself, which must then be JSON: plain objects,
 * arrays, strings, finite numbers, booleans and null — a `Map`, a `Set`, a `Date` or a class
 * instance would not read back as it was, and a durable store stops the run with a defect naming
 * where it is: `requireJson`; `layerMemory` keeps the value itself). A large state
 * uses `encodeParts`/`decodeParts` instead: JSON plus binary parts, which the stores save in pieces
 * (no JSON string could hold gigabytes). `checkpointEvery` sets how many events the runner applies
 * between checkpoints (in catch-up and live) when the run does not, for a state that is costly to
 * save. `outdated` tells a
 * checkpoint saved in an earlier format of the state, which this version no longer reads: the
 * runner then starts the projection again from the first event (a rebuild, logged as a warning)
 * instead of failing, and its next checkpoint replaces the old one. Any other checkpoint that does
 * not decode stops the run with a `CheckpointDecodeError`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Projection<S> {
  readonly name: string
  readonly initial: S
  readonly apply: (state: S, event: Envelope) => S
  readonly encode?: (state: S) => unknown
  readonly decode?: (json: unknown) => S
  readonly encodeParts?: (state: S) => Encoded
  readonly decodeParts?: (encoded: Encoded) => S
  readonly checkpointEvery?: number
  readonly outdated?: (saved: Encoded) => boolean
}

/**
 * A state encoded as JSON plus binary parts (a projection's `encodeParts`).
 *
 * @category models
 * @since 0.1.0
 */
export interface Encoded {
  readonly state: unknown
  readonly parts: ReadonlyArray<Uint8Array>
}

/**
 * A binary part cut into chunks of at most `size` bytes (views, not copies; one empty chunk for an
 * empty part, so that it keeps its place): how a store keeps parts larger than one value it can hold.
 *
 * @category checkpoints
 * @since 0.1.0
 */
export const chunksOf = (part: Uint8Array, size: number): ReadonlyArray<Uint8Array> => {
  const chunks: Array<Uint8Array> = []
  for (let at = 0; at < part.length || chunks.length === 0; at += size) {
    chunks.push(part.subarray(at, Math.min(part.length, at + size)))
  }
  return chunks
}

/**
 * The parts of a checkpoint from its chunks, each given with its part number, in part then chunk
 * order (the inverse of `chunksOf` applied to every part): what a store reads back.
 *
 * @category checkpoints
 * @since 0.1.0
 */
export const partsOf = (
  chunks: Iterable<readonly [part: number, bytes: Uint8Array]>
): ReadonlyArray<Uint8Array> => {
  const byPart: Array<Array<Uint8Array>> = []
  for (const [part, bytes] of chunks) (byPart[part] ??= []).push(bytes)
  return Array.from(byPart, (c) => (c === undefined ? new Uint8Array(0) : joinChunks(c)))
}

const joinChunks = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/**
 * A saved checkpoint: the position of the last event applied and the encoded state after it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Checkpoint {
  readonly position: number
  readonly state: unknown
  /** Binary parts of the state (a projection's `encodeParts`), in order; absent for a JSON-only state. */
  readonly parts?: ReadonlyArray<Uint8Array> | undefined
}

/**
 * Where checkpoints live. `save` writes position, state and parts atomically (one transaction in
 * the store's own database for the SQL adapters), replacing the parts saved before; `load` gives
 * the parts back in order (none: an empty list or absent).
 *
 * @category services
 * @since 0.1.0
 */
export class ProjectionStore extends Context.Service<ProjectionStore, {
  readonly load: (name: string) => Effect.Effect<Checkpoint | undefined, StorageError>
  readonly save: (name: string, checkpoint: Checkpoint) => Effect.Effect<void, StorageError>
  readonly reset: (name: string) => Effect.Effect<void, StorageError>
}>()("@dangvien/core/ProjectionStore") {}

/**
 * Checkpoints in memory (lost with the process).
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory: Layer.Layer<ProjectionStore> = Layer.sync(ProjectionStore, () => {
  const saved = new Map<string, Checkpoint>()
  return ProjectionStore.of({
    load: (name) => Effect.sync(() => saved.get(name)),
    // Parts are copied: a projection may hand out views of buffers it goes on writing.
    save: (name, checkpoint) =>
      Effect.sync(() =>
        void saved.set(
          name,
          checkpoint.parts === undefined ? checkpoint : { ...checkpoint, parts: checkpoint.parts.map((p) => p.slice()) }
        )
      ),
    reset: (name) => Effect.sync(() => void saved.delete(name))
  })
})

/**
 * Fails with a defect naming where, when a checkpoint's `state` is not JSON — what a durable
 * `ProjectionStore` checks before it saves (the SQLite and PostgreSQL stores do): `JSON.stringify`
 * would quietly save a `Map` or a `Set` as `{}`, a `Date` as a string, `NaN` as `null`, and the state
 * read back on restart would be another. A projection whose state is not JSON gives `encode` and
 * `decode` (or `encodeParts` and `decodeParts`). `layerMemory` keeps the value itself: a run in one
 * process (the embed-service's records) may keep a `Map` there.
 *
 * @category checkpoints
 * @since 0.1.0
 */
export const requireJson = (projection: string, state: unknown): Effect.Effect<void> => {
  // No state at all is each store's to answer (SQLite: a StorageError; PostgreSQL: saved as null).
  const problem = state === undefined ? undefined : notJson(state, "state")
  return problem === undefined ? Effect.void : Effect.die(
    new Error(
      `the checkpoint of projection ${projection} is not JSON: ${problem.path} is ${problem.what}; ` +
        "give the projection encode and decode (or encodeParts and decodeParts)"
    )
  )
}

/**
 * A checkpoint that does not decode into the projection's state.
 *
 * @category errors
 * @since 0.1.0
 */
export class CheckpointDecodeError extends Data.TaggedError("CheckpointDecodeError")<{
  readonly projection: string
  readonly cause: unknown
}> {}

/**
 * Options of the runner.
 *
 * - `checkpointEvery`: save a projection's checkpoint once it has applied this many events since
 *   its last one (default: the projection's own `checkpointEvery`, else 50,000 in `catchUp` and
 *   every batch in `live`).
 * - `checkpointInterval`: also save a projection with unsaved events once its last checkpoint is
 *   this old (checked as batches arrive; default: never on time alone).
 * - `batchSize` of the reads.
 * - `onBatch` (`catchUp` and `rebuild`; `live` has `onUpdate`): called after each batch is applied
 *   and its checkpoints saved, with the number of events read so far in this run and the position
 *   reached — for a progress line.
 *
 * Whatever the options, the runner spends at most about a tenth of its time saving: a checkpoint
 * is not saved sooner than nine times the last save's duration after it, so a state that takes
 * seconds to save (the country's statistics index) is not saved after every small batch. A
 * catch-up still saves at its end, and `live` saves what it has not saved when it is interrupted.
 *
 * @category models
 * @since 0.1.0
 */
export interface RunOptions {
  readonly checkpointEvery?: number
  readonly checkpointInterval?: Duration.Input
  readonly batchSize?: number
  readonly onBatch?: (progress: { readonly events: number; readonly position: number }) => Effect.Effect<void>
}

interface Running<S> {
  readonly projection: Projection<S>
  state: S
  position: number
  sinceCheckpoint: number
  /** When the last save ended (or the run started), in the clock's milliseconds. */
  savedAt: number
  /** How long the last save took, in milliseconds. */
  saveMillis: number
}

const runningFrom = <S>(projection: Projection<S>, state: S, position: number) =>
  Effect.map(Clock.currentTimeMillis, (now): Running<S> => ({
    projection,
    state,
    position,
    sinceCheckpoint: 0,
    savedAt: now,
    saveMillis: 0
  }))

const start = <S>(projection: Projection<S>) =>
  Effect.gen(function*() {
    const store = yield* ProjectionStore
    const saved = yield* store.load(projection.name)
    if (saved === undefined) {
      return yield* runningFrom(projection, projection.initial, 0)
    }
    if (projection.outdated?.({ state: saved.state, parts: saved.parts ?? [] }) === true) {
      yield* Effect.logWarning(
        `projection ${projection.name}: its checkpoint (position ${saved.position}) is of an earlier format; rebuilding it from the first event`
      )
      return yield* runningFrom(projection, projection.initial, 0)
    }
    const state = yield* Effect.try({
      try: () =>
        projection.decodeParts !== undefined
          ? projection.decodeParts({ state: saved.state, parts: saved.parts ?? [] })
          : projection.decode === undefined
          ? saved.state as S
          : projection.decode(saved.state),
      catch: (cause) => new CheckpointDecodeError({ projection: projection.name, cause })
    })
    return yield* runningFrom(projection, state, saved.position)
  })

const save = <S>(r: Running<S>) =>
  Effect.gen(function*() {
    const store = yield* ProjectionStore
    const started = yield* Clock.currentTimeMillis
    const p = r.projection
    yield* store.save(
      p.name,
      p.encodeParts !== undefined
        ? { position: r.position, ...p.encodeParts(r.state) }
        : { position: r.position, state: p.encode === undefined ? r.state : p.encode(r.state) }
    )
    r.sinceCheckpoint = 0
    r.savedAt = yield* Clock.currentTimeMillis
    r.saveMillis = r.savedAt - started
  })

/** Saves the projections whose checkpoint is due after a batch (`RunOptions`). */
const saveDue = (
  running: ReadonlyArray<Running<any>>,
  every: (r: Running<unknown>) => number,
  interval: number
) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Effect.forEach(
      running.filter((r) =>
        r.sinceCheckpoint > 0 &&
        (r.sinceCheckpoint >= every(r) || now - r.savedAt >= interval) &&
        now - r.savedAt >= 9 * r.saveMillis
      ),
      save,
      { discard: true }
    ))

/** Saves every projection with events applied since its last checkpoint. */
const saveUnsaved = (running: ReadonlyArray<Running<any>>) =>
  Effect.forEach(running.filter((r) => r.sinceCheckpoint > 0), save, { discard: true })

const intervalOf = (options: RunOptions): number =>
  options.checkpointInterval === undefined
    ? Number.POSITIVE_INFINITY
    : Duration.toMillis(options.checkpointInterval)

const applyBatch = (running: ReadonlyArray<Running<any>>, batch: ReadonlyArray<Envelope>) => {
  for (const r of running) {
    const apply = r.projection.apply
    let state = r.state
    let position = r.position
    let applied = 0
    for (const e of batch) {
      if (e.position! <= position) continue
      state = apply(state, e)
      position = e.position!
      applied++
    }
    r.state = state
    r.position = position
    r.sinceCheckpoint += applied
  }
}

const minPosition = (running: ReadonlyArray<Running<any>>) =>
  running.reduce((m, r) => Math.min(m, r.position), Number.POSITIVE_INFINITY)

type States<P extends ReadonlyArray<Projection<any>>> = {
  readonly [K in keyof P]: P[K] extends Projection<infer S> ? S : never
}

/**
 * Catches several projections up with the log in one read, from the lowest of their checkpoints,
 * and returns their states. Checkpoints are saved every `checkpointEvery` events and at the end.
 *
 * @category running
 * @since 0.1.0
 */
export const catchUp = <const P extends ReadonlyArray<Projection<any>>>(
  projections: P,
  options: RunOptions = {}
): Effect.Effect<States<P>, StorageError | CheckpointDecodeError, EventStore | ProjectionStore> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const running = yield* Effect.forEach(projections, start)
    const every = (r: Running<unknown>): number => options.checkpointEvery ?? r.projection.checkpointEvery ?? 50_000
    const interval = intervalOf(options)
    const from = running.length === 0 ? 0 : minPosition(running)
    const onBatch = options.onBatch
    let events = 0
    yield* store.readAll({ fromPosition: from, batchSize: options.batchSize ?? 5_000 }).pipe(
      Stream.runForEachArray((batch) => {
        applyBatch(running, batch)
        const saved = saveDue(running, every, interval)
        if (onBatch === undefined) return saved
        events += batch.length
        const position = batch[batch.length - 1]!.position!
        return Effect.andThen(saved, onBatch({ events, position }))
      })
    )
    yield* saveUnsaved(running)
    return running.map((r) => r.state) as unknown as States<P>
  })

/**
 * Rebuilds projections from the first event: forgets their checkpoints, then catches up.
 *
 * @category running
 * @since 0.1.0
 */
export const rebuild = <const P extends ReadonlyArray<Projection<any>>>(
  projections: P,
  options: RunOptions = {}
): Effect.Effect<States<P>, StorageError | CheckpointDecodeError, EventStore | ProjectionStore> =>
  Effect.flatMap(ProjectionStore, (store) =>
    Effect.andThen(
      Effect.forEach(projections, (p) => store.reset(p.name), { discard: true }),
      catchUp(projections, options)
    ))

/**
 * Runs projections live: catches up from their checkpoints, then follows the log for ever, calling
 * `onUpdate` with the new states after every batch. A projection's checkpoint is saved after every
 * batch, or every `checkpointEvery` events when the run or the projection sets it (the compact
 * statistics index: every ten million), or once it is `checkpointInterval` old, within the runner's
 * tenth of the time for saving (`RunOptions`). Interrupt to stop: what was applied and not saved is
 * saved first, so a restart replays nothing twice; after a crash the next run replays the events
 * since the last checkpoint (the state and its position are saved together, so nothing is lost).
 *
 * @category running
 * @since 0.1.0
 */
export const live = <const P extends ReadonlyArray<Projection<any>>, E = never, R = never>(
  projections: P,
  options: RunOptions & Omit<SubscribeOptions, "fromPosition"> & {
    readonly onUpdate?: (states: States<P>, position: number) => Effect.Effect<void, E, R>
  } = {}
): Effect.Effect<never, StorageError | CheckpointDecodeError | E, EventStore | ProjectionStore | R> =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const running = yield* Effect.forEach(projections, start)
    const every = (r: Running<unknown>): number => options.checkpointEvery ?? r.projection.checkpointEvery ?? 1
    const interval = intervalOf(options)
    const from = running.length === 0 ? 0 : minPosition(running)
    const subscribeOptions: SubscribeOptions = {
      fromPosition: from,
      batchSize: options.batchSize ?? 5_000,
      ...(options.pollInterval === undefined ? {} : { pollInterval: options.pollInterval })
    }
    yield* store.subscribe(subscribeOptions).pipe(
      Stream.runForEachArray((batch) =>
        Effect.gen(function*() {
          applyBatch(running, batch)
          yield* saveDue(running, every, interval)
          if (options.onUpdate !== undefined) {
            yield* options.onUpdate(running.map((r) => r.state) as unknown as States<P>, batch.at(-1)!.position!)
          }
        })
      ),
      Effect.onInterrupt(() =>
        saveUnsaved(running).pipe(
          Effect.ignore({
            log: "Warn",
            message: "live projections: saving the last checkpoints on interruption failed"
          })
        )
      )
    )
    return yield* Effect.never
  })
