/**
 * Property tests of `Statistics` (in core) on generated worlds: one organisation tree and a few
 * member lives in it. They live here because core cannot depend on the testing package.
 */
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Commendation from "@dangvien/core/Commendation"
import type * as Envelope from "@dangvien/core/Envelope"
import type { OrgId } from "@dangvien/core/Ids"
import * as Statistics from "@dangvien/core/Statistics"
import * as Timeline from "@dangvien/core/Timeline"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as MemberHistory from "../src/MemberHistory.ts"
import * as OrgHistory from "../src/OrgHistory.ts"
import { params } from "./params.ts"

interface World {
  readonly tree: OrgHistory.OrgTree
  readonly members: ReadonlyArray<MemberHistory.MemberHistory>
  readonly envelopes: ReadonlyArray<Envelope.Envelope>
}

const world: fc.Arbitrary<World> = OrgHistory.orgTree().chain((tree) =>
  fc.uniqueArray(MemberHistory.memberHistory({ orgTree: tree, maxEvents: 80 }), {
    minLength: 1,
    maxLength: 6,
    selector: (m) => m.memberId
  }).map(
    (members) => ({ tree, members, envelopes: [...tree.events, ...members.flatMap((m) => m.events)] })
  )
)

const lo = Calendar.toDayNumber("1995-01-01")
const hi = Calendar.toDayNumber("2026-12-31")
const date = fc.integer({ min: lo, max: hi }).map(Calendar.fromDayNumber)
/** An ordered pair of dates. */
const period = fc.tuple(date, date).map(([a, b]) => (a <= b ? [a, b] as const : [b, a] as const))

const run = (index: Statistics.Index, q: Statistics.Query): Statistics.Report => {
  const r = Statistics.query(index, q)
  if (Result.isFailure(r)) throw new Error(String(r.failure))
  return r.success
}

/** Dates of the events that move units in the tree (reparenting, merges, dissolutions). */
const restructurings = (tree: OrgHistory.OrgTree): ReadonlyArray<CalendarDate> =>
  tree.events.filter((e) =>
    e.type === "OrganizationReparented" || e.type === "OrganizationMerged" || e.type === "OrganizationDissolved"
  ).map((e) => e.occurredOn)

const liveOrgs = (w: World, d: CalendarDate): ReadonlyArray<OrgId> => w.tree.registry.liveOn(d)

const identity = (before: number, f: Statistics.Flows): number =>
  before + f.admitted + f.readmitted + f.transferredIn + f.importedOpening - f.transferredOut - f.struckOff -
  f.allowedToLeave - f.expelled - f.died

// Generating lives is costly: few runs, fixed seed.
const runs = params(15, 30)

