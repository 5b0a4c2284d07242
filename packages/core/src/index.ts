/**
 * @dangvien/core — the life of a member of the Communist Party of Vietnam as an immutable event
 * stream. Import modules as namespaces: `import { Member, MemberDecider } from "@dangvien/core"`.
 *
 * @since 0.1.0
 */

/** The audit (kiểm tra): findings of the rules that report rather than refuse — deadlines, quotas, sizes — for a subtree on a date. */
export * as Audit from "./Audit.ts"
/** Badges (Huy hiệu Đảng): milestones, occasions, early/posthumous windows, discipline delay. */
export * as Badge from "./Badge.ts"
/** Badges due (xét tặng Huy hiệu Đảng) on an award occasion, for a subtree: milestone, date reached, early, posthumous. */
export * as BadgesDue from "./BadgesDue.ts"
/** Calendar dates, month arithmetic, the lunar calendar and Vietnamese working days. */
export * as Calendar from "./Calendar.ts"
/** Load → decide → append, retrying on a version conflict. */
export * as CommandHandler from "./CommandHandler.ts"
/** Commendations (khen thưởng): members rated excellent several years running, for a subtree. */
export * as Commendation from "./Commendation.ts"
/** The decider shape and folding. */
export * as Decider from "./Decider.ts"
/** The envelope and its NDJSON line. */
export * as Envelope from "./Envelope.ts"
/** The storage port and the in-memory store. */
export * as EventStore from "./EventStore.ts"
/** Event id generation as a service. */
export * as IdGenerator from "./IdGenerator.ts"
/** Bulk import of NDJSON: every line checked against the rules, nothing committed before the whole file is accepted. */
export * as Import from "./Import.ts"
/** Member, organisation and event identifiers. */
export * as Ids from "./Ids.ts"
/** A member's state and evolve. */
export * as Member from "./Member.ts"
/** Member commands. */
export * as MemberCommand from "./MemberCommand.ts"
/** The member decider: every refusing rule of the rule book. */
export * as MemberDecider from "./MemberDecider.ts"
/** Member event schemas. */
export * as MemberEvent from "./MemberEvent.ts"
/** An organisation's state and evolve. */
export * as Organization from "./Organization.ts"
/** The organisation decider. */
export * as OrganizationDecider from "./OrganizationDecider.ts"
/** Organisations over time: the tree on any date. */
export * as OrganizationRegistry from "./OrganizationRegistry.ts"
/** Organisation event schemas. */
export * as OrgEvent from "./OrgEvent.ts"
/** Party age (tuổi đảng). */
export * as PartyAge from "./PartyAge.ts"
/** Projections and their checkpointed runner. */
export * as Projection from "./Projection.ts"
/** Personal data. */
export * as Person from "./Person.ts"
/** Rule parameters by effective date. */
export * as RuleSet from "./RuleSet.ts"
/** The rule violation error. */
export * as RuleViolation from "./RuleViolation.ts"
/** ADM-05: since when a sponsor has been in the applicant's grassroots organisation (tổ chức cơ sở đảng). */
export * as SponsorTenure from "./SponsorTenure.ts"
/** Statistics (thống kê): stocks, flows, ratings, ratios and organisations of a subtree, from an index of every envelope. */
export * as Statistics from "./Statistics.ts"
/** A member's timeline (dòng thời gian của đảng viên): status, home organisation and counted events by date. */
export * as Timeline from "./Timeline.ts"
/** Upcasting older schema versions on read. */
export * as Upcaster from "./Upcaster.ts"
