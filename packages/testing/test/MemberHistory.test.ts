import * as Badge from "@dangvien/core/Badge"
import * as Calendar from "@dangvien/core/Calendar"
import { fold } from "@dangvien/core/Decider"
import * as Envelope from "@dangvien/core/Envelope"
import * as Member from "@dangvien/core/Member"
import * as MemberDecider from "@dangvien/core/MemberDecider"
import type { Milestone } from "@dangvien/core/MemberEvent"
import * as PartyAge from "@dangvien/core/PartyAge"
import * as RuleSet from "@dangvien/core/RuleSet"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as MemberHistory from "../src/MemberHistory.ts"
import * as OrgHistory from "../src/OrgHistory.ts"
import { params } from "./params.ts"

const histories = MemberHistory.memberHistory()

/** The legal steps of a member's status (besides staying put). */
const legalSteps: { readonly [S in Member.Status]: ReadonlyArray<Member.Status> } = {
  none: ["candidate", "probationary", "official"],
  candidate: ["probationary", "dead"],
  probationary: ["official", "struckOff", "allowedToLeave", "dead"],
  official: ["struckOff", "allowedToLeave", "expelled", "dead"],
  struckOff: ["probationary", "dead"],
  allowedToLeave: ["probationary", "dead"],
  // An annulled expulsion restores membership (AGE-04).
  expelled: ["probationary", "official", "dead"],
  dead: []
}

