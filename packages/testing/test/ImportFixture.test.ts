/**
 * The import scenarios of `ImportFixture` that need no bulk session, on the memory store (the SQL
 * stores run them in their own tests, through their bulk sessions).
 */
import * as EventStore from "@dangvien/core/EventStore"
import { describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { idsTakenScenario } from "../src/ImportFixture.ts"

describe("ImportFixture on the memory store (check, then write in batches)", () => {
  it.effect("EVT-02: a line taking the id of a stored event of another stream is refused with its line; the same event written otherwise is stored once", () =>
    idsTakenScenario.pipe(Effect.provide(EventStore.layerMemory)))
})
