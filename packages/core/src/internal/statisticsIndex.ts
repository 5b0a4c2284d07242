/**
 * The store behind `Statistics`: the member events in columns (`memberColumns`), the organisation
 * events and the registry grown in place, and — for an index that keeps the history, what the audit
 * and the badges due read — every envelope once, grouped by member. A query folds the lives it
 * needs from the columns as known at its instant: lives are not kept.
 */
import * as Calendar from "../Calendar.ts"
import type { CalendarDate } from "../Calendar.ts"
import type { Envelope, MemberEnvelope } from "../Envelope.ts"
import { isOrgEnvelope } from "../Envelope.ts"
import { type MemberId, type OrgId, parseStream } from "../Ids.ts"
import type * as Organization from "../Organization.ts"
import * as OrganizationRegistry from "../OrganizationRegistry.ts"
import type { OrgEventType } from "../OrgEvent.ts"
import { instantMs } from "./instant.ts"
import { MemberColumns, periodCode } from "./memberColumns.ts"
import { knownEvents } from "./memberHistory.ts"
import { fold, type Life } from "./memberLife.ts"
import { OrgEventLog } from "./orgEventLog.ts"
import { countAtMost, countBelow } from "./sortedSearch.ts"

/** The organisation tree as known at an instant. */
export interface Structure {
  readonly registry: OrganizationRegistry.Registry
  /** Every date on which a unit was founded, reparented, merged or dissolved, in order: the tree changes on no other date. */
  readonly structureDates: ReadonlyArray<CalendarDate>
  /**
   * The stretch a date falls in: how many structure dates are on or before it. The tree is the same
   * on every date of a stretch.
   */
  readonly stretchOf: (date: CalendarDate) => number
  /**
   * `registry.subtreeOn` as a set (in the same order), kept for the stretch between structure dates
   * that `date` falls in: the tree is the same all through it, so later queries reuse it.
   */
  readonly subtreeOn: (org: OrgId, date: CalendarDate) => ReadonlySet<OrgId>
  /**
   * What `make` gives (a value that depends on the tree alone, and how many organisations it holds),
   * kept under `key` for later queries of the same tree: forgotten when an organisation event
   * comes, or — the least recently used first — when what is kept holds over a million
   * organisations.
   */
  readonly keep: <A>(key: string, make: () => readonly [A, number]) => A
  /**
   * The organisations by number: the member columns' numbering, which lives and marks carry. Every
   * organisation of the tree has a number (the registry takes its ids from the columns).
   */
  readonly orgIds: ReadonlyArray<OrgId>
  readonly orgNumbers: ReadonlyMap<OrgId, number>
  /**
   * `registry.resolve` by number on `date` (−1: it resolves to none), each organisation resolved
   * once and kept for the stretch `date` falls in: resolution follows only what the tree changes on
   * structure dates.
   */
  readonly resolvedOn: (date: CalendarDate) => (org: number) => number
}

/** What a query reads: the tree and the members' lives as known at an instant. */
export interface View extends Structure {
  readonly lives: ReadonlyArray<Life>
}

const structural = new Set([
  "OrganizationFounded",
  "OrganizationReparented",
  "OrganizationMerged",
  "OrganizationDissolved"
])

/**
 * Organisation events no figure reads: an index without history (`Statistics.makeCompact`) neither
 * keeps nor applies them. Committees matter to the audit (ORG-04), which needs the history anyway;
 * they are four in five organisation events of a generated country.
 */
const unread: ReadonlySet<string> = new Set(["CommitteeElected"] satisfies ReadonlyArray<OrgEventType>)

/** How many organisations what queries keep of the trees may hold in all (tens of bytes each). */
const keptOrgsAtMost = 1_000_000

/** Can this event end a membership (after it, the member may count nowhere)? */
const mayEnd = (e: MemberEnvelope): boolean =>
  e.type === "Died" || e.type === "StruckOff" || e.type === "AllowedToLeave" ||
  (e.type === "Disciplined" && e.data.form === "expulsion")

/** The instant of `knownAt` in milliseconds (no `knownAt`: everything is known). */
const knownMsOf = (knownAt: string | undefined): number =>
  knownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(knownAt)

