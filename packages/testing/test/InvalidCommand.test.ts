import * as MemberDecider from "@dangvien/core/MemberDecider"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as InvalidCommand from "../src/InvalidCommand.ts"
import { params } from "./params.ts"

describe("InvalidCommand.invalidCommands", () => {
  it("covers at least 40 refusing rules", () => {
    expect(InvalidCommand.refusingRules.length).toBeGreaterThanOrEqual(40)
  })

  for (const rule of InvalidCommand.refusingRules) {
    it(`${rule}: the history is valid and the command is refused by exactly ${rule}`, () => {
      fc.assert(
        fc.property(InvalidCommand.invalidCommands[rule], (sample) => {
          const replayed = MemberDecider.replay(sample.history, sample.context)
          if (Result.isFailure(replayed)) {
            throw new Error(
              `the history is invalid at ${replayed.failure.index}: ${replayed.failure.violation.toString()}`
            )
          }
          expect(replayed.success).toEqual(sample.state)
          const decided = MemberDecider.decide(sample.command, sample.state, sample.context)
          if (Result.isSuccess(decided)) throw new Error(`accepted: ${sample.description}`)
          expect(decided.failure.rule, `${sample.description}: ${decided.failure.toString()}`).toBe(rule)
        }),
        params(20, 50)
      )
    })
  }
})
