/**
 * A compact set of ULIDs for bulk import: each id is stored as five 26-bit words (its 130 bits) in
 * typed arrays with open addressing, with the line it was seen on and a hash of that line — about
 * 28 bytes an id instead of a `Map` of strings (~100 bytes).
 */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const value = new Int8Array(128).fill(-1)
for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i

const words = (id: string, out: Uint32Array): void => {
  for (let w = 0; w < 5; w++) {
    let x = 0
    const from = w * 5
    const to = w === 4 ? 26 : from + 5
    for (let i = from; i < to; i++) x = x * 32 + value[id.charCodeAt(i)]!
    out[w] = x >>> 0
  }
}

/** The slot of id words `k` in the table (`ks` the keys, `ls` the slots in use), or the free one where it goes. */
const slotOf = (k: Uint32Array, ks: Uint32Array, ls: Uint32Array, cap: number): number => {
  let h = Math.imul(
    k[0]! ^ Math.imul(k[1]!, 0x9e3779b1) ^ Math.imul(k[2]!, 0x85ebca6b) ^ Math.imul(k[3]!, 0xc2b2ae35) ^ k[4]!,
    0x27d4eb2f
  )
  h = (h ^ (h >>> 15)) >>> 0
  let s = h & (cap - 1)
  while (ls[s] !== 0) {
    const o = s * 5
    if (ks[o] === k[0] && ks[o + 1] === k[1] && ks[o + 2] === k[2] && ks[o + 3] === k[3] && ks[o + 4] === k[4]) {
      return s
    }
    s = (s + 1) & (cap - 1)
  }
  return s
}

export interface IdSet {
  /** Adds the id seen on `line` (whose text hashes to `hash`); returns the earlier sighting, if any. */
  readonly add: (id: string, line: number, hash: number) => { readonly line: number; readonly hash: number } | undefined
  /** Whether the id was added. */
  readonly has: (id: string) => boolean
  /** The line (and its hash) the id was added with, if it was. */
  readonly get: (id: string) => { readonly line: number; readonly hash: number } | undefined
  readonly size: () => number
}

export const make = (initialCapacity = 1 << 16): IdSet => {
  let capacity = initialCapacity
  let keys = new Uint32Array(capacity * 5)
  let lines = new Uint32Array(capacity) // 0 = empty slot (lines are 1-based)
  let hashes = new Uint32Array(capacity)
  let size = 0
  const w = new Uint32Array(5)

  const grow = () => {
    const oldKeys = keys
    const oldLines = lines
    const oldHashes = hashes
    const oldCapacity = capacity
    capacity *= 2
    keys = new Uint32Array(capacity * 5)
    lines = new Uint32Array(capacity)
    hashes = new Uint32Array(capacity)
    const k = new Uint32Array(5)
    for (let s = 0; s < oldCapacity; s++) {
      if (oldLines[s] === 0) continue
      for (let i = 0; i < 5; i++) k[i] = oldKeys[s * 5 + i]!
      const t = slotOf(k, keys, lines, capacity)
      keys.set(k, t * 5)
      lines[t] = oldLines[s]!
      hashes[t] = oldHashes[s]!
    }
  }

  return {
    add: (id, line, hash) => {
      words(id, w)
      const s = slotOf(w, keys, lines, capacity)
      if (lines[s] !== 0) return { line: lines[s]!, hash: hashes[s]! }
      keys.set(w, s * 5)
      lines[s] = line
      hashes[s] = hash
      if (++size * 4 > capacity * 3) grow()
      return undefined
    },
    has: (id) => {
      words(id, w)
      return lines[slotOf(w, keys, lines, capacity)] !== 0
    },
    get: (id) => {
      words(id, w)
      const s = slotOf(w, keys, lines, capacity)
      return lines[s] === 0 ? undefined : { line: lines[s]!, hash: hashes[s]! }
    },
    size: () => size
  }
}
