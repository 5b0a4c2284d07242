/**
 * The compact statistics projection: caught up through the projections runner, saved with its
 * checkpoint, read back on restart (no replay from zero) and caught up again — same answers as an
 * index built from every envelope at once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Result } from "effect"
import type { Envelope } from "../src/Envelope.ts"
import * as EventStore from "../src/EventStore.ts"
import { float64Columns, int32Columns, uint8Columns } from "../src/internal/memberColumns.ts"
import * as Projection from "../src/Projection.ts"
import * as Statistics from "../src/Statistics.ts"
import { all, founded, life, member, org } from "./fixtures/world.ts"

const P = org(1)
const C1 = org(2)
const C2 = org(3)
const before = all(
  [founded(P, "province", null), founded(C1, "grassrootsCell", P), founded(C2, "grassrootsCell", P)],
  life(member(1)).imported("2019-01-01", C1).add("QualityRated", "2024-12-20", { period: "2024", level: "good" }),
  life(member(2)).registered("2023-05-01", C2).admitted("2024-03-01", C2)
)
const later = all(
  life(member(3)).imported("2024-02-01", C2, { basis: "transferIn" }).add("TransferredOut", "2024-08-01", {
    kind: "official"
  }),
  life(member(4)).registered("2023-01-01", C1).admitted("2024-05-01", C1)
)

const append = (envelopes: ReadonlyArray<Envelope>) =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    for (const { stream, ...event } of envelopes) yield* store.append(stream, [event], EventStore.ExpectedVersion.any)
  })

/** The parts of a compact checkpoint, all empty. */
const empty = () => Array.from({ length: 17 }, () => new Uint8Array(0))

const q = { org: P, from: "2024-01-01", to: "2024-12-31", knownAt: "2025-01-01T00:00:00.000Z" } as const

describe("Statistics.compactProjection", () => {
  it.effect("is saved with its checkpoint, read back on restart and caught up from there", () =>
    Effect.gen(function*() {
      yield* append(before)
      const [first] = yield* Projection.catchUp([Statistics.compactProjection()])
      assert.deepStrictEqual(Statistics.query(first, q), Statistics.query(Statistics.make(before), q))
      const saved = yield* Effect.flatMap(Projection.ProjectionStore, (s) => s.load("statistics-compact"))
      if (saved === undefined) return assert.fail("no checkpoint saved")
      assert.strictEqual(saved.position, before.length)
      assert.strictEqual((saved.state as { format: string }).format, "dangvien/statistics-compact@3")
      assert.strictEqual(saved.parts?.length, 17) // the member ids and 16 columns
      // The saved checkpoint alone answers as the index it was saved from.
      const decoded = Statistics.compactProjection().decodeParts!({
        state: JSON.parse(JSON.stringify(saved.state)),
        parts: saved.parts ?? []
      })
      assert.strictEqual(decoded.size, before.length)
      assert.deepStrictEqual(Statistics.query(decoded, q), Statistics.query(first, q))
      yield* append(later)
      // A new run starts from the saved columns and applies only the events after the checkpoint.
      const [resumed] = yield* Projection.catchUp([Statistics.compactProjection()])
      assert.strictEqual(resumed.size, before.length + later.length)
      const everything = Statistics.make([...before, ...later])
      assert.deepStrictEqual(Statistics.query(resumed, q), Statistics.query(everything, q))
      assert.strictEqual(Result.getOrThrow(Statistics.query(resumed, q)).flows.transferredOut, 1)
    }).pipe(Effect.provide(Layer.mergeAll(EventStore.layerMemory, Projection.layerMemory))))

  it.effect("a damaged checkpoint is a CheckpointDecodeError naming the projection", () =>
    Effect.gen(function*() {
      const store = yield* Projection.ProjectionStore
      const state = { format: "dangvien/statistics-compact@3", orgIds: [], orgEvents: [] }
      const columns = [...int32Columns, ...float64Columns, ...uint8Columns]
      const damaged = [
        { state: { format: "something else" }, parts: empty() },
        { state: { ...state, columns }, parts: empty().slice(1) }, // a part missing
        { state: { ...state, columns }, parts: [new Uint8Array(27), ...empty().slice(1)] }, // ids of 26 bytes
        { state: { ...state, columns }, parts: [new Uint8Array(0), new Uint8Array(3), ...empty().slice(2)] }, // int32
        { state: { ...state, columns: columns.slice(1) }, parts: empty() }
      ]
      for (const checkpoint of damaged) {
        yield* store.save("statistics-compact", { position: 3, ...checkpoint })
        const exit = yield* Effect.exit(Projection.catchUp([Statistics.compactProjection()]))
        assert.isTrue(Exit.isFailure(exit))
        const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
        assert.include(JSON.stringify(error), "CheckpointDecodeError")
      }
    }).pipe(Effect.provide(Layer.mergeAll(EventStore.layerMemory, Projection.layerMemory))))
})
