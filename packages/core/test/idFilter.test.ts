import { assert, describe, it } from "@effect/vitest"
import * as IdFilter from "../src/internal/idFilter.ts"
import * as IdSet from "../src/internal/idSet.ts"

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
/** A ULID-shaped id from a counter (time part fixed, as a bulk file's ids often are). */
const id = (n: number): string => {
  let s = ""
  for (let i = 0, x = n; i < 16; i++, x = Math.floor(x / 32)) s = alphabet[x % 32] + s
  return `01JD3Q8Y7W${s}`
}

describe("IdFilter (bulk import's fixed-size id filter)", () => {
  it("never says no to an id it was given, and rarely yes to one it was not", () => {
    const filter = IdFilter.make(1 << 20) // 1 MiB: 8 Mi bits for 200,000 ids, 42 bits an id
    for (let n = 0; n < 200_000; n++) filter.add(id(n))
    for (let n = 0; n < 200_000; n++) assert.isTrue(filter.mayHave(id(n)), id(n))
    let falseYes = 0
    for (let n = 200_000; n < 400_000; n++) if (filter.mayHave(id(n))) falseYes++
    // 8 bits in a 512-bit block at 42 bits an id: about 1 in a million in theory.
    assert.isBelow(falseYes, 20)
  })

  it("an almost full filter still never loses an id (it only says yes more often)", () => {
    const filter = IdFilter.make(64)
    for (let n = 0; n < 1_000; n++) filter.add(id(n))
    for (let n = 0; n < 1_000; n++) assert.isTrue(filter.mayHave(id(n)))
  })
})

describe("IdSet.has", () => {
  it("tells added ids from others, across growth", () => {
    const set = IdSet.make(4)
    for (let n = 0; n < 1_000; n += 2) set.add(id(n), n + 1, 0)
    for (let n = 0; n < 1_000; n++) assert.strictEqual(set.has(id(n)), n % 2 === 0, id(n))
  })
})
