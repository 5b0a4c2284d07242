/**
 * A read model a membership office writes for itself: the roster of every branch (danh sách đảng
 * viên của chi bộ) — who is in it, probationary or official — and the probationary members whose
 * probation ends in a given month, so the branch can prepare their recognition (PRB-01, PRB-03).
 *
 * It is a core `Projection`: a pure fold `{ name, initial, apply }` over the global log, member and
 * organisation events alike, with `encode`/`decode` for durable checkpoints. It keeps only what the
 * roster needs — for each member, the few events that place them — never a member's whole history.
 *
 * What a roster must get right, and what the property tests of this example check against the core:
 * - a member belongs to the branch that admitted them or that they arrived in; in transit between
 *   two branches they are in neither (TRF-03); a temporary transfer changes nothing (TRF-04);
 * - an exit or a death takes them off; a readmission puts them back in the branch they left;
 * - a branch merged into another (or dissolved with its members moved) takes its members along,
 *   without any event of theirs;
 * - a retracted event or an annulled discipline counts as if it never happened.
 *
 * @since 0.1.0
 */
import { Calendar, type Envelope, Ids, type MemberEvent, Projection, RuleSet } from "@dangvien/core"
import { HashMap, Option } from "effect"

/**
 * One line of a branch's roster. `branch` is the branch the member counts in today: where their own
 * events put them, or where a merge of that branch took them.
 *
 * @category models
 * @since 0.1.0
 */
export interface Entry {
  readonly memberId: Ids.MemberId
  readonly fullName: string
  readonly status: "probationary" | "official"
  readonly branch: Ids.OrgId
  /** Ceremony + 12 months (PRB-01): the one day recognition can take effect (PRB-03). */
  readonly probationEndsOn?: Calendar.CalendarDate
}

/** The member events that place a member on a roster, kept with their ids for retractions. */
const placing = new Set<MemberEvent.MemberEventType>([
  "CandidateRegistered",
  "MemberImported",
  "AdmissionDecided",
  "AdmissionCeremonyHeld",
  "OfficialRecognized",
  "TransferredOut",
  "TransferredIn",
  "Disciplined",
  "StruckOff",
  "AllowedToLeave",
  "Died",
  "PersonCorrected"
])

type Fact = MemberEvent.MemberEvent & { readonly id: Ids.EventId }

/** Where a member stands, folded from their facts. */
interface Standing {
  readonly status: "none" | "candidate" | "probationary" | "official" | "left" | "dead"
  readonly fullName: string
  readonly home: Ids.OrgId | undefined
  /** The sending branch while in transit. */
  readonly transitFrom: Ids.OrgId | undefined
  /** The branch left on an exit: a readmission returns there. */
  readonly leftFrom: Ids.OrgId | undefined
  readonly ceremonyOn: Calendar.CalendarDate | undefined
}

const nobody: Standing = {
  status: "none",
  fullName: "",
  home: undefined,
  transitFrom: undefined,
  leftFrom: undefined,
  ceremonyOn: undefined
}

const leave = (s: Standing): Standing => ({
  ...s,
  status: "left",
  leftFrom: s.home ?? s.transitFrom,
  home: undefined,
  transitFrom: undefined
})

