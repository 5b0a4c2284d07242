/**
 * Properties that cannot fail prove nothing. This file runs the retraction property against a roster
 * with a plausible bug, and shows what fast-check reports: the seed and path that replay the failure,
 * and the shrunk history, printed as a timeline.
 */
import type { Projection } from "@dangvien/core"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as BranchRoster from "../src/BranchRoster.ts"
import { params } from "./arbitraries.ts"
import { survivesRetraction } from "./properties.ts"

// #region wrong
/** A first version of the roster that folds retractions and annulments like any other event. */
const forgetsRetractions: Projection.Projection<BranchRoster.Roster> = {
  ...BranchRoster.projection("forgets-retractions"),
  apply: (roster, e) =>
    e.type === "EventRetracted" || e.type === "DisciplineAnnulled" ? roster : BranchRoster.apply(roster, e)
}
// #endregion wrong

describe("a wrong projection is caught", () => {
  it("the retraction property fails on a roster that forgets retractions, with a shrunk, replayable history", () => {
    // #region check
    // fc.check runs the property like fc.assert, but returns the details instead of throwing.
    const details = fc.check(survivesRetraction(forgetsRetractions), params(60))
    expect(details.failed).toBe(true)
    // What fc.assert would have printed: seed, path, the shrunk counterexample, the assertion.
    const report = fc.defaultReportMessage(details)!
    expect(report).toContain(`seed: ${details.seed}, path: "${details.counterexamplePath}"`)
    expect(report).toContain("MemberHistory ") // a history prints itself as a timeline
    // The seed and path replay the failure at once, without searching again.
    const replay = fc.check(survivesRetraction(forgetsRetractions), {
      seed: details.seed,
      path: details.counterexamplePath!,
      endOnFailure: true
    })
    expect(replay.failed).toBe(true)
    // #endregion check
    if (process.env["SHOW_COUNTEREXAMPLE"] !== undefined) console.log(report)
  })

  it("the same property, seed and runs pass for the real roster", () => {
    expect(fc.check(survivesRetraction(BranchRoster.projection()), params(60)).failed).toBe(false)
  })
})
