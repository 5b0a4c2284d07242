/**
 * The organisation registry (sổ tổ chức đảng): the folded streams of every organisation, in
 * memory, answering "does this organisation exist on date d" and "what was the tree on date d"
 * (ORG-05: history keeps every shape). Each organisation keeps its shapes as dated versions, so a
 * question on a date is a binary search. A merged organisation's children and members belong, from
 * the merge on, to the organisation it was merged into (`resolve`).
 *
 * @since 0.1.0
 */
import type { CalendarDate } from "./Calendar.ts"
import * as Envelope from "./Envelope.ts"
import { type OrgId, parseStream } from "./Ids.ts"
import * as Organization from "./Organization.ts"
import type { OrgKind } from "./OrgEvent.ts"

/**
 * One node of the tree on a date (cây tổ chức).
 *
 * @category models
 * @since 0.1.0
 */
export interface TreeNode {
  readonly id: OrgId
  readonly name: string
  readonly kind: OrgKind
  readonly children: ReadonlyArray<TreeNode>
}

/**
 * The registry. Lists of ids are sorted by id (ULIDs: creation order).
 *
 * @category models
 * @since 0.1.0
 */
export interface Registry {
  /** Every founded organisation. */
  readonly ids: ReadonlyArray<OrgId>
  /** The folded state of an organisation's stream. */
  readonly state: (id: OrgId) => Organization.State | undefined
  /** The organisation as it stood on a date; `undefined` if unknown or not yet founded. */
  readonly on: (id: OrgId, date: CalendarDate) => Organization.Snapshot | undefined
  /** Does it exist on the date (founded, not dissolved, not merged away)? */
  readonly isLiveOn: (id: OrgId, date: CalendarDate) => boolean
  /** Every organisation live on the date. */
  readonly liveOn: (date: CalendarDate) => ReadonlyArray<OrgId>
  /** The live organisation holding a unit's place and members on the date: itself if live, else following merges (and `membersMovedTo` of a dissolution). */
  readonly resolve: (id: OrgId, date: CalendarDate) => OrgId | undefined
  /**
   * ORG-05: where `resolve` ends instead on an organisation dissolved on or before the date without
   * moving its members (`membersMovedTo`), merges and moves followed — that organisation and its
   * dissolution date, the members of `id` being left there and counting nowhere. `undefined` when
   * `resolve` finds a live organisation, or the walk leaves the organisations standing on the date.
   */
  readonly strandedIn: (id: OrgId, date: CalendarDate) => { readonly org: OrgId; readonly on: CalendarDate } | undefined
  /** The direct parent on the date, merges resolved: `null` for a root, `undefined` if not live. */
  readonly parentOn: (id: OrgId, date: CalendarDate) => OrgId | null | undefined
  /** The live direct children on the date. */
  readonly childrenOn: (id: OrgId, date: CalendarDate) => ReadonlyArray<OrgId>
  /** The ancestors on the date, nearest first. */
  readonly ancestorsOn: (id: OrgId, date: CalendarDate) => ReadonlyArray<OrgId>
  /** The organisation and every live descendant on the date, depth first (itself first); empty if not live. */
  readonly subtreeOn: (id: OrgId, date: CalendarDate) => ReadonlyArray<OrgId>
  /**
   * The organisations whose place `resolve` can lead straight to this one on some date: merged into
   * it, or dissolved with their members moved to it.
   */
  readonly sourcesOf: (id: OrgId) => ReadonlyArray<OrgId>
  /** The live organisations without a parent (the provinces) on the date. */
  readonly rootsOn: (date: CalendarDate) => ReadonlyArray<OrgId>
  /** The whole tree on the date. */
  readonly treeOn: (date: CalendarDate) => ReadonlyArray<TreeNode>
  /** The decider's context for a command to `self`; member counts come from the caller. */
  readonly contextFor: (
    self: OrgId,
    options?: { readonly memberCountOn?: (id: OrgId, date: CalendarDate) => number }
  ) => Organization.OrgContext
  /** A new registry with more events folded in (each stream's events in stream order). */
  readonly add: (envelopes: Iterable<Envelope.Envelope>) => Registry
}

