/**
 * The world around one generated member: the organisation tree, the member's id, a pool of sponsors
 * (official members with long tenure, one newcomer, one still probationary), the card numbers held by
 * other members, and the decider context answering from them.
 */
import * as Calendar from "@dangvien/core/Calendar"
import type { CalendarDate } from "@dangvien/core/Calendar"
import * as Envelope from "@dangvien/core/Envelope"
import { type MemberId, memberId } from "@dangvien/core/Ids"
import type * as MemberDecider from "@dangvien/core/MemberDecider"
import * as OrgHistory from "../OrgHistory.ts"
import type { Draw } from "./draw.ts"
import * as Ulid from "./ulid.ts"

export interface SponsorFact {
  readonly id: MemberId
  /** Official from this date (probationary before). */
  readonly officialSince: CalendarDate
  /** In the applicant's grassroots organisation since (ADM-05); unknown for a newcomer. */
  readonly since: CalendarDate | undefined
}

export interface World {
  readonly tree: OrgHistory.OrgTree
  readonly memberId: MemberId
  /** Official members who have known the applicant for at least a year. */
  readonly sponsors: ReadonlyArray<SponsorFact>
  /** An official member without the 12 months of tenure (only as a replacement sponsor). */
  readonly newcomer: SponsorFact
  /** A member who is never official (an invalid sponsor). */
  readonly probationarySponsor: SponsorFact
  /** Card numbers and their holders; the member's own numbers are added when issued. */
  readonly cards: Map<string, MemberId>
  /** Numbers held by other members. */
  readonly othersCards: ReadonlyArray<string>
  readonly context: MemberDecider.Context
}

/** Distinct ids even when the drawn entropy shrinks to 0: a counter fills the low bits. */
const ids = (d: Draw) => {
  const base = d.bits(72) << 8n
  let n = 0n
  return (on: CalendarDate): MemberId => memberId(Ulid.make(Envelope.startOfDayInstant(on), base + (n += 1n)))
}

/** A random card number of the province: `NN.NNNNNN` (CRD-02), not yet used. */
export const newCardNo = (d: Draw, world: World, used: ReadonlyArray<string>): string => {
  for (;;) {
    const no = `${world.tree.provinceCode}.${String(d.int(0, 999_999)).padStart(6, "0")}`
    if (!world.cards.has(no) && !used.includes(no)) return no
  }
}

/** The world of a member whose stream starts on `start`. */
export const makeWorld = (d: Draw, tree: OrgHistory.OrgTree, start: CalendarDate): World => {
  const ulidOn = ids(d)
  const self = ulidOn(start)
  const sponsors = Array.from({ length: 4 }, (): SponsorFact => {
    const officialSince = Calendar.addMonths(start, -d.int(24, 360))
    return {
      id: ulidOn(Calendar.max("1970-01-01", officialSince)),
      officialSince,
      since: Calendar.addMonths(start, -d.int(12, 240))
    }
  })
  const newcomerSince = Calendar.addMonths(start, -d.int(24, 120))
  const newcomer: SponsorFact = { id: ulidOn(newcomerSince), officialSince: newcomerSince, since: undefined }
  const probationarySponsor: SponsorFact = { id: ulidOn(start), officialSince: "9999-12-31", since: start }
  const facts = new Map([...sponsors, newcomer, probationarySponsor].map((f) => [f.id, f]))
  const cards = new Map<string, MemberId>()
  const othersCards: Array<string> = []
  for (let i = 0; i < 3; i++) {
    const no = `${tree.provinceCode}.${String(d.int(0, 999_999)).padStart(6, "0")}`
    if (!cards.has(no)) {
      cards.set(no, ulidOn(start))
      othersCards.push(no)
    }
  }
  const context: MemberDecider.Context = {
    self,
    sponsor: (id, on) => {
      const f = facts.get(id)
      if (f === undefined) return undefined
      return {
        status: on >= f.officialSince ? "official" : "probationary",
        ...(f.since === undefined ? {} : { sameGrassrootsSince: f.since })
      }
    },
    org: OrgHistory.orgFacts(tree),
    cardHolder: (no) => cards.get(no)
  }
  return { tree, memberId: self, sponsors, newcomer, probationarySponsor, cards, othersCards, context }
}
