/**
 * Đà Nẵng city party committee, 1/1–31/8/2024 against the same months of 2023 (published figures,
 * seed 002): admissions, their rate to the membership at the start of the year, and the change.
 *
 * The background is a generated city of about 61,000 members, 2021–2024, with fewer admissions in
 * 2023 and 2024 than published; the calibration measures it with `Statistics` and tops it up with
 * new streams only: candidates admitted in January–August of each year, and members arriving in
 * 2023 so that the membership on 31/12/2023 is 61,400.
 */
import { Calendar, Statistics } from "@dangvien/core"
import { ProvinceHistory } from "@dangvien/testing"
import { Result } from "effect"
import { deficit, generateBackground, measure, topped, who } from "./Calibration.ts"
import * as Published from "./Published.ts"
import * as Roster from "./Roster.ts"
import { admission, arrival, Writer } from "./TopUp.ts"

/** The generated background: a city, 2021–2024, under the targets. */
export const background: ProvinceHistory.Options = {
  seed: 2024,
  members: 67_200,
  from: 2021,
  to: 2024,
  openingShare: 0.9,
  admissionsPerYear: { 2023: 1_050, 2024: 1_750 },
  admissionTargets: { 2023: 1_350, 2024: 2_050 },
  ethnicMinorityShare: 0.01,
  minorities: [[50, "Cơ Tu"], [30, "Tày"], [20, "Mường"]]
}

/** Candidates admitted in January–August of `year`, spread over the branches with a sponsor. */
const admissions = (w: Writer, roster: Roster.Roster, year: number, n: number) => {
  const start = `${year}-01-05`
  const { officials, sponsorOf } = Roster.sponsors(
    roster,
    Calendar.addDays(start, -60),
    Calendar.addYears(Calendar.addDays(start, -60), -1)
  )
  const cells = Roster.branches(roster).filter((c) => sponsorOf.has(c.id))
  for (let i = 0; i < n; i++) {
    const cell = cells[(i * 7 + year) % cells.length]!
    const decidedOn = Calendar.addDays(start, (i * 37) % 235)
    const sponsor = sponsorOf.get(cell.id)!
    admission(w, {
      orgId: cell.id,
      decidedOn,
      decidedBy: Roster.ancestor(roster, cell.id, ["upper"])!.id,
      who: who(i, i % 2 === 0, "Kinh", decidedOn, 23),
      sponsor: { id: sponsor.id, since: sponsor.since },
      officialMembers: officials.get(cell.id) ?? 1
    })
    w.count(`candidates admitted in January–August ${year}`)
  }
}

/** The history: the background and its top-up. */
export const history = () =>
  Result.gen(function*() {
    const t = Published.daNang
    const generated = generateBackground(background)
    const { envelopes, roster } = generated
    const index = Statistics.make(envelopes)
    const now = yield* measure(index, roster.root, { from: t.from, to: t.to, knownAt: t.knownAt })
    const thisYear = yield* deficit("admitted 1/1–31/8/2024", now.flows.admitted, t.admitted)
    const lastYear = yield* deficit(
      "admitted 1/1–31/8/2023",
      now.ratios.samePeriodLastYear.admitted,
      t.admittedLastYear
    )
    const startOfYear = yield* measure(index, roster.root, { asOf: "2023-12-31", knownAt: t.knownAt })
    const arrivals = yield* deficit(
      "members on 31/12/2023",
      startOfYear.stocks.total + lastYear,
      t.membersStartOfYear
    )
    const w = new Writer("TC0002")
    admissions(w, roster, 2023, lastYear)
    admissions(w, roster, 2024, thisYear)
    const cells = Roster.branches(roster)
    for (let i = 0; i < arrivals; i++) {
      const on = Calendar.addDays("2023-02-01", (i * 11) % 320)
      arrival(w, {
        orgId: cells[(i * 13) % cells.length]!.id,
        on,
        who: who(i, i % 3 === 0, "Kinh", on, 35),
        official: true,
        admittedOn: Calendar.addYears(on, -6)
      })
      w.count("official members arriving in 2023")
    }
    return topped(Roster.orgId(roster), generated, w)
  })
