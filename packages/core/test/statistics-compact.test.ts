/**
 * The compact statistics projection: caught up through the projections runner, saved with its
 * checkpoint, read back on restart (no replay from zero) and caught up again — same answers as an
 * index built from every envelope at once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Result } from "effect"
import type { Envelope } from "../src/Envelope.ts"
import * as EventStore from "../src/EventStore.ts"
import * as OrganizationRegistry from "../src/OrganizationRegistry.ts"
import * as Projection from "../src/Projection.ts"
import * as Statistics from "../src/Statistics.ts"
import { all, founded, life, member, org, orgEvent } from "./fixtures/world.ts"

const P = org(1)
const C1 = org(2)
const C2 = org(3)
const before = all(
  [
    founded(P, "province", null),
    founded(C1, "grassrootsCell", P),
    founded(C2, "grassrootsCell", P),
    orgEvent(C1, "CommitteeElected", "2020-06-01", { kind: "secretary" })
  ],
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

const q = { org: P, from: "2024-01-01", to: "2024-12-31", knownAt: "2025-01-01T00:00:00.000Z" } as const

/** An id exception (member ordinal, position, id bits) as a checkpoint part. */
const exception = (...values: ReadonlyArray<number>) => new Uint8Array(new Int32Array(values).buffer)

describe("Statistics.compactProjection", () => {
  it.effect("is saved with its checkpoint, read back on restart and caught up from there", () =>
    Effect.gen(function*() {
      yield* append(before)
      const [first] = yield* Projection.catchUp([Statistics.compactProjection()])
      assert.deepStrictEqual(Statistics.query(first, q), Statistics.query(Statistics.make(before), q))
      const saved = yield* Effect.flatMap(Projection.ProjectionStore, (s) => s.load("statistics-compact"))
      if (saved === undefined) return assert.fail("no checkpoint saved")
      assert.strictEqual(saved.position, before.length)
      const state = saved.state as { format: string; orgEvents: number; unreadOrgEvents: number }
      assert.strictEqual(state.format, "dangvien/statistics-compact@11")
      // No figure reads committees: the compact index keeps the other organisation events only
      // (the three foundings), as bytes in a part of their own.
      assert.deepStrictEqual([state.orgEvents, state.unreadOrgEvents], [3, 1])
      // The member ids, 14 columns, the organisation events and one page of event bytes.
      assert.strictEqual(saved.parts?.length, 17)
      // The saved checkpoint alone answers as the index it was saved from.
      const decoded = Statistics.compactProjection().decodeParts!({
        state: JSON.parse(JSON.stringify(saved.state)),
        parts: saved.parts ?? []
      })
      assert.strictEqual(decoded.size, before.length)
      assert.deepStrictEqual(Statistics.query(decoded, q), Statistics.query(first, q))
      // Its registry is the tree of the organisation events, without the log: names, kinds, parents.
      const registry = Statistics.registry(decoded)
      assert.deepStrictEqual(registry.treeOn("2024-12-31"), OrganizationRegistry.make(before).treeOn("2024-12-31"))
      assert.deepStrictEqual(registry.on(C1, "2024-12-31")?.parentId, P)
      // As known before anything was recorded: no organisation.
      assert.deepStrictEqual(Statistics.registry(decoded, "1989-12-31T00:00:00.000Z").treeOn("2024-12-31"), [])
      yield* append(later)
      // A new run starts from the saved columns and applies only the events after the checkpoint.
      const [resumed] = yield* Projection.catchUp([Statistics.compactProjection()])
      assert.strictEqual(resumed.size, before.length + later.length)
      const everything = Statistics.make([...before, ...later])
      assert.deepStrictEqual(Statistics.query(resumed, q), Statistics.query(everything, q))
      assert.strictEqual(Result.getOrThrow(Statistics.query(resumed, q)).flows.transferredOut, 1)
    }).pipe(Effect.provide(Layer.mergeAll(EventStore.layerMemory, Projection.layerMemory))))

  it.effect("a checkpoint of an earlier format is rebuilt from the first event", () =>
    Effect.gen(function*() {
      yield* append([...before, ...later])
      const store = yield* Projection.ProjectionStore
      // What an earlier version saved (its parts do not matter: they are not read).
      yield* store.save("statistics-compact", {
        position: before.length,
        state: { format: "dangvien/statistics-compact@3", events: 99 },
        parts: [new Uint8Array(8)]
      })
      const [rebuilt] = yield* Projection.catchUp([Statistics.compactProjection()])
      assert.strictEqual(rebuilt.size, before.length + later.length)
      assert.deepStrictEqual(Statistics.query(rebuilt, q), Statistics.query(Statistics.make([...before, ...later]), q))
      const saved = yield* store.load("statistics-compact")
      if (saved === undefined) return assert.fail("no checkpoint saved")
      assert.strictEqual((saved.state as { format: string }).format, "dangvien/statistics-compact@11")
      assert.strictEqual(saved.position, before.length + later.length)
    }).pipe(Effect.provide(Layer.mergeAll(EventStore.layerMemory, Projection.layerMemory))))

  it.effect("a damaged checkpoint is a CheckpointDecodeError naming the projection", () =>
    Effect.gen(function*() {
      yield* append(before)
      yield* Projection.catchUp([Statistics.compactProjection()])
      const store = yield* Projection.ProjectionStore
      const saved = yield* store.load("statistics-compact")
      if (saved === undefined) return assert.fail("no checkpoint saved")
      const state = saved.state as Record<string, unknown>
      const parts = (saved.parts ?? []).map((p) => p.slice())
      const columns = state.columns as ReadonlyArray<string>
      const replaced = (i: number, part: Uint8Array) => parts.map((p, j) => (j === i ? part : p))
      const head = columns.indexOf("chainHead") + 1
      const exceptions = columns.indexOf("idExceptions") + 1
      const orgEventsPart = columns.length + 1
      const damaged = [
        [{ state: { format: "something else" }, parts }, "not a compact statistics checkpoint"],
        [
          { state: { ...state, format: "dangvien/statistics-compact@12" }, parts },
          "not a compact statistics checkpoint"
        ],
        [{ state, parts: parts.slice(0, -1) }, "expected at least 17 parts"],
        [{ state, parts: replaced(0, new Uint8Array(27)) }, "not ids of 17"],
        [{ state, parts: replaced(1, new Uint8Array(3)) }, "column packedAt has 3 bytes"],
        [{ state: { ...state, columns: columns.slice(1) }, parts }, "columns must be"],
        [{ state: { ...state, events: "3" }, parts }, "events must be"],
        [{ state: { ...state, unreadOrgEvents: -1 }, parts }, "unreadOrgEvents must be"],
        [{ state: { ...state, orgEvents: "2" }, parts }, "orgEvents must be"],
        [{ state: { ...state, orgEvents: (state.orgEvents as number) + 1 }, parts }, "the bytes end before it"],
        [
          { state: { ...state, orgEvents: (state.orgEvents as number) - 1 }, parts },
          "bytes after the last organisation event"
        ],
        [{ state, parts: replaced(orgEventsPart, parts[orgEventsPart]!.subarray(0, -1)) }, "the bytes end inside it"],
        [
          // The first event's organisation (after its type and its id's 17 bytes) made number 63.
          { state, parts: replaced(orgEventsPart, parts[orgEventsPart]!.map((b, i) => (i === 18 ? 126 : b))) },
          "organisation event 0: organisation number 63 names no organisation"
        ],
        [
          { state, parts: replaced(head, new Uint8Array(parts[head]!.length).fill(255)) },
          "the chain of member 0 is broken"
        ],
        [{ state, parts: replaced(exceptions, exception(0, 1, 2)) }, "column idExceptions has 3 values"],
        [{ state, parts: replaced(exceptions, exception(9, 1, 2, 3)) }, "column idExceptions names no member event"],
        [{ state, parts: replaced(exceptions, exception(0, -1, 2, 3)) }, "column idExceptions names no member event"],
        [{ state, parts: replaced(parts.length - 1, new Uint8Array(33)) }, "page 0 of the arena has 33 bytes"]
      ] as const
      for (const [checkpoint, reason] of damaged) {
        yield* store.save("statistics-compact", { position: 3, ...checkpoint })
        const exit = yield* Effect.exit(Projection.catchUp([Statistics.compactProjection()]))
        assert.isTrue(Exit.isFailure(exit))
        const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
        assert.instanceOf(error, Projection.CheckpointDecodeError)
        assert.include(String((error as Projection.CheckpointDecodeError).cause), reason)
      }
    }).pipe(Effect.provide(Layer.mergeAll(EventStore.layerMemory, Projection.layerMemory))))
})

