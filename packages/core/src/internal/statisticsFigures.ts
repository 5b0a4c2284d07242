/**
 * The figures of `Statistics` over a view: scopes (which unit of the report a raw organisation counts
 * in on a date), stocks, flows with restructuring, ratings and organisations.
 */
import * as Badge from "../Badge.ts"
import * as Calendar from "../Calendar.ts"
import type { CalendarDate } from "../Calendar.ts"
import type { OrgId } from "../Ids.ts"
import { periodBounds, StruckOffReason } from "../MemberEvent.ts"
import * as Organization from "../Organization.ts"
import type { OrgKind } from "../OrgEvent.ts"
import * as PartyAge from "../PartyAge.ts"
import { grassrootsOf } from "./grassroots.ts"
import { dayText } from "./memberColumns.ts"
import { type DayMembership, type Life, membershipText, pointOn } from "./memberLife.ts"
import type { Relevant, Structure, View } from "./statisticsIndex.ts"

/**
 * The unit of the report a raw organisation counts in on a date, if it is in the subtree; `subtree`
 * holds the units it counts in. `unitOf` answers the same by organisation number (the columns'
 * numbering, which lives carry; −1: none), with a lookup in arrays: what a query asks of each
 * member.
 */
export type Scope = ((raw: OrgId) => OrgId | undefined) & {
  readonly subtree: ReadonlySet<OrgId>
  readonly unitOf: (org: number) => number
  /** The organisations by number. */
  readonly orgIds: ReadonlyArray<OrgId>
}

/**
 * Does one of `scopes` count the raw organisation (by number) in some unit? Most organisations of
 * a country's index cannot: only the units of the scopes' subtrees and, transitively, the
 * organisations merged or dissolved into them (`resolve` follows nothing else). A lookup rules the
 * others out, and only the rest are resolved; they are also `within`, so a query finds its members
 * through those organisations alone.
 */
export const countedBySome = (view: Structure, scopes: ReadonlyArray<Scope>): Relevant => {
  const { orgNumbers, registry } = view
  const reaching = new Set<OrgId>()
  const stack: Array<OrgId> = []
  for (const scope of scopes) stack.push(...scope.subtree)
  while (stack.length > 0) {
    const id = stack.pop()!
    if (reaching.has(id)) continue
    reaching.add(id)
    for (const source of registry.sourcesOf(id)) stack.push(source)
  }
  const within = [...reaching].map((id) => orgNumbers.get(id)!)
  const isReaching = new Uint8Array(view.orgIds.length)
  for (const org of within) isReaching[org] = 1
  return Object.assign((org: number) => isReaching[org] === 1 && scopes.some((scope) => scope.unitOf(org) !== -1), {
    within
  })
}

/** The scope of `org` on `d` (restated on `structureAsOf`), resolving each raw organisation once. */
const makeScope = (view: Structure, org: OrgId, d: CalendarDate, structureAsOf: CalendarDate | undefined): Scope => {
  const { orgIds, orgNumbers } = view
  const set = view.subtreeOn(org, structureAsOf ?? d)
  const inSubtree = new Uint8Array(orgIds.length)
  for (const id of set) inSubtree[orgNumbers.get(id)!] = 1
  const onDay = view.resolvedOn(d)
  const restated = structureAsOf === undefined ? undefined : view.resolvedOn(structureAsOf)
  const unitOf = (raw: number): number => {
    let unit = onDay(raw)
    if (unit !== -1 && restated !== undefined) unit = restated(unit)
    return unit !== -1 && inSubtree[unit] === 1 ? unit : -1
  }
  // An id the columns never numbered is no organisation of the tree (the registry holds every
  // organisation under the columns' id for it), so it resolves to none.
  const byId = (raw: OrgId): OrgId | undefined => {
    const n = orgNumbers.get(raw)
    const unit = n === undefined ? -1 : unitOf(n)
    return unit === -1 ? undefined : orgIds[unit]
  }
  return Object.assign(byId, { subtree: set, unitOf, orgIds })
}

