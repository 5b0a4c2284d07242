/**
 * Statistics (thống kê đảng viên): the figures of `docs/statistics.md` — stocks on a date, flows in a
 * period, ratings, ratios and organisations — for an organisation's subtree, computed from an index
 * built once over every envelope (never a store read per member).
 *
 * The index keeps each member's events as numbers in shared columns and the organisation registry,
 * and grows one envelope at a time (`add`), so a `Projection` can drive it. A query folds the life of
 * each member with a home organisation in its subtree on some date it reads, from the columns as
 * known at its instant — the points, counted events and party age `Timeline` gives, and the rating
 * of its period — and drops them when it answers. `make` keeps
 * every envelope besides (the audit and the badges due read them); `makeCompact` does not.
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import * as Calendar from "./Calendar.ts"
import type { CalendarDate } from "./Calendar.ts"
import type { Envelope } from "./Envelope.ts"
import { decode as decodeEnvelope } from "./Envelope.ts"
import type { OrgId } from "./Ids.ts"
import { queryFieldsProblem } from "./internal/queryDates.ts"
import * as Checkpoint from "./internal/statisticsCheckpoint.ts"
import * as Figures from "./internal/statisticsFigures.ts"
import { attachStore, makeStore, type Store, storeOf } from "./internal/statisticsIndex.ts"
import { periodBounds } from "./MemberEvent.ts"
import type * as OrganizationRegistry from "./OrganizationRegistry.ts"
import type { Projection } from "./Projection.ts"

/**
 * A statistics query. `org` is required; at least one of `asOf` and `to` fixes the dates: `asOf`
 * defaults to `to`, `to` to `asOf`, `from` to the 1st of January of `to`'s year; `knownAt` (an ISO
 * instant) defaults to everything recorded; `structureAsOf` restates every date in that date's tree;
 * `period` (ratings, `YYYY` or `YYYY-Hn`) defaults to the year of `to`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Query {
  readonly org: OrgId
  readonly from?: CalendarDate | undefined
  readonly to?: CalendarDate | undefined
  readonly asOf?: CalendarDate | undefined
  readonly knownAt?: string | undefined
  readonly structureAsOf?: CalendarDate | undefined
  readonly period?: string | undefined
}

/**
 * The query as answered, every default filled in (`null` for an absent `knownAt`/`structureAsOf`).
 *
 * @category models
 * @since 0.1.0
 */
export interface ResolvedQuery {
  readonly org: OrgId
  readonly from: CalendarDate
  readonly to: CalendarDate
  readonly asOf: CalendarDate
  readonly knownAt: string | null
  readonly structureAsOf: CalendarDate | null
  readonly period: string
}

/**
 * Stocks on `asOf` (đảng số).
 *
 * @category models
 * @since 0.1.0
 */
export type Stocks = Readonly<Figures.Stocks>
/**
 * Flows in [`from`, `to`], with `importedOpening` and `restructuring` (`movedIn`, `movedOut`).
 *
 * @category models
 * @since 0.1.0
 */
export type Flows = Readonly<Figures.Flows>
/**
 * Ratings of a period.
 *
 * @category models
 * @since 0.1.0
 */
export type Ratings = Figures.Ratings
/**
 * Organisations on `asOf`.
 *
 * @category models
 * @since 0.1.0
 */
export type Organizations = Figures.Organizations

/**
 * Ratios and comparisons; `null` when a denominator is 0 or there is no plan.
 *
 * @category models
 * @since 0.1.0
 */
export interface Ratios {
  readonly admissionRate: number | null
  readonly planTarget: number | null
  readonly planAttainment: number | null
  readonly samePeriodLastYear: {
    readonly from: CalendarDate
    readonly to: CalendarDate
    readonly admitted: number
    readonly admittedChange: number
    readonly admittedRatio: number | null
  }
}

/**
 * The report: the JSON shape of `stats --format json`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Report {
  readonly query: ResolvedQuery
  readonly stocks: Stocks
  readonly flows: Flows
  readonly ratings: Ratings
  readonly ratios: Ratios
  readonly organizations: Organizations
}

/**
 * The query's organisation is not known (as known at `knownAt`).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownOrganization extends Data.TaggedError("UnknownOrganization")<{
  readonly org: OrgId
}> {
  override get message(): string {
    return `unknown organisation ${this.org}`
  }
}

/**
 * A query whose dates or period are missing or invalid, naming the field.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidQuery extends Data.TaggedError("InvalidQuery")<{
  readonly field: string
  readonly message: string
}> {}

/**
 * The statistics index. It grows in place (like `OrganizationRegistry.makeGrowing`): `add` folds one
 * envelope in and returns the same index. Each stream's envelopes must come in stream order. It
 * keeps every envelope, which the audit and the badges due read; `Compact` keeps only what the
 * figures read.
 *
 * @category models
 * @since 0.1.0
 */