describe("MemberHistory.memberHistory", () => {
  it("takes only legal status steps", () => {
    fc.assert(
      fc.property(histories, (h) => {
        let state = Member.initialState
        for (const e of h.events) {
          const next = Member.evolve(state, e)
          if (next.status !== state.status && !legalSteps[state.status].includes(next.status)) {
            throw new Error(`illegal step ${state.status} → ${next.status} at ${e.occurredOn} ${e.type}`)
          }
          state = next
        }
      }),
      params()
    )
  })

  it("party age is monotone, bounded by calendar time, and exact without gaps (AGE-05)", () => {
    fc.assert(
      fc.property(histories, fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 12 }), (h, offsets) => {
        // Every distinct membership the history went through (gaps and ends change over a life).
        const memberships = new Map<string, PartyAge.Membership>()
        let state = Member.initialState
        for (const e of h.events) {
          state = Member.evolve(state, e)
          const m = Member.membership(state)
          if (m !== undefined) memberships.set(JSON.stringify(m), m)
        }
        for (const m of memberships.values()) {
          const dates = [
            ...h.events.map((e) => e.occurredOn),
            ...offsets.map((n) => Calendar.addDays(m.firstAdmissionOn, n)),
            "2040-01-01"
          ].sort()
          let previous = 0
          for (const asOf of dates) {
            const months = PartyAge.months(m, asOf)
            const calendar = Math.max(0, Calendar.monthsBetween(m.firstAdmissionOn, asOf))
            expect(months).toBeGreaterThanOrEqual(previous)
            expect(months).toBeLessThanOrEqual(calendar)
            if (m.gaps.length === 0 && (m.endedOn === undefined || asOf <= m.endedOn)) expect(months).toBe(calendar)
            previous = months
          }
        }
      }),
      params()
    )
  })

  it("never awards a milestone twice (BDG-06)", () => {
    fc.assert(
      fc.property(histories, (h) => {
        const held: Array<Milestone> = []
        for (const e of h.events) {
          if (h.state.neutralised.has(e.id)) continue
          if (e.type === "MemberImported") held.push(...(e.data.badges ?? []))
          if (e.type === "BadgeAwarded") held.push(e.data.milestone)
        }
        expect(new Set(held).size).toBe(held.length)
        expect(h.state.badges.map((b) => b.milestone).sort()).toEqual([...held].sort())
      }),
      params()
    )
  })

  it("round-trips every event through its NDJSON line", () => {
    fc.assert(
      fc.property(histories, (h) => {
        for (const e of h.events) {
          const decoded = Envelope.decodeLine(Envelope.encodeLine(e))
          expect(Result.isSuccess(decoded) ? decoded.success : decoded.failure).toStrictEqual(e)
        }
      }),
      params()
    )
  })

  it("folding incrementally from a restored snapshot equals folding in one go", () => {
    fc.assert(
      fc.property(
        histories,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
        (h, cuts) => {
          const full = fold(MemberDecider.decider, h.events)
          expect(full).toEqual(h.state)
          for (const cut of cuts) {
            const k = Math.floor(cut * h.events.length)
            const snapshot = structuredClone(fold(MemberDecider.decider, h.events.slice(0, k)))
            expect(fold(MemberDecider.decider, h.events.slice(k), snapshot)).toEqual(full)
          }
        }
      ),
      params()
    )
  })

  it("replays without a refusal, to the same state", () => {
    fc.assert(
      fc.property(histories, (h) => {
        const replayed = MemberDecider.replay(h.events, h.context)
        if (Result.isFailure(replayed)) {
          const { index, violation } = replayed.failure
          throw new Error(`event ${index} (${h.events[index]!.type}) refused: ${violation.toString()}`)
        }
        expect(replayed.success).toEqual(h.state)
      }),
      params()
    )
  })

  it("the decider accepts every command the generator built to satisfy the rules", () => {
    fc.assert(
      fc.property(histories, (h) => {
        expect(h.refused.map((r) => `${r.command._tag} ${r.command.occurredOn}: ${r.violation.toString()}`)).toEqual([])
      }),
      params()
    )
  })

  it("writes well-formed envelopes: one stream, unique increasing ids, recordedAt in order and not before the fact", () => {
    fc.assert(
      fc.property(histories, (h) => {
        let previous: Envelope.MemberEnvelope | undefined
        for (const e of h.events) {
          expect(e.stream).toBe(h.stream)
          expect(e.schemaVersion).toBe(1)
          expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(Envelope.startOfDayInstant(e.occurredOn))
          if (previous !== undefined) {
            expect(e.id > previous.id).toBe(true)
            expect(e.recordedAt >= previous.recordedAt).toBe(true)
          }
          previous = e
        }
      }),
      params()
    )
  })

  it("is deterministic given the seed", () => {
    const a = fc.sample(histories, { seed: 7, numRuns: 5 })
    const b = fc.sample(histories, { seed: 7, numRuns: 5 })
    expect(a.map((h) => h.events)).toEqual(b.map((h) => h.events))
  })

  it("gives two different lives to two histories of one property, and draws independently of what follows", () => {
    // fc.gen() alone leaves fast-check's random source where it was: the lives would be equal.
    const tree = fc.sample(OrgHistory.orgTree(), { seed: 7, numRuns: 1 })[0]!
    const pairs = fc.sample(
      fc.tuple(
        MemberHistory.memberHistory({ orgTree: tree }),
        MemberHistory.memberHistory({ orgTree: tree }),
        fc.nat()
      ),
      { seed: 7, numRuns: 10 }
    )
    for (const [a, b] of pairs) expect(a.memberId).not.toBe(b.memberId)
    expect(new Set(pairs.map(([, , n]) => n)).size).toBe(10)
  })

  it("covers the rarer paths of a life", () => {
    const seen = new Set<string>()
    for (const h of fc.sample(histories, { seed: params().seed, numRuns: 300 })) {
      let state = Member.initialState
      for (const e of h.events) {
        seen.add(e.type)
        if (e.type === "AdmissionDecided") seen.add(`AdmissionDecided.${e.data.kind}`)
        if (e.type === "BadgeAwarded" && e.data.posthumous) seen.add("BadgeAwarded.posthumous")
        if (e.type === "BadgeAwarded" && e.data.early) seen.add("BadgeAwarded.early")
        if (e.type === "BadgeAwarded" && e.data.milestone >= 60) seen.add("BadgeAwarded.60+")
        if (e.type === "TransferredIn" && e.data.lateReason !== undefined) seen.add("TransferredIn.late")
        if (e.type === "Disciplined" && e.data.form === "expulsion") seen.add("Disciplined.expulsion")
        if (e.type === "BadgeAwarded" && !e.data.posthumous && !e.data.early) {
          // Awarded after the first occasion of the milestone because a discipline delayed it (BDG-05).
          const m = Member.membership(state)!
          const nominal = Badge.nextOccasion(PartyAge.yearsReachedOn(m, e.data.milestone)!).on
          const delayed = state.disciplines.some((x) => {
            const until = Badge.delayedUntil(x, RuleSet.forDate(nominal))
            return until !== undefined && x.on <= nominal && nominal < until
          })
          if (e.occurredOn > nominal && delayed) seen.add("BadgeAwarded.delayed")
        }
        state = Member.evolve(state, e)
      }
    }
    for (
      const path of [
        "AdmissionDecided.readmission",
        "BadgeAwarded.posthumous",
        "BadgeAwarded.early",
        "BadgeAwarded.60+",
        "BadgeAwarded.delayed",
        "TransferredIn.late",
        "Disciplined.expulsion",
        "DisciplineAnnulled",
        "Died",
        "EventRetracted",
        "CardReissued",
        "ActivityExemptionEnded",
        "TemporaryTransferEnded"
      ]
    ) expect(seen).toContain(path)
  })
})

describe("Member.evolveWithoutHistory (the fold of bulk import checks)", () => {
  it("gives every check the verdict Member.evolve gives, and the same state but for history and ratings", () => {
    fc.assert(
      fc.property(MemberHistory.memberHistory({ retractions: false }), (h) => {
        // Streams that annul or retract are checked with their history (Import re-checks them).
        fc.pre(!h.events.some((e) => e.type === "DisciplineAnnulled" || e.type === "EventRetracted"))
        let full = Member.initialState
        let lean = Member.initialState
        for (const e of h.events) {
          expect(MemberDecider.check(e, lean, h.context)).toEqual(MemberDecider.check(e, full, h.context))
          full = Member.evolve(full, e)
          lean = Member.evolveWithoutHistory(lean, e)
          expect({ ...lean, history: [], ratings: new Map(), notRated: new Map() }).toEqual({
            ...full,
            history: [],
            ratings: new Map(),
            notRated: new Map()
          })
        }
        expect(lean.ratings.size + lean.notRated.size).toBe(0)
      }),
      params(50, 150)
    )
  })
})
