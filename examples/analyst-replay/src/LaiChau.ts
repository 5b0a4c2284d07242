/**
 * Lai Châu provincial party committee on 31/12/2021 (published figures, seed 001): the tree, the
 * members and their make-up, the year's admissions against the plan.
 *
 * The background is a generated province with Lai Châu's tree and roughly its size and make-up,
 * set a little under the targets; the calibration measures it with `Statistics` and tops it up
 * with new streams only — candidates admitted in 2021, probationary and official members arriving
 * in 2021 — each with the gender and ethnicity that close the gaps.
 */
import { Calendar, Statistics } from "@dangvien/core"
import { ProvinceHistory } from "@dangvien/testing"
import { Result } from "effect"
import { deficit, generateBackground, measure, spread, topped, who } from "./Calibration.ts"
import * as Published from "./Published.ts"
import * as Roster from "./Roster.ts"
import { admission, arrival, Writer } from "./TopUp.ts"

/** The generated background: Lai Châu's tree, 2017–2021, a little under every target. */
export const background: ProvinceHistory.Options = {
  seed: 2021,
  members: 31_000,
  from: 2017,
  to: 2021,
  openingShare: 0.8,
  shape: { uppers: 12, grassrootsCommittees: 185, grassrootsCells: 341, cells: 1908, subCommittees: 3 },
  admissionsPerYear: { 2021: 980 },
  admissionTargets: { 2021: Published.laiChau.planTarget },
  femaleShareOfAdmissions: 0.385,
  femaleShareOfOpening: 0.325,
  ethnicMinorityShare: 0.53,
  minorities: [[40, "Thái"], [25, "Mông"], [15, "Dao"], [8, "Giáy"], [6, "Hà Nhì"], [6, "Lự"]]
}

/** The history: the background and its top-up. */
export const history = () =>
  Result.gen(function*() {
    const t = Published.laiChau
    const generated = generateBackground(background)
    const { envelopes, roster } = generated
    const before = yield* measure(Statistics.make(envelopes), roster.root, {
      from: "2021-01-01",
      to: t.on,
      knownAt: t.knownAt
    })
    const admitted = yield* deficit("admitted 2021", before.flows.admitted, t.admitted)
    const total = yield* deficit("members", before.stocks.total, t.members)
    const probationary = yield* deficit("probationary", before.stocks.probationary, t.probationary, admitted)
    yield* deficit(
      "members − probationary",
      before.stocks.total - before.stocks.probationary,
      t.members - t.probationary
    )
    const femaleGap = yield* deficit("female", before.stocks.female, t.female)
    const minorityGap = yield* deficit("ethnic minority", before.stocks.ethnicMinority, t.ethnicMinority)
    yield* deficit("male", before.stocks.total - before.stocks.female, t.members - t.female)
    yield* deficit("Kinh", before.stocks.total - before.stocks.ethnicMinority, t.members - t.ethnicMinority)

    const w = new Writer("TC0001")
    const cells = Roster.branches(roster)
    // Sponsors: per branch, its first member able to sponsor in 2021.
    const { officials, sponsorOf } = Roster.sponsors(roster, "2020-11-01", "2019-11-01")
    const withSponsor = cells.filter((c) => sponsorOf.has(c.id))
    for (let i = 0; i < total; i++) {
      const female = spread(i, femaleGap, total)
      const ethnicity = spread(i, minorityGap, total) ? (i % 2 === 0 ? "Thái" : "Mông") : "Kinh"
      if (i < admitted) {
        // A candidate admitted in 2021 (between February and November).
        const cell = withSponsor[(i * 7) % withSponsor.length]!
        const decidedOn = Calendar.addDays("2021-02-01", (i * 37) % 290)
        const sponsor = sponsorOf.get(cell.id)!
        admission(w, {
          orgId: cell.id,
          decidedOn,
          decidedBy: Roster.ancestor(roster, cell.id, ["upper"])!.id,
          who: who(i, female, ethnicity, decidedOn, 24),
          sponsor: { id: sponsor.id, since: sponsor.since },
          officialMembers: officials.get(cell.id) ?? 1
        })
        w.count("candidates admitted in 2021")
      } else {
        // An arrival from another province in 2021: probationary (admitted there in 2021) or official.
        const cell = cells[(i * 13) % cells.length]!
        const on = Calendar.addDays("2021-03-01", (i * 11) % 290)
        const official = i >= probationary
        arrival(w, {
          orgId: cell.id,
          on,
          who: who(i, female, ethnicity, on, official ? 38 : 26),
          official,
          admittedOn: official ? Calendar.addYears(on, -8) : Calendar.addDays(on, -60)
        })
        w.count(official ? "official members arriving in 2021" : "probationary members arriving in 2021")
      }
    }
    return topped(Roster.orgId(roster), generated, w)
  })
