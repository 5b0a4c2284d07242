/**
 * The audit of the organisations of a subtree: members in a unit that is not branch-level (ORG-01)
 * or in one dissolved without moving them (ORG-05), the sizes of branch-level units on `asOf`
 * (ORG-02, ORG-03, ORG-04), and the yearly excellent-rating quota of each grassroots organisation
 * (RAT-04).
 */
import * as Calendar from "../Calendar.ts"
import type { CalendarDate } from "../Calendar.ts"
import type { OrgId } from "../Ids.ts"
import * as Member from "../Member.ts"
import * as Organization from "../Organization.ts"
import type { Registry } from "../OrganizationRegistry.ts"
import type { RuleId } from "../RuleViolation.ts"
import type { Env, FindingData, MemberAudit } from "./auditMembers.ts"
import { grassrootsOf } from "./grassroots.ts"

const orgFinding = (
  subject: OrgId,
  rule: RuleId,
  kind: FindingData["kind"],
  on: CalendarDate,
  message: string,
  messageVi: string
): FindingData => ({
  rule,
  kind,
  subject,
  subjectType: "organization",
  on,
  since: null,
  deadline: null,
  message,
  messageVi
})

const bump = (m: Map<OrgId, number>, k: OrgId): void => {
  m.set(k, (m.get(k) ?? 0) + 1)
}

