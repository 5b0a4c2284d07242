/**
 * The audit (kiểm tra): the rules of the rule book that report rather than refuse — deadlines,
 * quotas, sizes — listed as findings for an organisation's subtree on a date, from the `Statistics`
 * index. Pure: the date is an argument, never a clock.
 *
 * Two sorts of finding:
 *
 * - **on `asOf`**, what stands on that day: an admission decision (ADM-07), a ceremony (ADM-09), a
 *   recognition (PRB-02) or an arrival (TRF-02) still missing after its deadline, an expired awareness certificate (ADM-03), two
 *   `notCompleted` years (EXT-05), a badge due at an occasion already past (BDG-02), members whose
 *   unit is not branch-level (ORG-01) or was dissolved without moving them (ORG-05), and the sizes
 *   of units (ORG-02, ORG-03, ORG-04);
 * - **in [`from`, `asOf`]**, what happened in the period: an admission of a religious person without a
 *   recorded approval (ADM-11), an admission decided after its deadline (ADM-07), a recognition considered (PRB-02) or a letter presented (TRF-02) after
 *   its deadline, and the yearly excellent-rating quota of each year of the period (RAT-04).
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import * as Calendar from "./Calendar.ts"
import type { CalendarDate, HolidayCalendar } from "./Calendar.ts"
import type { MemberId, OrgId } from "./Ids.ts"

import { auditMember, type MemberAudit } from "./internal/auditMembers.ts"
import { auditOrganizations } from "./internal/auditOrganizations.ts"
import { checkFields, checkOrg } from "./internal/queryCheck.ts"
import { makeScopes } from "./internal/statisticsFigures.ts"
import { storeOf } from "./internal/statisticsIndex.ts"
import * as RuleSet from "./RuleSet.ts"
import type { RuleId } from "./RuleViolation.ts"
import { type Index, InvalidQuery, type UnknownOrganization } from "./Statistics.ts"

/**
 * An audit query. `asOf` is required (the library has no clock); `from` (default 1 January of
 * `asOf`'s year) opens the period of the event findings; `knownAt` (an ISO instant) ignores events
 * recorded after it; `structureAsOf` restates every date in that date's tree (as in `Statistics`);
 * `rules` (default `RuleSet.defaultBook`) and `calendar` (default `Calendar.vietnam`) are those of
 * the decider.
 *
 * @category models
 * @since 0.1.0
 */
export interface Query {
  readonly org: OrgId
  readonly asOf: CalendarDate
  readonly from?: CalendarDate | undefined
  readonly knownAt?: string | undefined
  readonly structureAsOf?: CalendarDate | undefined
  readonly rules?: RuleSet.RuleBook | undefined
  readonly calendar?: HolidayCalendar | undefined
}

/**
 * What a finding is about (one kind per check; a rule may have two).
 *
 * @category models
 * @since 0.1.0
 */
export type Kind =
  | "religiousAdmissionWithoutApproval"
  | "decisionLate"
  | "decisionOverdue"
  | "ceremonyOverdue"
  | "recognitionOverdue"
  | "recognitionLate"
  | "inTransitOverdue"
  | "arrivalLate"
  | "certificateExpired"
  | "twoYearsNotCompleted"
  | "excellentQuotaExceeded"
  | "membersOutsideBranch"
  | "membersInDissolvedOrganization"
  | "tooFewOfficialMembers"
  | "grassrootsCellTooLarge"
  | "noChiUy"
  | "badgeDue"

/**
 * One audit finding: the rule, the kind of breach, its subject (a member or an organisation), the
 * day it is about (`on`: `asOf` for what stands on that day, the event's date for what happened in
 * the period), when the time counted began (`since`: the decision, the end of probation, the letter,
 * the certificate, the milestone) and the last day allowed (`deadline`), and a message in English
 * and Vietnamese.
 *
 * @category models
 * @since 0.1.0
 */
export class Finding extends Data.TaggedClass("Finding")<{
  readonly rule: RuleId
  readonly kind: Kind
  readonly subject: MemberId | OrgId
  readonly subjectType: "member" | "organization"
  readonly on: CalendarDate
  readonly since: CalendarDate | null
  readonly deadline: CalendarDate | null
  readonly message: string
  readonly messageVi: string
}> {}

const order = (a: Finding, b: Finding): number =>
  a.rule !== b.rule
    ? (a.rule < b.rule ? -1 : 1)
    : a.subject !== b.subject
    ? (a.subject < b.subject ? -1 : 1)
    : a.kind !== b.kind
    ? (a.kind < b.kind ? -1 : 1)
    : a.on < b.on
    ? -1
    : a.on > b.on
    ? 1
    : 0

/**
 * The findings for the subtree of `org`, sorted by rule, then subject (then kind and date). See the
 * module documentation and `docs/statistics.md` for how each is computed.
 *
 * @category queries
 * @since 0.1.0
 */
export const audit = (
  index: Index,
  q: Query
): Result.Result<ReadonlyArray<Finding>, UnknownOrganization | InvalidQuery> =>
  Result.flatMap(
    checkFields({ asOf: q.asOf, from: q.from, structureAsOf: q.structureAsOf }, q.knownAt),
    (): Result.Result<ReadonlyArray<Finding>, UnknownOrganization | InvalidQuery> => {
      const from = q.from ?? Calendar.startOfYear(Calendar.toParts(q.asOf).year)
      if (from > q.asOf) {
        return Result.fail(new InvalidQuery({ field: "from", message: `from ${from} is after asOf ${q.asOf}` }))
      }
      const store = storeOf(index)
      const tree = store.structure(q.knownAt)
      return Result.map(checkOrg(tree.registry, q.org), (org) => {
        const env = {
          asOf: q.asOf,
          from,
          rulesOn: (d: CalendarDate) => RuleSet.forDate(d, q.rules),
          calendar: q.calendar ?? Calendar.vietnam,
          scopeOn: makeScopes(tree, org, q.structureAsOf)
        }
        const findings: Array<Finding> = []
        const members: Array<MemberAudit> = []
        for (const history of store.histories(q.knownAt)) {
          const m = auditMember(history, env)
          for (const f of m.findings) findings.push(new Finding(f))
          members.push(m)
        }
        const orgFindings = auditOrganizations(tree.registry, org, members, {
          ...env,
          structureAsOf: q.structureAsOf
        })
        for (const f of orgFindings) findings.push(new Finding(f))
        return findings.sort(order)
      })
    }
  )
