/**
 * `dangvien audit --org ID|CODE [--as-of D] [--from D] [--known-at T] [--structure-as-of D] [--lang vi|en]`: the audit
 * findings of statistics.md for an organisation's subtree, each with its rule ID.
 *
 * @since 0.1.0
 */
import { Audit, type Ids, Statistics } from "@dangvien/core"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as MemberNames from "../MemberNames.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"
import { queryFlags } from "./statsCommand.ts"

/**
 * `dangvien audit`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "audit",
  {
    org: Flags.org,
    asOf: Flag.String("as-of").pipe(Flag.withDescription("the day of the audit (default: today)"), Flag.optional),
    from: Flag.String("from").pipe(
      Flag.withDescription("start of the period for late facts (default: 1 January of --as-of)"),
      Flag.optional
    ),
    knownAt: queryFlags.knownAt,
    structureAsOf: queryFlags.structureAsOf,
    lang: Flags.lang
  },
  (flags) =>
    Store.use(() =>
      Effect.gen(function*() {
        const asOf = (yield* Dates.optionalDate("as-of", flags.asOf)) ?? (yield* Dates.today)
        const from = yield* Dates.optionalDate("from", flags.from)
        const knownAt = yield* Dates.optionalInstant("known-at", flags.knownAt)
        const structureAsOf = yield* Dates.optionalDate("structure-as-of", flags.structureAsOf)
        const loaded = yield* StatsIndex.load
        const org = yield* StatsIndex.resolveOrg(loaded, flags.org)
        const findings = yield* StatsIndex.answer(
          Audit.audit(loaded.index, { org, asOf, from, knownAt, structureAsOf })
        )
        const names = MemberNames.of(
          loaded.index.envelopes,
          findings.flatMap((f) => f.subjectType === "member" ? [f.subject as Ids.MemberId] : []),
          knownAt
        )
        const registry = Statistics.registry(loaded.index, knownAt)
        for (const f of findings) {
          const message = flags.lang === "vi" ? f.messageVi : f.message
          const subject = f.subjectType === "member"
            ? MemberNames.label(names, f.subject as Ids.MemberId)
            : `${StatsIndex.nameOf(registry, f.subject as Ids.OrgId, structureAsOf ?? f.on)} (org-${f.subject})`
          yield* Console.log(`${f.rule}  ${f.on}  ${subject}  ${message}`)
        }
        const byRule = new Map<string, number>()
        for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1)
        yield* Console.log(
          `${findings.length.toLocaleString("en-US")} ${flags.lang === "vi" ? "phát hiện" : "findings"}${
            byRule.size === 0 ? "" : `: ${[...byRule].map(([rule, n]) => `${rule} ${n}`).join(", ")}`
          }`
        )
      })
    )
).pipe(Command.withDescription("audit findings with their rule IDs"))
