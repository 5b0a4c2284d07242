/**
 * A fixed-size filter of event ids for bulk import (a blocked Bloom filter): `add` an id, and
 * `mayHave` says "certainly not added" or "perhaps added". Its memory does not grow with the
 * number of ids; what grows is the share of false "perhaps" (about 1 in 5,000,000 at ten million
 * ids with the default 64 MiB), each of which costs the importer one exact look-up in the store.
 *
 * Each id sets 8 bits inside one 512-bit block (one cache line), so `add` and `mayHave` touch
 * one block of memory instead of eight scattered words.
 *
 * @internal
 */

export interface IdFilter {
  readonly add: (id: string) => void
  /** `false`: the id was never added; `true`: it may have been. */
  readonly mayHave: (id: string) => boolean
}

const bitsPerId = 8

/** murmur3's finaliser: every input bit reaches every output bit. */
const mix = (x: number): number => {
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

/** Two 32-bit hashes of a string: FNV-1a and a second multiply-rotate pass, both finalised. */
const hashes = (s: string, out: Uint32Array): void => {
  let a = 0x811c9dc5
  let b = 0x9747b28c
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul((b << 5) | (b >>> 27), 0x5bd1e995) ^ c
  }
  out[0] = mix(a)
  out[1] = mix(b ^ 0x2545f491)
}

/** A filter of `bytes` bytes (rounded down to a power of two, at least one block). */
export const make = (bytes = 64 * 1024 * 1024): IdFilter => {
  let blocks = 1
  while (blocks * 2 * 64 <= bytes) blocks *= 2
  const words = new Uint32Array(blocks * 16)
  const mask = blocks - 1
  const h = new Uint32Array(2)

  const probe = (id: string, set: boolean): boolean => {
    hashes(id, h)
    const base = (h[0]! & mask) * 16
    // Each bit from its own 9 bits of hash (three slices of each 32-bit word, the words chained
    // through the finaliser): double hashing inside so small a block makes near-identical bit
    // sets and a false "perhaps" 1 in 3,000 times.
    let word32 = h[1]!
    for (let i = 0; i < bitsPerId; i++) {
      const slice = i % 3
      if (i > 0 && slice === 0) word32 = mix(word32 + 0x9e3779b9)
      const bit = (word32 >>> (slice * 9)) & 511
      const word = base + (bit >>> 5)
      const flag = 1 << (bit & 31)
      if (set) words[word]! |= flag
      else if ((words[word]! & flag) === 0) return false
    }
    return true
  }

  return {
    add: (id) => {
      probe(id, true)
    },
    mayHave: (id) => probe(id, false)
  }
}
