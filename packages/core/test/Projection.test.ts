import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Fiber, Layer, Queue, Stream } from "effect"
import { TestClock } from "effect/testing"
import type { Envelope } from "../src/Envelope.ts"
import { EventStore, ExpectedVersion, layerMemory, type NewEvent } from "../src/EventStore.ts"
import { eventId, orgId, orgStream } from "../src/Ids.ts"
import * as Projection from "../src/Projection.ts"

const id = (n: number) => eventId(`01JD3Q8Y7W${String(n).padStart(16, "0")}`)
const stream = (n: number) => orgStream(orgId(`01JD3Q8Y7W${String(n).padStart(16, "0")}`))

const renamed = (n: number): NewEvent => ({
  id: id(n),
  type: "OrganizationRenamed",
  schemaVersion: 1,
  occurredOn: "2021-06-01",
  recordedAt: "2021-06-02T09:30:00.000Z",
  data: { name: `Chi bộ ${n}` }
})

/** Appends events 1..n, one per stream `n % 7`, as `any`. */
const seed = (from: number, to: number) =>
  Effect.gen(function*() {
    const store = yield* EventStore
    for (let n = from; n <= to; n++) yield* store.append(stream(n % 7), [renamed(n)], ExpectedVersion.any)
  })

/** Counts events and remembers the positions it saw. */
const counter = (name: string): Projection.Projection<{ readonly count: number; readonly last: number }> => ({
  name,
  initial: { count: 0, last: 0 },
  apply: (s, e) => ({ count: s.count + 1, last: e.position! })
})

const layer = () => Layer.mergeAll(layerMemory, Projection.layerMemory)

/** A projection named not-json. */
const notJsonProjection = <S>(initial: S, apply: (s: S, e: Envelope) => S): Projection.Projection<S> => ({
  name: "not-json",
  initial,
  apply
})

