/**
 * What every invalid-command scenario shares: the sample shape and the helpers that build one.
 */
import * as Badge from "@dangvien/core/Badge"
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import type * as Envelope from "@dangvien/core/Envelope"
import { type OrgId, orgId } from "@dangvien/core/Ids"
import * as Member from "@dangvien/core/Member"
import type * as MemberCommand from "@dangvien/core/MemberCommand"
import type * as MemberDecider from "@dangvien/core/MemberDecider"
import type { Milestone } from "@dangvien/core/MemberEvent"
import type * as MemberHistory from "../../MemberHistory.ts"
import * as OrgHistory from "../../OrgHistory.ts"
import type { Draw } from "../draw.ts"
import type { Life } from "../life.ts"
import * as S from "../scenario.ts"
import * as Ulid from "../ulid.ts"

/** An invalid command without its rule (the catalogue key gives it). */
export interface Sample {
  readonly description: string
  readonly history: ReadonlyArray<Envelope.MemberEnvelope>
  readonly state: Member.State
  readonly command: MemberCommand.MemberCommand
  readonly context: MemberDecider.Context
}

/** One way of breaking a rule; `undefined` when the drawn world does not allow it (another is drawn). */
export type Variant = (d: Draw) => Sample | undefined

/** Builds a command. */
export const cmd = S.cmd

/** A command after the history of `life`, judged with its world's context (or `context`). */
export const on = (
  description: string,
  life: Life,
  command: MemberCommand.MemberCommand,
  context?: MemberDecider.Context
): Sample => ({
  description,
  history: [...life.s.events],
  state: life.state,
  command,
  context: context ?? life.world.context
})

/** A command on an empty stream, judged with the context of `life`'s world. */
export const fresh = (description: string, life: Life, command: MemberCommand.MemberCommand): Sample => ({
  description,
  history: [],
  state: Member.initialState,
  command,
  context: life.world.context
})

/** A command after a generated history. */
export const historySample = (
  description: string,
  h: MemberHistory.MemberHistory,
  command: MemberCommand.MemberCommand
): Sample => ({ description, history: h.events, state: h.state, command, context: h.context })

/** A live branch other than the member's, if any. */
export const otherLiveBranch = (life: Life, at: CalendarDate): OrgId | undefined => {
  const live = OrgHistory.liveBranchesOn(life.world.tree, at).filter((b) => b !== life.state.orgId)
  return live.length === 0 ? undefined : life.d.pick(live)
}

/** An organisation id that is in no tree. */
export const unknownOrg = (d: Draw): OrgId => orgId(Ulid.make(0, d.bits(80)))

/** The next milestone above every badge held, other than 45 (BDG-01 would answer first). */
export const nextMilestone = (life: Life): Milestone | undefined => {
  const highest = Math.max(0, ...life.state.badges.map((b) => b.milestone))
  return Badge.milestones.find((m) => m > highest && m !== 45)
}

/** The data of an award on a special decision (`other`), judged on its own date. */
export const badge = (
  milestone: Milestone,
  more: { readonly posthumous?: boolean; readonly early?: boolean } = {}
) => ({
  milestone,
  occasion: "other" as const,
  posthumous: more.posthumous ?? false,
  early: more.early ?? false
})

/** An official member with a transfer letter issued (in transit). */
export const inTransit = (d: Draw): Life | undefined => {
  const life = S.official(d)
  const at = S.later(life, 1, 400)
  const to = otherLiveBranch(life, at)
  if (to === undefined) return undefined
  S.must(life, cmd("TransferOut", at, { kind: "official", toOrgId: to }))
  return life
}

/** An exit after which readmission is barred (RDM-02). */
export const exitBarring = (d: Draw, at: CalendarDate): MemberCommand.MemberCommand =>
  d.weighted<MemberCommand.MemberCommand>([
    [1, cmd("StrikeOff", at, { reason: "abandonedActivity" })],
    [1, cmd("AllowToLeave", at, {})],
    [
      1,
      cmd("Discipline", at, {
        form: "expulsion",
        grounds: d.pick(["corruptionConviction", "seriousCrimeConviction", "seriousDisunity"] as const)
      })
    ]
  ])

/**
 * Applies again for readmission with a branch vote `months` (+ `lo`…`hi` days) after the exit; the
 * date of a decision at least 36 months after the exit.
 */
export const readmissionAfter = (life: Life, months: number, lo: number, hi: number): CalendarDate => {
  const exitOn = life.state.exit!.on
  const voteBy = Calendar.addDays(Calendar.addMonths(exitOn, months), life.d.int(lo, hi))
  S.applyAgain(life, voteBy)
  return Calendar.max(S.later(life, 1, 30), Calendar.addMonths(exitOn, 36))
}
