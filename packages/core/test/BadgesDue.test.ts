import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as BadgesDue from "../src/BadgesDue.ts"
import type { CalendarDate } from "../src/Calendar.ts"
import type { Envelope } from "../src/Envelope.ts"
import type { MemberId, OrgId } from "../src/Ids.ts"
import * as Member from "../src/Member.ts"
import * as Statistics from "../src/Statistics.ts"
import { all, founded, type Life, life, member, org } from "./fixtures/world.ts"

const P = org(201)
const C = org(202)
const Q = org(203)
const QY = org(204)
const orgs: ReadonlyArray<Envelope> = [
  founded(P, "province", null),
  founded(C, "grassrootsCell", P),
  founded(Q, "province", null),
  founded(QY, "grassrootsCell", Q)
]

let next = 2000
const fresh = (): MemberId => member(next++)
/** An official member of C admitted on `admittedOn`. */
const admitted = (admittedOn: CalendarDate, importedOn: CalendarDate = "2010-01-01") =>
  life(fresh()).imported(importedOn, C, { admittedOn })

const due = (
  lives: ReadonlyArray<Life>,
  q: Omit<BadgesDue.Query, "org"> & { readonly org?: OrgId }
): ReadonlyArray<BadgesDue.Row> => {
  const r = BadgesDue.badgesDue(Statistics.make(all(orgs, ...lives)), { org: P, ...q })
  if (Result.isFailure(r)) throw new Error(String(r.failure))
  return r.success
}
const row = (m: Life, r: Omit<BadgesDue.Row, "memberId" | "unit">, unit: OrgId = C): BadgesDue.Row => ({
  memberId: m.id,
  unit,
  ...r
})
const badge30 = { milestone: 30, occasion: "09-02", posthumous: false, early: false } as const

/** The life with the 65-year badge. */
const holds65 = (l: Life) => l.add("BadgeAwarded", "2021-11-07", { ...badge30, milestone: 65 })
const tag = (r: Result.Result<unknown, { readonly _tag: string }>) => (Result.isFailure(r) ? r.failure._tag : "ok")

