/**
 * The usage example of docs/statistics.md (the doc's code block is the `report` region, checked by
 * examples/member-lifecycle/test/docs-snippets.test.ts).
 */
import { assert, it } from "@effect/vitest"
import { Layer } from "effect"
import * as EventStore from "../src/EventStore.ts"
import * as World from "./fixtures/world.ts"
// #region report
import { type Ids, Projection, Statistics } from "@dangvien/core"
import { Effect, Result } from "effect"

/** The 2024 report of an organisation's subtree, from an index kept by a projection over the log. */
const report2024 = (org: Ids.OrgId) =>
  Effect.gen(function*() {
    // One pass over the log builds (or, from its checkpoint, catches up) the index.
    const [index] = yield* Projection.catchUp([Statistics.compactProjection()])
    return Statistics.query(index, {
      org,
      from: "2024-01-01",
      to: "2024-12-31", // stocks as of `to`; `asOf` may differ
      knownAt: "2025-01-15T00:00:00.000Z", // as the office could have known it that day
      structureAsOf: "2025-07-01" // restated in the tree of that date (e.g. after a merger)
    }).pipe(
      Result.map((report) => JSON.stringify(report, null, 2)),
      // An unknown org or invalid dates are tagged errors: `UnknownOrganization`, `InvalidQuery`.
      Result.mapError((error) => `${error._tag}: ${error.message}`)
    )
  })
// #endregion report

it("docs/statistics.md: a report from the projection over the log", () =>
  Effect.gen(function*() {
    const P = World.org(1)
    const C = World.org(2)
    const envelopes = World.all(
      [World.founded(P, "grassrootsCell", null), World.founded(C, "grassrootsCell", null)],
      World.life(World.member(1)).imported("2020-01-01", P),
      World.life(World.member(2)).registered("2023-05-01", P).admitted("2024-03-01", P)
    )
    const store = yield* EventStore.EventStore
    for (const e of envelopes) {
      const { stream, ...event } = e
      yield* store.append(stream, [event], EventStore.ExpectedVersion.any)
    }
    const json = Result.getOrThrow(yield* report2024(P))
    const report = JSON.parse(json) as Statistics.Report
    assert.strictEqual(report.stocks.total, 2)
    assert.strictEqual(report.flows.admitted, 1)
    assert.strictEqual(report.ratios.admissionRate, 1)
    const unknown = yield* report2024(World.org(9))
    assert.isTrue(Result.isFailure(unknown))
    // Resumed from its checkpoint, the projection decodes the saved index and gives the same report.
    assert.deepStrictEqual(yield* report2024(P), Result.succeed(json))
  }).pipe(Effect.provide(Layer.mergeAll(EventStore.layerMemory, Projection.layerMemory))))