describe("Projection runner", () => {
  it.effect("catches up from zero and saves its checkpoint", () =>
    Effect.gen(function*() {
      yield* seed(1, 25)
      const [state] = yield* Projection.catchUp([counter("c")], { checkpointEvery: 10, batchSize: 4 })
      assert.deepStrictEqual(state, { count: 25, last: 25 })
      const saved = yield* (yield* Projection.ProjectionStore).load("c")
      assert.deepStrictEqual(saved, { position: 25, state: { count: 25, last: 25 } })
    }).pipe(Effect.provide(layer())))

  it.effect("reports each batch to onBatch: events read in this run and the position reached", () =>
    Effect.gen(function*() {
      yield* seed(1, 10)
      const seen: Array<{ readonly events: number; readonly position: number }> = []
      const onBatch = (p: { readonly events: number; readonly position: number }) => Effect.sync(() => seen.push(p))
      yield* Projection.catchUp([counter("c")], { batchSize: 4, onBatch })
      assert.deepStrictEqual(seen, [{ events: 4, position: 4 }, { events: 8, position: 8 }, {
        events: 10,
        position: 10
      }])
      // From the checkpoint: only what came after it.
      yield* seed(11, 13)
      seen.length = 0
      yield* Projection.catchUp([counter("c")], { batchSize: 4, onBatch })
      assert.deepStrictEqual(seen, [{ events: 3, position: 13 }])
    }).pipe(Effect.provide(layer())))

  it.effect("resumes from its checkpoint: incremental equals full rebuild", () =>
    Effect.gen(function*() {
      yield* seed(1, 10)
      yield* Projection.catchUp([counter("c")])
      yield* seed(11, 30)
      const [incremental] = yield* Projection.catchUp([counter("c")])
      const [rebuilt] = yield* Projection.rebuild([counter("c")])
      assert.deepStrictEqual(incremental, { count: 30, last: 30 })
      assert.deepStrictEqual(rebuilt, incremental)
    }).pipe(Effect.provide(layer())))

  it.effect("runs several projections on one read, each from its own checkpoint", () =>
    Effect.gen(function*() {
      yield* seed(1, 10)
      yield* Projection.catchUp([counter("early")])
      yield* seed(11, 20)
      const names: Projection.Projection<ReadonlyArray<string>> = {
        name: "names",
        initial: [],
        apply: (s, e) => (e.type === "OrganizationRenamed" ? [...s, e.data.name] : s)
      }
      const [early, late] = yield* Projection.catchUp([counter("early"), names])
      assert.deepStrictEqual(early, { count: 20, last: 20 })
      assert.strictEqual(late.length, 20)
      assert.strictEqual(late[19], "Chi bộ 20")
    }).pipe(Effect.provide(layer())))

  it.effect("decodes a saved state with the projection's codec", () =>
    Effect.gen(function*() {
      yield* seed(1, 5)
      const set: Projection.Projection<ReadonlySet<string>> = {
        name: "streams",
        initial: new Set(),
        apply: (s, e) => new Set([...s, e.stream]),
        encode: (s) => [...s].sort(),
        decode: (json) => new Set(json as Array<string>)
      }
      yield* Projection.catchUp([set])
      const saved = yield* (yield* Projection.ProjectionStore).load("streams")
      assert.isTrue(Array.isArray(saved?.state))
      yield* seed(6, 9)
      const [state] = yield* Projection.catchUp([set])
      assert.strictEqual(state.size, 7)
    }).pipe(Effect.provide(layer())))

  it.effect("requireJson: what a durable store refuses to save, as a defect saying where", () =>
    Effect.gen(function*() {
      class Tally {
        readonly n = 0
      }
      const cyclic: { self?: unknown } = {}
      cyclic.self = cyclic
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        // JSON.stringify would save {} and the restart would read an empty object back.
        [new Map([["a", 1]]), "state is a Map"],
        [{ by: { kinds: new Set(["x"]) } }, "state.by.kinds is a Set"],
        [{ last: new Date(0) }, "state.last is a Date"],
        [[new Tally()], "state[0] is a Tally"],
        [{ share: Number.NaN }, "state.share is NaN"],
        [{ n: 1n }, "state.n is a bigint"],
        [[undefined], "state[0] is an undefined"],
        [cyclic, "state.self is a cycle"]
      ]
      for (const [state, said] of cases) {
        const exit = yield* Effect.exit(Projection.requireJson("p", state))
        assert.isTrue(Exit.hasDies(exit), said)
        assert.include(String(Cause.squash(Exit.isFailure(exit) ? exit.cause : Cause.empty)), said)
      }
      // JSON, and absent optional fields, which JSON leaves out and read back absent.
      for (const state of [{ a: 1, b: undefined, c: [null, "x", true, { d: -0.5 }] }, null, 3, "s", [], undefined]) {
        assert.isTrue(Exit.isSuccess(yield* Effect.exit(Projection.requireJson("p", state))))
      }
    }))

  it.effect("layerMemory keeps a state as it is (a run in one process may keep a Map there)", () =>
    Effect.gen(function*() {
      yield* seed(1, 5)
      const streams = notJsonProjection(new Map<string, number>(), (m, e) => new Map(m).set(e.stream, 1))
      yield* Projection.catchUp([streams])
      const saved = yield* (yield* Projection.ProjectionStore).load("not-json")
      assert.isTrue(saved?.state instanceof Map)
    }).pipe(Effect.provide(layer())))

  it.effect("rebuilds from the first event a projection whose checkpoint is of an earlier format", () =>
    Effect.gen(function*() {
      yield* seed(1, 12)
      // Format 2 counts events; a checkpoint of format 1 is outdated, any other unreadable one damaged.
      const v2: Projection.Projection<number> = {
        name: "v",
        initial: 0,
        apply: (n) => n + 1,
        encode: (n) => ({ format: 2, count: n }),
        decode: (json) => {
          const j = json as { format: number; count: number }
          if (j.format !== 2) throw new Error(`format ${j.format}`)
          return j.count
        },
        outdated: (saved) => (saved.state as { format?: unknown }).format === 1
      }
      const store = yield* Projection.ProjectionStore
      // Another projection in the same run goes on from its own checkpoint.
      yield* Projection.catchUp([counter("other")])
      yield* seed(13, 15)
      yield* store.save("v", { position: 9, state: { format: 1, total: 999 } })
      const [count, other] = yield* Projection.catchUp([v2, counter("other")])
      assert.deepStrictEqual([count, other], [15, { count: 15, last: 15 }])
      assert.deepStrictEqual(yield* store.load("v"), { position: 15, state: { format: 2, count: 15 } })
      // A checkpoint the projection cannot read and does not call outdated still stops the run.
      yield* store.save("v", { position: 9, state: { format: 3 } })
      const error = yield* Effect.flip(Projection.catchUp([v2]))
      assert.strictEqual(error._tag, "CheckpointDecodeError")
    }).pipe(Effect.provide(layer())))

  it.effect("follows the log live and never skips an event appended concurrently", () =>
    Effect.gen(function*() {
      yield* seed(1, 5)
      const done = yield* Deferred.make<{ readonly count: number; readonly last: number }>()
      const fiber = yield* Effect.forkChild(
        Projection.live([counter("live")], {
          pollInterval: "20 millis",
          onUpdate: ([s]) => (s.count === 60 ? Deferred.succeed(done, s) : Effect.void)
        })
      )
      // Writers on several fibers while the projection follows.
      yield* Effect.forEach([6, 21, 36], (from) => seed(from, from + 14), { concurrency: "unbounded" })
      yield* seed(51, 60)
      const final = yield* Deferred.await(done)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(final, { count: 60, last: 60 })
      const saved = yield* (yield* Projection.ProjectionStore).load("live")
      assert.strictEqual(saved?.position, 60)
    }).pipe(Effect.provide(layer())))
})

