/**
 * `dangvien badges --org ID|CODE --occasion D [--early] [--known-at T] [--structure-as-of D] [--lang vi|en]`: the members due a party
 * badge (Huy hiệu Đảng) on an award occasion, per statistics.md.
 *
 * @since 0.1.0
 */
import { Badge, BadgesDue, Statistics } from "@dangvien/core"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as MemberNames from "../MemberNames.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"
import { queryFlags } from "./statsCommand.ts"

/**
 * `dangvien badges`.
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make(
  "badges",
  {
    org: Flags.org,
    occasion: Flag.String("occasion").pipe(Flag.withDescription("the award date, e.g. 2025-09-02")),
    early: Flag.Boolean("early").pipe(
      Flag.withDescription("include early awards (BDG-03/04)"),
      Flag.withDefault(false)
    ),
    knownAt: queryFlags.knownAt,
    structureAsOf: queryFlags.structureAsOf,
    lang: Flags.lang
  },
  (flags) =>
    Store.use(() =>
      Effect.gen(function*() {
        const occasionDate = yield* Dates.date("occasion", flags.occasion)
        const knownAt = yield* Dates.optionalInstant("known-at", flags.knownAt)
        const structureAsOf = yield* Dates.optionalDate("structure-as-of", flags.structureAsOf)
        const loaded = yield* StatsIndex.load
        const org = yield* StatsIndex.resolveOrg(loaded, flags.org)
        if (!Badge.occasions.some((o) => occasionDate.endsWith(`-${o}`))) {
          // BDG-02 allows a special decision (`other`) on any day: said, not refused.
          yield* Effect.sync(() =>
            process.stderr.write(
              flags.lang === "vi"
                ? `dangvien: ${occasionDate} không phải dịp trao tặng (3/2, 19/5, 2/9, 7/11: BDG-02); danh sách tính như một quyết định đặc biệt vào ngày đó\n`
                : `dangvien: ${occasionDate} is not an award occasion (3/2, 19/5, 2/9, 7/11: BDG-02); the list is as for a special decision on that day\n`
            )
          )
        }
        const due = yield* StatsIndex.answer(
          BadgesDue.badgesDue(loaded.index, { org, occasionDate, includeEarly: flags.early, knownAt, structureAsOf })
        )
        const vi = flags.lang === "vi"
        const names = MemberNames.of(loaded.index.envelopes, due.map((row) => row.memberId), knownAt)
        const registry = Statistics.registry(loaded.index, knownAt)
        for (const row of due) {
          const notes = [
            ...(row.posthumous ? [vi ? "truy tặng" : "posthumous"] : []),
            ...(row.early ? [vi ? "tặng sớm" : "early"] : [])
          ]
          yield* Console.log(
            `${MemberNames.label(names, row.memberId)}  ${(vi ? Badge.labelVi : Badge.label)(row.milestone)}  ${
              vi ? "đủ tuổi đảng ngày" : "reached on"
            } ${row.reachedOn}  ${vi ? "tại" : "in"} ${
              StatsIndex.nameOf(registry, row.unit, structureAsOf ?? occasionDate)
            }${notes.length === 0 ? "" : `  (${notes.join(", ")})`}`
          )
        }
        const byMilestone = new Map<number, number>()
        for (const row of due) byMilestone.set(row.milestone, (byMilestone.get(row.milestone) ?? 0) + 1)
        yield* Console.log(
          `${due.length.toLocaleString("en-US")} ${vi ? "đảng viên" : "members"} ${
            vi ? "đến hạn" : "due"
          } (${occasionDate})${
            byMilestone.size === 0
              ? ""
              : `: ${
                [...byMilestone].sort((a, b) => a[0] - b[0]).map(([m, n]) => `${m} ${vi ? "năm" : "years"} ${n}`).join(
                  ", "
                )
              }`
          }`
        )
      })
    )
).pipe(Command.withDescription("members due a party badge on an occasion"))
