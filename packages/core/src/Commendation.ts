/**
 * Commendations (khen thưởng đảng viên): the members of an organisation's subtree rated `excellent`
 * (hoàn thành xuất sắc nhiệm vụ) several years running — whom party committees commend, as Hà Nội
 * commended 140 members rated excellent five years running, 2010–2014. Computed from either
 * statistics index (`Statistics.make` or `Statistics.makeCompact`).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { CalendarDate } from "./Calendar.ts"
import * as Calendar from "./Calendar.ts"
import type { MemberId, OrgId } from "./Ids.ts"
import { checkFields, checkOrg } from "./internal/queryCheck.ts"
import { countedBySome, makeScopes, unitOn } from "./internal/statisticsFigures.ts"
import { storeOf } from "./internal/statisticsIndex.ts"
import type { Compact, Index, UnknownOrganization } from "./Statistics.ts"
import { InvalidQuery } from "./Statistics.ts"

/**
 * A query for members rated excellent `years` years running up to `lastYear` (its yearly rating
 * period: `2014` for 2010–2014 with `years: 5`), in the subtree of `org` at the end of `lastYear`
 * (restated in the tree of `structureAsOf` when given); `knownAt` (an ISO instant) ignores events
 * recorded after it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Query {
  readonly org: OrgId
  readonly lastYear: number
  readonly years: number
  readonly knownAt?: string | undefined
  readonly structureAsOf?: CalendarDate | undefined
}

/**
 * A member rated excellent each year from `since` to the query's `lastYear` (at least its `years`
 * years; `since` is the first year of the whole run, so `lastYear − since + 1` years running), and
 * the unit of the report the member counts in at the end of `lastYear`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Row {
  readonly memberId: MemberId
  readonly unit: OrgId
  readonly since: number
}

const isYear = (n: number): boolean => Number.isInteger(n) && n >= 1000 && n <= 9999

/**
 * The members rated excellent (`QualityRated` with level `excellent`, RAT-01) for each yearly period
 * of the `years` years ending with `lastYear`, who count in the subtree of `org` at the end of
 * `lastYear` (probationary or official members with a home organisation in it, as the ratings of
 * `Statistics.query` count them), one row per member, sorted by member id. A period's rating is the
 * latest recorded for it (RAT-05: a correction supersedes; a later `NotRated` too); retracted
 * ratings do not count, as of their retraction's recording when `knownAt` is given. Half-year
 * ratings do not count. Where the member was rated in earlier years does not matter: only the
 * levels do.
 *
 * @category queries
 * @since 0.1.0
 */
export const consecutiveExcellent = (
  index: Index | Compact,
  q: Query
): Result.Result<ReadonlyArray<Row>, UnknownOrganization | InvalidQuery> => {
  if (!isYear(q.lastYear)) {
    return Result.fail(new InvalidQuery({ field: "lastYear", message: `${q.lastYear} is not a year` }))
  }
  if (!Number.isInteger(q.years) || q.years < 1 || q.years > q.lastYear - 999) {
    return Result.fail(new InvalidQuery({ field: "years", message: `${q.years} is not a number of years from 1` }))
  }
  return Result.flatMap(checkFields({ structureAsOf: q.structureAsOf }, q.knownAt), () => {
    const store = storeOf(index)
    const structure = store.structure(q.knownAt)
    return Result.map(checkOrg(structure.registry, q.org), (org) => {
      const end = Calendar.endOfYear(q.lastYear)
      const scope = makeScopes(structure, org, q.structureAsOf)(end)
      const endDay = Calendar.toDayNumber(end)
      // The members counted at the end of the last year and rated excellent for it, then each
      // one's earlier years, one at a time, back to the first that is not excellent.
      const excellentIn = (ordinal: number, year: number): boolean =>
        store.lifeOf(ordinal, q.knownAt, String(year)).rating === "excellent"
      const rows: Array<Row> = []
      store.forEachLife(q.knownAt, String(q.lastYear), countedBySome(structure, [scope]), (life, ordinal) => {
        if (life.rating !== "excellent") return
        const unit = unitOn(life, endDay, scope)
        if (unit === -1) return
        let since = q.lastYear
        while (since > 1000 && excellentIn(ordinal, since - 1)) since--
        if (q.lastYear - since + 1 >= q.years) {
          rows.push({ memberId: store.memberIdOf(ordinal), unit: scope.orgIds[unit]!, since })
        }
      }, { from: end, until: end })
      return rows.sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
    })
  })
}