/**
 * Scopes by date for one report: the subtree of `org` on each date, or on `structureAsOf` for all.
 * The tree only changes on `structureDates`, so a subtree is computed once per stretch between them.
 */
export const makeScopes = (
  view: Structure,
  org: OrgId,
  structureAsOf: CalendarDate | undefined
): (d: CalendarDate) => Scope => {
  const { stretchOf } = view
  // A scope depends on its date only through the tree on that date, which is the same all through a
  // stretch: the dates of one stretch share one scope, and what it has resolved — kept for every
  // query of this tree, organisation and stretch (and restating stretch).
  const restating = structureAsOf === undefined ? "-" : String(stretchOf(structureAsOf))
  const byDate = new Map<CalendarDate, Scope>()
  return (d) => {
    let scope = byDate.get(d)
    if (scope === undefined) {
      scope = view.keep(`scope ${stretchOf(d)} ${restating} ${org}`, () => {
        const made = makeScope(view, org, d, structureAsOf)
        // Its subtree, and a byte an organisation (counted as a thirty-second of one).
        return [made, made.subtree.size + Math.ceil(made.orgIds.length / 32)]
      })
      byDate.set(d, scope)
    }
    return scope
  }
}

/**
 * Dates on which the scopes of a query take every value they take: each of `points`, and for each
 * window [a, b] its first day and each date in (a, b] on which the tree changes. An organisation
 * outside the scope on all of them counts nowhere in the query.
 */
export const scopeDates = (
  view: Structure,
  windows: ReadonlyArray<readonly [CalendarDate, CalendarDate]>,
  points: ReadonlyArray<CalendarDate>
): ReadonlyArray<CalendarDate> => {
  const dates = new Set(points)
  for (const [a, b] of windows) {
    dates.add(a)
    for (const d of view.structureDates) if (d > a && d <= b) dates.add(d)
  }
  return [...dates]
}

/**
 * The scopes of `scopeOn` by day number (what lives and marks carry), each day's looked up once
 * in a map of numbers rather than of date texts.
 */
export const scopesByDay = (scopeOn: (d: CalendarDate) => Scope): (day: number) => Scope => {
  const byDay = new Map<number, Scope>()
  return (day) => {
    let scope = byDay.get(day)
    if (scope === undefined) byDay.set(day, scope = scopeOn(dayText(day)))
    return scope
  }
}

/** The unit (by number) a member counts in on the day (a member with a home org in the subtree), or −1. */
export const unitOn = (t: Life, day: number, scope: Scope): number => {
  const p = pointOn(t, day)
  if ((p.status !== "probationary" && p.status !== "official") || p.home === -1) return -1
  return scope.unitOf(p.home)
}

// ---------------------------------------------------------------------------------------------
// Stocks
// ---------------------------------------------------------------------------------------------

export const ageBandKeys = ["≤30", "31-40", "41-50", "51-60", "≥61"] as const
export const partyAgeBandKeys = ["<10", "10-29", "30-39", "40-49", "≥50"] as const

export const ageBand = (years: number): typeof ageBandKeys[number] =>
  years <= 30 ? "≤30" : years <= 40 ? "31-40" : years <= 50 ? "41-50" : years <= 60 ? "51-60" : "≥61"

/**
 * The latest birth date of a person at least `years` full years old on `d`: full years reach
 * `years` exactly when `addYears(birth, years) ≤ d` (CAL-02), and `addYears` never goes back as the
 * birth date moves on, so those births are the dates up to this one.
 */
const bornBy = (years: number, d: CalendarDate): CalendarDate => {
  let b = Calendar.addYears(d, -years)
  while (Calendar.addYears(b, years) > d) b = Calendar.addDays(b, -1)
  for (let next = Calendar.addDays(b, 1); Calendar.addYears(next, years) <= d; next = Calendar.addDays(next, 1)) {
    b = next
  }
  return b
}