describe("BadgesDue.badgesDue", () => {
  it("BDG-02: due when the milestone is reached exactly on the occasion, not the occasion before", () => {
    const m = admitted("1994-09-02")
    assert.deepStrictEqual(due([m], { occasionDate: "2024-09-02" }), [
      row(m, { milestone: 30, reachedOn: "2024-09-02", early: false, posthumous: false })
    ])
    assert.deepStrictEqual(due([m], { occasionDate: "2024-05-19" }), [])
    // Only the subtree: the same member is not due in another province.
    assert.deepStrictEqual(due([m], { org: Q, occasionDate: "2024-09-02" }), [])
  })

  it("BDG-02: the highest milestone reached and not held; none when it is held (BDG-06)", () => {
    const holds40 = admitted("1979-09-02").add("BadgeAwarded", "2019-09-02", { ...badge30, milestone: 40 })
    assert.deepStrictEqual(due([holds40], { occasionDate: "2024-09-02" }), [
      row(holds40, { milestone: 45, reachedOn: "2024-09-02", early: false, posthumous: false })
    ])
    const holds30 = admitted("1994-09-02").add("BadgeAwarded", "2024-09-02", badge30)
    assert.deepStrictEqual(due([holds30], { occasionDate: "2024-11-07" }), [])
    assert.deepStrictEqual(due([holds30], { occasionDate: "2024-11-07", includeEarly: true }), [])
  })

  it("BDG-01: the 45-year badge is due only from 25/07/2016", () => {
    const m = admitted("1971-01-01").add("BadgeAwarded", "2011-02-03", { ...badge30, milestone: 40 }) // 45 on 2016-01-01
    assert.deepStrictEqual(due([m], { occasionDate: "2016-05-19" }), [])
    assert.deepStrictEqual(due([m], { occasionDate: "2016-09-02" }), [
      row(m, { milestone: 45, reachedOn: "2016-01-01", early: false, posthumous: false })
    ])
  })

  it("BDG-01: before 25/07/2016, a member past 45 years is due the 40-year badge, not left out", () => {
    const m = admitted("1970-03-01") // 40 years on 2010-03-01, 45 on 2015-03-01; no badge held
    assert.deepStrictEqual(due([m], { occasionDate: "2015-05-19" }), [
      row(m, { milestone: 40, reachedOn: "2010-03-01", early: false, posthumous: false })
    ])
    assert.deepStrictEqual(due([m], { occasionDate: "2016-09-02" }), [
      row(m, { milestone: 45, reachedOn: "2015-03-01", early: false, posthumous: false })
    ])
    // Posthumously too: died past 45 years, before the 45-year badge existed.
    const died = admitted("1970-03-01").add("Died", "2015-06-01", {})
    assert.deepStrictEqual(due([died], { occasionDate: "2016-05-19" }), [
      row(died, { milestone: 40, reachedOn: "2010-03-01", early: false, posthumous: true })
    ])
  })

  it("BDG-03: with includeEarly, 12 months early for the 30-year badge, not 13", () => {
    const twelve = admitted("1995-09-02") // 30 years on 2025-09-02
    const thirteen = admitted("1995-09-03")
    assert.deepStrictEqual(due([twelve, thirteen], { occasionDate: "2024-09-02" }), [])
    assert.deepStrictEqual(due([twelve, thirteen], { occasionDate: "2024-09-02", includeEarly: true }), [
      row(twelve, { milestone: 30, reachedOn: "2025-09-02", early: true, posthumous: false })
    ])
  })

  it("BDG-03: 24 months early for the 70-year badge", () => {
    // Both hold the 65-year badge (else it would be the one due, not early).
    const m = holds65(admitted("1956-09-02")) // 70 years on 2026-09-02
    const late = holds65(admitted("1956-09-03"))
    assert.deepStrictEqual(due([m, late], { occasionDate: "2024-09-02" }), [])
    assert.deepStrictEqual(due([m, late], { occasionDate: "2024-09-02", includeEarly: true }), [
      row(m, { milestone: 70, reachedOn: "2026-09-02", early: true, posthumous: false })
    ])
  })

  it("BDG-04: posthumous for a member who died after the milestone, in the branch they died in", () => {
    const m = admitted("1994-01-01").add("Died", "2024-06-01", {})
    assert.deepStrictEqual(due([m], { occasionDate: "2024-09-02" }), [
      row(m, { milestone: 30, reachedOn: "2024-01-01", early: false, posthumous: true })
    ])
    // One who left the Party before dying is not due.
    const left = admitted("1994-01-01").add("StruckOff", "2024-03-01", { reason: "unpaidDues" })
      .add("Died", "2024-06-01", {})
    assert.deepStrictEqual(due([left], { occasionDate: "2024-09-02" }), [])
  })

  it("BDG-02: a member in transit is due in the sending branch, unless the letter names a destination outside the dataset", () => {
    const C2 = org(206)
    const withC2 = [...orgs, founded(C2, "grassrootsCell", P)]
    const within = admitted("1994-01-01").add("TransferredOut", "2024-05-01", { kind: "official", toOrgId: C2 })
    const away = admitted("1994-01-01").add("TransferredOut", "2024-05-01", {
      kind: "official",
      destination: "Đảng bộ tỉnh Lào Cai"
    })
    const abroad = admitted("1994-01-01").add("TransferredOut", "2024-05-01", { kind: "abroad", destination: "Lào" })
    const r = BadgesDue.badgesDue(Statistics.make(all(withC2, within, away, abroad)), {
      org: P,
      occasionDate: "2024-09-02"
    })
    assert.deepStrictEqual(Result.getOrThrow(r), [
      row(within, { milestone: 30, reachedOn: "2024-01-01", early: false, posthumous: false })
    ])
  })

  it("BDG-04: a member who died in transit is due posthumously in the sending branch", () => {
    const C2 = org(205)
    const withC2 = [...orgs, founded(C2, "grassrootsCell", P)]
    const m = admitted("1994-01-01").add("TransferredOut", "2024-05-01", { kind: "official", toOrgId: C2 })
      .add("Died", "2024-06-01", {})
    const r = BadgesDue.badgesDue(Statistics.make(all(withC2, m)), { org: P, occasionDate: "2024-09-02" })
    assert.deepStrictEqual(
      Result.getOrThrow(r),
      [row(m, { milestone: 30, reachedOn: "2024-01-01", early: false, posthumous: true })]
    )
    // Not in the receiving branch's subtree only: counted in the sending one.
    const cells = BadgesDue.badgesDue(Statistics.make(all(withC2, m)), { org: C2, occasionDate: "2024-09-02" })
    assert.deepStrictEqual(Result.getOrThrow(cells), [])
  })

  it("BDG-04: posthumous and early when death came at most 12 months before the milestone", () => {
    const twelve = admitted("1994-06-01").add("Died", "2023-06-01", {}) // 12 months short
    const thirteen = admitted("1994-06-02").add("Died", "2023-06-01", {})
    assert.deepStrictEqual(due([twelve, thirteen], { occasionDate: "2024-09-02" }), [])
    assert.deepStrictEqual(due([twelve, thirteen], { occasionDate: "2024-09-02", includeEarly: true }), [
      row(twelve, { milestone: 30, reachedOn: "2024-06-01", early: true, posthumous: true })
    ])
  })

  it("BDG-05: a warning delays the badge 9 months under QĐ24; a reprimand did not under QĐ29", () => {
    const warned = admitted("1994-09-02").add("Disciplined", "2024-03-01", { form: "warning" }) // until 2024-12-01
    assert.deepStrictEqual(due([warned], { occasionDate: "2024-09-02" }), [])
    assert.deepStrictEqual(due([warned], { occasionDate: "2024-11-07" }), [])
    assert.deepStrictEqual(due([warned], { occasionDate: "2025-02-03" }), [
      row(warned, { milestone: 30, reachedOn: "2024-09-02", early: false, posthumous: false })
    ])
    const reprimand2019 = admitted("1989-09-02").add("Disciplined", "2019-08-01", { form: "reprimand" })
    assert.strictEqual(due([reprimand2019], { occasionDate: "2019-09-02" }).length, 1)
    const reprimand2024 = admitted("1994-09-02").add("Disciplined", "2024-08-01", { form: "reprimand" })
    assert.deepStrictEqual(due([reprimand2024], { occasionDate: "2024-09-02" }), [])
    // An annulled discipline does not delay (AGE-04, STR-03).
    const annulled = reprimand2024.add("DisciplineAnnulled", "2024-08-20", { disciplineEventId: reprimand2024.lastId })
    assert.strictEqual(due([annulled], { occasionDate: "2024-09-02" }).length, 1)
  })

  it("BDG-07: an exempted member stays eligible; candidates and former members are not due", () => {
    const exempted = admitted("1994-09-02").add("ActivityExempted", "2023-01-10", { reason: "health" })
    const candidate = life(fresh()).registered("1990-01-01", C)
    assert.deepStrictEqual(due([exempted, candidate], { occasionDate: "2024-09-02" }).map((r) => r.memberId), [
      exempted.id
    ])
  })

  it("dueOf: one member's badge from their state on the date, as badgesDue lists it", () => {
    const lives = [
      admitted("1994-09-02"),
      admitted("1979-09-02").add("BadgeAwarded", "2019-09-02", { ...badge30, milestone: 40 }),
      admitted("1994-09-02").add("BadgeAwarded", "2024-09-02", badge30),
      // Died 2024-06-01, less than 12 months before reaching 30 years (2025-01-20): early, posthumously.
      admitted("1995-01-20").add("Died", "2024-06-01", {})
    ]
    for (const occasionDate of ["2024-05-19", "2024-09-02", "2024-11-07"]) {
      for (const includeEarly of [false, true]) {
        const listed = due(lives, { occasionDate, includeEarly })
        for (const l of lives) {
          const state = l.envelopes.filter((e) => e.occurredOn <= occasionDate).reduce(
            Member.evolve,
            Member.initialState
          )
          const one = BadgesDue.dueOf(state, occasionDate, { includeEarly })
          const { memberId: _, unit: __, ...expected } = listed.find((r) => r.memberId === l.id) ?? {}
          assert.deepStrictEqual(one ?? {}, expected, `${l.id} on ${occasionDate}, early ${includeEarly}`)
        }
      }
    }
    const dead = lives[3]!.envelopes.reduce(Member.evolve, Member.initialState)
    assert.deepStrictEqual(BadgesDue.dueOf(dead, "2024-09-02", { includeEarly: true }), {
      milestone: 30,
      reachedOn: "2025-01-20",
      early: true,
      posthumous: true
    })
    assert.strictEqual(BadgesDue.dueOf(dead, "2024-09-02"), undefined)
  })

  it("refuses an unknown organisation and an invalid occasion date", () => {
    const index = Statistics.make(orgs)
    assert.strictEqual(
      tag(BadgesDue.badgesDue(index, { org: org(999), occasionDate: "2024-09-02" })),
      "UnknownOrganization"
    )
    assert.strictEqual(tag(BadgesDue.badgesDue(index, { org: P, occasionDate: "2024-09-31" })), "InvalidQuery")
    assert.strictEqual(tag(BadgesDue.badgesDue(index, { org: P, occasionDate: "2024-09-02" })), "ok")
  })
})
