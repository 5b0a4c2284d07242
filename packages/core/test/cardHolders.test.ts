/**
 * The card numbers an import has met (CRD-02): each number's latest holder, across the table's
 * growth, and numbers not of the form NN.NNNNNN kept apart.
 */
import { assert, describe, it } from "@effect/vitest"
import type { MemberId } from "../src/Ids.ts"
import { CardHolders } from "../src/internal/cardHolders.ts"
import { member } from "./fixtures/world.ts"

const card = (n: number) => `${String(Math.floor(n / 1e6)).padStart(2, "0")}.${String(n % 1e6).padStart(6, "0")}`

describe("CardHolders (CRD-02 in an import)", () => {
  it("gives each number its latest holder, across growth", () => {
    const holders = new CardHolders()
    for (let i = 0; i < 20_000; i++) holders.set(card(i * 4_999), member(i % 7_000))
    assert.strictEqual(holders.size, 20_000)
    for (let i = 0; i < 20_000; i += 37) assert.strictEqual(holders.get(card(i * 4_999)), member(i % 7_000))
    assert.isUndefined(holders.get(card(1)))
    assert.strictEqual(holders.get("00.000000"), member(0), "0 is a number like any other")
    assert.isUndefined(holders.get("00.000002"))
    holders.set("00.000002", member(3))
    assert.strictEqual(holders.get("00.000002"), member(3))
    holders.set(card(4_999), member(9_999))
    assert.strictEqual(holders.get(card(4_999)), member(9_999), "a later holder replaces the earlier")
    assert.strictEqual(holders.size, 20_001)
  })

  it("keeps numbers of another form (from stored events) apart, by their text", () => {
    const holders = new CardHolders()
    holders.set("99.12345", member(1))
    holders.set("9a.123456", member(2))
    holders.set("99.123456", "short" as MemberId)
    assert.strictEqual(holders.get("99.12345"), member(1))
    assert.strictEqual(holders.get("9a.123456"), member(2))
    assert.strictEqual(holders.get("99.123456"), "short")
    assert.isUndefined(holders.get("99.123457"))
    assert.strictEqual(holders.size, 3)
  })
})