/**
 * The band on `d` of each start date (a birth, a first admission: day numbers), as an index: the
 * band of the full years between them, found by comparing the day with the last start day of each
 * band's lower bound (`bounds`, ascending: the first year of each band but the first).
 */
const bandIndexOn = (
  d: CalendarDate,
  bounds: readonly [number, number, number, number]
): (start: number) => number => {
  const [a, b, c, e] = bounds.map((years) => Calendar.toDayNumber(bornBy(years, d))) as [
    number,
    number,
    number,
    number
  ]
  return (start) => (start > a ? 0 : start > b ? 1 : start > c ? 2 : start > e ? 3 : 4)
}
const ageBounds = [31, 41, 51, 61] as const
const partyAgeBounds = [10, 30, 40, 50] as const

/**
 * The age band on `d` of each birth date (a day number) — `ageBand(fullYearsBetween(birth, d))` —
 * by four comparisons.
 */
export const ageBandOn = (d: CalendarDate): (birth: number) => typeof ageBandKeys[number] => {
  const index = bandIndexOn(d, ageBounds)
  return (birth) => ageBandKeys[index(birth)]!
}

/** The index of a party age's band: how many bands' lower bounds it reaches. */
const partyAgeBandIndex = (years: number): number =>
  partyAgeBounds.reduce((band, bound) => (years >= bound ? band + 1 : band), 0)

export const partyAgeBand = (years: number): typeof partyAgeBandKeys[number] =>
  partyAgeBandKeys[partyAgeBandIndex(years)]!

/**
 * The party-age band on `d` of each membership, as an index — `partyAgeBand(PartyAge.years(m, d))`.
 * Without gaps and not ended before `d` (most members), party age is the full years since the first
 * admission, found by comparisons as `ageBandOn` does; otherwise it is counted.
 */
const partyAgeBandIndexOn = (d: CalendarDate): (m: DayMembership) => number => {
  const byFirstAdmission = bandIndexOn(d, partyAgeBounds)
  const day = Calendar.toDayNumber(d)
  return (m) =>
    m.gaps.length === 0 && (m.ended === undefined || m.ended >= day)
      ? byFirstAdmission(m.firstAdmission)
      : partyAgeBandIndex(PartyAge.years(membershipText(m), d))
}

/** The party-age band on `d` of each membership — `partyAgeBand(PartyAge.years(m, d))`. */
export const partyAgeBandOn = (d: CalendarDate): (m: DayMembership) => typeof partyAgeBandKeys[number] => {
  const index = partyAgeBandIndexOn(d)
  return (m) => partyAgeBandKeys[index(m)]!
}

const zeros = <K extends string>(keys: ReadonlyArray<K>): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

export interface Stocks {
  total: number
  probationary: number
  official: number
  female: number
  ethnicMinority: number
  religious: number
  ageBands: Record<typeof ageBandKeys[number], number>
  partyAgeBands: Record<typeof partyAgeBandKeys[number], number>
  exempted: number
  inTransit: number
  inTransitOutside: number
}

/**
 * A figure computed member by member: `add` each life once (in any order), then read `result`. A
 * query feeds every tally from one pass over the lives, folding each life once and dropping it.
 */
export interface Tally<A> {
  readonly add: (t: Life) => void
  readonly result: () => A
}

/** The result of a tally over every life of a view. */
export const over = <A>(view: Pick<View, "lives">, tally: Tally<A>): A => {
  for (const t of view.lives) tally.add(t)
  return tally.result()
}

