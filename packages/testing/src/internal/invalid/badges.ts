/**
 * Invalid badge awards (BDG).
 */
import * as Badge from "@dangvien/core/Badge"
import * as Calendar from "@dangvien/core/Calendar"
import type * as Envelope from "@dangvien/core/Envelope"
import * as Member from "@dangvien/core/Member"
import * as PartyAge from "@dangvien/core/PartyAge"
import type { RuleId } from "@dangvien/core/RuleViolation"
import * as S from "../scenario.ts"
import { badge, cmd, fresh, nextMilestone, on, type Variant } from "./sample.ts"

export const variants = {
  "BDG-01": [
    (d) => {
      const life = S.official(d, {
        importBetween: ["2000-01-01", "2016-06-30"],
        admittedBetween: ["1955-01-01", "1970-12-31"]
      })
      const at = Calendar.fromDayNumber(d.int(Calendar.toDayNumber(life.today) + 1, Calendar.toDayNumber("2016-07-24")))
      return on("a 45-year badge before it existed (25/07/2016)", life, cmd("AwardBadge", at, badge(45)))
    },
    (d) => {
      const life = S.official(d, {
        importBetween: ["2010-01-01", "2016-06-30"],
        admittedBetween: ["1955-01-01", "1958-12-31"]
      })
      if (!life.state.badges.some((b) => b.milestone === 50)) return undefined
      const at = Calendar.max(S.later(life, 1, 400), "2016-09-02")
      return on(
        "a 45-year badge for a holder of the 50-year badge from before 25/07/2016",
        life,
        cmd("AwardBadge", at, badge(45))
      )
    },
    (d) => {
      const life = S.official(d, {
        importBetween: ["2005-01-01", "2016-06-30"],
        admittedBetween: ["1955-01-01", "1960-12-31"]
      })
      const e = life.s.events[0] as Envelope.MemberEnvelope
      if (e.type !== "MemberImported") return undefined
      // Party age of 45 years by the import, so that only the badge's existence is wrong.
      const reached = PartyAge.yearsReachedOn(Member.membership(life.state)!, 45)
      if (reached === undefined || reached > e.occurredOn) return undefined
      return fresh(
        "an import before 25/07/2016 listing the 45-year badge",
        life,
        cmd("ImportMember", e.occurredOn, { ...e.data, badges: [30, 40, 45] })
      )
    }
  ],
  "BDG-02": [
    (d) => {
      const life = S.official(d, {
        importBetween: ["2005-01-01", "2020-12-31"],
        admittedBetween: ["1995-01-01", "2003-12-31"]
      })
      return on("a badge before the milestone is reached", life, cmd("AwardBadge", S.later(life, 1, 400), badge(30)))
    },
    (d) => {
      // Handed over more than a month ahead of the occasion it names, before the milestone: judged
      // on the occasion before the award (not reached then), never on the one it names.
      const life = S.official(d, { admittedBetween: ["1960-01-01", "1985-12-31"] })
      const m = nextMilestone(life)
      const reached = m === undefined ? undefined : PartyAge.yearsReachedOn(Member.membership(life.state)!, m)
      if (m === undefined || reached === undefined) return undefined
      const occasion = Badge.nextOccasion(reached)
      const latest = Calendar.min(Calendar.addDays(reached, -1), Calendar.addDays(occasion.on, -31))
      const at = Calendar.addDays(latest, -d.int(0, 60))
      if (at <= life.today) return undefined
      return on(
        "a badge dated months ahead of the occasion it names, before the milestone",
        life,
        cmd("AwardBadge", at, { ...badge(m), occasion: occasion.occasion })
      )
    }
  ],
  "BDG-03": [
    (d) => {
      const life = S.official(d, {
        importBetween: ["2005-01-01", "2020-12-31"],
        admittedBetween: ["1995-01-01", "2003-12-31"]
      })
      return on(
        "an early badge more than 12 months before the milestone",
        life,
        cmd("AwardBadge", S.later(life, 1, 400), badge(30, { early: true }))
      )
    },
    (d) => {
      const life = S.official(d, { admittedBetween: ["1960-01-01", "1985-12-31"] })
      const m = nextMilestone(life)
      const reached = m === undefined ? undefined : PartyAge.yearsReachedOn(Member.membership(life.state)!, m)
      if (m === undefined || reached === undefined) return undefined
      const at = Calendar.max(S.later(life, 1, 30), Calendar.addDays(reached, d.int(1, 60)))
      return on(
        "a badge marked early although the milestone is reached",
        life,
        cmd("AwardBadge", at, badge(m, { early: true }))
      )
    }
  ],
  "BDG-04": [
    (d) => {
      const life = S.official(d)
      const m = nextMilestone(life)
      if (m === undefined) return undefined
      return on(
        "a posthumous badge for a living member",
        life,
        cmd("AwardBadge", S.later(life, 1, 400), badge(m, { posthumous: true }))
      )
    },
    (d) => {
      const life = S.dead(d)
      const m = nextMilestone(life)
      if (m === undefined) return undefined
      return on(
        "a deceased member's badge not marked posthumous",
        life,
        cmd("AwardBadge", S.later(life, 1, 400), badge(m))
      )
    },
    (d) => {
      const life = S.exitedReadmittable(d)
      S.must(life, cmd("RecordDeath", S.later(life, 1, 2000), {}))
      const m = nextMilestone(life)
      if (m === undefined) return undefined
      return on(
        "a posthumous badge for a member who had left the Party",
        life,
        cmd("AwardBadge", S.later(life, 1, 400), badge(m, { posthumous: true, early: true }))
      )
    },
    (d) => {
      const life = S.dead(d)
      const st = life.state
      const membership = Member.membership(st)!
      const m = Badge.milestones.find((x) => {
        const r = Badge.reach(membership, x, st.diedOn!)
        return x !== 45 && !st.badges.some((b) => b.milestone >= x) && r._tag === "Early" && r.monthsShort > 12
      })
      if (m === undefined) return undefined
      return on(
        "a posthumous badge more than 12 months before the milestone",
        life,
        cmd("AwardBadge", S.later(life, 1, 400), badge(m, { posthumous: true, early: true }))
      )
    }
  ],
  "BDG-05": [
    (d) => {
      const life = S.official(d, { admittedBetween: ["1960-01-01", "1992-12-31"] })
      const m = nextMilestone(life)
      const reached = m === undefined ? undefined : PartyAge.yearsReachedOn(Member.membership(life.state)!, m)
      if (m === undefined || reached === undefined) return undefined
      const disciplinedOn = Calendar.max(S.later(life, 1, 60), reached)
      S.must(life, cmd("Discipline", disciplinedOn, { form: d.pick(["warning", "removalFromPost"] as const) }))
      const o = Badge.nextOccasion(Calendar.addDays(disciplinedOn, 1))
      return on(
        "a badge while a discipline delays it",
        life,
        cmd("AwardBadge", o.on, { ...badge(m), occasion: o.occasion })
      )
    }
  ],
  "BDG-06": [
    (d) => {
      const life = S.official(d, {
        importBetween: ["2016-08-01", "2020-12-31"],
        admittedBetween: ["1955-01-01", "1985-12-31"]
      })
      const held = life.state.badges.map((b) => b.milestone)
      if (held.length === 0) return undefined
      return on("a second award of a milestone", life, cmd("AwardBadge", S.later(life, 1, 400), badge(d.pick(held))))
    }
  ]
} satisfies { readonly [R in RuleId]?: ReadonlyArray<Variant> }
