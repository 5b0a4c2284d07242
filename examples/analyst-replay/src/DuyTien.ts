/**
 * Duy Tiên town party committee (Hà Nam), 2016–2020 and 2021 (published figures, seed 000): the
 * term's admissions, recognitions, badges, transfers, exits, deaths and cards, the first nine months
 * of 2021, and the 2021 first-half rating.
 *
 * The background is a generated town of one district-level committee, 2014–2021, with an old
 * opening roster (`openingPartyAge`: almost half of it 35 years in the Party or more, as a rural
 * district's membership is), low mortality and few exits, set a little under every target. The
 * calibration measures it with `Statistics` as known on the reporting day and tops it up with new
 * member streams only:
 *
 * - streams still members on 30/06/2021 (exactly the membership gap): candidates admitted in
 *   2016–2019 and recognised, candidates admitted in October–December 2020, probationary members
 *   arriving in 2016–2019 and recognised, and official members arriving in 2016–2021 — these carry
 *   30-year badges and cards, and each gets the 2021-H1 rating that closes a level's gap, or is
 *   exempted (not rated);
 * - streams that leave before: arrivals transferred out (carrying 30-year badges and cards first),
 *   struck off, allowed to leave, or dead (with a posthumous 45-year badge while those are short);
 * - after 30/06/2021: candidates admitted and probationary members arriving, recognised, in
 *   July–September 2021.
 */
import { Calendar, Statistics } from "@dangvien/core"
import { ProvinceHistory } from "@dangvien/testing"
import { Result } from "effect"
import { CalibrationInfeasible, deficit, generateBackground, measure, topped, who } from "./Calibration.ts"
import * as Published from "./Published.ts"
import * as Roster from "./Roster.ts"
import { admission, arrival, recognition, Writer } from "./TopUp.ts"

/** The generated background: Duy Tiên's size, 2014–2021, an old roster, under every target. */
export const background: ProvinceHistory.Options = {
  seed: 2016,
  members: 6_700,
  from: 2014,
  to: 2021,
  openingShare: 0.97,
  shape: { uppers: 1 },
  openingPartyAge: [[22, 0, 10], [12, 10, 25], [12, 25, 30], [6, 30, 35], [48, 35, 65]],
  admissionsPerYear: { 2014: 150, 2015: 160, 2016: 125, 2017: 125, 2018: 125, 2019: 125, 2020: 55, 2021: 45 },
  halfYearRatingsFrom: 2021,
  rates: {
    mortality: 0.3,
    struckOff: 0.0001,
    notRecognized: 0.003,
    allowedToLeave: 0,
    discipline: 0.001,
    ageExemption: 0.05,
    excellent: 0.155,
    completed: 0.115,
    notCompleted: 0.002
  }
}

/** The award occasions (3/2, 19/5, 2/9, 7/11) from `from` to `to`. */
const occasionsBetween = (from: string, to: string): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const o of ["02-03", "05-19", "09-02", "11-07"]) {
      const on = `${y}-${o}`
      if (on >= from && on <= to) out.push(on)
    }
  }
  return out
}

/** The i-th of days spread over `span` days from `from`. */
const day = (from: string, i: number, span: number) => Calendar.addDays(from, (i * 37) % span)

/** The `BadgeAwarded` data of a milestone at an occasion. */
const badge = (milestone: number, on: string, posthumous: boolean, no: number) => ({
  milestone,
  occasion: on.slice(5),
  posthumous,
  early: false,
  badgeNo: String(900_000 + no)
})

