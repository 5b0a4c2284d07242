/**
 * Hà Nội (published figures, seed 004): the members rated excellent (hoàn thành xuất sắc nhiệm vụ)
 * five years running, 2010–2014 — 140 of them, commended by the city's standing committee after
 * its plan of 12/3/2015 (Kế hoạch 149-KH/TU) — and the yearly ratings: "more than 85%" of the
 * members rated each year, "13.3%" of them excellent.
 *
 * Hà Nội had several hundred thousand members; the background is a much smaller generated city
 * (the 140 are a count, not a share, and the ratings' shares do not depend on the size), 2006–2014,
 * in which rating excellent five years running is rare. The calibration counts those the
 * background already has with `Commendation.consecutiveExcellent`, adds the rest as members
 * arriving in 2009 and rated excellent each year from 2010 to 2014, then brings the share of
 * excellent among the members rated for 2014 to 13.3% with members arriving in 2014, rated for
 * that year only (excellent or good, whichever the share needs).
 */
import { Commendation, type Ids, Statistics } from "@dangvien/core"
import { ProvinceHistory } from "@dangvien/testing"
import { Result } from "effect"
import { CalibrationInfeasible, deficit, generateBackground, topped, who } from "./Calibration.ts"
import * as Published from "./Published.ts"
import * as Roster from "./Roster.ts"
import { arrival, Writer } from "./TopUp.ts"

/** The generated background: a city of about 12,000 members, 2006–2014. */
export const background: ProvinceHistory.Options = {
  seed: 2015,
  members: 12_000,
  from: 2006,
  to: 2014,
  openingShare: 0.85,
  rates: { excellent: 0.12 }
}

/**
 * The members of `root`'s subtree rated excellent `years` years running up to 2014, as the
 * committee knew them: what the calibration counts in the background and the replay reports.
 */
export const commended = (index: Statistics.Compact, root: Ids.OrgId, years: number = Published.haNoi.years) =>
  Commendation.consecutiveExcellent(index, {
    org: root,
    lastYear: Published.haNoi.lastYear,
    years,
    knownAt: Published.haNoi.knownAt
  })

/** The ratings of a year's period as the committee knew them. */
const ratingsOf = (index: Statistics.Compact, root: string, year: number) =>
  Statistics.query(index, {
    org: root as never,
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    period: String(year),
    knownAt: Published.haNoi.knownAt
  }).pipe(Result.map((r) => r.ratings))

/** The history: the background and its top-up. */
export const history = () =>
  Result.gen(function*() {
    const t = Published.haNoi
    const generated = generateBackground(background)
    const { envelopes, roster } = generated
    const root = Roster.orgId(roster)
    const index = Statistics.makeCompact(envelopes)
    const runs = yield* deficit(
      "members rated excellent 2010–2014",
      (yield* commended(index, root)).length,
      t.commended
    )
    for (let year = t.lastYear - t.years + 1; year <= t.lastYear; year++) {
      const share = (yield* ratingsOf(index, root, year)).ratedShare ?? 0
      // "More than 85%": adding rated members only raises it, so the background must be above it.
      if (share <= t.ratedShareAbove) {
        return yield* Result.fail(
          new CalibrationInfeasible({ figure: `rated share ${year} (per cent)`, generated: share * 100, target: 85 })
        )
      }
    }

    const w = new Writer("TC0004")
    const cells = Roster.branches(roster)
    for (let i = 0; i < runs; i++) {
      const on = "2009-06-01"
      const member = arrival(w, {
        orgId: cells[(i * 13) % cells.length]!.id,
        on,
        who: who(i, i % 2 === 0, "Kinh", on, 42),
        official: true,
        admittedOn: "2001-03-01"
      })
      for (let year = t.lastYear - t.years + 1; year <= t.lastYear; year++) {
        w.add(member, "QualityRated", `${year}-12-20`, { period: String(year), level: "excellent" })
      }
      w.count("members arriving in 2009, rated excellent 2010–2014")
    }

    // The share of excellent among those rated for 2014, with the runs added: one member at a time
    // rated excellent (or good) for 2014 alone moves it by about 0.01 point, well inside the 0.1
    // point that rounds to 13.3.
    const r = yield* ratingsOf(index, root, t.lastYear)
    let excellent = r.byLevel.excellent + runs
    let rated = r.rated + runs
    for (let i = 0; Published.percent(excellent / rated, 1) !== t.excellentPercent; i++) {
      const more = excellent / rated < t.excellentPercent / 100
      const on = "2014-03-01"
      const member = arrival(w, {
        orgId: cells[(i * 17 + 5) % cells.length]!.id,
        on,
        who: who(runs + i, i % 2 === 1, "Kinh", on, 38),
        official: true,
        admittedOn: "2008-05-01"
      })
      w.add(member, "QualityRated", "2014-12-20", { period: "2014", level: more ? "excellent" : "good" })
      w.count(`members arriving in 2014, rated ${more ? "excellent" : "good"} for 2014`)
      rated++
      if (more) excellent++
    }
    return topped(root, generated, w)
  })
