/**
 * The members of each home organisation (`membersByHome`): found through the organisations, in
 * ordinal order and each once, with the homes noted after the layout was built, and the same after
 * it is built again.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { load, MemberColumns, save, type Saved } from "../src/internal/memberColumns.ts"
import { type Homes, MembersByHome } from "../src/internal/membersByHome.ts"
import { life, member, org as orgNumbered } from "./fixtures/world.ts"

/** Homes as lists of organisation numbers by member ordinal. */
const homesOf = (lists: ReadonlyArray<ReadonlyArray<number>>, orgs: number): Homes => ({
  orgs,
  forEachHome: (visit) => lists.forEach((list, ordinal) => list.forEach((org) => visit(ordinal, org)))
})

/** What a walk over every member finds. */
const walk = (lists: ReadonlyArray<ReadonlyArray<number>>, test: (org: number) => boolean) =>
  lists.flatMap((list, ordinal) => (list.some(test) ? [ordinal] : []))

const aList = fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 4 })

describe("MembersByHome", () => {
  it("finds the members of the organisations asked, ascending, each once, homes noted later included", () => {
    fc.assert(
      fc.property(
        fc.array(aList, { maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 13 })), { maxLength: 30 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 13 }), { maxLength: 4 }),
        (lists, later, asked, noise) => {
          const byHome = new MembersByHome(homesOf(lists, 12))
          const all = lists.map((l) => [...l])
          // Homes noted after the build: of members already there or new ones, of new organisations too.
          for (const [m, org] of later) {
            const ordinal = m % (all.length + 1)
            if (ordinal === all.length) all.push([])
            if (all[ordinal]!.includes(org)) continue
            all[ordinal]!.push(org)
            byHome.note(ordinal, org)
          }
          const test = (org: number) => asked.includes(org)
          // Found many against the members (marked in a map), then few (sorted); testing every
          // organisation, or only those asked (and some for which the test fails): the same members.
          const check = () => {
            for (const members of [all.length, 1_000 * all.length]) {
              for (const among of [undefined, asked, [...asked, ...noise, ...asked]]) {
                expect([...byHome.membersWithSomeHome(test, members, among)]).toEqual(walk(all, test))
              }
              // Then the other organisations: nothing of the answers before is left in the map.
              const other = (org: number) => !asked.includes(org)
              expect([...byHome.membersWithSomeHome(other, members)]).toEqual(walk(all, other))
            }
          }
          check()
          byHome.rebuild(homesOf(all, 14))
          check()
        }
      ),
      { seed: 20261206, numRuns: 300 }
    )
  })

  it("calls for a rebuild once the homes noted since outgrow a quarter of the layout", () => {
    const byHome = new MembersByHome(homesOf(Array.from({ length: 8_000 }, (_, i) => [i % 10]), 10))
    for (let i = 0; i < 1_024; i++) byHome.note(i, 3)
    expect(byHome.stale).toBe(false)
    for (let i = 0; i < 1_024; i++) byHome.note(8_000 + i, 4)
    expect(byHome.stale).toBe(true)
  })
})

describe("MemberColumns.membersWithSomeHome", () => {
  it("lays the members out again as homes come, between queries, and finds what a walk finds", () => {
    // 6,000 members registered, a third then transferred to another organisation: far more homes
    // than the first layout held, so the columns lay them out again several times as they come.
    const columns = new MemberColumns()
    const homes: Array<Array<number>> = []
    const orgs = Array.from({ length: 12 }, (_, i) => orgNumbered(i + 1))
    const number = (n: number) => columns.org(orgs[n]!)
    const asked = [[3], [0, 7, 11], [5, 6]]
    const check = () => {
      for (const wanted of asked) {
        const test = (o: number) => wanted.some((n) => number(n) === o)
        expect([...columns.membersWithSomeHome(test)]).toEqual(walk(homes, test))
      }
    }
    for (let m = 0; m < 6_000; m++) {
      const home = m % 12
      for (const e of life(member(m)).registered("2020-01-01", orgs[home]!).envelopes) columns.add(member(m), e)
      homes.push([number(home)])
      const transfer = (to: number, on: string) => {
        const e = life(member(m)).add("TransferredIn", on, { orgId: orgs[to]! }).envelopes[0]!
        columns.add(member(m), e)
        if (!homes[m]!.includes(number(to))) homes[m]!.push(number(to))
      }
      if (m % 3 === 0) transfer((m * 7 + 5) % 12, "2021-01-01")
      // Some move on to a third organisation, and back to the first (not a new home).
      if (m % 5 === 0) {
        transfer((m * 5 + 1) % 12, "2022-01-01")
        transfer(home, "2023-01-01")
      }
      if (m % 1_000 === 999) check()
    }
    check()
    // Each home is listed once: the lists hold every home of the members with several, no more.
    expect(columns.otherHomes.length / 2).toBe(homes.reduce((n, h) => n + (h.length > 1 ? h.length : 0), 0))
    // Read back from a checkpoint's columns: the same members.
    const back = load(save(columns))
    if (typeof back === "string") return expect.fail(back)
    back.layOutHomes()
    for (const wanted of asked) {
      const test = (o: number) => wanted.some((n) => number(n) === o)
      expect([...back.membersWithSomeHome(test)]).toEqual(walk(homes, test))
    }
  })

  it("refuses a checkpoint whose homes name no organisation or no list", () => {
    const columns = new MemberColumns()
    const orgs = [orgNumbered(1), orgNumbered(2), orgNumbered(3)]
    for (const e of life(member(1)).registered("2020-01-01", orgs[0]!).envelopes) columns.add(member(1), e)
    for (const to of [orgs[1]!, orgs[2]!]) {
      columns.add(member(1), life(member(1)).add("TransferredIn", "2021-01-01", { orgId: to }).envelopes[0]!)
    }
    for (const e of life(member(2)).registered("2020-01-01", orgs[1]!).envelopes) columns.add(member(2), e)
    const saved = save(columns)
    const withInt32 = (k: "homes" | "otherHomes", values: ReadonlyArray<number>): Saved => ({
      ...saved,
      int32: { ...saved.int32, [k]: Int32Array.from(values) }
    })
    const homes = [...saved.int32.homes]
    const others = [...saved.int32.otherHomes]
    expect(homes[0]).toBeLessThan(-1)
    expect(homes[1]).toBe(1)
    expect(load(withInt32("homes", [homes[0]!, 3]))).toBe("column homes names no organisation (3)")
    expect(load(withInt32("homes", [-2 - others.length, 1]))).toBe(
      `column homes points outside otherHomes (${others.length})`
    )
    expect(load(withInt32("homes", [-3, 1]))).toBe("column homes points outside otherHomes (1)")
    expect(load(withInt32("otherHomes", [...others.slice(0, -1), others.length]))).toMatch(
      /^column otherHomes links pair/u
    )
  })
})
