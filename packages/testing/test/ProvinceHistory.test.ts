import * as Calendar from "@dangvien/core/Calendar"
import type { Envelope } from "@dangvien/core/Envelope"
import * as EventStore from "@dangvien/core/EventStore"
import * as Import from "@dangvien/core/Import"
import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import * as ProvinceHistory from "../src/ProvinceHistory.ts"

const parse = (lines: ReadonlyArray<string>) => lines.map((l) => JSON.parse(l) as Envelope)

const importAll = (lines: ReadonlyArray<string>) =>
  Effect.runPromise(
    Import.run(() => Stream.fromIterable(lines), { maxErrors: 10 }).pipe(
      Effect.provide(EventStore.layerMemory),
      Effect.result
    )
  )

const ofType = (events: ReadonlyArray<Envelope>) => (type: string) => events.filter((e) => e.type === type)

/** Days from the start of the day it occurred (in Vietnam) to when it was recorded. */
const lag = (e: Envelope) => (Date.parse(e.recordedAt) - Date.parse(`${e.occurredOn}T00:00:00+07:00`)) / 86_400_000

const share = (xs: ReadonlyArray<{ readonly gender: string }>) =>
  xs.filter((p) => p.gender === "female").length / xs.length

/** Party ages (years) of the opening roster on 1/1/2016. */
const openingPartyAges = (options: ProvinceHistory.Options) =>
  parse([...ProvinceHistory.lines(options)]).flatMap((e) =>
    e.type === "MemberImported" && e.data.basis === "openingBalance"
      ? [Calendar.monthsBetween(e.data.admissionDecidedOn, "2016-01-01") / 12]
      : []
  )
const shareOf = (xs: ReadonlyArray<number>, p: (x: number) => boolean) => xs.filter(p).length / xs.length

/** The share of the people of the lines (registered or imported) with a religion. */
const religiousShare = (generated: ReadonlyArray<string>) => {
  const people = parse(generated).flatMap((e) =>
    e.type === "CandidateRegistered" || e.type === "MemberImported" ? [e.data.person] : []
  )
  return people.filter((p) => p.religion !== null).length / people.length
}
const badgeLines = (ls: ReadonlyArray<string>) => ls.filter((l) => l.includes(`"type":"BadgeAwarded"`)).length