const maxChain = 256

const byId = (a: OrgId, b: OrgId): number => (a < b ? -1 : a > b ? 1 : 0)

const foldInto = (
  states: Map<OrgId, Organization.State>,
  envelopes: Iterable<Envelope.Envelope>,
  intern: (id: OrgId) => OrgId = (id) => id
): void => {
  for (const e of envelopes) {
    if (!Envelope.isOrgEnvelope(e)) continue
    const parsed = parseStream(e.stream)
    if (parsed?.kind !== "org") continue
    const state = states.get(parsed.id)
    if (state !== undefined) states.set(parsed.id, Organization.evolve(state, e))
    else {
      const id = intern(parsed.id)
      states.set(id, Organization.evolve(Organization.initialFor(id), e))
    }
  }
}

/** Adds `v` to the list of `k` unless it is there. */
const pushOnce = (m: Map<OrgId, Array<OrgId>>, k: OrgId, v: OrgId): void => {
  const xs = m.get(k)
  if (xs === undefined) m.set(k, [v])
  else if (!xs.includes(v)) xs.push(v)
}

/** Merged away on or before the date? */
const mergedBy = (s: Organization.Founded, date: CalendarDate): boolean =>
  s.mergedOn !== undefined && s.mergedOn <= date
/** Dissolved on or before the date? */
const dissolvedBy = (s: Organization.Founded, date: CalendarDate): boolean =>
  s.dissolvedOn !== undefined && s.dissolvedOn <= date

/**
 * Does the organisation stand as itself on `date` — a version in effect, neither merged away nor
 * dissolved on or before it? Then `resolve` gives the organisation itself on that date, with no
 * further lookup: what a caller holding the state can ask first.
 *
 * @category predicates
 * @since 0.1.0
 */
export const standsAsItselfOn = (s: Organization.State, date: CalendarDate): boolean =>
  s.founded && Organization.versionOn(s, date) !== undefined && !mergedBy(s, date) && !dissolvedBy(s, date)

/**
 * The registry over its states and indices, with `index` to fold one more state in place and
 * `withStates` to answer with some organisations' states replaced.
 */
const build = (
  states: Map<OrgId, Organization.State>
): Registry & {
  readonly index: (id: OrgId) => void
  readonly withStates: (
    replace: (id: OrgId, own: Organization.State | undefined) => Organization.State | undefined
  ) => Registry
} => {
  const founded = new Map<OrgId, Organization.Founded>()
  let sortedIds: Array<OrgId> = []
  let idsDirty = false
  /** Every organisation ever recorded under a parent. */
  const everChildren = new Map<OrgId, Array<OrgId>>()
  /** The organisations merged into each one. */
  const mergedFrom = new Map<OrgId, Array<OrgId>>()
  /** The organisations merged into each one or dissolved with their members moved to it. */
  const sources = new Map<OrgId, Array<OrgId>>()
  /** (Re)indexes one organisation from its current state. */
  const index = (id: OrgId): void => {
    const s = states.get(id)
    if (s === undefined || !s.founded) return
    if (!founded.has(id)) idsDirty = true
    founded.set(id, s)
    for (const v of s.history) if (v.parentId !== null) pushOnce(everChildren, v.parentId, id)
    if (s.mergedInto !== undefined) {
      pushOnce(mergedFrom, s.mergedInto, id)
      pushOnce(sources, s.mergedInto, id)
    }
    if (s.membersMovedTo !== undefined) pushOnce(sources, s.membersMovedTo, id)
  }
  for (const id of [...states.keys()].sort(byId)) index(id)
  const ids = (): ReadonlyArray<OrgId> => {
    if (idsDirty) {
      sortedIds = [...founded.keys()].sort(byId)
      idsDirty = false
    }
    return sortedIds
  }
  const answers = answering(everChildren, mergedFrom, sources, {
    foundedOf: (id) => founded.get(id),
    stateOf: (id) => states.get(id),
    ids,
    all: () => states
  })
  return Object.defineProperty(
    {
      ...answers,
      index,
      withStates: (replace) => {
        // Each organisation's state is asked of `replace` when first needed, then kept.
        const taken = new Map<OrgId, Organization.State | undefined>()
        const stateOf = (id: OrgId): Organization.State | undefined => {
          if (taken.has(id)) return taken.get(id)
          const s = replace(id, states.get(id))
          taken.set(id, s)
          return s
        }
        const foundedOf = (id: OrgId): Organization.Founded | undefined => {
          const s = stateOf(id)
          return s?.founded === true ? s : undefined
        }
        let known: ReadonlyArray<OrgId> | undefined
        return answering(everChildren, mergedFrom, sources, {
          foundedOf,
          stateOf,
          ids: () => (known ??= ids().filter((id) => foundedOf(id) !== undefined)),
          all: () =>
            new Map([...states.keys()].flatMap((id) => {
              const s = stateOf(id)
              return s === undefined ? [] : [[id, s] as const]
            }))
        })
      }
    },
    "ids",
    { get: ids, enumerable: true }
  )
}

