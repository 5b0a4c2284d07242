/**
 * What queries keep of a tree (`Structure.keep`: the states and resolutions every query of the tree
 * reads, subtrees, scopes) is bounded: past the bound the least recently used goes first, so what
 * every query reads stays while scopes come and go; an organisation event forgets it all.
 */
import { describe, expect, it } from "vitest"
import { makeStore } from "../src/internal/statisticsIndex.ts"
import { founded, org, orgEvent } from "./fixtures/world.ts"

const P = org(1)
const C = org(2)

/** A store keeping at most 10 organisations, and a counter of what `keep` had to make. */
const setUp = () => {
  const store = makeStore({ history: false, keptOrgsAtMost: 10 })
  store.add(founded(P, "province", null, "1960-01-01"))
  const made: Array<string> = []
  const keep = (key: string, orgs: number) =>
    store.structure(undefined).keep(key, () => {
      made.push(key)
      return [key, orgs] as const
    })
  return { store, made, keep }
}

describe("what queries keep of a tree", () => {
  it("is made once and given back while it fits", () => {
    const { keep, made } = setUp()
    expect(keep("a", 4)).toBe("a")
    expect(keep("b", 4)).toBe("b")
    expect(keep("a", 4)).toBe("a")
    expect(made).toEqual(["a", "b"])
  })

  it("past the bound, lets the least recently used go first, not what was just asked", () => {
    const { keep, made } = setUp()
    keep("a", 4)
    keep("b", 4)
    keep("a", 4) // a is now used more recently than b
    keep("c", 4) // 12 > 10: b goes, a and c stay
    keep("a", 4)
    keep("c", 4)
    expect(made).toEqual(["a", "b", "c"])
    keep("b", 4) // made again; a (least recent) goes
    expect(made).toEqual(["a", "b", "c", "b"])
    keep("c", 4)
    keep("a", 4)
    expect(made).toEqual(["a", "b", "c", "b", "a"])
  })

  it("keeps one value larger than the bound until the next is made", () => {
    const { keep, made } = setUp()
    keep("huge", 50)
    keep("huge", 50)
    keep("small", 1)
    keep("small", 1)
    keep("huge", 50)
    expect(made).toEqual(["huge", "small", "huge"])
  })

  it("forgets everything when an organisation event comes", () => {
    const { keep, made, store } = setUp()
    keep("a", 1)
    store.add(founded(C, "grassrootsCell", P, "1961-01-01"))
    keep("a", 1)
    store.add(orgEvent(C, "OrganizationDissolved", "1970-01-01", {}))
    keep("a", 1)
    expect(made).toEqual(["a", "a", "a"])
  })
})