export interface Index {
  readonly add: (envelope: Envelope) => Index
  /** The number of envelopes folded in. */
  readonly size: number
  /** Every envelope folded in, in the order they came. */
  readonly envelopes: ReadonlyArray<Envelope>
}

/**
 * The compact statistics index: what `query` and `headcounts` read and nothing else — each member
 * event as a few numbers encoded in bytes in the member's own chain (date, recording instant, two
 * numbers of payload, and 16 bits of its id unless the id's time part is its recording instant:
 * about 6 bytes where an envelope takes several hundred), and the organisation events a figure
 * reads, as bytes (committees are not kept). Same answers as `Index`,
 * "as known at" included; the audit and the badges due need `Index`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Compact {
  readonly add: (envelope: Envelope) => Compact
  /** The number of envelopes folded in. */
  readonly size: number
  /** The number of members. */
  readonly members: number
}

/**
 * An index over envelopes of any streams (each stream in stream order).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (envelopes: Iterable<Envelope> = []): Index => {
  const store = makeStore({ history: true })
  const index: Index = {
    add: (e) => {
      store.add(e)
      return index
    },
    get size() {
      return store.size()
    },
    get envelopes() {
      return store.envelopes()
    }
  }
  attachStore(index, store)
  for (const e of envelopes) store.add(e)
  return index
}

const compactOf = (store: Store): Compact => {
  const index: Compact = {
    add: (e) => {
      store.add(e)
      return index
    },
    get size() {
      return store.size()
    },
    get members() {
      return store.columns.ids.size
    }
  }
  attachStore(index, store)
  return index
}

/**
 * A compact index over envelopes of any streams (each stream in stream order).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeCompact = (envelopes: Iterable<Envelope> = []): Compact => {
  const store = makeStore({ history: false })
  for (const e of envelopes) store.add(e)
  return compactOf(store)
}

/**
 * The index as a projection over the global log. Its state grows in place; its checkpoint is the
 * list of envelopes as one JSON document, so it can only be saved for histories of up to about a
 * million events (past that, V8 cannot build the string and the save fails with a `StorageError`):
 * for statistics alone, use `compactProjection`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const projection = (name = "statistics"): Projection<Index> => ({
  name,
  get initial() {
    return make()
  },
  apply: (index, e) => index.add(e),
  encode: (index) => [...index.envelopes],
  // The runner turns a throw here into a `CheckpointDecodeError`.
  decode: (json) => make((json as ReadonlyArray<unknown>).map((u) => Result.getOrThrow(decodeEnvelope(u))))
})

/**
 * The compact index as a projection over the global log. Its checkpoint is in parts
 * (a projection's `encodeParts`): the member ids, the members' columns and their events' bytes (about
 * 6 bytes a member event, stored in chunks by the SQL stores), the organisation events' bytes; a
 * restart reads it back instead of replaying. The runner saves it every 10,000,000 events unless
 * the run says otherwise (in catch-up and live), at the end of a catch-up and when a live run is
 * interrupted, never spending more than about a tenth of its time on saves
 * (`Projection.RunOptions`). A checkpoint of an earlier format of this projection (`outdated`)
 * makes the runner rebuild it from the first event, with a warning; a damaged one is a
 * `CheckpointDecodeError`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const compactProjection = (name = "statistics-compact"): Projection<Compact> => ({
  name,
  get initial() {
    return makeCompact()
  },
  apply: (index, e) => index.add(e),
  encodeParts: (index) => Checkpoint.encode(storeOf(index)),
  outdated: (saved) => Checkpoint.isEarlierFormat(saved.state),
  // The runner turns a throw here into a `CheckpointDecodeError`.
  decodeParts: (encoded) => {
    const decoded = Checkpoint.decode(encoded)
    if (Result.isFailure(decoded)) throw new Error(decoded.failure)
    const { columns, unreadOrgEvents } = decoded.success
    const store = makeStore({ history: false, columns, unreadOrgEvents })
    for (const e of decoded.success.orgEnvelopes) store.add(e)
    return compactOf(store)
  },
  checkpointEvery: 10_000_000
})

const periodPattern = /^\d{4}(-H[12])?$/u

const resolveQuery = (q: Query): Result.Result<ResolvedQuery, InvalidQuery> => {
  const problem = queryFieldsProblem(
    { from: q.from, to: q.to, asOf: q.asOf, structureAsOf: q.structureAsOf },
    q.knownAt
  )
  if (problem !== undefined) return Result.fail(new InvalidQuery(problem))
  const asOf = q.asOf ?? q.to
  if (asOf === undefined) {
    return Result.fail(new InvalidQuery({ field: "asOf", message: "give asOf or to (the report has no clock)" }))
  }
  const to = q.to ?? asOf
  const from = q.from ?? Calendar.startOfYear(Calendar.toParts(to).year)
  if (from > to) return Result.fail(new InvalidQuery({ field: "from", message: `from ${from} is after to ${to}` }))
  const period = q.period ?? to.slice(0, 4)
  if (!periodPattern.test(period)) {
    return Result.fail(new InvalidQuery({ field: "period", message: `${period} is not YYYY, YYYY-H1 or YYYY-H2` }))
  }
  return Result.succeed({
    org: q.org,
    from,
    to,
    asOf,
    knownAt: q.knownAt ?? null,
    structureAsOf: q.structureAsOf ?? null,
    period
  })
}

/**
 * The admission target (kế hoạch, chỉ tiêu kết nạp) of `org` for the year of `to`: its own
 * `AdmissionTargetSet`, else the sum over its children on `to` that have one; `undefined` if none.
 */