/** Checkpoints in memory whose every save takes `millis` of the test clock's time, counted. */
const slowCheckpoints = (millis: number) => {
  const saves: Array<number> = []
  const checkpoints = Layer.effect(
    Projection.ProjectionStore,
    Effect.map(Projection.ProjectionStore, (inner) =>
      Projection.ProjectionStore.of({
        ...inner,
        save: (name, checkpoint) =>
          Effect.andThen(TestClock.adjust(millis), inner.save(name, checkpoint)).pipe(
            Effect.tap(() => Effect.sync(() => void saves.push(checkpoint.position)))
          )
      }))
  ).pipe(Layer.provide(Projection.layerMemory))
  return { saves, layer: Layer.mergeAll(layerMemory, checkpoints) }
}

/**
 * Runs `projection` live with `options`, handing `body` a way to append events `from..to` (in one
 * append) and wait until the projection has applied them, and the checkpoint's position.
 */
const following = <A, E, R>(
  projection: Projection.Projection<{ readonly count: number; readonly last: number }>,
  options: Projection.RunOptions,
  body: (
    appendAndWait: (from: number, to: number) => Effect.Effect<void, never, EventStore>,
    savedAt: Effect.Effect<number | undefined, never, Projection.ProjectionStore>
  ) => Effect.Effect<A, E, R>
) =>
  Effect.gen(function*() {
    const updates = yield* Queue.unbounded<number>()
    const fiber = yield* Effect.forkChild(
      Projection.live([projection], { ...options, onUpdate: (_, last) => Queue.offer(updates, last) })
    )
    const reached = (position: number) =>
      Effect.gen(function*() {
        while ((yield* Queue.take(updates)) < position) { /* earlier batches */ }
      })
    // Caught up with what the store holds before the body appends anything.
    const head = yield* Effect.orDie(Effect.flatMap(EventStore, (s) => s.lastPosition))
    if (head > 0) yield* reached(head)
    const appendAndWait = (from: number, to: number) =>
      Effect.gen(function*() {
        // One append, so that the projection sees the events in one batch.
        const events = Array.from({ length: to - from + 1 }, (_, i) => renamed(from + i))
        yield* Effect.orDie(Effect.flatMap(EventStore, (s) => s.append(stream(from), events, ExpectedVersion.any)))
        yield* reached(to)
      })
    const savedAt = Effect.orDie(
      Effect.map(Effect.flatMap(Projection.ProjectionStore, (s) => s.load(projection.name)), (c) => c?.position)
    )
    const a = yield* body(appendAndWait, savedAt)
    yield* Fiber.interrupt(fiber)
    return a
  })

