/**
 * Who holds each party card number an import has met (CRD-02: a number is unique across members):
 * the numbers as integers (`NN.NNNNNN` → NN × 10⁶ + serial) in an open-addressing table, each with
 * the ordinal of its holder's id in a `MemberIds` — about 40 bytes a card (50 while ids were kept
 * as characters), where a `Map` of strings held about 150 (its keys, and holders sliced from stream
 * names that they kept alive). A number
 * that does not have that form (only a stored event could carry one) is kept in a small `Map`.
 *
 * @internal
 */
import type { MemberId } from "../Ids.ts"
import { MemberIds } from "./memberIds.ts"

const zero = 48

/** `NN.NNNNNN` as NN × 10⁶ + serial, or −1. */
const numberOf = (cardNo: string): number => {
  if (cardNo.length !== 9 || cardNo.charCodeAt(2) !== 46) return -1
  let n = 0
  for (let i = 0; i < 9; i++) {
    if (i === 2) continue
    const d = cardNo.charCodeAt(i) - zero
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

const slotOf = (n: number, mask: number): number => Math.imul(n, 0x9e3779b1) >>> 0 & mask

export class CardHolders {
  private readonly holders = new MemberIds()
  /** Card number + 1 by slot (0: empty), and its holder's ordinal. */
  private numbers = new Int32Array(1024)
  private ordinals = new Int32Array(1024)
  private count = 0
  private readonly other = new Map<string, MemberId>()

  /** How many card numbers. */
  get size(): number {
    return this.count + this.other.size
  }

  /** Notes that `member` holds `cardNo` (a later holder replaces an earlier one). */
  set(cardNo: string, member: MemberId): void {
    const n = numberOf(cardNo)
    if (n === -1 || member.length !== 26) {
      this.other.set(cardNo, member)
      return
    }
    if (2 * (this.count + 1) > this.numbers.length) this.grow()
    const ordinal = this.holders.ordinalOf(member)
    const mask = this.numbers.length - 1
    for (let s = slotOf(n, mask);; s = (s + 1) & mask) {
      const at = this.numbers[s]!
      if (at === 0) {
        this.numbers[s] = n + 1
        this.ordinals[s] = ordinal
        this.count++
        return
      }
      if (at === n + 1) {
        this.ordinals[s] = ordinal
        return
      }
    }
  }

  /** The member who holds `cardNo`, if any. */
  get(cardNo: string): MemberId | undefined {
    const n = numberOf(cardNo)
    if (n === -1) return this.other.get(cardNo)
    const mask = this.numbers.length - 1
    for (let s = slotOf(n, mask);; s = (s + 1) & mask) {
      const at = this.numbers[s]!
      if (at === 0) return this.other.get(cardNo)
      if (at === n + 1) return this.holders.idAt(this.ordinals[s]!)
    }
  }

  private grow(): void {
    const numbers = this.numbers
    const ordinals = this.ordinals
    this.numbers = new Int32Array(numbers.length * 2)
    this.ordinals = new Int32Array(numbers.length * 2)
    const mask = this.numbers.length - 1
    for (let i = 0; i < numbers.length; i++) {
      const at = numbers[i]!
      if (at === 0) continue
      let s = slotOf(at - 1, mask)
      while (this.numbers[s] !== 0) s = (s + 1) & mask
      this.numbers[s] = at
      this.ordinals[s] = ordinals[i]!
    }
  }
}