const step = (s: Standing, e: Fact): Standing => {
  switch (e.type) {
    case "CandidateRegistered":
      return { ...s, status: "candidate", fullName: e.data.person.fullName, home: e.data.orgId }
    case "MemberImported":
      return {
        ...s,
        status: e.data.status,
        fullName: e.data.person.fullName,
        home: e.data.orgId,
        ceremonyOn: e.data.ceremonyOn
      }
    case "AdmissionDecided":
      // A readmitted member serves a new probation (RDM-05) in the branch they left.
      return e.data.kind === "readmission"
        ? { ...s, status: "probationary", ceremonyOn: undefined, home: s.leftFrom ?? s.home, leftFrom: undefined }
        : { ...s, status: "probationary", ceremonyOn: undefined }
    case "AdmissionCeremonyHeld":
      return { ...s, ceremonyOn: e.occurredOn }
    case "OfficialRecognized":
      return s.status === "probationary" ? { ...s, status: "official" } : s
    case "TransferredOut":
      // In transit the member is in no branch's headcount (TRF-03).
      return s.home === undefined ? s : { ...s, home: undefined, transitFrom: s.home }
    case "TransferredIn":
      return { ...s, home: e.data.orgId, transitFrom: undefined }
    case "Disciplined":
      return e.data.form === "expulsion" ? leave(s) : s
    case "StruckOff":
    case "AllowedToLeave":
      return leave(s)
    case "Died":
      return { ...s, status: "dead", transitFrom: undefined }
    case "PersonCorrected":
      return e.data.person.fullName === undefined ? s : { ...s, fullName: e.data.person.fullName }
    default:
      return s
  }
}

/** What the roster keeps of one member: their placing facts (neutralised ones removed) and the standing they fold to. */
interface Kept {
  readonly facts: ReadonlyArray<Fact>
  readonly standing: Standing
}

/**
 * The roster: every member's standing, and where each merged or dissolved branch's members went
 * (`null`: dissolved with nowhere to go). Persistent maps, so `apply` never mutates a state —
 * the runner and the tests fold the same `initial` many times.
 *
 * @category models
 * @since 0.1.0
 */
export interface Roster {
  readonly members: HashMap.HashMap<Ids.MemberId, Kept>
  readonly movedTo: HashMap.HashMap<Ids.OrgId, Ids.OrgId | null>
}

/**
 * The empty roster.
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty: Roster = { members: HashMap.empty(), movedTo: HashMap.empty() }

// #region retraction
const applyMember = (roster: Roster, member: Ids.MemberId, e: Envelope.MemberEnvelope): Roster => {
  const kept = Option.getOrUndefined(HashMap.get(roster.members, member))
  if (e.type === "EventRetracted" || e.type === "DisciplineAnnulled") {
    // As if the named event never happened: fold the member's facts again without it.
    const gone = e.type === "EventRetracted" ? e.data.eventId : e.data.disciplineEventId
    if (kept === undefined || !kept.facts.some((f) => f.id === gone)) return roster
    const facts = kept.facts.filter((f) => f.id !== gone)
    return { ...roster, members: HashMap.set(roster.members, member, { facts, standing: facts.reduce(step, nobody) }) }
  }
  if (!placing.has(e.type)) return roster
  const before = kept ?? { facts: [], standing: nobody }
  const fact = { id: e.id, type: e.type, occurredOn: e.occurredOn, data: e.data } as Fact
  return {
    ...roster,
    members: HashMap.set(roster.members, member, {
      facts: [...before.facts, fact],
      standing: step(before.standing, fact)
    })
  }
}
// #endregion retraction

/**
 * Folds one envelope of any stream into the roster.
 *
 * @category folding
 * @since 0.1.0
 */
export const apply = (roster: Roster, e: Envelope.Envelope): Roster => {
  const stream = Ids.parseStream(e.stream)
  if (stream === undefined) return roster
  if (stream.kind === "member") return applyMember(roster, stream.id, e as Envelope.MemberEnvelope)
  if (e.type === "OrganizationMerged") {
    return { ...roster, movedTo: HashMap.set(roster.movedTo, stream.id, e.data.intoOrgId) }
  }
  if (e.type === "OrganizationDissolved") {
    return { ...roster, movedTo: HashMap.set(roster.movedTo, stream.id, e.data.membersMovedTo ?? null) }
  }
  return roster
}

/** The checkpoint's JSON: the facts of each member (standings are folded again on decode) and the moves. */
interface Encoded {
  readonly members: ReadonlyArray<readonly [Ids.MemberId, ReadonlyArray<Fact>]>
  readonly movedTo: ReadonlyArray<readonly [Ids.OrgId, Ids.OrgId | null]>
}