/** Where `answering` reads the organisations' states. */
interface States {
  readonly foundedOf: (id: OrgId) => Organization.Founded | undefined
  readonly stateOf: (id: OrgId) => Organization.State | undefined
  /** The founded organisations, sorted. */
  readonly ids: () => ReadonlyArray<OrgId>
  /** Every state (what `add` folds more events into). */
  readonly all: () => ReadonlyMap<OrgId, Organization.State>
}

/**
 * The registry's answers from states and the indices built from them. The indices may hold more
 * than the states give — children once recorded, mergers and sources that the states (folded from
 * fewer of each organisation's events) do not have — since every answer checks the states on the
 * date; never less.
 */
const answering = (
  everChildren: ReadonlyMap<OrgId, ReadonlyArray<OrgId>>,
  mergedFrom: ReadonlyMap<OrgId, ReadonlyArray<OrgId>>,
  sources: ReadonlyMap<OrgId, ReadonlyArray<OrgId>>,
  { all, foundedOf, ids, stateOf }: States
): Registry => {
  const on = (id: OrgId, date: CalendarDate): Organization.Snapshot | undefined => {
    const s = foundedOf(id)
    return s === undefined ? undefined : Organization.snapshotOn(s, date)
  }
  const isLiveOn = (id: OrgId, date: CalendarDate): boolean => on(id, date)?.live === true

  // `follow` and `parentOn` read the states themselves (what `on` would give, without building a
  // snapshot): a query resolves every organisation its members name, on several dates.
  /** The organisation's state when it stands on `date` (a version in effect), else undefined. */
  const standing = (id: OrgId, date: CalendarDate): Organization.Founded | undefined => {
    const s = foundedOf(id)
    return s !== undefined && Organization.versionOn(s, date) !== undefined ? s : undefined
  }

  /**
   * The walk of `resolve` from `id` on `date`: the live organisation it reaches; or, with `stranded`,
   * the organisation dissolved without moving its members where it stops (given to `stranded`).
   */
  const follow = (
    id: OrgId,
    date: CalendarDate,
    viaDissolution: boolean,
    stranded?: (org: OrgId, s: Organization.Founded) => void
  ): OrgId | undefined => {
    let current = id
    for (let i = 0; i < maxChain; i++) {
      const s = standing(current, date)
      if (s === undefined) return undefined
      const merged = mergedBy(s, date)
      const dissolved = dissolvedBy(s, date)
      if (!merged && !dissolved) return current
      const next = (merged ? s.mergedInto : undefined) ?? (viaDissolution && dissolved ? s.membersMovedTo : undefined)
      if (next === undefined) {
        if (!merged && stranded !== undefined) stranded(current, s)
        return undefined
      }
      current = next
    }
    return undefined
  }

  const strandedIn: Registry["strandedIn"] = (id, date) => {
    let out: { readonly org: OrgId; readonly on: CalendarDate } | undefined
    follow(id, date, true, (org, s) => {
      out = { org, on: s.dissolvedOn! }
    })
    return out
  }

  const parentOn = (id: OrgId, date: CalendarDate): OrgId | null | undefined => {
    const s = foundedOf(id)
    const v = s === undefined ? undefined : Organization.versionOn(s, date)
    if (s === undefined || v === undefined || mergedBy(s, date) || dissolvedBy(s, date)) return undefined
    if (v.parentId === null) return null
    return follow(v.parentId, date, false) ?? v.parentId
  }

  const childrenOn = (id: OrgId, date: CalendarDate): ReadonlyArray<OrgId> => {
    // Nothing was ever merged into most organisations: their children are some of their own (each
    // listed once), without the walk through the merged ones.
    if (!mergedFrom.has(id)) {
      const own = everChildren.get(id)
      return own === undefined ? [] : own.filter((c) => parentOn(c, date) === id).sort(byId)
    }
    const out = new Set<OrgId>()
    const visited = new Set<OrgId>()
    const visit = (q: OrgId): void => {
      if (visited.has(q)) return
      visited.add(q)
      for (const c of everChildren.get(q) ?? []) if (parentOn(c, date) === id) out.add(c)
      for (const m of mergedFrom.get(q) ?? []) if (on(m, date)?.mergedInto !== undefined) visit(m)
    }
    visit(id)
    return [...out].sort(byId)
  }

  const ancestorsOn = (id: OrgId, date: CalendarDate): ReadonlyArray<OrgId> => {
    const out: Array<OrgId> = []
    const seen = new Set<OrgId>([id])
    let p = parentOn(id, date)
    while (p !== null && p !== undefined && !seen.has(p)) {
      out.push(p)
      seen.add(p)
      p = parentOn(p, date)
    }
    return out
  }

  const subtreeOn = (id: OrgId, date: CalendarDate): ReadonlyArray<OrgId> => {
    if (!isLiveOn(id, date)) return []
    const out: Array<OrgId> = []
    const seen = new Set<OrgId>()
    const walk = (q: OrgId): void => {
      if (seen.has(q)) return
      seen.add(q)
      out.push(q)
      for (const c of childrenOn(q, date)) walk(c)
    }
    walk(id)
    return out
  }

  const liveOn = (date: CalendarDate): ReadonlyArray<OrgId> => ids().filter((id) => isLiveOn(id, date))
  const rootsOn = (date: CalendarDate): ReadonlyArray<OrgId> => liveOn(date).filter((id) => parentOn(id, date) === null)

  const treeOn = (date: CalendarDate): ReadonlyArray<TreeNode> => {
    const seen = new Set<OrgId>()
    const node = (id: OrgId): TreeNode => {
      seen.add(id)
      const snap = on(id, date) as Organization.Snapshot
      const children = childrenOn(id, date).filter((c) => !seen.has(c)).map(node)
      return { id, name: snap.name, kind: snap.kind, children }
    }
    return rootsOn(date).map(node)
  }

  const contextFor: Registry["contextFor"] = (self, options) => ({
    self,
    orgOn: (id, date) => {
      const snap = on(id, date)
      if (snap === undefined) return undefined
      const base = { kind: snap.kind, live: snap.live, ancestors: snap.live ? ancestorsOn(id, date) : [] }
      return snap.mergedInto === undefined ? base : { ...base, mergedInto: snap.mergedInto }
    },
    liveChildrenOn: childrenOn,
    ...(options?.memberCountOn === undefined ? {} : { memberCountOn: options.memberCountOn })
  })

  return {
    get ids() {
      return ids()
    },
    state: stateOf,
    on,
    isLiveOn,
    liveOn,
    resolve: (id, date) => follow(id, date, true),
    strandedIn,
    sourcesOf: (id) => sources.get(id) ?? [],
    parentOn,
    childrenOn,
    ancestorsOn,
    subtreeOn,
    rootsOn,
    treeOn,
    contextFor,
    add: (envelopes) => {
      const next = new Map(all())
      foldInto(next, envelopes)
      return build(next)
    }
  }
}

