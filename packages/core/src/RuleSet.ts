/**
 * Rule parameters by effective date (§0 of the rule book). A fact is judged by the `RuleSet` in force
 * on its **effective date** (`occurredOn`), never by today's date: a 2019 badge is judged by 2019
 * rules. The library ships the four regimes QĐ29 (2016), QĐ24 (2021), QĐ232 (01/2025) and QĐ294
 * (07/2025); users can override any parameter or supply a book of their own.
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "./Calendar.ts"
import type { DisciplineForm } from "./MemberEvent.ts"

/**
 * The parameters of the rules in force from `effectiveFrom` (quy định thi hành Điều lệ).
 *
 * @category models
 * @since 0.1.0
 */
export interface RuleSet {
  /** Short name of the regulation, e.g. `QĐ24`. */
  readonly name: string
  /** Full citation, e.g. `Quy định 24-QĐ/TW ngày 30/7/2021`. */
  readonly citation: string
  readonly effectiveFrom: CalendarDate
  readonly admission: {
    /** ADM-01: full years of age on the branch vote, at least. */
    readonly minAgeYears: number
    /** ADM-01: full years of age on the branch vote, at most, without `over60Consent`. */
    readonly maxAgeYears: number
    /** ADM-03: months an awareness certificate stays valid. */
    readonly courseValidityMonths: number
    /** ADM-04: the age up to which a Youth Union member may be introduced by the Youth Union. */
    readonly youthUnionMaxAge: number
    /** ADM-05: months a member sponsor must have worked or lived with the applicant. */
    readonly sponsorTenureMonths: number
    /** ADM-06: the branch vote needs votesFor / officialMembers ≥ numerator / denominator. */
    readonly branchVoteQuorum: { readonly numerator: number; readonly denominator: number }
    /** ADM-07: working days for the committee's decision after the branch resolution (a warning). */
    readonly decisionWithinWorkingDays: number
    /** ADM-07: the extension allowed, in working days. */
    readonly decisionExtensionWorkingDays: number
    /** ADM-09: working days for the ceremony after the decision, without superior consent. */
    readonly ceremonyWithinWorkingDays: number
    /** ADM-10: months a dossier (sponsor letters, union resolutions) stays valid until the branch vote. */
    readonly dossierValidityMonths: number
  }
  readonly readmission: {
    /** RDM-01: months since leaving the Party. */
    readonly minMonthsAfterExit: number
    /** RDM-01: months after a less-serious conviction is expunged. */
    readonly minMonthsAfterExpunged: number
  }
  readonly probation: {
    /** PRB-01: months of probation from the ceremony. */
    readonly months: number
    /** PRB-02: working days for the branch to consider recognition (a warning). */
    readonly recognitionWithinWorkingDays: number
  }
  readonly badge: {
    /** BDG-01: the date from which the 45-year badge exists. */
    readonly fortyFiveYearBadgeFrom: CalendarDate
    /** BDG-03: months early an award may be for milestones up to 65 years. */
    readonly earlyMonthsUpTo65: number
    /** BDG-03: months early an award may be for milestones of 70 years and more. */
    readonly earlyMonthsFrom70: number
    /** BDG-04: months before the milestone a deceased member may have died. */
    readonly posthumousEarlyMonths: number
    /** BDG-05: months after a discipline before the member is considered again (0 = no delay). */
    readonly disciplineDelayMonths: { readonly [F in Exclude<DisciplineForm, "expulsion">]: number }
  }
  readonly transfer: {
    /** TRF-01: working days to start an official transfer after the change (a warning). */
    readonly startWithinWorkingDays: number
    /** TRF-02: working days to present the letter to the receiving organisation. */
    readonly presentWithinWorkingDays: number
    /** TRF-04: shortest temporary transfer, months. */
    readonly temporaryMinMonths: number
    /** TRF-04: a temporary transfer (work) lasts less than this many months. */
    readonly temporaryMaxMonths: number
    /** TRF-04: a temporary transfer for full-time study lasts at most this many months. */
    readonly studyMaxMonths: number
  }
  readonly rating: {
    /** RAT-02: members admitted fewer than this many months before the end of the period are not rated. */
    readonly notRatedIfAdmittedWithinMonths: number
    /** RAT-04: yearly `excellent` may be at most this share of `good` within a grassroots organisation. */
    readonly excellentShareOfGood: number
    /** RAT-04: the first year the quota applies. */
    readonly quotaFromYear: number
  }
  readonly discipline: {
    /** DSC-02: statute of limitations in years by form (null: none). */
    readonly limitationYears: { readonly [F in DisciplineForm]: number | null }
  }
  readonly organization: {
    /** ORG-02: official members a party organisation needs. */
    readonly minOfficialMembers: number
    /** ORG-03: members from which a grassroots organisation is a đảng bộ cơ sở. */
    readonly grassrootsCommitteeFrom: number
    /** ORG-04: official members from which a branch elects a chi ủy. */
    readonly chiUyFrom: number
    /** ORG-01: what the `upper` level is: district (huyện) before 01/07/2025, commune after. */
    readonly upperLevel: "district" | "commune"
  }
}

/**
 * Regulation 29-QĐ/TW (25/07/2016): before QĐ24 a reprimand did not delay a badge.
 *
 * @category rule sets
 * @since 0.1.0
 */