describe("Projection runner: when checkpoints are saved", () => {
  it.effect("live saves every checkpointEvery events, and what is left when it is interrupted", () =>
    Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      yield* following(
        { ...counter("every"), checkpointEvery: 10 },
        {},
        (appendAndWait, savedAt) =>
          Effect.gen(function*() {
            yield* appendAndWait(1, 4)
            assert.strictEqual(yield* savedAt, undefined) // 4 events: not yet
            yield* appendAndWait(5, 12)
            assert.strictEqual(yield* savedAt, 12) // 12 ≥ 10 since the start
            yield* appendAndWait(13, 15)
            assert.strictEqual(yield* savedAt, 12)
          })
      )
      // Interrupted: the three events applied since are saved with their state.
      assert.deepStrictEqual(yield* store.load("every"), { position: 15, state: { count: 15, last: 15 } })
      // The run's own checkpointEvery wins over the projection's.
      yield* following(
        { ...counter("run"), checkpointEvery: 1_000 },
        { checkpointEvery: 3 },
        (appendAndWait, savedAt) =>
          Effect.gen(function*() {
            assert.strictEqual(yield* savedAt, 15) // caught up from zero: 15 events, saved
            yield* appendAndWait(16, 17)
            assert.strictEqual(yield* savedAt, 15)
            yield* appendAndWait(18, 19)
            assert.strictEqual(yield* savedAt, 19)
            yield* appendAndWait(20, 20)
            assert.strictEqual(yield* savedAt, 19)
          })
      )
      assert.strictEqual((yield* store.load("run"))?.position, 20)
    }).pipe(Effect.provide(layer())))

  it.effect("live saves a projection with unsaved events once its checkpoint is checkpointInterval old", () =>
    following({ ...counter("interval"), checkpointEvery: 1_000_000 }, { checkpointInterval: "1 minute" }, (
      appendAndWait,
      savedAt
    ) =>
      Effect.gen(function*() {
        yield* appendAndWait(1, 3)
        assert.strictEqual(yield* savedAt, undefined)
        yield* TestClock.adjust("59 seconds")
        yield* appendAndWait(4, 4)
        assert.strictEqual(yield* savedAt, undefined)
        yield* TestClock.adjust("1 second")
        yield* appendAndWait(5, 5)
        assert.strictEqual(yield* savedAt, 5)
        yield* TestClock.adjust("1 minute") // nothing new: nothing to save
        yield* appendAndWait(6, 6)
        assert.strictEqual(yield* savedAt, 6)
      })).pipe(Effect.provide(layer())))

  it.effect("spends at most about a tenth of its time saving: not sooner than nine saves' time after the last", () => {
    const slow = slowCheckpoints(10_000)
    return Effect.gen(function*() {
      // Live, saving after every batch: the first save takes 10 s, so the next waits 90 s.
      yield* following(counter("slow"), {}, (appendAndWait, savedAt) =>
        Effect.gen(function*() {
          yield* appendAndWait(1, 1)
          assert.strictEqual(yield* savedAt, 1)
          yield* appendAndWait(2, 2)
          yield* TestClock.adjust("89 seconds")
          yield* appendAndWait(3, 3)
          assert.strictEqual(yield* savedAt, 1)
          yield* TestClock.adjust("1 second")
          yield* appendAndWait(4, 4)
          assert.strictEqual(yield* savedAt, 4)
        }))
      assert.deepStrictEqual(slow.saves, [1, 4]) // and none on interruption: nothing was left unsaved
      // Catch-up, a checkpoint due after every batch of one: the first save, then only the last.
      yield* seed(5, 20)
      slow.saves.length = 0
      const [state] = yield* Projection.catchUp([counter("catch-up")], { checkpointEvery: 1, batchSize: 1 })
      assert.deepStrictEqual(state, { count: 20, last: 20 })
      assert.deepStrictEqual(slow.saves, [1, 20])
    }).pipe(Effect.provide(slow.layer))
  })
})

describe("EventStore.subscribe", () => {
  it.effect("catches up, then delivers new events in position order without gaps", () =>
    Effect.gen(function*() {
      const store = yield* EventStore
      yield* seed(1, 3)
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(Stream.take(store.subscribe({ fromPosition: 1, batchSize: 2, pollInterval: "1 second" }), 9))
      )
      yield* seed(4, 10)
      const seen: ReadonlyArray<Envelope> = yield* Fiber.join(fiber)
      assert.deepStrictEqual(seen.map((e) => e.position), [2, 3, 4, 5, 6, 7, 8, 9, 10])
    }).pipe(Effect.provide(layer())))
})

/** Chunks numbered as the chunks of part `n`. */
const numbered = (n: number, cs: ReadonlyArray<Uint8Array>) => cs.map((c) => [n, c] as const)

describe("Projection.chunksOf and partsOf", () => {
  it("cut a part into views of at most the size and join them back", () => {
    const part = Uint8Array.from({ length: 10 }, (_, i) => i)
    const chunks = Projection.chunksOf(part, 4)
    assert.deepStrictEqual(chunks.map((c) => Array.from(c)), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    assert.strictEqual(chunks[1]!.buffer, part.buffer) // views, not copies
    assert.deepStrictEqual(Projection.partsOf(numbered(0, chunks)).map((p) => Array.from(p)), [Array.from(part)])
    // An empty part is one empty chunk, so that a store reads it back in its place.
    assert.deepStrictEqual(Projection.chunksOf(new Uint8Array(0), 4).map((c) => c.length), [0])
    assert.deepStrictEqual(
      Projection.partsOf([...numbered(0, [new Uint8Array(0)]), ...numbered(1, chunks)]).map((p) => p.length),
      [0, 10]
    )
  })
})