export const auditOrganizations = (
  registry: Registry,
  org: OrgId,
  members: ReadonlyArray<MemberAudit>,
  env: Env & { readonly structureAsOf: CalendarDate | undefined }
): Array<FindingData> => {
  const { asOf, rulesOn, scopeOn, structureAsOf } = env
  const findings: Array<FindingData> = []
  const scope = scopeOn(asOf)
  const total = new Map<OrgId, number>()
  const official = new Map<OrgId, number>()
  /** Members left in an organisation dissolved without moving them: how many, by that organisation. */
  const stranded = new Map<OrgId, { n: number; readonly on: CalendarDate }>()
  for (const { state } of members) {
    if (!Member.isMember(state) || state.orgId === undefined) continue
    const unit = scope(state.orgId)
    if (unit === undefined) {
      const holding = registry.strandedIn(state.orgId, asOf)
      if (holding !== undefined) {
        const left = stranded.get(holding.org)
        if (left === undefined) stranded.set(holding.org, { n: 1, on: holding.on })
        else left.n++
      }
      continue
    }
    bump(total, unit)
    if (state.status === "official") bump(official, unit)
  }
  // ORG-05: an organisation of the subtree (by the nearest of its ancestors on its last day that
  // still stands) dissolved with members still in it and no `membersMovedTo`: they count nowhere.
  for (const [id, { n, on }] of stranded) {
    const lastDay = Calendar.addDays(on, -1)
    const standing = registry.ancestorsOn(id, lastDay).find((a) => registry.resolve(a, asOf) !== undefined)
    if (standing === undefined || scope(standing) === undefined) continue
    findings.push({
      ...orgFinding(
        id,
        "ORG-05",
        "membersInDissolvedOrganization",
        asOf,
        `${n} members still have this organisation, dissolved on ${on} without moving them, as their branch; they count in no organisation`,
        `${n} đảng viên vẫn sinh hoạt tại tổ chức đã giải thể ngày ${on} mà không được chuyển đi; họ không thuộc tổ chức nào`
      ),
      since: on
    })
  }
  const s = structureAsOf ?? asOf
  const rules = rulesOn(asOf).organization
  for (const id of registry.subtreeOn(org, s)) {
    const kind = registry.on(id, s)!.kind
    const all = total.get(id) ?? 0
    if (!Organization.isBranchLevel(kind)) {
      // ORG-01: members belong only to a branch-level unit. Its kind changed (a grassroots cell become
      // a grassroots committee) with members still in it, and they were not moved to its cells.
      if (all > 0) {
        findings.push(orgFinding(
          id,
          "ORG-01",
          "membersOutsideBranch",
          asOf,
          `${all} members have this ${kind} as their branch; members belong only to a cell or a grassroots cell`,
          `${all} đảng viên sinh hoạt trực tiếp tại tổ chức không phải chi bộ; đảng viên chỉ sinh hoạt ở chi bộ`
        ))
      }
      continue
    }
    const n = official.get(id) ?? 0
    if (n < rules.minOfficialMembers) {
      findings.push(orgFinding(
        id,
        "ORG-02",
        "tooFewOfficialMembers",
        asOf,
        `${n} official members; a party organisation needs at least ${rules.minOfficialMembers}`,
        `có ${n} đảng viên chính thức; tổ chức đảng phải có ít nhất ${rules.minOfficialMembers}`
      ))
    }
    if (kind === "grassrootsCell" && all >= rules.grassrootsCommitteeFrom) {
      findings.push(orgFinding(
        id,
        "ORG-03",
        "grassrootsCellTooLarge",
        asOf,
        `a grassroots cell with ${all} members; from ${rules.grassrootsCommitteeFrom} it is a grassroots committee`,
        `chi bộ cơ sở có ${all} đảng viên; từ ${rules.grassrootsCommitteeFrom} đảng viên thì lập đảng bộ cơ sở`
      ))
    }
    const state = registry.state(id)
    const committee = state === undefined ? undefined : Organization.committeeOn(state, asOf)
    if (n >= rules.chiUyFrom && committee?.kind !== "chiUy") {
      findings.push(orgFinding(
        id,
        "ORG-04",
        "noChiUy",
        asOf,
        `${n} official members and no chi ủy (committee on ${asOf}: ${committee?.kind ?? "none"})`,
        `có ${n} đảng viên chính thức nhưng chưa bầu chi ủy (hiện: ${
          committee === undefined ? "chưa bầu" : committee.kind === "secretary" ? "bí thư" : "chi ủy"
        })`
      ))
    }
  }
  // RAT-04, for each year of [from, asOf] from `quotaFromYear`: the ratings known on asOf of the
  // members of each grassroots organisation of the subtree at the year's end (or on asOf).
  for (let year = Calendar.toParts(env.from).year; year <= Calendar.toParts(asOf).year; year++) {
    const end = Calendar.min(Calendar.endOfYear(year), asOf)
    const yearRules = rulesOn(Calendar.endOfYear(year)).rating
    if (year < yearRules.quotaFromYear) continue
    const tree = structureAsOf ?? end
    const inSubtree = new Set(registry.subtreeOn(org, tree))
    const yearScope = scopeOn(end)
    const excellent = new Map<OrgId, number>()
    const good = new Map<OrgId, number>()
    for (const { yearly } of members) {
      const r = yearly.find((y) => y.year === year)
      if (r === undefined || (r.level !== "excellent" && r.level !== "good")) continue
      const unit = yearScope(r.home)
      const grassroots = unit === undefined ? undefined : grassrootsOf(registry, unit, tree)
      if (grassroots === undefined || !inSubtree.has(grassroots)) continue
      bump(r.level === "excellent" ? excellent : good, grassroots)
    }
    for (const [g, e] of [...excellent].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const gd = good.get(g) ?? 0
      // A small tolerance: 0.2 · 15 is 3.0000000000000004 in floating point.
      if (e <= yearRules.excellentShareOfGood * gd + 1e-9) continue
      const percent = Math.round(yearRules.excellentShareOfGood * 100)
      findings.push(orgFinding(
        g,
        "RAT-04",
        "excellentQuotaExceeded",
        end,
        `${year}: ${e} members rated excellent for ${gd} rated good; at most ${percent}% of good`,
        `năm ${year}: ${e} đảng viên hoàn thành xuất sắc nhiệm vụ trên ${gd} hoàn thành tốt; không quá ${percent}%`
      ))
    }
  }
  return findings
}