const targetOf = (
  registry: OrganizationRegistry.Registry,
  org: OrgId,
  to: CalendarDate
): number | undefined => {
  const year = Calendar.toParts(to).year
  const state = registry.state(org)
  const own = state?.founded === true ? state.admissionTargets[year] : undefined
  if (own !== undefined) return own
  const children = registry.childrenOn(org, to).flatMap((c) => {
    const s = registry.state(c)
    const target = s?.founded === true ? s.admissionTargets[year] : undefined
    return target === undefined ? [] : [target]
  })
  return children.length === 0 ? undefined : children.reduce((a, b) => a + b, 0)
}

/**
 * The admission target of `org` restated on the tree of `structureAsOf`: the targets of the units
 * that made it up in the year of `to` — each unit live on `to` that counts in `org`'s restated subtree
 * (`scope`) while its parent then does not (`org` itself, the units merged into it, a unit reparented
 * under it) — so that the admissions of a unit merged into `org` are set against that unit's plan
 * too. `null` if none of them has a target.
 */
const restatedTarget = (
  registry: OrganizationRegistry.Registry,
  org: OrgId,
  to: CalendarDate,
  structureAsOf: CalendarDate,
  scope: Figures.Scope
): number | null => {
  // Every unit that can count in the subtree: the subtree and what was merged or moved into it.
  const candidates = new Set<OrgId>()
  const stack = [...registry.subtreeOn(org, structureAsOf)]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (candidates.has(id)) continue
    candidates.add(id)
    stack.push(...registry.sourcesOf(id))
  }
  let total: number | null = null
  for (const unit of candidates) {
    if (!registry.isLiveOn(unit, to) || scope(unit) === undefined) continue
    const parent = registry.parentOn(unit, to)
    if (parent !== null && parent !== undefined && scope(parent) !== undefined) continue
    const target = targetOf(registry, unit, to)
    if (target !== undefined) total = (total ?? 0) + target
  }
  return total
}

/**
 * Computes every figure of `docs/statistics.md` for a query.
 *
 * @category queries
 * @since 0.1.0
 */