export const qd29: RuleSet = {
  name: "QĐ29",
  citation: "Quy định 29-QĐ/TW ngày 25/7/2016 thi hành Điều lệ Đảng",
  effectiveFrom: "2016-07-25",
  admission: {
    minAgeYears: 18,
    maxAgeYears: 60,
    courseValidityMonths: 60,
    youthUnionMaxAge: 30,
    sponsorTenureMonths: 12,
    branchVoteQuorum: { numerator: 2, denominator: 3 },
    decisionWithinWorkingDays: 60,
    decisionExtensionWorkingDays: 30,
    ceremonyWithinWorkingDays: 30,
    dossierValidityMonths: 12
  },
  readmission: { minMonthsAfterExit: 36, minMonthsAfterExpunged: 60 },
  probation: { months: 12, recognitionWithinWorkingDays: 30 },
  badge: {
    fortyFiveYearBadgeFrom: "2016-07-25",
    earlyMonthsUpTo65: 12,
    earlyMonthsFrom70: 24,
    posthumousEarlyMonths: 12,
    disciplineDelayMonths: { reprimand: 0, warning: 6, removalFromPost: 12 }
  },
  transfer: {
    startWithinWorkingDays: 60,
    presentWithinWorkingDays: 30,
    temporaryMinMonths: 3,
    temporaryMaxMonths: 12,
    studyMaxMonths: 24
  },
  rating: { notRatedIfAdmittedWithinMonths: 6, excellentShareOfGood: 0.2, quotaFromYear: 2023 },
  discipline: { limitationYears: { reprimand: 5, warning: 10, removalFromPost: 10, expulsion: null } },
  organization: { minOfficialMembers: 3, grassrootsCommitteeFrom: 30, chiUyFrom: 9, upperLevel: "district" }
}

/**
 * Regulation 24-QĐ/TW (30/07/2021): badges are delayed 6 months after a reprimand, 9 after a
 * warning, 12 after removal from post.
 *
 * @category rule sets
 * @since 0.1.0
 */
export const qd24: RuleSet = {
  ...qd29,
  name: "QĐ24",
  citation: "Quy định 24-QĐ/TW ngày 30/7/2021 thi hành Điều lệ Đảng",
  effectiveFrom: "2021-07-30",
  badge: { ...qd29.badge, disciplineDelayMonths: { reprimand: 6, warning: 9, removalFromPost: 12 } }
}

/**
 * Regulation 232-QĐ/TW (20/01/2025).
 *
 * @category rule sets
 * @since 0.1.0
 */
export const qd232: RuleSet = {
  ...qd24,
  name: "QĐ232",
  citation: "Quy định 232-QĐ/TW ngày 20/01/2025 thi hành Điều lệ Đảng",
  effectiveFrom: "2025-01-20"
}

/**
 * Regulation 294-QĐ/TW (in force 01/07/2025): the district level is abolished; the `upper` level is
 * the commune/ward committee directly under the province.
 *
 * @category rule sets
 * @since 0.1.0
 */
export const qd294: RuleSet = {
  ...qd232,
  name: "QĐ294",
  citation: "Quy định 294-QĐ/TW thi hành Điều lệ Đảng, hiệu lực 01/7/2025",
  effectiveFrom: "2025-07-01",
  organization: { ...qd232.organization, upperLevel: "commune" }
}

/**
 * A book of rule sets ordered by `effectiveFrom`. The first set also governs facts dated before it.
 *
 * @category models
 * @since 0.1.0
 */
export interface RuleBook {
  readonly sets: ReadonlyArray<RuleSet>
}

/**
 * Builds a book from rule sets in any order.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeBook = (sets: ReadonlyArray<RuleSet>): RuleBook => ({
  sets: [...sets].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0))
})

/**
 * The book the library ships: QĐ29, QĐ24, QĐ232, QĐ294.
 *
 * @category rule sets
 * @since 0.1.0
 */
export const defaultBook: RuleBook = makeBook([qd29, qd24, qd232, qd294])

/**
 * The rule set in force on a date (the latest whose `effectiveFrom` is on or before it; the earliest
 * for dates before every set).
 *
 * @category getters
 * @since 0.1.0
 */
export const forDate = (date: CalendarDate, book: RuleBook = defaultBook): RuleSet => {
  const sets = book.sets
  let found = sets[0]!
  for (const s of sets) {
    if (s.effectiveFrom <= date) found = s
    else break
  }
  return found
}

type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] }

/**
 * A partial change to a rule set.
 *
 * @category models
 * @since 0.1.0
 */
export type Override = DeepPartial<RuleSet>

const merge = (base: any, patch: any): any => {
  if (patch === undefined) return base
  if (typeof base !== "object" || base === null || typeof patch !== "object" || patch === null) return patch
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(patch)) out[k] = merge(base[k], v)
  return out
}

/**
 * A rule set with some parameters changed (a province's local practice).
 *
 * @category combinators
 * @since 0.1.0
 */
export const override = (base: RuleSet, patch: Override): RuleSet => merge(base, patch)

/**
 * A book with the same change applied to every set (e.g. a stricter local quorum).
 *
 * @category combinators
 * @since 0.1.0
 */
export const overrideBook = (book: RuleBook, patch: Override): RuleBook =>
  makeBook(book.sets.map((s) => override(s, { ...patch, name: s.name, effectiveFrom: s.effectiveFrom })))
