import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import type { MemberId } from "../src/Ids.ts"
import { MemberIds } from "../src/internal/memberIds.ts"

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const id = (n: number): MemberId => {
  let s = ""
  for (let i = 0, x = n; i < 16; i++, x = Math.floor(x / 32)) s = alphabet[x % 32] + s
  return `01JD3Q8Y7W${s}` as MemberId
}

describe("MemberIds (the compact index's member ids)", () => {
  it("gives each id one ordinal, in the order first met, across growth; idAt gives the id back", () => {
    const ids = new MemberIds()
    for (let n = 0; n < 5_000; n++) assert.strictEqual(ids.ordinalOf(id(n * 7)), n)
    for (let n = 4_999; n >= 0; n--) assert.strictEqual(ids.ordinalOf(id(n * 7)), n)
    assert.strictEqual(ids.size, 5_000)
    assert.strictEqual(ids.idAt(1234), id(1234 * 7))
    assert.strictEqual(ids.ordinalOf(id(1)), 5_000, "a new id takes the next ordinal")
  })

  it("answers a sequence of ids, repeated one after another or not, as a Map of first meetings does", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { maxLength: 300 }), (picks) => {
        const ids = new MemberIds()
        const reference = new Map<MemberId, number>()
        for (const n of picks) {
          if (!reference.has(id(n))) reference.set(id(n), reference.size)
          assert.strictEqual(ids.ordinalOf(id(n)), reference.get(id(n)))
        }
        assert.strictEqual(ids.size, reference.size)
      }),
      { seed: 20261207, numRuns: 200 }
    )
  })

  it("reads back from its bytes, and refuses bytes that are not distinct ULIDs", () => {
    const ids = new MemberIds()
    for (let n = 0; n < 3_000; n++) ids.ordinalOf(id(n))
    const back = MemberIds.fromBytes(ids.bytes().slice())
    assert.instanceOf(back, MemberIds)
    const read = back as MemberIds
    assert.strictEqual(read.size, 3_000)
    assert.strictEqual(read.ordinalOf(id(2_999)), 2_999)
    assert.strictEqual(read.ordinalOf(id(3_000)), 3_000)

    const bytes = ids.bytes().slice()
    assert.match(String(MemberIds.fromBytes(bytes.subarray(0, 27))), /27 bytes, not ids of 17/u)
    const tooLong = bytes.slice()
    tooLong[17 * 5 + 16] = 1
    assert.strictEqual(MemberIds.fromBytes(tooLong), "member id 5 is not 130 bits")
    const twice = bytes.slice()
    twice.copyWithin(17 * 9, 17 * 2, 17 * 3)
    assert.strictEqual(MemberIds.fromBytes(twice), `member id ${id(2)} appears twice`)
  })

  it("keeps any ULID in 17 bytes and gives it back as it was", () => {
    const ulid = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 26, maxLength: 26 })
    fc.assert(
      fc.property(fc.uniqueArray(ulid, { minLength: 1, maxLength: 50 }), (all) => {
        const ids = new MemberIds()
        all.forEach((s, n) => assert.strictEqual(ids.ordinalOf(s as MemberId), n))
        all.forEach((s, n) => assert.strictEqual(ids.idAt(n), s))
        assert.strictEqual(ids.bytes().length, 17 * all.length)
        const back = MemberIds.fromBytes(ids.bytes().slice()) as MemberIds
        all.forEach((s, n) => assert.strictEqual(back.ordinalOf(s as MemberId), n))
      }),
      { seed: 20261209, numRuns: 200 }
    )
    // The highest characters: every one of the 130 bits set.
    const ids = new MemberIds()
    ids.ordinalOf("Z".repeat(26) as MemberId)
    assert.strictEqual(ids.idAt(0), "Z".repeat(26))
    assert.deepStrictEqual([...ids.bytes()], [...Array(16).fill(255), 192])
  })
})