describe("Statistics: the tree as known at an instant", () => {
  it("answers from the trees it keeps as a fresh index does, and forgets them when an organisation event comes", () => {
    /** A cell of P founded on a day, recorded at an instant. */
    const cell = (id: ReturnType<typeof org>, on: string, recordedAt: string) =>
      orgEvent(id, "OrganizationFounded", on, { name: id, kind: "grassrootsCell", parentId: P }, recordedAt)
    // C3 is founded in 2020 but recorded in mid-2024, C5 in 2025 and recorded in 2026; C4 is founded
    // in 2021, recorded in 2022, and added to the index only after the first queries.
    const [C3, C4, C5] = [org(4), org(5), org(6)]
    const first = all(
      [
        founded(P, "province", null),
        founded(C1, "grassrootsCell", P),
        cell(C3, "2020-01-01", "2024-06-01T00:00:00.000Z"),
        cell(C5, "2025-06-01", "2026-01-01T00:00:00.000Z")
      ],
      life(member(1)).imported("2019-01-01", C1),
      life(member(2)).imported("2021-01-01", C3)
    )
    const second = all(
      [cell(C4, "2021-01-01", "2022-01-01T00:00:00.000Z")],
      life(member(3)).imported("2021-06-01", C4),
      life(member(4)).imported("2021-06-01", C4)
    )
    const index = Statistics.makeCompact(first)
    const at = (knownAt: string) => ({ org: P, from: "2023-01-01", to: "2023-12-31", knownAt })
    const totals = (envelopes: ReadonlyArray<Envelope>, knownAt: string) => {
      const kept = Statistics.query(index, at(knownAt))
      assert.deepStrictEqual(kept, Statistics.query(Statistics.makeCompact(envelopes), at(knownAt)))
      return Result.isSuccess(kept) ? kept.success.stocks.total : -1
    }
    // Early: C3 is unknown (its member counts nowhere); late: known. Asked again, the same.
    assert.deepStrictEqual(
      ["2023-06-01", "2025-01-01", "2023-06-01", "2023-07-01"].map((d) => totals(first, `${d}T00:00:00.000Z`)),
      [1, 2, 1, 1]
    )
    for (const e of second) index.add(e)
    const every = [...first, ...second]
    // C4, recorded in 2022, is known in mid-2023, which now knows three organisation events as 2025
    // knew before: the tree kept for 2025 (with C3, not C4) must not answer it.
    assert.deepStrictEqual(
      ["2023-06-01", "2025-01-01", "2021-06-01"].map((d) => totals(every, `${d}T00:00:00.000Z`)),
      [3, 4, 1]
    )
  })
})

