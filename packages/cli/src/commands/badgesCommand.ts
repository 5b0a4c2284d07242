/**
 * `dangvien badges --org ID|CODE --occasion D [--early] [--lang vi|en]`: the members due a party
 * badge (Huy hiệu Đảng) on an award occasion, per statistics.md.
 *
 * @since 0.1.0
 */
import { Badge, BadgesDue } from "@dangvien/core"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import * as Dates from "../Dates.ts"
import * as Flags from "../Flags.ts"
import * as StatsIndex from "../StatsIndex.ts"
import * as Store from "../Store.ts"

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
    lang: Flags.lang
  },
  (flags) =>
    Store.use(() =>
      Effect.gen(function*() {
        const occasionDate = yield* Dates.date("occasion", flags.occasion)
        const loaded = yield* StatsIndex.load
        const org = yield* StatsIndex.resolveOrg(loaded, flags.org)
        const due = yield* StatsIndex.answer(
          BadgesDue.badgesDue(loaded.index, { org, occasionDate, includeEarly: flags.early })
        )
        const vi = flags.lang === "vi"
        for (const row of due) {
          const notes = [
            ...(row.posthumous ? [vi ? "truy tặng" : "posthumous"] : []),
            ...(row.early ? [vi ? "tặng sớm" : "early"] : [])
          ]
          yield* Console.log(
            `member-${row.memberId}  ${(vi ? Badge.labelVi : Badge.label)(row.milestone)}  ${
              vi ? "đủ tuổi đảng ngày" : "reached on"
            } ${row.reachedOn}  ${vi ? "chi bộ" : "branch"} ${row.unit}${
              notes.length === 0 ? "" : `  (${notes.join(", ")})`
            }`
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