/** The code of a rating period the fold reads (−1: none). */
const periodCodeOf = (period: string | undefined): number => period === undefined ? -1 : periodCode(period)

/** Inserts a date into a sorted list of distinct dates. */
const insertDate = (dates: Array<CalendarDate>, d: CalendarDate): void => {
  const at = countBelow(dates, d)
  if (dates[at] !== d) dates.splice(at, 0, d)
}

export interface Store {
  readonly add: (envelope: Envelope) => void
  /** Every envelope, in the order they came (empty for an index without history). */
  readonly envelopes: () => ReadonlyArray<Envelope>
  readonly size: () => number
  /**
   * The lives as known at an instant, with the rating of `period` (`YYYY`, `YYYY-Hn`) if given —
   * only of the members with a home organisation (registered, imported or arrived in) for which
   * `relevant` holds, when it is given: the others would count nowhere in the query.
   */
  readonly lives: (knownAt: string | undefined, period?: string, relevant?: Relevant) => Array<Life>
  /**
   * The same lives one at a time, in the same order, each dropped once `visit` returns: what a query
   * uses, so that no life outlives its visit. `visit` also gets the member's ordinal (`lifeOf`,
   * `memberIdOf`).
   */
  readonly forEachLife: (
    knownAt: string | undefined,
    period: string | undefined,
    relevant: Relevant | undefined,
    visit: (life: Life, ordinal: number) => void,
    /**
     * The dates `visit` reads, if it reads none outside them: a member whose first event comes
     * after `until` is not folded (nothing of their life happens by then), and a member known to
     * count nowhere from some day on (no status in the Party and no counted event after it, without
     * `knownAt`) is not folded when that day comes before `from`.
     */
    reads?: { readonly from: CalendarDate; readonly until: CalendarDate }
  ) => void
  /** One member's life (by ordinal) as known at an instant, with the rating of `period` if given. */
  readonly lifeOf: (ordinal: number, knownAt: string | undefined, period: string | undefined) => Life
  /** The id of the member of an ordinal. */
  readonly memberIdOf: (ordinal: number) => MemberId
  /** The tree alone (no lives folded). */
  readonly structure: (knownAt: string | undefined) => Structure
  /** Each member's events known at the instant, as `knownEvents` gives them (for full states on a date); only with history. */
  readonly histories: (knownAt: string | undefined) => ReadonlyArray<History>
  /** The member columns and the organisation events: what a compact checkpoint saves. */
  readonly columns: MemberColumns
  readonly orgEvents: OrgEventLog
  /** Organisation events counted in `size` but not kept (`unread`): a compact checkpoint saves the count. */
  readonly unreadOrgEvents: () => number
}

/**
 * Which home organisations (by number: `Structure.orgIds`) a member must have had to count: a test,
 * and (`within`) the only organisations it may hold for, when it knows them — then the members are
 * found through those organisations alone, not by testing every organisation of the index.
 */
export type Relevant = ((org: number) => boolean) & { readonly within?: ReadonlyArray<number> }

/** One member's known events, in date order, neutralised ones left out. */
export interface History {
  readonly memberId: MemberId
  readonly events: ReadonlyArray<MemberEnvelope>
}

const stores = new WeakMap<object, Store>()

/** Ties a public index to its store (done once, by `Statistics.make`). */
export const attachStore = (index: object, store: Store): void => {
  stores.set(index, store)
}

/** The store behind an index made by `Statistics.make`: the accessor the audit and badges use. */
export const storeOf = (index: object): Store => stores.get(index)!

/**
 * A store; `history` keeps every envelope too (what `Statistics.make` does), `columns` starts from
 * saved columns (a compact checkpoint read back, with the count of organisation events it did not keep).
 */