export const query = (index: Index | Compact, q: Query): Result.Result<Report, UnknownOrganization | InvalidQuery> =>
  Result.flatMap(resolveQuery(q), (rq) => {
    const store = storeOf(index)
    const knownAt = rq.knownAt ?? undefined
    const structure = store.structure(knownAt)
    const { registry } = structure
    const state = registry.state(rq.org)
    if (state === undefined || !state.founded) return Result.fail(new UnknownOrganization({ org: rq.org }))
    const structureAsOf = rq.structureAsOf ?? undefined
    const scopeOn = Figures.makeScopes(structure, rq.org, structureAsOf)
    const lastFrom = Calendar.addYears(rq.from, -1)
    const lastTo = Calendar.addYears(rq.to, -1)
    const yearBefore = Calendar.endOfYear(Calendar.toParts(rq.from).year - 1)
    // Only the members whose organisations fall in the subtree on some date the query reads.
    const dates = Figures.scopeDates(structure, [[Calendar.addDays(rq.from, -1), rq.to], [
      Calendar.addDays(lastFrom, -1),
      lastTo
    ]], [rq.asOf, yearBefore, periodBounds(rq.period).end])
    const relevant = Figures.countedBySome(structure, [...new Set(dates.map(scopeOn))])
    // Every figure from one pass: each life is folded once, fed to each tally and dropped.
    const tallies = {
      stocks: Figures.stocksTally(rq.asOf, scopeOn(rq.asOf)),
      flows: Figures.flowsTally(rq.from, rq.to, scopeOn),
      lastYear: Figures.admittedTally(lastFrom, lastTo, scopeOn),
      ratings: Figures.ratingsTally(rq.period, scopeOn),
      yearBefore: Figures.totalTally(yearBefore, scopeOn(yearBefore))
    }
    // The dates the tallies read: stocks on asOf, the flows from the day before `from` to `to`, last
    // year's flows, the ratings on the period's end, the start-of-year headcount.
    const read = [rq.asOf, Calendar.addDays(rq.from, -1), rq.to, lastFrom, periodBounds(rq.period).end, yearBefore]
    store.forEachLife(knownAt, rq.period, relevant, (life) => {
      tallies.stocks.add(life)
      tallies.flows.add(life)
      tallies.lastYear.add(life)
      tallies.ratings.add(life)
      tallies.yearBefore.add(life)
    }, { from: read.reduce((a, b) => (b < a ? b : a)), until: read.reduce((a, b) => (b > a ? b : a)) })
    const { byUnit, stocks } = tallies.stocks.result()
    const flows = tallies.flows.result()
    const lastYear = tallies.lastYear.result()
    const planTarget = structureAsOf === undefined
      ? targetOf(registry, rq.org, rq.to) ?? null
      : restatedTarget(registry, rq.org, rq.to, structureAsOf, scopeOn(rq.to))
    return Result.succeed({
      query: rq,
      stocks,
      flows,
      ratings: tallies.ratings.result(),
      ratios: {
        admissionRate: Figures.ratio(flows.admitted, tallies.yearBefore.result()),
        planTarget,
        planAttainment: planTarget === null ? null : Figures.ratio(flows.admitted, planTarget),
        samePeriodLastYear: {
          from: lastFrom,
          to: lastTo,
          admitted: lastYear,
          admittedChange: flows.admitted - lastYear,
          admittedRatio: Figures.ratio(flows.admitted, lastYear)
        }
      },
      organizations: Figures.organizations(structure, rq.org, structureAsOf ?? rq.asOf, byUnit)
    })
  })

/**
 * The organisation registry the index holds (sổ tổ chức đảng): every organisation event folded in —
 * as known at `knownAt` when given (an ISO instant: events recorded after it left out). A compact
 * index keeps no `CommitteeElected`, so its registry has no committees; names, codes, kinds and
 * the tree on any date are all there. What a caller of an index restored from its checkpoint uses
 * to find organisations, without reading the log again.
 *
 * @category getters
 * @since 0.1.0
 */
export const registry = (index: Index | Compact, knownAt?: string): OrganizationRegistry.Registry =>
  storeOf(index).structure(knownAt).registry

/**
 * The members on `asOf` in each unit of `org`'s subtree — the unit each counts in, merges
 * followed, restated on `structureAsOf`'s tree when given. Units without members are absent; the
 * values add up to `stocks.total`.
 *
 * @category queries
 * @since 0.1.0
 */
export const headcounts = (
  index: Index | Compact,
  q: Pick<Query, "org" | "knownAt" | "structureAsOf"> & { readonly asOf: CalendarDate }
): Result.Result<ReadonlyMap<OrgId, number>, UnknownOrganization | InvalidQuery> =>
  Result.flatMap(resolveQuery({ ...q, to: q.asOf }), (rq) => {
    const store = storeOf(index)
    const structure = store.structure(rq.knownAt ?? undefined)
    const state = structure.registry.state(rq.org)
    if (state === undefined || !state.founded) return Result.fail(new UnknownOrganization({ org: rq.org }))
    const scope = Figures.makeScopes(structure, rq.org, rq.structureAsOf ?? undefined)(rq.asOf)
    const tally = Figures.stocksTally(rq.asOf, scope)
    store.forEachLife(
      rq.knownAt ?? undefined,
      undefined,
      Figures.countedBySome(structure, [scope]),
      tally.add,
      { from: rq.asOf, until: rq.asOf }
    )
    return Result.succeed(tally.result().byUnit)
  })