describe("Statistics: the subtrees kept between queries", () => {
  it("answers after a new organisation as a fresh index does, though the tree changes on no new date", () => {
    // C4 is founded on the day the others were, so the structure dates stay the same: only clearing
    // the kept subtrees lets the second query see it.
    const C4 = org(5)
    const first = all(
      [founded(P, "province", null), founded(C1, "grassrootsCell", P)],
      life(member(1)).imported("2019-01-01", C1),
      life(member(2)).imported("2021-06-01", C4)
    )
    const index = Statistics.makeCompact(first)
    const year = { org: P, from: "2023-01-01", to: "2023-12-31" } as const
    const total = (envelopes: ReadonlyArray<Envelope>) => {
      const kept = Statistics.query(index, year)
      assert.deepStrictEqual(kept, Statistics.query(Statistics.makeCompact(envelopes), year))
      return Result.isSuccess(kept) ? kept.success.stocks.total : -1
    }
    assert.strictEqual(total(first), 1)
    const cell = founded(C4, "grassrootsCell", P)
    index.add(cell)
    assert.strictEqual(total([...first, cell]), 2)
  })

  it("keeps a scope apart for each stretch of the tree it is restated on", () => {
    // C2 merges into C1 in mid-2025: restated on 2025-12-31 the 2024 report of C1 counts C2's member
    // too; restated on 2024-12-31 (or not restated) it does not.
    const envelopes = all(
      [
        founded(P, "province", null),
        founded(C1, "grassrootsCell", P),
        founded(C2, "grassrootsCell", P),
        orgEvent(C2, "OrganizationMerged", "2025-07-01", { intoOrgId: C1 })
      ],
      life(member(1)).imported("2019-01-01", C1),
      life(member(2)).imported("2019-01-01", C2)
    )
    const index = Statistics.makeCompact(envelopes)
    const total = (structureAsOf: string | undefined) => {
      const query = { org: C1, from: "2024-01-01", to: "2024-12-31", structureAsOf } as const
      const kept = Statistics.query(index, query)
      assert.deepStrictEqual(kept, Statistics.query(Statistics.makeCompact(envelopes), query))
      return Result.isSuccess(kept) ? kept.success.stocks.total : -1
    }
    assert.deepStrictEqual([undefined, "2025-12-31", "2024-12-31", "2025-12-31", undefined].map(total), [1, 2, 1, 2, 1])
  })
})
