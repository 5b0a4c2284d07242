/**
 * `dangvien orgs [--as-of D] [--lang vi|en]`: the organisation tree on a date, each unit with its
 * kind, code and headcount (members of its whole subtree).
 *
 * @since 0.1.0
 */
import { type Calendar, type Ids, type OrganizationRegistry, Statistics } from "@dangvien/core"
import { Console, Effect, Result } from "effect"
import { Command, Flag } from "effect/cli"
import { CliFailure } from "../CliFailure.ts"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as Labels from "../Labels.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"

/**
 * The tree as indented lines: `name  kind  code  headcount`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const lines = (
  loaded: StatsIndex.Loaded,
  asOf: Calendar.CalendarDate,
  lang: Labels.Lang = "en"
): ReadonlyArray<string> => {
  const out: Array<string> = []
  const walk = (node: OrganizationRegistry.TreeNode, depth: number, counts: ReadonlyMap<Ids.OrgId, number>) => {
    const state = loaded.orgs.state(node.id)
    const code = state !== undefined && state.founded && state.code !== undefined ? ` [${state.code}]` : ""
    const total = loaded.orgs.subtreeOn(node.id, asOf).reduce((n, id) => n + (counts.get(id) ?? 0), 0)
    out.push(
      `${"  ".repeat(depth)}${node.name}${code}  ${Labels.orgKind(node.kind, lang)}  ${node.id}  ${
        total.toLocaleString(lang === "vi" ? "vi-VN" : "en-US")
      }`
    )
    for (const child of node.children) walk(child, depth + 1, counts)
  }
  for (const root of loaded.orgs.treeOn(asOf)) {
    const counts = Statistics.headcounts(loaded.index, { org: root.id, asOf })
    walk(root, 0, Result.isSuccess(counts) ? counts.success : new Map())
  }
  return out
}

/**
 * `dangvien orgs`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "orgs",
  {
    asOf: Flag.String("as-of").pipe(Flag.withDescription("the date of the tree (default: today)"), Flag.optional),
    lang: Flags.lang
  },
  ({ asOf, lang }) =>
    Store.use(() =>
      Effect.gen(function*() {
        const date = (yield* Dates.optionalDate("as-of", asOf)) ?? (yield* Dates.today)
        const loaded = yield* StatsIndex.loadCompact
        const tree = lines(loaded, date, lang)
        if (tree.length === 0) {
          const founded = loaded.orgs.ids.flatMap((id) => {
            const s = loaded.orgs.state(id)
            return s !== undefined && s.founded ? [s.foundedOn] : []
          }).sort()
          const first = founded[0]
          // Before the first founding, or after every organisation had ended.
          const when = first === undefined
            ? ""
            : date < first
            ? ` (the first was founded on ${first})`
            : " (every organisation had ended by then)"
          return yield* new CliFailure({ message: `no organisation existed on ${date} in the store${when}` })
        }
        yield* Console.log(tree.join("\n"))
      })
    )
).pipe(Command.withDescription("the organisation tree on a date, with headcounts"))
