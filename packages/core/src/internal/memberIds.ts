/**
 * The member ids of the compact statistics index, by ordinal: each id's 26 ASCII characters in one
 * byte array (26 bytes a member) and an open-addressing table from id to ordinal (4 bytes a slot,
 * at most half full) — about 35 bytes a member, where an array of strings and a `Map` held about
 * 300 (the strings were slices keeping their `member-…` stream names alive). The bytes are also
 * the checkpoint's part for the ids, as they are.
 *
 * @internal
 */
import type { MemberId } from "../Ids.ts"
import { Growable } from "./growable.ts"

const idLength = 26
/** Crockford base 32 as ULIDs use it: the byte values an id may hold. */
const isUlidByte = new Uint8Array(128)
for (const c of "0123456789ABCDEFGHJKMNPQRSTVWXYZ") isUlidByte[c.charCodeAt(0)] = 1

const hashOf = (id: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < idLength; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  h ^= h >>> 15
  return Math.imul(h, 0x2c1b3c6d) >>> 0
}

const hashOfBytes = (bytes: Uint8Array, at: number): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < idLength; i++) h = Math.imul(h ^ bytes[at + i]!, 0x01000193)
  h ^= h >>> 15
  return Math.imul(h, 0x2c1b3c6d) >>> 0
}

const sameBytes = (bytes: Uint8Array, a: number, b: number): boolean => {
  for (let i = 0; i < idLength; i++) if (bytes[a + i] !== bytes[b + i]) return false
  return true
}

export class MemberIds {
  private readonly chars = new Growable(Uint8Array, 26 * 1024)
  /** Ordinal + 1 by slot (0: empty). */
  private slots = new Int32Array(2048)
  private count = 0

  /** How many ids. */
  get size(): number {
    return this.count
  }

  private sameAt(id: string, ordinal: number): boolean {
    const bytes = this.chars.array
    const at = ordinal * idLength
    for (let i = 0; i < idLength; i++) if (bytes[at + i] !== id.charCodeAt(i)) return false
    return true
  }

  /** The ordinal of `id`, added as the next one if it is new. */
  ordinalOf(id: MemberId): number {
    const mask = this.slots.length - 1
    let s = hashOf(id) & mask
    for (;;) {
      const o = this.slots[s]!
      if (o === 0) break
      if (this.sameAt(id, o - 1)) return o - 1
      s = (s + 1) & mask
    }
    const ordinal = this.count++
    for (let i = 0; i < idLength; i++) this.chars.push(id.charCodeAt(i))
    this.slots[s] = ordinal + 1
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2)
    return ordinal
  }

  /** The id of an ordinal. */
  idAt(ordinal: number): MemberId {
    const at = ordinal * idLength
    return String.fromCharCode(...this.chars.array.subarray(at, at + idLength)) as MemberId
  }

  /** Every id's characters in ordinal order (a view, not a copy). */
  bytes(): Uint8Array {
    return this.chars.view()
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity)
    const mask = capacity - 1
    const bytes = this.chars.array
    for (let o = 0; o < this.count; o++) {
      let s = hashOfBytes(bytes, o * idLength) & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = o + 1
    }
    this.slots = slots
  }

  /** The ids of a checkpoint's bytes, or what is wrong with them. */
  static fromBytes(bytes: Uint8Array): MemberIds | string {
    if (bytes.length % idLength !== 0) return `member ids: ${bytes.length} bytes, not ids of ${idLength}`
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 128 || isUlidByte[bytes[i]!] === 0) return `member id ${Math.floor(i / idLength)} is not a ULID`
    }
    const ids = new MemberIds()
    ids.chars.load(bytes)
    ids.count = bytes.length / idLength
    let capacity = 2048
    while (ids.count * 2 > capacity) capacity *= 2
    ids.rehash(capacity)
    // Each id once: a repeated one would make two members of one.
    const mask = capacity - 1
    for (let o = 0; o < ids.count; o++) {
      let s = hashOfBytes(bytes, o * idLength) & mask
      for (;;) {
        const other = ids.slots[s]! - 1
        if (other === o) break
        if (sameBytes(bytes, o * idLength, other * idLength)) return `member id ${ids.idAt(o)} appears twice`
        s = (s + 1) & mask
      }
    }
    return ids
  }
}
