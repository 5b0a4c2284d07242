/**
 * Pleiku city party committee (Gia Lai) on 6/12/2017 (published figures, seed 003): its members
 * and their make-up — women, ethnic minorities, religious members, members of Youth Union age —
 * in its 68 grassroots organisations, and the admissions of 2017's first eleven months and of the
 * term so far.
 *
 * Pleiku is a district-level committee (`upper`) of Gia Lai province: the background is a generated
 * province with one `upper` holding 68 grassroots organisations, and every figure is queried on
 * that `upper`. The background is a little under every target — its roster older than the
 * generator's default (`openingPartyAge`) so that fewer than 10% are of Youth Union age, its people
 * 1.3% religious (`religiousShare`) — and the calibration measures it with `Statistics` and tops it
 * up with new streams only: members of the opening roster (imported on the first day,
 * `openingBalance`), and candidates admitted in the term (from 1/7/2015) and in 2017, each with the
 * gender, ethnicity, religion and age that close the gaps.
 */
import { Calendar, Ids, Statistics } from "@dangvien/core"
import { ProvinceHistory } from "@dangvien/testing"
import { Result } from "effect"
import { deficit, generateBackground, measure, spread, topped, who } from "./Calibration.ts"
import * as Published from "./Published.ts"
import * as Roster from "./Roster.ts"
import { admission, arrival, recognition, Writer } from "./TopUp.ts"

/** The history's first day: the opening roster is imported then. */
const OPENING = "2014-01-01"

/**
 * The generated background: Gia Lai with one district-level committee, Pleiku, 2014–2017, its 68
 * grassroots organisations (32 đảng bộ cơ sở and 36 chi bộ cơ sở: only the total is published;
 * 23 of the committees are the communes' and wards'), about 8,000 members generated.
 */
export const background: ProvinceHistory.Options = {
  seed: 2017,
  members: 8_000,
  from: 2014,
  to: 2017,
  openingShare: 0.95,
  openingPartyAge: [[10, 2, 10], [40, 10, 25], [30, 25, 35], [20, 35, 50]],
  shape: { uppers: 1, grassrootsCommittees: 32, grassrootsCells: 36, cells: 220, subCommittees: 0 },
  admissionsPerYear: { 2014: 120, 2015: 120, 2016: 110, 2017: 100 },
  femaleShareOfAdmissions: 0.45,
  femaleShareOfOpening: 0.4,
  ethnicMinorityShare: 0.05,
  minorities: [[60, "Gia Rai"], [30, "Ba Na"], [10, "Tày"]],
  religiousShare: 0.013
}

const MINORITIES = ["Gia Rai", "Ba Na"]
const RELIGIONS = ["Công giáo", "Phật giáo", "Tin Lành"]

