/**
 * Identifiers: `isUlid` accepts exactly the strings of the ULID schema's pattern (26 characters of
 * Crockford's base 32, upper case: no I, L, O or U).
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isUlid } from "../src/Ids.ts"

const pattern = /^[0-9A-HJKMNP-TV-Z]{26}$/u
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

describe("isUlid", () => {
  it("accepts exactly the strings of the pattern", () => {
    // ULIDs, ULIDs with one character changed (to any, lower case and beyond ASCII included), and
    // strings of other lengths.
    const ulid = fc.array(fc.constantFrom(...crockford), { minLength: 26, maxLength: 26 }).map((cs) => cs.join(""))
    const changed = fc.tuple(ulid, fc.nat(25), fc.integer({ min: 0, max: 0x2ff })).map(([s, i, c]) =>
      s.slice(0, i) + String.fromCharCode(c) + s.slice(i + 1)
    )
    const other = fc.string({ unit: fc.constantFrom(...crockford, "a", "I", "ı"), maxLength: 30 })
    fc.assert(
      fc.property(fc.oneof(ulid, changed, other), (s) => {
        expect(isUlid(s)).toBe(pattern.test(s))
      }),
      { seed: 20261206, numRuns: 10_000 }
    )
  })
})