describe("ProvinceHistory", () => {
  it("is deterministic by seed", () => {
    const a = [...ProvinceHistory.lines({ members: 300, seed: 7 })]
    const b = [...ProvinceHistory.lines({ members: 300, seed: 7 })]
    const c = [...ProvinceHistory.lines({ members: 300, seed: 8 })]
    expect(a.length).toBeGreaterThan(5_000)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
    // Iterating a history again gives the same lines.
    const h = ProvinceHistory.make({ members: 300, seed: 7 })
    expect([...h]).toEqual(a)
    expect([...h]).toEqual(a)
  })

  // Two provinces (merged in 2025), 4,000 members: about 130,000 events, imported whole.
  const history = ProvinceHistory.make({ members: 4_000, provinces: 2, seed: 2026, halfYearRatingsFrom: 2020 })
  const lines = [...history]
  const events = parse(lines)

  it("is accepted by the rules: Import.run refuses no line", async () => {
    const result = await importAll(lines)
    if (result._tag === "Failure") {
      const failure = result.failure
      throw new Error(failure._tag === "ImportRefused" ? failure.message : String(failure))
    }
    expect(result.success.events).toBe(lines.length)
    expect(result.success.appended).toBe(lines.length)
    expect(history.stats.events).toBe(lines.length)
  }, 60_000)

  it(
    "is accepted with its sponsors written as the event catalog writes them, without knownSince (ADM-05)",
    async () => {
      // The import then counts each sponsor's 12 months from their arrival in the applicant's
      // grassroots organisation on the date of introduction (the opening roster: before the records).
      const unstated = lines.map((l) =>
        l.includes("\"SponsorsAssigned\"") ? l.replace(/,"knownSince":"[\d-]+"/gu, "") : l
      )
      expect(unstated.filter((l, i) => l !== lines[i]).length).toBeGreaterThan(1_000)
      const result = await importAll(unstated)
      expect(result._tag === "Success" ? result.success.appended : result.failure).toBe(lines.length)
    },
    60_000
  )

  it("is accepted with the rare paths made common (exits, readmissions, abroad, late entries)", async () => {
    const stressed = [
      ...ProvinceHistory.lines({
        members: 800,
        seed: 13,
        from: 1985,
        lateShare: 0.2,
        halfYearRatingsFrom: 2010,
        rates: {
          discipline: 0.05,
          struckOff: 0.02,
          readmission: 0.9,
          transfer: 0.1,
          abroad: 0.3,
          notRecognized: 0.2,
          healthExemption: 0.05,
          temporaryTransfer: 0.1
        }
      })
    ]
    const result = await importAll(stressed)
    if (result._tag === "Failure") throw new Error(String(result.failure))
    expect(stressed.filter((l) => l.includes(`"kind":"readmission"`)).length).toBeGreaterThan(10)
    expect(stressed.filter((l) => l.includes(`"form":"expulsion"`)).length).toBeGreaterThan(0)
  }, 60_000)

  it("a line the rules refuse is caught (the acceptance test can fail)", async () => {
    // Drop every AdmissionCeremonyHeld: recognitions then have no probation to end (PRB-01/PRB-03).
    const small = [...ProvinceHistory.lines({ members: 500, seed: 3 })]
    expect((await importAll(small))._tag).toBe("Success")
    const broken = small.filter((l) => !l.includes(`"type":"AdmissionCeremonyHeld"`))
    const result = await importAll(broken)
    expect(result._tag === "Failure" && result.failure._tag === "ImportRefused" && result.failure.errors[0]?.rule)
      .toMatch(/^PRB-0[123]$/u)
  }, 60_000)

  it("holds about the members asked for, with every kind of event", () => {
    expect(history.stats.membersAtEnd).toBeGreaterThan(4_000 * 0.95)
    expect(history.stats.membersAtEnd).toBeLessThan(4_000 * 1.05)
    const types = new Set(events.map((e) => e.type))
    for (
      const t of [
        "OrganizationFounded",
        "OrganizationReparented",
        "OrganizationDissolved",
        "OrganizationMerged",
        "CommitteeElected",
        "AdmissionTargetSet",
        "MemberImported",
        "CandidateRegistered",
        "AwarenessCourseCompleted",
        "SponsorsAssigned",
        "BranchResolutionPassed",
        "AdmissionDecided",
        "AdmissionCeremonyHeld",
        "OfficialRecognized",
        "CardIssued",
        "TransferredOut",
        "TransferredIn",
        "TemporaryTransferStarted",
        "TemporaryTransferEnded",
        "ActivityExempted",
        "QualityRated",
        "NotRated",
        "Disciplined",
        "BadgeAwarded",
        "StruckOff",
        "Died"
      ]
    ) expect(types, t).toContain(t)
    const readmissions = events.filter((e) => e.type === "AdmissionDecided" && e.data.kind === "readmission")
    const posthumous = events.filter((e) => e.type === "BadgeAwarded" && e.data.posthumous)
    const notRecognized = events.filter((e) => e.type === "StruckOff" && e.data.reason === "probationNotRecognized")
    expect(posthumous.length).toBeGreaterThan(0)
    expect(notRecognized.length).toBeGreaterThan(0)
    expect(readmissions.length).toBeGreaterThan(0)
    const halves = events.filter((e) => e.type === "QualityRated" && e.data.period.endsWith("-H1"))
    expect(halves.length).toBeGreaterThan(1_000)
    expect(halves.every((e) => e.type === "QualityRated" && e.data.period >= "2020")).toBe(true)
  })

  it("puts organisations first, then each stream in date order", () => {
    const firstMember = events.findIndex((e) => e.stream.startsWith("member-"))
    expect(events.slice(firstMember).every((e) => e.stream.startsWith("member-"))).toBe(true)
    const last = new Map<string, string>()
    for (const e of events) {
      if (e.type === "OfficialRecognized") continue
      expect(e.occurredOn >= (last.get(e.stream) ?? "")).toBe(true)
      last.set(e.stream, e.occurredOn)
    }
  })

  it("restructures in 2025: grassroots re-parented, the district level dissolved, a province merged", () => {
    const on = ofType(events)
    const kinds = (kind: string) =>
      on("OrganizationFounded").filter((e) => e.type === "OrganizationFounded" && e.data.kind === kind).length
    const grassroots = kinds("grassrootsCommittee") + kinds("grassrootsCell")
    expect(on("OrganizationReparented").length).toBe(grassroots)
    expect(on("OrganizationDissolved").length).toBe(kinds("upper"))
    expect(on("OrganizationMerged").length).toBe(1)
    for (const e of [...on("OrganizationReparented"), ...on("OrganizationDissolved"), ...on("OrganizationMerged")]) {
      expect(e.occurredOn).toBe("2025-07-01")
    }
  })

  it("records some events months late, never before they occurred", () => {
    expect(events.every((e) => lag(e) >= 0)).toBe(true)
    const late = events.filter((e) => e.type !== "OfficialRecognized" && lag(e) > 30)
    expect(late.length / events.length).toBeGreaterThan(0.005)
    expect(late.length / events.length).toBeLessThan(0.2)
  })

  it("draws people with the configured gender and ethnicity mixes and realistic ages", () => {
    const cfg = history.config
    const admitted = events.flatMap((e) => e.type === "CandidateRegistered" ? [e.data.person] : [])
    const opening = events.flatMap((e) =>
      e.type === "MemberImported" && e.data.basis === "openingBalance" ? [e.data.person] : []
    )
    expect(share(admitted)).toBeCloseTo(cfg.femaleShareOfAdmissions, 1)
    expect(share(opening)).toBeCloseTo(cfg.femaleShareOfOpening, 1)
    const everyone = [...admitted, ...opening]
    const minority = everyone.filter((p) => (p.ethnicity ?? "Kinh") !== "Kinh").length / everyone.length
    expect(Math.abs(minority - cfg.ethnicMinorityShare)).toBeLessThan(0.03)
    // Ages at the admission decision: 18 to 60; on the opening day: under 95.
    const birth = new Map(
      events.flatMap((e) =>
        e.type === "CandidateRegistered" || e.type === "MemberImported" ? [[e.stream, e.data.person.birthDate]] : []
      )
    )
    const ages = events.flatMap((e) =>
      e.type === "AdmissionDecided" && e.data.kind === "first"
        ? [Calendar.monthsBetween(birth.get(e.stream)!, e.occurredOn) / 12]
        : []
    )
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(18)
    expect(Math.max(...ages)).toBeLessThan(60)
    const mean = ages.reduce((n, a) => n + a, 0) / ages.length
    expect(mean).toBeGreaterThan(22)
    expect(mean).toBeLessThan(35)
    for (const p of opening) expect(Calendar.monthsBetween(p.birthDate, `${cfg.from}-01-01`) / 12).toBeLessThan(95)
  })

  it(
    "draws religious people in the share asked (religiousShare), else by ethnic group; still accepted by the rules",
    async () => {
      const base = { members: 3_000, seed: 5, from: 2018, to: 2021, ethnicMinorityShare: 0 }
      // By default one Kinh person in ten has a religion.
      expect(religiousShare([...ProvinceHistory.lines(base)])).toBeGreaterThan(0.07)
      const asked = [...ProvinceHistory.lines({ ...base, religiousShare: 0.015 })]
      expect(religiousShare(asked)).toBeGreaterThan(0.005)
      expect(religiousShare(asked)).toBeLessThan(0.03)
      const result = await importAll(asked)
      expect(result._tag === "Success" ? result.success.appended : result.failure).toBe(asked.length)
    },
    60_000
  )

  it("makes the opening roster as old as asked (openingPartyAge), still accepted by the rules", async () => {
    const base = { members: 600, seed: 11, from: 2016, to: 2021 }
    const older = { ...base, openingPartyAge: [[1, 0, 10], [3, 35, 60]] as const }
    const young = openingPartyAges(base)
    const old = openingPartyAges(older)
    // The default: a mean of about 13 years, few over 35; the bands: 3 in 4 from 35 to 60 years
    // (admitted at least 30 days before the first day, so a band reaches a little above its bound).
    expect(shareOf(young, (a) => a >= 35)).toBeLessThan(0.15)
    expect(shareOf(old, (a) => a >= 35 && a < 60.1)).toBeGreaterThan(0.68)
    expect(shareOf(old, (a) => a >= 10.2 && a < 35)).toBe(0)
    expect(Math.max(...old)).toBeLessThan(60.1)
    // Older members hold and earn more badges; the whole history is still accepted.
    const oldLines = [...ProvinceHistory.lines(older)]
    expect(badgeLines(oldLines)).toBeGreaterThan(2 * badgeLines([...ProvinceHistory.lines(base)]))
    const result = await importAll(oldLines)
    expect(result._tag === "Success" ? result.success.appended : result.failure).toBe(oldLines.length)
    // No band with a weight: the default curve, line for line.
    expect([...ProvinceHistory.lines({ ...base, openingPartyAge: [[0, 40, 50]] })]).toEqual([
      ...ProvinceHistory.lines(base)
    ])
  }, 60_000)

  it("keeps excellent ratings within 20% of good ones from 2023 (RAT-04)", () => {
    const levels = new Map<string, { excellent: number; good: number }>()
    for (const e of events) {
      if (e.type !== "QualityRated") continue
      const l = levels.get(e.data.period) ?? { excellent: 0, good: 0 }
      if (e.data.level === "excellent") l.excellent++
      if (e.data.level === "good") l.good++
      levels.set(e.data.period, l)
    }
    for (const year of ["2023", "2024", "2025"]) {
      const l = levels.get(year)!
      expect(l.excellent).toBeGreaterThan(0)
      expect(l.excellent).toBeLessThanOrEqual(0.2 * l.good)
    }
  })

  it("follows a given tree shape, admissions per year and plan", () => {
    const shape = { uppers: 12, grassrootsCommittees: 185, grassrootsCells: 341, cells: 1908, subCommittees: 3 }
    const h = ProvinceHistory.make({
      members: 8_000,
      from: 2011,
      shape,
      admissionsPerYear: { 2021: 300 },
      admissionTargets: { 2021: 290 },
      to: 2021
    })
    const es = parse([...h])
    const founded = (kind: string) => es.filter((e) => e.type === "OrganizationFounded" && e.data.kind === kind).length
    expect(founded("province")).toBe(1)
    expect(founded("upper")).toBe(12)
    expect(founded("grassrootsCommittee")).toBe(185)
    expect(founded("grassrootsCell")).toBe(341)
    expect(founded("cell")).toBe(1908)
    expect(founded("subCommittee")).toBe(3)
    const admitted2021 =
      es.filter((e) => e.type === "AdmissionDecided" && e.data.kind === "first" && e.occurredOn.startsWith("2021"))
        .length
    // 300 spread over 2,249 branches with random rounding: a standard deviation of about 16.
    expect(Math.abs(admitted2021 - 300)).toBeLessThan(50)
    const plans = es.filter((e) => e.type === "AdmissionTargetSet" && e.data.year === 2021)
    const province = es.find((e) => e.type === "OrganizationFounded" && e.data.kind === "province")!
    expect(plans.find((e) => e.stream === province.stream)?.data).toEqual({ year: 2021, target: 290 })
    expect(es.some((e) => e.type === "OrganizationDissolved")).toBe(false)
  })
})
