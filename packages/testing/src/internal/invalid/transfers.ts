/**
 * Invalid transfers (TRF).
 */
import * as Calendar from "@dangvien/core/Calendar"
import type { RuleId } from "@dangvien/core/RuleViolation"
import * as OrgHistory from "../../OrgHistory.ts"
import * as S from "../scenario.ts"
import { cmd, inTransit, on, otherLiveBranch, type Sample, type Variant } from "./sample.ts"

export const variants = {
  "TRF-01": [
    (d) => {
      const life = S.official(d)
      return on(
        "a transfer to the member's own branch",
        life,
        cmd("TransferOut", S.later(life, 1, 400), { kind: "official", toOrgId: life.state.orgId! })
      )
    }
  ],
  "TRF-02": [
    (d) => {
      const life = inTransit(d)
      if (life === undefined) return undefined
      const st = life.state
      const at = Calendar.addWorkingDays(st.transit!.since, d.int(31, 200))
      return on(
        "an arrival more than 30 working days after the letter without a reason",
        life,
        cmd("TransferIn", at, { orgId: st.transit!.toOrgId! })
      )
    }
  ],
  "TRF-03": [
    (d) => {
      const life = inTransit(d)
      if (life === undefined) return undefined
      const at = S.later(life, 1, 20)
      const wrong = OrgHistory.liveBranchesOn(life.world.tree, at).filter((b) => b !== life.state.transit!.toOrgId)
      return d.weighted<Sample>([
        [
          1,
          on(
            "a second transfer while in transit",
            life,
            cmd("TransferOut", at, { kind: "official", destination: "Đảng bộ tỉnh Hà Tĩnh" })
          )
        ],
        [
          1,
          on(
            "a temporary transfer while in transit",
            life,
            cmd("StartTemporaryTransfer", at, { hostOrgId: life.state.transit!.from })
          )
        ],
        [
          wrong.length === 0 ? 0 : 1,
          on(
            "an arrival at another branch than the letter names",
            life,
            cmd("TransferIn", at, { orgId: wrong[0] ?? life.state.transit!.from })
          )
        ]
      ])
    },
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 1, 300)
      return on(
        "an arrival of a member who is not in transit",
        life,
        cmd("TransferIn", at, { orgId: otherLiveBranch(life, at) ?? life.state.orgId! })
      )
    }
  ],
  "TRF-04": [
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 1, 300)
      const host = otherLiveBranch(life, at)
      if (host === undefined) return undefined
      return d.weighted<Sample>([
        [
          1,
          on(
            "a temporary transfer to the member's own branch",
            life,
            cmd("StartTemporaryTransfer", at, { hostOrgId: life.state.orgId! })
          )
        ],
        [
          1,
          on(
            "a temporary transfer shorter than 3 months",
            life,
            cmd("StartTemporaryTransfer", at, { hostOrgId: host, until: Calendar.addDays(at, d.int(1, 80)) })
          )
        ],
        [
          1,
          on(
            "a temporary transfer for work of a year or more",
            life,
            cmd("StartTemporaryTransfer", at, { hostOrgId: host, until: Calendar.addMonths(at, d.int(12, 30)) })
          )
        ],
        [
          1,
          on(
            "a temporary transfer for study longer than 24 months",
            life,
            cmd("StartTemporaryTransfer", at, {
              hostOrgId: host,
              until: Calendar.addMonths(at, d.int(25, 40)),
              purpose: "study"
            })
          )
        ],
        [1, on("an end of a temporary transfer that never started", life, cmd("EndTemporaryTransfer", at, {}))]
      ])
    },
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 1, 300)
      const host = otherLiveBranch(life, at)
      if (host === undefined) return undefined
      S.must(life, cmd("StartTemporaryTransfer", at, { hostOrgId: host, until: Calendar.addMonths(at, 6) }))
      return on(
        "a second temporary transfer while one is in progress",
        life,
        cmd("StartTemporaryTransfer", S.later(life, 1, 100), { hostOrgId: host })
      )
    }
  ],
  "TRF-05": [
    (d) => {
      const life = S.official(d)
      const at = S.later(life, 1, 300)
      const own = life.state.orgId!
      if (!life.world.tree.registry.isLiveOn(own, at)) return undefined
      return on(
        "a residence contact with the member's own branch",
        life,
        cmd("RegisterResidenceContact", at, { residenceOrgId: own })
      )
    }
  ]
} satisfies { readonly [R in RuleId]?: ReadonlyArray<Variant> }