/** The history: the background and its top-up. */
export const history = () =>
  Result.gen(function*() {
    const t = Published.pleiku
    const generated = generateBackground(background)
    const { envelopes, roster } = generated
    const city = [...roster.orgs.values()].find((o) => o.kind === "upper")!
    const index = Statistics.make(envelopes)
    const stocks = (yield* measure(index, city.id, { asOf: t.asOf, knownAt: t.knownAt })).stocks
    const year = (yield* measure(index, city.id, { from: t.from, to: t.to, knownAt: t.knownAt })).flows
    const term = (yield* measure(index, city.id, { from: t.termFrom, to: t.to, knownAt: t.knownAt })).flows

    const admitted2017 = yield* deficit("admitted 1/1–30/11/2017", year.admitted, t.admitted)
    const admittedBefore = yield* deficit(
      "admitted 1/7/2015–31/12/2016",
      term.admitted - year.admitted,
      t.admittedInTerm - t.admitted
    )
    const admitted = admitted2017 + admittedBefore
    const total = yield* deficit("members", stocks.total, t.members, admitted)
    const imported = total - admitted
    const femaleGap = yield* deficit("female", stocks.female, t.female)
    const minorityGap = yield* deficit("ethnic minority", stocks.ethnicMinority, t.ethnicMinority)
    const religiousGap = yield* deficit("religious", stocks.religious, t.religious)
    const youthGap = yield* deficit("30 or under", stocks.ageBands["≤30"], t.youth)
    yield* deficit("male", stocks.total - stocks.female, t.members - t.female)
    yield* deficit("Kinh", stocks.total - stocks.ethnicMinority, t.members - t.ethnicMinority)
    // Religious members are among the imported only (an admission of a religious candidate needs
    // the approval ADM-11 asks for).
    yield* deficit("without religion", stocks.total - stocks.religious + admitted, t.members - t.religious)
    yield* deficit("over 30", stocks.total - stocks.ageBands["≤30"], t.members - t.youth)
    // The admitted are of Youth Union age first; the rest of the gap among the imported.
    const youngAdmitted = Math.min(admitted, youthGap)
    const youngImported = youthGap - youngAdmitted

    const w = new Writer("TC0003")
    const branches = Roster.branches(roster)
    const cells = branches.filter((b) => b.kind === "cell")
    const grassrootsCells = branches.filter((b) => b.kind === "grassrootsCell")
    // Sponsors: per branch, its first member official by May 2015, in the branch for a year then.
    const { officials, sponsorOf } = Roster.sponsors(roster, "2015-05-01", "2014-05-01")
    const withSponsor = branches.filter((c) => sponsorOf.has(c.id))
    for (let i = 0; i < total; i++) {
      const female = spread(i, femaleGap, total)
      const ethnicity = spread(i, minorityGap, total) ? MINORITIES[i % 2]! : "Kinh"
      if (i < admitted) {
        // A candidate admitted in 2017 (January–November), or in the term before 2017.
        const in2017 = i < admitted2017
        const cell = withSponsor[(i * 7) % withSponsor.length]!
        const decidedOn = in2017
          ? Calendar.addDays("2017-01-05", (i * 37) % 320)
          : Calendar.addDays("2015-07-10", (i * 37) % 530)
        const age = i < youngAdmitted ? 22 + (i % 8) : 31 + (i % 15)
        const sponsor = sponsorOf.get(cell.id)!
        const n = officials.get(cell.id) ?? 1
        const { ceremonyOn, id } = admission(w, {
          orgId: cell.id,
          decidedOn,
          decidedBy: city.id,
          who: who(i, female, ethnicity, t.asOf, age),
          sponsor: { id: sponsor.id, since: sponsor.since },
          officialMembers: n
        })
        // Recognised at the end of probation when that is before the report.
        if (Calendar.addDays(Calendar.addMonths(ceremonyOn, 12), 3) <= t.to) recognition(w, id, ceremonyOn, n)
        w.count(in2017 ? "candidates admitted in January–November 2017" : "candidates admitted in 7/2015–2016")
      } else {
        // The rest of the opening roster, official: mostly in the cells under grassroots committees.
        const k = i - admitted
        const young = spread(k, youngImported, imported)
        const age = young ? 25 + (k % 6) : 31 + ((k * 7) % 45)
        const partyYears = young ? 2 : Math.max(2, age - 4 - 21 - (k % 5))
        const cell = k % 10 === 0
          ? grassrootsCells[(k / 10) % grassrootsCells.length]!
          : cells[(k * 13) % cells.length]!
        arrival(w, {
          orgId: cell.id,
          on: OPENING,
          who: who(i, female, ethnicity, t.asOf, age, spread(k, religiousGap, imported) ? RELIGIONS[k % 3] : undefined),
          official: true,
          admittedOn: Calendar.addDays(Calendar.addYears(OPENING, -partyYears), -(k % 200)),
          basis: "openingBalance"
        })
        w.count("members of the opening roster")
      }
    }
    return topped(Ids.orgId(city.id), generated, w)
  })