/**
 * The roster as a projection for `Projection.catchUp` / `live`, with a JSON checkpoint.
 *
 * @category constructors
 * @since 0.1.0
 */
export const projection = (name = "branch-roster"): Projection.Projection<Roster> => ({
  name,
  initial: empty,
  apply,
  encode: (roster): Encoded => ({
    members: HashMap.toEntries(roster.members).map(([id, kept]) => [id, kept.facts]),
    movedTo: HashMap.toEntries(roster.movedTo)
  }),
  decode: (json) => {
    const encoded = json as Encoded
    return {
      members: HashMap.fromIterable(
        encoded.members.map(([id, facts]) => [id, { facts, standing: facts.reduce(step, nobody) }] as const)
      ),
      movedTo: HashMap.fromIterable(encoded.movedTo)
    }
  }
})

/**
 * Folds envelopes (each stream in stream order) into a roster.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromEnvelopes = (envelopes: Iterable<Envelope.Envelope>, from: Roster = empty): Roster => {
  let roster = from
  for (const e of envelopes) roster = apply(roster, e)
  return roster
}

/**
 * The branch a branch's members count in today: itself, or where merges and dissolutions moved them
 * (undefined when dissolved with nowhere to go).
 *
 * @category getters
 * @since 0.1.0
 */
export const branchOf = (roster: Roster, branch: Ids.OrgId): Ids.OrgId | undefined => {
  let current = branch
  const seen = new Set<Ids.OrgId>()
  while (!seen.has(current)) {
    seen.add(current)
    const next = HashMap.get(roster.movedTo, current)
    if (Option.isNone(next)) return current
    if (next.value === null) return undefined
    current = next.value
  }
  return undefined
}

const toEntry = (roster: Roster, memberId: Ids.MemberId, s: Standing): Entry | undefined => {
  if ((s.status !== "probationary" && s.status !== "official") || s.home === undefined) return undefined
  const branch = branchOf(roster, s.home)
  if (branch === undefined) return undefined
  const base = { memberId, fullName: s.fullName, status: s.status, branch }
  if (s.status === "official" || s.ceremonyOn === undefined) return base
  const months = RuleSet.forDate(s.ceremonyOn).probation.months
  return { ...base, probationEndsOn: Calendar.addMonths(s.ceremonyOn, months) }
}

const byName = (a: Entry, b: Entry): number =>
  a.fullName.localeCompare(b.fullName, "vi") || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0)

/**
 * Every member on a roster (in a branch, probationary or official), by name.
 *
 * @category getters
 * @since 0.1.0
 */
export const entries = (roster: Roster): ReadonlyArray<Entry> =>
  HashMap.toEntries(roster.members).flatMap(([id, kept]) => {
    const entry = toEntry(roster, id, kept.standing)
    return entry === undefined ? [] : [entry]
  }).sort(byName)

/**
 * The roster of one branch (members of branches merged into it included), by name.
 *
 * @category getters
 * @since 0.1.0
 */
export const members = (roster: Roster, branch: Ids.OrgId): ReadonlyArray<Entry> =>
  entries(roster).filter((e) => e.branch === branch)

/**
 * The headcount (đảng số) of every branch with members, merges followed.
 *
 * @category getters
 * @since 0.1.0
 */
export const headcounts = (roster: Roster): ReadonlyMap<Ids.OrgId, number> => {
  const out = new Map<Ids.OrgId, number>()
  for (const e of entries(roster)) out.set(e.branch, (out.get(e.branch) ?? 0) + 1)
  return out
}

/**
 * The probationary members whose probation ends in `month` (`YYYY-MM`): the branch votes on their
 * recognition, which takes effect on `probationEndsOn` (PRB-02, PRB-03).
 *
 * @category getters
 * @since 0.1.0
 */
export const dueForRecognition = (roster: Roster, month: string): ReadonlyArray<Entry> =>
  entries(roster).filter((e) => e.probationEndsOn?.startsWith(`${month}-`) === true)
