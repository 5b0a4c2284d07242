/**
 * The member ids of the compact statistics index, by ordinal: each id's 130 bits (26 characters of
 * Crockford base 32, 5 bits each) in 17 bytes of one byte array, and an open-addressing table from
 * id to ordinal (4 bytes a slot, at most half full) — about 25 bytes a member, where an array of
 * strings and a `Map` held about 300 (the strings were slices keeping their `member-…` stream names
 * alive) and the characters as they are 35. The bytes are also the checkpoint's part for the ids,
 * as they are.
 *
 * Ids are ULIDs as `Ids.isUlid` checks them (upper case): each character's value is read back as
 * the same character.
 *
 * @internal
 */
import type { MemberId } from "../Ids.ts"
import { Growable } from "./growable.ts"

const idLength = 26
/** The bytes an id takes: 130 bits, the last 2 in the high bits of the 17th byte. */
export const idBytes = 17
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
/** The value (0–31) of each character of Crockford base 32, upper case. */
const valueOf = new Uint8Array(128)
for (let i = 0; i < crockford.length; i++) valueOf[crockford.charCodeAt(i)] = i

/** Writes the 130 bits of `id` (a ULID) at `at` of `into`, the first character in the highest bits. */
export const pack = (id: string, into: Uint8Array, at: number): void => {
  let pending = 0
  let bits = 0
  let o = at
  for (let i = 0; i < idLength; i++) {
    pending = (pending << 5) | valueOf[id.charCodeAt(i) & 127]!
    bits += 5
    if (bits >= 8) {
      bits -= 8
      into[o++] = pending >>> bits
      pending &= (1 << bits) - 1
    }
  }
  into[o] = pending << (8 - bits)
}

/** The id whose 130 bits are at `at` of `bytes`. */
export const unpack = (bytes: Uint8Array, at: number): string => {
  let s = ""
  let pending = 0
  let bits = 0
  let o = at
  for (let i = 0; i < idLength; i++) {
    if (bits < 5) {
      pending = ((pending << 8) | bytes[o++]!) & 0xffff
      bits += 8
    }
    bits -= 5
    s += crockford[(pending >>> bits) & 31]
  }
  return s
}

const hashOfBytes = (bytes: Uint8Array, at: number): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < idBytes; i++) h = Math.imul(h ^ bytes[at + i]!, 0x01000193)
  h ^= h >>> 15
  return Math.imul(h, 0x2c1b3c6d) >>> 0
}

const sameBytes = (a: Uint8Array, at: number, b: Uint8Array, bt: number): boolean => {
  for (let i = 0; i < idBytes; i++) if (a[at + i] !== b[bt + i]) return false
  return true
}

export class MemberIds {
  private readonly packed = new Growable(Uint8Array, idBytes * 1024)
  /** Ordinal + 1 by slot (0: empty). */
  private slots = new Int32Array(2048)
  private count = 0
  /** The id being looked up, packed. */
  private readonly key = new Uint8Array(idBytes)

  /** How many ids. */
  get size(): number {
    return this.count
  }

  /** The id last asked for and its ordinal: consecutive events of one member ask for the same. */
  private lastId = ""
  private lastOrdinal = -1

  /** The ordinal of `id`, added as the next one if it is new. */
  ordinalOf(id: MemberId): number {
    if (id === this.lastId) return this.lastOrdinal
    const ordinal = this.lookUp(id)
    this.lastId = id
    this.lastOrdinal = ordinal
    return ordinal
  }

  private lookUp(id: MemberId): number {
    const key = this.key
    pack(id, key, 0)
    const mask = this.slots.length - 1
    let s = hashOfBytes(key, 0) & mask
    for (;;) {
      const o = this.slots[s]!
      if (o === 0) break
      if (sameBytes(this.packed.array, (o - 1) * idBytes, key, 0)) return o - 1
      s = (s + 1) & mask
    }
    const ordinal = this.count++
    for (let i = 0; i < idBytes; i++) this.packed.push(key[i]!)
    this.slots[s] = ordinal + 1
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2)
    return ordinal
  }

  /** The id of an ordinal. */
  idAt(ordinal: number): MemberId {
    return unpack(this.packed.array, ordinal * idBytes) as MemberId
  }

  /** Every id's 17 bytes in ordinal order (a view, not a copy). */
  bytes(): Uint8Array {
    return this.packed.view()
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity)
    const mask = capacity - 1
    const bytes = this.packed.array
    for (let o = 0; o < this.count; o++) {
      let s = hashOfBytes(bytes, o * idBytes) & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = o + 1
    }
    this.slots = slots
  }

  /** The ids of a checkpoint's bytes, or what is wrong with them. */
  static fromBytes(bytes: Uint8Array): MemberIds | string {
    if (bytes.length % idBytes !== 0) return `member ids: ${bytes.length} bytes, not ids of ${idBytes}`
    for (let at = idBytes - 1; at < bytes.length; at += idBytes) {
      // 130 bits: the 17th byte's 6 low bits are 0.
      if ((bytes[at]! & 63) !== 0) return `member id ${Math.floor(at / idBytes)} is not 130 bits`
    }
    const ids = new MemberIds()
    ids.packed.load(bytes)
    ids.count = bytes.length / idBytes
    let capacity = 2048
    while (ids.count * 2 > capacity) capacity *= 2
    ids.rehash(capacity)
    // Each id once: a repeated one would make two members of one.
    const mask = capacity - 1
    for (let o = 0; o < ids.count; o++) {
      let s = hashOfBytes(bytes, o * idBytes) & mask
      for (;;) {
        const other = ids.slots[s]! - 1
        if (other === o) break
        if (sameBytes(bytes, o * idBytes, bytes, other * idBytes)) return `member id ${ids.idAt(o)} appears twice`
        s = (s + 1) & mask
      }
    }
    return ids
  }
}
