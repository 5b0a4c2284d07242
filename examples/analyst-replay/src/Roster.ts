/**
 * What the calibration reads from a generated history before topping it up: the organisation tree
 * (kinds, parents, the province's card code) and every member's state at the end of their stream,
 * folded with the member model of `@dangvien/core` (`Member.evolve`), with the day they joined
 * their branch and the last `recordedAt` of the stream.
 */
import { type Envelope, Ids, Member, type MemberEvent, type OrgEvent } from "@dangvien/core"
import type { Recorded } from "@dangvien/core/Decider"

/** An organisation of the tree. */
export interface Org {
  readonly id: string
  readonly kind: OrgEvent.OrgKind
  readonly parentId: string | null
  readonly code: string | undefined
}

/** A member at the end of their stream. */
export interface Entry {
  readonly id: string
  readonly state: Member.State
  /** In the current branch since (import, registration or arrival). */
  readonly since: string
  readonly lastRecordedAt: string
}

/** The tree and the members of a history. */
export interface Roster {
  readonly orgs: ReadonlyMap<string, Org>
  readonly members: ReadonlyArray<Entry>
  /** The root (province). */
  readonly root: string
}

/** Reads the organisations and folds every member stream. */
export const read = (envelopes: Iterable<Envelope.Envelope>): Roster => {
  const orgs = new Map<string, Org>()
  const states = new Map<string, { state: Member.State; since: string; lastRecordedAt: string }>()
  let root = ""
  for (const e of envelopes) {
    if (e.stream.startsWith("org-")) {
      const o = e as OrgEvent.OrgEvent & Envelope.Header
      if (o.type === "OrganizationFounded") {
        const id = e.stream.slice(4)
        orgs.set(id, { id, kind: o.data.kind, parentId: o.data.parentId, code: o.data.code })
        if (o.data.parentId === null && root === "") root = id
      }
      continue
    }
    const m = e as Recorded<MemberEvent.MemberEvent>
    const id = e.stream.slice(7)
    const before = states.get(id) ?? { state: Member.initialState, since: m.occurredOn, lastRecordedAt: "" }
    const joined = m.type === "MemberImported" || m.type === "CandidateRegistered" || m.type === "TransferredIn"
    states.set(id, {
      state: Member.evolve(before.state, m),
      since: joined ? m.occurredOn : before.since,
      lastRecordedAt: m.recordedAt > before.lastRecordedAt ? m.recordedAt : before.lastRecordedAt
    })
  }
  const members = [...states].map(([id, s]) => ({ id, ...s }))
  return { orgs, members, root }
}

/** The nearest ancestor (or the org itself) of a kind. */
export const ancestor = (roster: Roster, orgId: string, kinds: ReadonlyArray<OrgEvent.OrgKind>): Org | undefined => {
  let o = roster.orgs.get(orgId)
  while (o !== undefined && !kinds.includes(o.kind)) o = o.parentId === null ? undefined : roster.orgs.get(o.parentId)
  return o
}

/** Branch-level units (cells and grassroots cells), in id order. */
export const branches = (roster: Roster): ReadonlyArray<Org> =>
  [...roster.orgs.values()].filter((o) => o.kind === "cell" || o.kind === "grassrootsCell").sort((a, b) =>
    a.id < b.id ? -1 : 1
  )

/**
 * A member who can sponsor a candidate on `day` (ADM-05 as the import checks it): official since
 * before `day`, in the branch for 12 months, and official to the end of the history (no exit,
 * death or transfer out).
 */
export const canSponsor = (m: Entry, day: string, knownBy: string): boolean =>
  m.state.status === "official" && m.state.officialOn !== undefined && m.state.officialOn <= day &&
  m.state.transit === undefined && m.since <= knownBy

/**
 * Per branch, its first member able to sponsor on `day` (known by `knownBy`), and how many such
 * official members it has: who the top-up's admissions name as sponsor, and the branch's count of
 * official members on its resolution.
 */
export const sponsors = (
  roster: Roster,
  day: string,
  knownBy: string
): { readonly sponsorOf: ReadonlyMap<string, Entry>; readonly officials: ReadonlyMap<string, number> } => {
  const sponsorOf = new Map<string, Entry>()
  const officials = new Map<string, number>()
  for (const m of roster.members) {
    const b = m.state.orgId
    if (b === undefined || !canSponsor(m, day, knownBy)) continue
    officials.set(b, (officials.get(b) ?? 0) + 1)
    if (!sponsorOf.has(b)) sponsorOf.set(b, m)
  }
  return { sponsorOf, officials }
}

/** The root as an organisation id. */
export const orgId = (roster: Roster): Ids.OrgId => Ids.orgId(roster.root)