/** The history: the background and its top-up. */
export const history = () =>
  Result.gen(function*() {
    const t = Published.duyTien
    const nine = t.nineMonths2021
    const h1 = t.rating2021H1
    const generated = generateBackground(background)
    const { envelopes, roster } = generated
    const town = [...roster.orgs.values()].find((o) => o.kind === "upper")!
    const index = Statistics.make(envelopes)
    const term = yield* measure(index, town.id, { from: t.from, to: t.to, knownAt: t.knownAt })
    const months = yield* measure(index, town.id, { from: nine.from, to: nine.to, knownAt: t.knownAt })
    const half = yield* measure(index, town.id, {
      from: "2021-01-01",
      to: h1.on,
      period: h1.period,
      knownAt: t.knownAt
    })
    const f = term.flows
    const admitted = yield* deficit("admitted 2016–2020", f.admitted, t.admitted)
    const recognized = yield* deficit("recognised official 2016–2020", f.recognizedOfficial, t.recognizedOfficial)
    const awarded = yield* deficit("badges awarded 2016–2020", f.badges.total - f.badges.posthumous, t.badgesAwarded)
    const posthumous = yield* deficit("posthumous badges 2016–2020", f.badges.posthumous, t.badgesPosthumous)
    // Each posthumous badge added needs a death added.
    const died = posthumous +
      (yield* deficit("died 2016–2020 (besides the deaths with a posthumous badge)", f.died + posthumous, t.died))
    const out = yield* deficit("transferred out 2016–2020", f.transferredOut, t.transferredOut)
    const struck = yield* deficit("struck off 2016–2020", f.struckOff, t.struckOff)
    const left = yield* deficit(
      "allowed to leave or expelled 2016–2020",
      f.allowedToLeave + f.expelled,
      t.allowedToLeaveOrExpelled
    )
    const cards = yield* deficit("cards issued 2016–2020", f.cardsIssued, t.cardsIssued)
    const nineAdmitted = yield* deficit("admitted 1–9/2021", months.flows.admitted, nine.admitted)
    const nineRecognized = yield* deficit(
      "recognised official 1–9/2021",
      months.flows.recognizedOfficial,
      nine.recognizedOfficial
    )
    const nineStruck = yield* deficit("struck off 1–9/2021", months.flows.struckOff, nine.struckOff)
    const r = half.ratings
    const levels: ReadonlyArray<readonly [string, number]> = [
      ["excellent", yield* deficit("2021-H1 excellent", r.byLevel.excellent, h1.excellent)],
      ["good", yield* deficit("2021-H1 good", r.byLevel.good, h1.good)],
      ["completed", yield* deficit("2021-H1 completed", r.byLevel.completed, h1.completed)],
      ["notCompleted", yield* deficit("2021-H1 not completed", r.byLevel.notCompleted, h1.notCompleted)]
    ]
    const unrated = yield* deficit("2021-H1 members not rated", r.members - r.rated, h1.members - h1.rated)
    const present = yield* deficit("members on 30/06/2021", r.members, h1.members)
    // Admissions of 2016–2019 are recognised within the term; the rest are admitted in late 2020.
    const admittedRecognized = Math.min(admitted, recognized)
    const arrivingProbationary = recognized - admittedRecognized
    const plain = yield* deficit(
      "members on 30/06/2021 (besides the admissions and recognitions added)",
      admitted + arrivingProbationary,
      present
    )
    // 30-year badges ride on the transfers out, then on official members staying.
    if (awarded > out + plain) {
      return yield* Result.fail(
        new CalibrationInfeasible({ figure: "badges awarded 2016–2020", generated: f.badges.total, target: t.badges })
      )
    }
    if (cards > out + plain) {
      return yield* Result.fail(
        new CalibrationInfeasible({ figure: "cards issued 2016–2020", generated: f.cardsIssued, target: t.cardsIssued })
      )
    }

    const w = new Writer("TC0000")
    const cells = Roster.branches(roster)
    const code = roster.orgs.get(roster.root)!.code ?? "00"
    let cardNo = 0
    const nextCard = () => `${code}.9${String(cardNo++).padStart(5, "0")}`
    let badgeNo = 0
    const { officials, sponsorOf } = Roster.sponsors(roster, "2015-10-01", "2015-01-01")
    const withSponsor = cells.filter((c) => sponsorOf.has(c.id))
    let n = 0 // every new person, for names and places
    const admit = (decidedOn: string, label: string) => {
      const i = n++
      const cell = withSponsor[(i * 7) % withSponsor.length]!
      const sponsor = sponsorOf.get(cell.id)!
      const a = admission(w, {
        orgId: cell.id,
        decidedOn,
        decidedBy: town.id,
        who: who(i, i % 2 === 0, "Kinh", decidedOn, 24),
        sponsor: { id: sponsor.id, since: sponsor.since },
        officialMembers: officials.get(cell.id) ?? 1
      })
      w.count(label)
      return { ...a, officials: officials.get(cell.id) ?? 1 }
    }
    const arrive = (
      on: string,
      admittedOn: string,
      args: { official: boolean; badges?: ReadonlyArray<number>; card: boolean; age?: number }
    ) => {
      const i = n++
      const cell = cells[(i * 13) % cells.length]!
      const id = arrival(w, {
        orgId: cell.id,
        on,
        who: who(i, i % 3 === 0, "Kinh", on, args.age ?? 35 + Calendar.monthsBetween(admittedOn, on) / 12),
        official: args.official,
        admittedOn,
        ...(args.badges === undefined ? {} : { badges: args.badges }),
        ...(args.card ? { cardNo: nextCard() } : {})
      })
      return id
    }
    // A 30-year badge at an occasion of the term: reached 25 days before it, arriving 120 days before that.
    const termOccasions = occasionsBetween("2016-05-19", "2020-09-02")
    const withBadge = (i: number, card: boolean) => {
      const on = termOccasions[i % termOccasions.length]!
      const reached = Calendar.addDays(on, -25)
      const arrived = Calendar.addDays(reached, -120)
      const id = arrive(arrived, Calendar.addYears(reached, -30), { official: true, card: !card, age: 52 })
      if (card) w.add(id, "CardIssued", Calendar.addDays(arrived, 40), { cardNo: nextCard() })
      w.add(id, "BadgeAwarded", on, badge(30, on, false, badgeNo++))
      return { id, on }
    }
    let badges = awarded
    let cardsLeft = cards

    // Leaving before 30/06/2021: transfers out (30-year badges and cards first).
    for (let i = 0; i < out; i++) {
      const card = cardsLeft-- > 0
      if (badges-- > 0) {
        const { id, on } = withBadge(i, card)
        w.add(id, "TransferredOut", Calendar.addDays(on, 45), {
          kind: "official",
          destination: "Đảng bộ tỉnh Nam Định",
          letterNo: `${i + 1}-GGT`
        })
      } else {
        const on = day("2016-02-01", i, 1_600)
        const id = arrive(on, Calendar.addYears(on, -6), { official: true, card: !card })
        if (card) w.add(id, "CardIssued", Calendar.addDays(on, 40), { cardNo: nextCard() })
        w.add(id, "TransferredOut", Calendar.addDays(on, 120), {
          kind: "official",
          destination: "Đảng bộ tỉnh Nam Định",
          letterNo: `${i + 1}-GGT`
        })
      }
      w.count("members arriving and transferred out in 2016–2020")
    }
    // Deaths: first those with a posthumous 45-year badge (reached in life, died before its occasion).
    const fortyFive = occasionsBetween("2016-09-02", "2020-11-07")
    for (let i = 0; i < died; i++) {
      if (i < posthumous) {
        const on = fortyFive[i % fortyFive.length]!
        const reached = Calendar.addDays(on, -25)
        const id = arrive(Calendar.addDays(reached, -200), Calendar.addYears(reached, -45), {
          official: true,
          badges: [30, 40],
          card: true,
          age: 67
        })
        w.add(id, "Died", Calendar.addDays(on, -15), {})
        w.add(id, "BadgeAwarded", on, badge(45, on, true, badgeNo++))
        w.count("members arriving and dying in 2016–2020 with a posthumous 45-year badge")
      } else {
        const on = day("2016-02-01", i, 1_600)
        const id = arrive(on, Calendar.addYears(on, -12), { official: true, card: true, age: 62 })
        w.add(id, "Died", Calendar.addDays(on, 150), {})
        w.count("members arriving and dying in 2016–2020")
      }
    }
    for (let i = 0; i < struck + left; i++) {
      const on = day("2016-02-01", i, 1_400)
      const id = arrive(on, Calendar.addYears(on, -4), { official: true, card: true })
      if (i < struck) w.add(id, "StruckOff", Calendar.addDays(on, 300), { reason: "unpaidDues" })
      else w.add(id, "AllowedToLeave", Calendar.addDays(on, 300), {})
      w.count(
        i < struck
          ? "members arriving and struck off in 2016–2020"
          : "members arriving and allowed to leave in 2016–2020"
      )
    }
    for (let i = 0; i < nineStruck; i++) {
      const on = day("2019-03-01", i, 300)
      const id = arrive(on, Calendar.addYears(on, -3), { official: true, card: true })
      w.add(id, "StruckOff", day("2021-02-01", i, 120), { reason: "unpaidDues" })
      w.count("members arriving in 2019 and struck off in 2021")
    }

    // Members on 30/06/2021, each with a 2021-H1 rating slot: the levels' gaps, then not rated.
    const slots: Array<string | undefined> = []
    for (const [level, k] of levels) for (let i = 0; i < k; i++) slots.push(level)
    for (let i = 0; i < unrated; i++) slots.push(undefined)
    const rateOrExempt = (id: string, slot: number, official: boolean) => {
      const level = slots[slot]
      if (level !== undefined) {
        w.add(id, "QualityRated", "2021-06-25", { period: h1.period, level })
      } else if (official) {
        w.add(id, "ActivityExempted", "2021-03-15", { reason: "health" })
        w.add(id, "NotRated", "2021-06-25", { period: h1.period, reason: "exempted" })
      }
    }
    // Not rated slots go to the official members arriving (exempted), listed first.
    const order = [...Array(present).keys()].map((k) => (k + present - unrated) % present)
    let slot = 0
    for (let i = 0; i < plain; i++) {
      const card = cardsLeft-- > 0
      let id: string
      if (badges-- > 0) id = withBadge(i + out, card).id
      else {
        const on = day("2016-03-01", i, 1_700)
        id = arrive(on, Calendar.addYears(on, -15), { official: true, card: !card })
        if (card) w.add(id, "CardIssued", Calendar.addDays(on, 40), { cardNo: nextCard() })
      }
      rateOrExempt(id, order[slot++]!, true)
      w.count("official members arriving in 2016–2020 still members on 30/06/2021")
    }
    for (let i = 0; i < admitted; i++) {
      const a = i < admittedRecognized
        ? admit(day("2016-03-01", i, 1_350), "candidates admitted in 2016–2019, recognised")
        : admit(day("2020-10-01", i, 70), "candidates admitted in October–December 2020")
      recognition(w, a.id, a.ceremonyOn, a.officials)
      rateOrExempt(a.id, order[slot++]!, false)
    }
    for (let i = 0; i < arrivingProbationary; i++) {
      const on = day("2016-03-01", i, 1_350)
      const id = arrive(on, Calendar.addDays(on, -60), { official: false, card: false, age: 27 })
      recognition(w, id, Calendar.addDays(on, -50), 1)
      rateOrExempt(id, order[slot++]!, false)
      w.count("probationary members arriving in 2016–2019, recognised")
    }

    // After 30/06/2021: the nine months' admissions and recognitions.
    for (let i = 0; i < nineAdmitted; i++) admit(day("2021-07-01", i, 75), "candidates admitted in July–September 2021")
    for (let i = 0; i < nineRecognized; i++) {
      const officialOn = day("2021-07-20", i, 60)
      const ceremonyOn = Calendar.addMonths(officialOn, -12)
      const id = arrive(day("2021-07-01", i, 10), Calendar.addDays(ceremonyOn, -10), {
        official: false,
        card: false,
        age: 27
      })
      recognition(w, id, ceremonyOn, 1)
      w.count("probationary members arriving in July 2021, recognised")
    }

    return topped(Roster.orgId({ ...roster, root: town.id }), generated, w)
  })