/** The stocks on `asOf` and the number of members in each unit of the report. */
export const stocksTally = (asOf: CalendarDate, scope: Scope): Tally<{
  readonly stocks: Stocks
  readonly byUnit: ReadonlyMap<OrgId, number>
}> => {
  const out: Stocks = {
    total: 0,
    probationary: 0,
    official: 0,
    female: 0,
    ethnicMinority: 0,
    religious: 0,
    ageBands: zeros(ageBandKeys),
    partyAgeBands: zeros(partyAgeBandKeys),
    exempted: 0,
    inTransit: 0,
    inTransitOutside: 0
  }
  // Counted by band index and by unit in counters (one lookup a member), written out by `result`.
  const units = new Map<number, { n: number }>()
  const ageCounts = [0, 0, 0, 0, 0]
  const partyAgeCounts = [0, 0, 0, 0, 0]
  const ageBandOf = bandIndexOn(asOf, ageBounds)
  const partyAgeBandOf = partyAgeBandIndexOn(asOf)
  const asOfDay = Calendar.toDayNumber(asOf)
  const add = (t: Life): void => {
    const p = pointOn(t, asOfDay)
    if (p.status !== "probationary" && p.status !== "official") return
    if (p.home === -1) {
      if (p.transitFrom !== -1 && scope.unitOf(p.transitFrom) !== -1) {
        out.inTransit++
        if (p.transitOutside) out.inTransitOutside++
      }
      return
    }
    const unit = scope.unitOf(p.home)
    if (unit === -1) return
    const counter = units.get(unit)
    if (counter === undefined) units.set(unit, { n: 1 })
    else counter.n++
    out.total++
    if (p.status === "probationary") out.probationary++
    else out.official++
    if (p.exempted) out.exempted++
    partyAgeCounts[t.membership === undefined ? 0 : partyAgeBandOf(t.membership)]!++
    const person = t.facts
    if (person === undefined) return
    if (person.female) out.female++
    if (person.minority) out.ethnicMinority++
    if (person.religious) out.religious++
    ageCounts[ageBandOf(person.birth)]!++
  }
  const result = () => {
    ageBandKeys.forEach((k, i) => out.ageBands[k] = ageCounts[i]!)
    partyAgeBandKeys.forEach((k, i) => out.partyAgeBands[k] = partyAgeCounts[i]!)
    return { stocks: out, byUnit: new Map(Array.from(units, ([unit, { n }]) => [scope.orgIds[unit]!, n])) }
  }
  return { add, result }
}

/** The stocks on `asOf` over every life of the view. */
export const stocks = (view: View, asOf: CalendarDate, scope: Scope) => over(view, stocksTally(asOf, scope))

/** Only the total on `d` (for ratios). */
export const totalTally = (d: CalendarDate, scope: Scope): Tally<number> => {
  let n = 0
  const day = Calendar.toDayNumber(d)
  return {
    add: (t) => {
      if (unitOn(t, day, scope) !== -1) n++
    },
    result: () => n
  }
}

// ---------------------------------------------------------------------------------------------
// Flows
// ---------------------------------------------------------------------------------------------

const struckOffReasons: ReadonlyArray<StruckOffReason> = StruckOffReason.literals

export interface Flows {
  admitted: number
  readmitted: number
  recognizedOfficial: number
  transferredIn: number
  transferredOut: number
  struckOff: number
  struckOffByReason: Record<StruckOffReason, number>
  allowedToLeave: number
  expelled: number
  died: number
  disciplined: { reprimand: number; warning: number; removalFromPost: number; expulsion: number }
  cardsIssued: number
  badges: { total: number; posthumous: number; early: number; byMilestone: Record<string, number> }
  admittedBreakdown: { female: number; ethnicMinority: number; religious: number; youth: number }
  importedOpening: number
  restructuring: { movedIn: number; movedOut: number }
}

/**
 * The flows in [from, to]. Restructuring is what the flows leave unexplained, member by member:
 * `in(to) − in(from − 1) − netFlow`, positive as moved in, negative as moved out; it is zero
 * unless the member's unit entered or left the subtree without an event of theirs.
 */