describe("Statistics on generated histories", () => {
  it("the stock-flow identity holds without restructuring in the period (and with it, via movedIn − movedOut)", () => {
    fc.assert(
      fc.property(world, period, fc.nat(), (w, [from, to], pick) => {
        const index = Statistics.make(w.envelopes)
        const candidates = liveOrgs(w, to)
        const orgs = [w.tree.provinceId, ...(candidates.length === 0 ? [] : [candidates[pick % candidates.length]!])]
        const restructured = restructurings(w.tree).some((d) => d >= from && d <= to)
        for (const org of orgs) {
          const r = run(index, { org, from, to })
          const before = run(index, { org, asOf: Calendar.addDays(from, -1) }).stocks.total
          const moved = r.flows.restructuring
          expect(r.stocks.total).toBe(identity(before, r.flows) + moved.movedIn - moved.movedOut)
          // Inside the province nothing moves in or out of it; elsewhere only restructuring moves members.
          if (org === w.tree.provinceId || !restructured) expect(moved).toEqual({ movedIn: 0, movedOut: 0 })
        }
      }),
      runs
    )
  })

  it("a timeline ends where Member.evolve ends: status, home, transit (and whether to outside the dataset), exemption", () => {
    fc.assert(
      fc.property(MemberHistory.memberHistory(), (h) => {
        const t = Timeline.make(h.memberId, h.events)
        const last = h.events.reduce((d, e) => (e.occurredOn > d ? e.occurredOn : d), "0000-01-01")
        const p = Timeline.on(t, last)
        expect([p.status, p.home, p.transitFrom, p.transitOutside, p.exempted]).toEqual([
          h.state.status,
          h.state.orgId,
          h.state.transit?.from,
          h.state.transit?.outside === true,
          h.state.exemption !== undefined
        ])
        // Points are in strictly increasing date order (the binary search relies on it).
        for (let i = 1; i < t.points.length; i++) expect(t.points[i]!.from > t.points[i - 1]!.from).toBe(true)
      }),
      params(50, 100)
    )
  })

  it("knownAt at the last recorded instant equals no knownAt", () => {
    fc.assert(
      fc.property(world, period, (w, [from, to]) => {
        const index = Statistics.make(w.envelopes)
        const last = w.envelopes.reduce((m, e) => Math.max(m, Date.parse(e.recordedAt)), 0)
        const a = run(index, { org: w.tree.provinceId, from, to })
        const b = run(index, { org: w.tree.provinceId, from, to, knownAt: new Date(last).toISOString() })
        expect({ ...b, query: a.query }).toEqual(a)
      }),
      runs
    )
  })

  it("a report as known at an instant equals the report of only the envelopes recorded by then", () => {
    fc.assert(
      fc.property(world, period, fc.nat(), (w, [from, to], pick) => {
        const knownAt = w.envelopes[pick % w.envelopes.length]!.recordedAt
        const known = w.envelopes.filter((e) => Date.parse(e.recordedAt) <= Date.parse(knownAt))
        const asKnown = Statistics.query(Statistics.make(w.envelopes), { org: w.tree.provinceId, from, to, knownAt })
        const rebuilt = Statistics.query(Statistics.make(known), { org: w.tree.provinceId, from, to })
        expect(Result.map(asKnown, (r) => ({ ...r, query: null }))).toEqual(
          Result.map(rebuilt, (r) => ({ ...r, query: null }))
        )
      }),
      runs
    )
  })

  it("an organisation's additive stocks are the sum over its children, plus members homed at it", () => {
    const additive = ["total", "probationary", "official", "female", "ethnicMinority", "religious", "exempted"] as const
    fc.assert(
      fc.property(world, date, (w, asOf) => {
        const index = Statistics.make(w.envelopes)
        const registry = w.tree.registry
        const timelines = w.members.map((m) => Timeline.make(m.memberId, m.events))
        for (const org of liveOrgs(w, asOf)) {
          const whole = run(index, { org, asOf }).stocks
          const parts = registry.childrenOn(org, asOf).map((c) => run(index, { org: c, asOf }).stocks)
          const own = timelines.filter((t) =>
            Timeline.isMemberOn(t, asOf) && Timeline.homeOrgOn(t, asOf, registry) === org
          ).length
          expect(whole.total).toBe(own + parts.reduce((n, p) => n + p.total, 0))
          if (own > 0) continue
          for (const key of additive) expect(whole[key]).toBe(parts.reduce((n, p) => n + p[key], 0))
          for (const band of Object.keys(whole.ageBands) as Array<keyof Statistics.Stocks["ageBands"]>) {
            expect(whole.ageBands[band]).toBe(parts.reduce((n, p) => n + p.ageBands[band], 0))
          }
          for (const band of Object.keys(whole.partyAgeBands) as Array<keyof Statistics.Stocks["partyAgeBands"]>) {
            expect(whole.partyAgeBands[band]).toBe(parts.reduce((n, p) => n + p.partyAgeBands[band], 0))
          }
          expect(whole.inTransit).toBe(parts.reduce((n, p) => n + p.inTransit, 0))
          expect(whole.inTransitOutside).toBe(parts.reduce((n, p) => n + p.inTransitOutside, 0))
          expect(whole.inTransitOutside).toBeLessThanOrEqual(whole.inTransit)
        }
      }),
      runs
    )
  })

  it("restated and historical structure agree when nothing is restructured between the period and the restated date", () => {
    fc.assert(
      fc.property(world, period, date, fc.nat(), (w, [from, to], later, pick) => {
        const structureAsOf = later < to ? to : later
        if (restructurings(w.tree).some((d) => d > from && d <= structureAsOf)) return
        const index = Statistics.make(w.envelopes)
        const candidates = liveOrgs(w, structureAsOf)
        if (candidates.length === 0) return
        const org = candidates[pick % candidates.length]!
        const historical = run(index, { org, from, to })
        const restated = run(index, { org, from, to, structureAsOf })
        expect(restated.stocks).toEqual(historical.stocks)
        expect(restated.flows).toEqual(historical.flows)
        expect(restated.ratings).toEqual(historical.ratings)
      }),
      runs
    )
  })

  it("the compact index answers every query as the full index does", () => {
    fc.assert(
      fc.property(world, period, fc.nat(), fc.nat(), fc.boolean(), (w, [from, to], pick, pickOrg, restate) => {
        const full = Statistics.make(w.envelopes)
        const compact = Statistics.makeCompact(w.envelopes)
        const knownAt = pick % 3 === 0 ? undefined : w.envelopes[pick % w.envelopes.length]!.recordedAt
        const candidates = liveOrgs(w, to)
        const org = candidates.length === 0 ? w.tree.provinceId : candidates[pickOrg % candidates.length]!
        for (const q of [{ org: w.tree.provinceId, from, to, knownAt }, { org, from, to, knownAt }]) {
          const query = restate ? { ...q, structureAsOf: "2026-12-31" } : q
          expect(Statistics.query(compact, query)).toEqual(Statistics.query(full, query))
        }
      }),
      runs
    )
  })

  it("members rated excellent years running: one year is the ratings' excellent count, runs nest, both indexes agree", () => {
    fc.assert(
      fc.property(world, fc.nat(), fc.nat(), fc.nat(), (w, pickYear, pick, pickOrg) => {
        const full = Statistics.make(w.envelopes)
        const compact = Statistics.makeCompact(w.envelopes)
        const knownAt = pick % 3 === 0 ? undefined : w.envelopes[pick % w.envelopes.length]!.recordedAt
        // Mostly a year someone was rated excellent (else few runs would have any row), and the province.
        const excellentYears = w.envelopes.flatMap((e) =>
          e.type === "QualityRated" && e.data.level === "excellent" && !e.data.period.includes("H")
            ? [Number(e.data.period)]
            : []
        )
        const lastYear = excellentYears.length === 0 || pickYear % 5 === 0
          ? 1996 + pickYear % 31
          : excellentYears[pickYear % excellentYears.length]!
        const candidates = liveOrgs(w, `${lastYear}-12-31`)
        const org = candidates.length === 0 || pickOrg % 2 === 0
          ? w.tree.provinceId
          : candidates[pickOrg % candidates.length]!
        const ask = (index: Statistics.Index | Statistics.Compact, years: number) => {
          const r = Commendation.consecutiveExcellent(index, { org, lastYear, years, knownAt })
          if (Result.isFailure(r)) throw new Error(String(r.failure))
          return r.success
        }
        const one = ask(full, 1)
        const ratings = run(full, { org, from: `${lastYear}-01-01`, to: `${lastYear}-12-31`, knownAt }).ratings
        expect(one.length).toBe(ratings.byLevel.excellent)
        for (let years = 1; years <= 4; years++) {
          const rows = ask(full, years)
          expect(ask(compact, years)).toEqual(rows)
          const longer = new Set(ask(full, years + 1).map((r) => r.memberId))
          // A run of n + 1 years is a run of n; a row's `since` says exactly how long its run is.
          for (const r of rows) expect(longer.has(r.memberId)).toBe(lastYear - r.since + 1 >= years + 1)
          for (const id of longer) expect(rows.some((r) => r.memberId === id)).toBe(true)
        }
      }),
      runs
    )
  })

  it("the compact projection saved after any prefix and resumed equals building in one pass", () => {
    const projection = Statistics.compactProjection()
    fc.assert(
      fc.property(world, period, fc.nat(), (w, [from, to], pick) => {
        const at = pick % (w.envelopes.length + 1)
        const saved = projection.encodeParts!(Statistics.makeCompact(w.envelopes.slice(0, at)))
        // Through JSON and fresh bytes, as a store gives them back.
        const resumed = projection.decodeParts!({
          state: JSON.parse(JSON.stringify(saved.state)),
          parts: saved.parts.map((p) => p.slice())
        })
        for (const e of w.envelopes.slice(at)) resumed.add(e)
        const q = { org: w.tree.provinceId, from, to }
        expect(resumed.size).toBe(w.envelopes.length)
        expect(Statistics.query(resumed, q)).toEqual(Statistics.query(Statistics.makeCompact(w.envelopes), q))
      }),
      runs
    )
  })
})