export const makeStore = (options: {
  readonly history: boolean
  readonly columns?: MemberColumns
  readonly unreadOrgEvents?: number
  /** How many organisations what queries keep may hold (default `keptOrgsAtMost`; tests ask less). */
  readonly keptOrgsAtMost?: number
}): Store => {
  const keptAtMost = options.keptOrgsAtMost ?? keptOrgsAtMost
  const columns = options.columns ?? new MemberColumns()
  const histories = new Map<MemberId, Array<MemberEnvelope>>()
  const orgEvents = new OrgEventLog(columns)
  const structureDates: Array<CalendarDate> = []
  const all: Array<Envelope> = []
  let unreadOrgEvents = options.unreadOrgEvents ?? 0
  let count = columns.events + unreadOrgEvents
  let orgLastRecordedMs = Number.NEGATIVE_INFINITY
  const registry = OrganizationRegistry.makeGrowing([], { intern: (id) => columns.orgIds[columns.org(id)]! })
  // The trees as known at earlier instants, by how many organisation events were recorded by then:
  // the events known at an instant are those recorded by it, so two instants that know as many know
  // the same ones. Rebuilding a tree costs a pass over every organisation event; a report's queries
  // as known on one day share it. Cleared when an organisation event is added.
  const orgRecordedMs: Array<number> = []
  let sortedRecordedMs: Float64Array | undefined
  // The organisation events kept (their numbers in `orgEvents`), by organisation: made when a
  // query first asks as known at an earlier instant (the tree then known folds again the
  // organisations with an event recorded later), then kept up to date.
  let orgEventsOf: Map<OrgId, Array<number>> | undefined
  const noteOrgEvent = (id: OrgId, n: number): void => {
    const events = orgEventsOf!.get(id)
    if (events === undefined) orgEventsOf!.set(id, [n])
    else events.push(n)
  }
  const knownTrees = new Map<number, OrganizationRegistry.Registry>()
  const knownTreesKept = 4
  // What queries keep of the trees (`Structure.keep`: states, resolutions, subtrees, scopes), under
  // their tree's number and key, the least recently used first; cleared with the trees.
  const treeNumbers = new WeakMap<OrganizationRegistry.Registry, number>()
  let treesNumbered = 0
  const kept = new Map<string, { readonly value: unknown; readonly orgs: number }>()
  let keptOrgs = 0
  // By member ordinal: the day from which the member, as known with everything recorded, counts
  // nowhere — not in the Party (no status, home or transit that counts) and no counted event after
  // it — or `mayCount`: not known yet, or a member still. Learnt as events come — a member is
  // folded when an event may end their membership (a death, a removal, an expulsion) and again at
  // each event after one did — and by the folds of queries without knownAt (a checkpoint read back
  // starts with none known), so that the first query of a province does not fold its dead.
  const mayCount = 0x7fffffff
  let quietFrom = new Int32Array(0)
  /** `quietFrom` long enough for `members` members (new ones not known yet). */
  const quietFor = (members: number): Int32Array => {
    if (quietFrom.length < members) {
      const grown = new Int32Array(Math.max(members, Math.ceil(quietFrom.length * 1.5), 1024)).fill(mayCount)
      grown.set(quietFrom)
      quietFrom = grown
    }
    return quietFrom
  }

  /** The day from which a life, folded with everything recorded, counts nowhere (see `quietFrom`). */
  const quietDay = (life: Life): number => {
    const last = life.points[life.points.length - 1]
    if (last !== undefined && (last.status === "probationary" || last.status === "official")) return mayCount
    let day = last === undefined ? -mayCount : last.day
    const mark = life.marks[life.marks.length - 1]
    if (mark !== undefined) day = Math.max(day, mark.day)
    return day
  }

  // The stream of the last envelope and its parse: a log written member by member (as imports of
  // exports are) gives one stream's events after another, so most envelopes reuse it.
  let lastStream = ""
  let lastParsed: ReturnType<typeof parseStream> = undefined
  const add = (e: Envelope): void => {
    if (e.stream !== lastStream) {
      lastStream = e.stream
      lastParsed = parseStream(e.stream)
    }
    const parsed = lastParsed
    if (parsed === undefined) return
    if (options.history) all.push(e)
    if (isOrgEnvelope(e)) {
      count++
      if (!options.history && unread.has(e.type)) {
        unreadOrgEvents++
        return
      }
      const n = orgEvents.add(e)
      if (orgEventsOf !== undefined) noteOrgEvent(orgEvents.orgOf(n), n)
      const ms = instantMs(e.recordedAt)
      if (ms > orgLastRecordedMs) orgLastRecordedMs = ms
      orgRecordedMs.push(ms)
      sortedRecordedMs = undefined
      knownTrees.clear()
      kept.clear()
      keptOrgs = 0
      if (structural.has(e.type)) insertDate(structureDates, e.occurredOn)
      // The event as the log gives it back: its organisations' ids are the columns' (`intern`).
      registry.apply(orgEvents.at(n))
      return
    }
    if (parsed.kind !== "member") return
    count++
    const ordinal = columns.add(parsed.id, e as MemberEnvelope)
    if (ordinal !== -1) {
      const quiet = quietFor(ordinal + 1)
      quiet[ordinal] = quiet[ordinal] !== mayCount || mayEnd(e as MemberEnvelope)
        ? quietDay(fold(columns, ordinal, Number.POSITIVE_INFINITY))
        : mayCount
    }
    if (!options.history) return
    const events = histories.get(parsed.id)
    if (events === undefined) histories.set(parsed.id, [e as MemberEnvelope])
    else events.push(e as MemberEnvelope)
  }

  /** The tree as known at an instant that does not know every organisation event. */
  const knownTree = (knownMs: number): OrganizationRegistry.Registry => {
    sortedRecordedMs ??= Float64Array.from(orgRecordedMs).sort()
    // How many organisation events were recorded by knownMs.
    const known = countAtMost(sortedRecordedMs, knownMs)
    let tree = knownTrees.get(known)
    if (tree === undefined) {
      if (orgEventsOf === undefined) {
        orgEventsOf = new Map()
        for (let n = 0; n < orgEvents.length; n++) noteOrgEvent(orgEvents.orgOf(n), n)
      }
      const byOrg = orgEventsOf
      // An organisation whose every event is known keeps its state: its events are read back
      // only when one of them is not.
      tree = OrganizationRegistry.knownAmong(
        registry,
        (id) => {
          const numbers = byOrg.get(id)
          return numbers === undefined || numbers.every((n) => orgRecordedMs[n]! <= knownMs)
            ? []
            : numbers.map((n) => orgEvents.at(n))
        },
        (o) => instantMs(o.recordedAt) <= knownMs
      )
      if (knownTrees.size === knownTreesKept) knownTrees.delete(knownTrees.keys().next().value!)
      knownTrees.set(known, tree)
    }
    return tree
  }

  /**
   * What is kept for one tree. When what is kept holds more than `keptAtMost` organisations,
   * the least recently used goes first (what every query of a tree reads — its states and
   * resolutions — stays while scopes come and go).
   */
  const keepFor = (tree: OrganizationRegistry.Registry) => {
    let number = treeNumbers.get(tree)
    if (number === undefined) treeNumbers.set(tree, number = treesNumbered++)
    const prefix = `${number} `
    return <A>(key: string, make: () => readonly [A, number]): A => {
      const k = prefix + key
      const found = kept.get(k)
      if (found !== undefined) {
        kept.delete(k)
        kept.set(k, found)
        return found.value as A
      }
      // `make` may keep things itself (a scope its subtree): they come before it in the order.
      const [value, orgs] = make()
      kept.set(k, { value, orgs })
      keptOrgs += orgs
      for (const [old, entry] of kept) {
        if (keptOrgs <= keptAtMost || old === k) break
        kept.delete(old)
        keptOrgs -= entry.orgs
      }
      return value
    }
  }

  const structure = (knownAt: string | undefined): Structure => {
    const knownMs = knownMsOf(knownAt)
    const tree = orgLastRecordedMs <= knownMs ? registry : knownTree(knownMs)
    const keep = keepFor(tree)
    const stretchOf = (date: CalendarDate): number => countAtMost(structureDates, date)
    const { orgIds, orgNumbers } = columns
    /**
     * The tree's state of each organisation by number, looked up when first asked and kept for the
     * tree (shared by the resolutions of every stretch).
     */
    const statesOf = () =>
      keep("states", () => {
        // undefined: not looked up yet; null: none. Organisations numbered after this was made are
        // looked up each time.
        const states = Array.from<Organization.State | undefined | null>({ length: orgIds.length })
        const stateOf = (org: number): Organization.State | undefined => {
          if (org >= states.length) return tree.state(orgIds[org]!)
          let s = states[org]
          if (s === undefined) states[org] = s = tree.state(orgIds[org]!) ?? null
          return s ?? undefined
        }
        // Counted as a sixth of an organisation each, as a resolution.
        return [stateOf, Math.ceil(orgIds.length / 6)]
      })
    return {
      registry: tree,
      // A superset of the known dates when knownAt hides some: still dates the tree may change on.
      structureDates,
      stretchOf,
      subtreeOn: (org, date) =>
        keep(`subtree ${stretchOf(date)} ${org}`, () => {
          const set = new Set(tree.subtreeOn(org, date))
          return [set, set.size]
        }),
      keep,
      orgIds,
      orgNumbers,
      resolvedOn: (date) =>
        keep(`resolved ${stretchOf(date)}`, () => {
          // −2: not resolved yet. Organisations numbered after this was made are resolved each time.
          const resolved = new Int32Array(orgIds.length).fill(-2)
          const stateOf = statesOf()
          const resolve = (org: number): number => {
            const known = org < resolved.length ? resolved[org]! : -2
            if (known !== -2) return known
            // Most organisations stand as themselves: their state (looked up once for the tree)
            // says so, without the registry's lookups by id.
            const s = stateOf(org)
            let n = org
            if (s === undefined || !OrganizationRegistry.standsAsItselfOn(s, date)) {
              const id = tree.resolve(orgIds[org]!, date)
              n = id === undefined ? -1 : orgNumbers.get(id)!
            }
            if (org < resolved.length) resolved[org] = n
            return n
          }
          // Counted as a sixth of an organisation each (4 bytes against tens).
          return [resolve, Math.ceil(resolved.length / 6)]
        })
    }
  }

  const forEachLife: Store["forEachLife"] = (knownAt, period, relevant, visit, reads) => {
    const knownMs = knownMsOf(knownAt)
    const code = periodCodeOf(period)
    // By organisation number: 0 not yet asked, 1 relevant, 2 not.
    const answers = new Uint8Array(columns.orgIds.length)
    const isRelevant = (org: number): boolean => {
      if (answers[org] === 0) answers[org] = relevant!(org) ? 1 : 2
      return answers[org] === 1
    }
    const members = columns.ids.size
    const everything = knownAt === undefined
    if (everything) quietFor(members)
    // Days before the earliest date read: a member quiet from such a day is not folded.
    const skipBefore = everything && reads !== undefined ? Calendar.toDayNumber(reads.from) : -mayCount
    // Days after the last date read: a member whose first event comes on such a day is not folded
    // (events known at an instant are some of those recorded, so they come no earlier).
    const skipAfter = reads !== undefined ? Calendar.toDayNumber(reads.until) : mayCount
    const firstDay = columns.firstDay.array
    const one = (ordinal: number): void => {
      if (quietFrom[ordinal]! < skipBefore || firstDay[ordinal]! > skipAfter) return
      const life = fold(columns, ordinal, knownMs, code)
      if (everything) quietFrom[ordinal] = quietDay(life)
      visit(life, ordinal)
    }
    if (relevant === undefined) {
      for (let ordinal = 0; ordinal < members; ordinal++) one(ordinal)
      return
    }
    for (const ordinal of columns.membersWithSomeHome(isRelevant, relevant.within)) one(ordinal)
  }
  const lives: Store["lives"] = (knownAt, period, relevant) => {
    const folded: Array<Life> = []
    forEachLife(knownAt, period, relevant, (life) => folded.push(life))
    return folded
  }

  return {
    add,
    envelopes: () => all,
    size: () => count,
    lives,
    forEachLife,
    lifeOf: (ordinal, knownAt, period) => fold(columns, ordinal, knownMsOf(knownAt), periodCodeOf(period)),
    memberIdOf: (ordinal) => columns.ids.idAt(ordinal),
    structure,
    histories: (knownAt) =>
      Array.from(histories, ([memberId, events]) => ({ memberId, events: knownEvents(memberId, events, knownAt) })),
    columns,
    orgEvents,
    unreadOrgEvents: () => unreadOrgEvents
  }
}
