/**
 * The byte storage of the compact statistics: varints are exact for every safe integer (and
 * skipped by their bytes), and chains of blocks give back exactly the bytes appended to them,
 * however appends to many chains interleave and across pages, also after a save and a load.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { append, BlockArena, blockBytes, read } from "../src/internal/blockArena.ts"
import { getSigned, putSigned, skipSigned } from "../src/internal/varint.ts"

/** The bytes `n` takes. */
const size = (n: number) => putSigned(new Uint8Array(8), 0, n)

describe("varint", () => {
  it("writes and reads back any safe integer, in as few bytes as its size needs", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -200, max: 200 }),
            fc.integer(),
            fc.maxSafeInteger(),
            fc.maxSafeNat().map((n) => -n)
          )
        ),
        (ns) => {
          const bytes = new Uint8Array(ns.length * 8)
          let at = 0
          for (const n of ns) at = putSigned(bytes, at, n)
          const cursor = { at: 0 }
          for (const n of ns) {
            // Skipping an integer moves past exactly the bytes reading it does.
            const past = skipSigned(bytes, cursor.at)
            assert.strictEqual(getSigned(bytes, cursor), n)
            assert.strictEqual(past, cursor.at)
          }
          assert.strictEqual(cursor.at, at)
        }
      ),
      { seed: 20261206, numRuns: 300 }
    )
    assert.deepStrictEqual([0, 63, -63, 64, -8191, 8192, 1_048_575, 1_048_576].map(size), [1, 1, 1, 2, 2, 3, 3, 4])
    assert.strictEqual(size(Number.MAX_SAFE_INTEGER), 8)
  })
})

describe("BlockArena", () => {
  it("gives each chain back its bytes, with appends to many chains interleaved", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 4 }), fc.uint8Array({ minLength: 0, maxLength: 40 })), { maxLength: 60 }),
        (appends) => {
          const arena = new BlockArena()
          const chains = Array.from({ length: 5 }, () => {
            const block = arena.allocate()
            return { head: block, tail: block, fill: 0, bytes: [] as Array<number> }
          })
          for (const [c, bytes] of appends) {
            const chain = chains[c]!
            const end = append(arena, chain.tail, chain.fill, bytes, bytes.length)
            chain.tail = Math.floor(end / blockBytes)
            chain.fill = end % blockBytes
            chain.bytes.push(...bytes)
          }
          const loaded = BlockArena.load(arena.save().map((p) => p.slice()))
          assert.instanceOf(loaded, BlockArena)
          for (const a of [arena, loaded as BlockArena]) {
            for (const chain of chains) {
              const { bytes, length } = read(a, chain.head, chain.fill, new Uint8Array(4))
              assert.deepStrictEqual([...bytes.subarray(0, length)], chain.bytes)
            }
          }
        }
      ),
      { seed: 20261206, numRuns: 200 }
    )
  })

  it("crosses pages (32,768 blocks each) and saves the last page cut to its blocks", () => {
    const arena = new BlockArena()
    const head = arena.allocate()
    let end = head * blockBytes
    const chunk = Uint8Array.from({ length: 250 }, (_, i) => i)
    for (let i = 0; i < 5_000; i++) end = append(arena, Math.floor(end / blockBytes), end % blockBytes, chunk, 250)
    assert.isAbove(arena.blocks, 40_000)
    const saved = arena.save()
    assert.strictEqual(saved.length, 2)
    assert.strictEqual(saved[1]!.length, (arena.blocks - 32_768) * blockBytes)
    const loaded = BlockArena.load(saved) as BlockArena
    assert.strictEqual(loaded.blocks, arena.blocks)
    const { bytes, length } = read(loaded, head, end % blockBytes, new Uint8Array(0))
    assert.strictEqual(length, 1_250_000)
    assert.strictEqual(bytes[1_249_999], 249)
    assert.strictEqual(bytes[250 * 4_321 + 17], 17)
    assert.isString(BlockArena.load([]))
    assert.isString(BlockArena.load([saved[0]!.subarray(5)]), "a page cut inside a block")
    assert.isString(BlockArena.load([saved[0]!.subarray(64), saved[1]!]), "a page before the last one not full")
  })
})