export const flowsTally = (
  from: CalendarDate,
  to: CalendarDate,
  scopeOn: (d: CalendarDate) => Scope
): Tally<Flows> => {
  const out: Flows = {
    admitted: 0,
    readmitted: 0,
    recognizedOfficial: 0,
    transferredIn: 0,
    transferredOut: 0,
    struckOff: 0,
    struckOffByReason: zeros(struckOffReasons),
    allowedToLeave: 0,
    expelled: 0,
    died: 0,
    disciplined: { reprimand: 0, warning: 0, removalFromPost: 0, expulsion: 0 },
    cardsIssued: 0,
    badges: { total: 0, posthumous: 0, early: 0, byMilestone: zeros(Badge.milestones.map(String)) },
    admittedBreakdown: { female: 0, ethnicMinority: 0, religious: 0, youth: 0 },
    importedOpening: 0,
    restructuring: { movedIn: 0, movedOut: 0 }
  }
  const fromDay = Calendar.toDayNumber(from)
  const toDay = Calendar.toDayNumber(to)
  const scopeOnDay = scopesByDay(scopeOn)
  const before = scopeOnDay(fromDay - 1)
  const after = scopeOnDay(toDay)
  const add = (t: Life): void => {
    let net = 0
    for (const mark of t.marks) {
      if (mark.day < fromDay || mark.day > toDay || scopeOnDay(mark.day).unitOf(mark.org) === -1) continue
      const e = mark.counted
      switch (e.type) {
        case "AdmissionDecided": {
          net++
          if (e.readmission) {
            out.readmitted++
            break
          }
          out.admitted++
          const p = t.facts
          if (p === undefined) break
          if (p.female) out.admittedBreakdown.female++
          if (p.minority) out.admittedBreakdown.ethnicMinority++
          if (p.religious) out.admittedBreakdown.religious++
          if (Calendar.fullYearsBetween(dayText(p.birth), dayText(mark.day)) <= 30) out.admittedBreakdown.youth++
          break
        }
        case "OfficialRecognized":
          out.recognizedOfficial++
          break
        case "MemberImported":
          net++
          if (e.transferIn) out.transferredIn++
          else out.importedOpening++
          break
        case "TransferredIn":
          net++
          out.transferredIn++
          break
        case "TransferredOut":
          net--
          out.transferredOut++
          break
        case "StruckOff":
          net--
          out.struckOff++
          out.struckOffByReason[e.reason]++
          break
        case "AllowedToLeave":
          net--
          out.allowedToLeave++
          break
        case "Died":
          net--
          out.died++
          break
        case "Disciplined":
          out.disciplined[e.form]++
          if (e.form === "expulsion") {
            net--
            out.expelled++
          }
          break
        case "CardIssued":
          out.cardsIssued++
          break
        case "BadgeAwarded":
          out.badges.total++
          if (e.posthumous) out.badges.posthumous++
          if (e.early) out.badges.early++
          out.badges.byMilestone[String(e.milestone)]!++
          break
      }
    }
    const moved = (unitOn(t, toDay, after) === -1 ? 0 : 1) -
      (unitOn(t, fromDay - 1, before) === -1 ? 0 : 1) - net
    if (moved > 0) out.restructuring.movedIn += moved
    else if (moved < 0) out.restructuring.movedOut -= moved
  }
  return { add, result: () => out }
}

/** The flows in [from, to] over every life of the view. */
export const flows = (view: View, from: CalendarDate, to: CalendarDate, scopeOn: (d: CalendarDate) => Scope): Flows =>
  over(view, flowsTally(from, to, scopeOn))

