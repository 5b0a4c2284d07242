import { assert, describe, it } from "@effect/vitest"
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
    assert.match(String(MemberIds.fromBytes(bytes.subarray(0, 27))), /27 bytes, not ids of 26/u)
    const notUlid = bytes.slice()
    notUlid[26 * 5 + 3] = "U".charCodeAt(0)
    assert.strictEqual(MemberIds.fromBytes(notUlid), "member id 5 is not a ULID")
    const twice = bytes.slice()
    twice.copyWithin(26 * 9, 26 * 2, 26 * 3)
    assert.strictEqual(MemberIds.fromBytes(twice), `member id ${id(2)} appears twice`)
  })
})