/**
 * Builds a registry from envelopes of any streams (member envelopes are skipped), each stream's
 * events in stream order.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (envelopes: Iterable<Envelope.Envelope>): Registry => {
  const states = new Map<OrgId, Organization.State>()
  foldInto(states, envelopes)
  return build(states)
}

/**
 * A registry that grows in place: `apply` folds one more organisation event in, updating the
 * indices for that organisation only — for bulk checks that judge each event against the ones
 * before it (an `add` per event would rebuild everything each time).
 *
 * @category models
 * @since 0.1.0
 */
export interface Growing extends Registry {
  readonly apply: (envelope: Envelope.Envelope) => void
  /**
   * The registry with each organisation's state replaced by what `replace` gives for it and its own
   * (`undefined`: not known at all) — asked when first needed, so only the organisations a question
   * reaches are — answered over this registry's indices, without building new ones. Each state must
   * be folded from some of that organisation's events as this registry has folded them, in the
   * same order (the tree as known at an earlier instant: the events recorded by then), so that the
   * indices hold every child, merger and source it gives.
   */
  readonly withStates: (
    replace: (id: OrgId, own: Organization.State | undefined) => Organization.State | undefined
  ) => Registry
}

/**
 * A growing registry, starting from envelopes of any streams.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeGrowing = (
  envelopes: Iterable<Envelope.Envelope> = [],
  options: {
    /**
     * The id to keep for an organisation met for the first time (as a key, and as its state's
     * `id`): what a caller holding one string per organisation gives, so that the registry holds
     * no string of its own (the id cut from a stream name keeps the whole name alive).
     */
    readonly intern?: (id: OrgId) => OrgId
  } = {}
): Growing => {
  const states = new Map<OrgId, Organization.State>()
  foldInto(states, envelopes, options.intern)
  const registry = build(states)
  const { index: _, ...rest } = registry
  return Object.defineProperties({
    ...rest,
    apply: (envelope: Envelope.Envelope) => {
      foldInto(states, [envelope], options.intern)
      const parsed = parseStream(envelope.stream)
      if (parsed?.kind === "org") registry.index(parsed.id)
    }
  }, { ids: { get: () => registry.ids, enumerable: true } }) as Growing
}

/**
 * The registry of only some of the events a growing registry has folded — the tree as known at an
 * earlier instant, say — without folding every one of them again: `eventsOf(id)` gives the events
 * of an organisation as `growing` folded them, in order, and `known(e)` whether one counts. An
 * organisation with an event that does not count is folded again from those that do, when a
 * question first reaches it; the others keep their states, and the indices are `growing`'s
 * (`withStates`). Answers as `make` of the events that count would. `eventsOf` may give no events
 * for an organisation whose every event counts (it keeps its state): a caller that knows this
 * without the events need not read them back.
 *
 * @category constructors
 * @since 0.1.0
 */
export const knownAmong = (
  growing: Growing,
  eventsOf: (id: OrgId) => ReadonlyArray<Envelope.OrgEnvelope>,
  known: (e: Envelope.OrgEnvelope) => boolean
): Registry =>
  growing.withStates((id, own) => {
    const events = eventsOf(id)
    const counted = events.filter(known)
    if (counted.length === events.length) return own
    let state: Organization.State | undefined
    for (const e of counted) state = Organization.evolve(state ?? Organization.initialFor(id), e)
    return state
  })

/**
 * An empty registry.
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty: Registry = build(new Map())