/** Only `flows(…).admitted`: first admissions in [from, to] in the subtree (same period last year). */
export const admittedTally = (
  from: CalendarDate,
  to: CalendarDate,
  scopeOn: (d: CalendarDate) => Scope
): Tally<number> => {
  let n = 0
  const fromDay = Calendar.toDayNumber(from)
  const toDay = Calendar.toDayNumber(to)
  const scopeOnDay = scopesByDay(scopeOn)
  return {
    add: (t) => {
      for (const mark of t.marks) {
        const e = mark.counted
        if (e.type !== "AdmissionDecided" || e.readmission || mark.day < fromDay || mark.day > toDay) continue
        if (scopeOnDay(mark.day).unitOf(mark.org) !== -1) n++
      }
    },
    result: () => n
  }
}

// ---------------------------------------------------------------------------------------------
// Ratings
// ---------------------------------------------------------------------------------------------

export interface Ratings {
  readonly period: string
  readonly members: number
  readonly rated: number
  readonly notRated: Record<"admittedUnder6Months" | "exempted" | "suspended" | "other" | "unrecorded", number>
  readonly byLevel: Record<"excellent" | "good" | "completed" | "notCompleted", number>
  readonly ratedShare: number | null
  readonly levelShares: Record<"excellent" | "good" | "completed" | "notCompleted", number | null>
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d)

/** The ratings of period P among the members in the subtree at its end (the view's lives carry P's rating). */
export const ratingsTally = (period: string, scopeOn: (d: CalendarDate) => Scope): Tally<Ratings> => {
  const end = periodBounds(period).end
  const scope = scopeOn(end)
  const endDay = Calendar.toDayNumber(end)
  let members = 0
  let rated = 0
  const notRated = { admittedUnder6Months: 0, exempted: 0, suspended: 0, other: 0, unrecorded: 0 }
  const byLevel = { excellent: 0, good: 0, completed: 0, notCompleted: 0 }
  const add = (t: Life): void => {
    if (unitOn(t, endDay, scope) === -1) return
    members++
    const level = t.rating
    if (level !== undefined) {
      rated++
      byLevel[level]++
      return
    }
    const reason = t.notRated
    if (reason !== undefined && reason in notRated) notRated[reason as keyof typeof notRated]++
    else notRated.unrecorded++
  }
  const result = (): Ratings => ({
    period,
    members,
    rated,
    notRated,
    byLevel,
    ratedShare: ratio(rated, members),
    levelShares: {
      excellent: ratio(byLevel.excellent, rated),
      good: ratio(byLevel.good, rated),
      completed: ratio(byLevel.completed, rated),
      notCompleted: ratio(byLevel.notCompleted, rated)
    }
  })
  return { add, result }
}

/** The ratings of the period over every life of the view. */
export const ratings = (view: View, period: string, scopeOn: (d: CalendarDate) => Scope): Ratings =>
  over(view, ratingsTally(period, scopeOn))

// ---------------------------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------------------------

export interface Organizations {
  readonly byKind: Record<OrgKind, number>
  readonly tccsd: number
  readonly cellsUnderGrassroots: number
  readonly withoutMembers: number
}

/** The organisations of the subtree on `date` (the structure date), with members per unit. */
export const organizations = (
  view: Structure,
  org: OrgId,
  date: CalendarDate,
  membersByUnit: ReadonlyMap<OrgId, number>
): Organizations => {
  const { registry } = view
  const byKind = zeros(Organization.kinds)
  let cellsUnderGrassroots = 0
  let withoutMembers = 0
  for (const id of view.subtreeOn(org, date)) {
    const kind = registry.on(id, date)!.kind
    byKind[kind]++
    if (Organization.isBranchLevel(kind) && (membersByUnit.get(id) ?? 0) === 0) withoutMembers++
    if (kind !== "cell") continue
    const grassroots = grassrootsOf(registry, id, date)
    if (grassroots !== undefined && registry.on(grassroots, date)!.kind === "grassrootsCommittee") {
      cellsUnderGrassroots++
    }
  }
  return { byKind, tccsd: byKind.grassrootsCommittee + byKind.grassrootsCell, cellsUnderGrassroots, withoutMembers }
}

export { ratio }
