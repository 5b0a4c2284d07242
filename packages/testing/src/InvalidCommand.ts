/**
 * Arbitraries of invalid member commands, one per refusing rule of the rule book: each sample is a
 * valid history (generated through the decider), the decider context, and a command that the
 * rule refuses — an under-18 branch vote (ADM-01), too few votes (ADM-06), recognition a day off
 * (PRB-03), a second award of a milestone (BDG-06), a malformed card number (CRD-02), a late
 * arrival without a reason (TRF-02), an event after death (EXT-06), an out-of-order date
 * (STR-02), and so on. Each rule has several variants.
 *
 * ```ts
 * fc.assert(fc.property(InvalidCommand.invalidCommands["ADM-06"], (sample) => {
 *   const refused = MemberDecider.decide(sample.command, sample.state, sample.context)
 *   expect(Result.isFailure(refused) && refused.failure.rule).toBe("ADM-06")
 * }))
 * ```
 *
 * @since 0.1.0
 */
import type * as Envelope from "@dangvien/core/Envelope"
import type * as Member from "@dangvien/core/Member"
import type * as MemberCommand from "@dangvien/core/MemberCommand"
import type * as MemberDecider from "@dangvien/core/MemberDecider"
import type { RuleId } from "@dangvien/core/RuleViolation"
import * as fc from "fast-check"
import { draw } from "./internal/draw.ts"
import * as Admission from "./internal/invalid/admission.ts"
import * as Badges from "./internal/invalid/badges.ts"
import * as Membership from "./internal/invalid/membership.ts"
import type { Variant } from "./internal/invalid/sample.ts"
import * as Stream from "./internal/invalid/stream.ts"
import * as Transfers from "./internal/invalid/transfers.ts"
import * as MemberHistory from "./MemberHistory.ts"

/**
 * A command refused by `rule`: the history before it (valid), the state folded from it, the
 * decider context, and what is wrong in words.
 *
 * @category models
 * @since 0.1.0
 */
export interface InvalidCommand<R extends RuleId = RuleId> {
  readonly rule: R
  readonly description: string
  readonly history: ReadonlyArray<Envelope.MemberEnvelope>
  readonly state: Member.State
  readonly command: MemberCommand.MemberCommand
  readonly context: MemberDecider.Context
}

const catalogue = {
  ...Stream.variants,
  ...Admission.variants,
  ...Membership.variants,
  ...Badges.variants,
  ...Transfers.variants
}

/**
 * The rules with an arbitrary of invalid commands.
 *
 * @category models
 * @since 0.1.0
 */
export type RefusingRule = keyof typeof catalogue

/**
 * Every rule with an arbitrary of invalid commands.
 *
 * @category constants
 * @since 0.1.0
 */
export const refusingRules: ReadonlyArray<RefusingRule> = Object.keys(catalogue) as Array<RefusingRule>

/**
 * The text of a sample: the rule, what is wrong, the history as a timeline and the command.
 *
 * @category getters
 * @since 0.1.0
 */
export const format = (sample: InvalidCommand): string =>
  [
    `${sample.rule}: ${sample.description}`,
    MemberHistory.timeline({ events: sample.history }),
    `→ ${sample.command._tag} ${sample.command.occurredOn} ${JSON.stringify(sample.command.data)}`
  ].filter((line) => line !== "").join("\n")

const arbitraryOf = <R extends RefusingRule>(rule: R): fc.Arbitrary<InvalidCommand<R>> => {
  const variants: ReadonlyArray<Variant> = catalogue[rule]
  return fc.limitShrink(
    draw((d) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const sample = d.pick(variants)(d)
        if (sample === undefined) continue
        const out: InvalidCommand<R> = { rule, ...sample }
        // fast-check prints counterexamples with this.
        Object.defineProperty(out, fc.toStringMethod, { value: () => format(out), enumerable: false })
        return out
      }
      throw new Error(`@dangvien/testing: no invalid command for ${rule} after 50 attempts`)
    }),
    MemberHistory.maxShrinks
  )
}

/**
 * For each refusing rule, an arbitrary of commands refused by exactly that rule.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const invalidCommands: { readonly [R in RefusingRule]: fc.Arbitrary<InvalidCommand<R>> } = Object.fromEntries(
  refusingRules.map((rule) => [rule, arbitraryOf(rule)])
) as { readonly [R in RefusingRule]: fc.Arbitrary<InvalidCommand<R>> }

/**
 * The arbitrary of commands refused by `rule` (`invalidCommands[rule]`).
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const invalidCommand = <R extends RefusingRule>(rule: R): fc.Arbitrary<InvalidCommand<R>> =>
  invalidCommands[rule]

/**
 * Commands refused by any of the rules.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const anyInvalidCommand: fc.Arbitrary<InvalidCommand<RefusingRule>> = fc.oneof(
  ...refusingRules.map((rule) => invalidCommands[rule] as fc.Arbitrary<InvalidCommand<RefusingRule>>)
)
