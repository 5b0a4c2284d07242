/**
 * Members by home organisation: for each organisation number, the ordinals of the members who have
 * had it as a home (registered, imported or arrived in), so that a query of one province in
 * the country's index visits that province's members without walking the other millions. Derived
 * from the columns' homes, never saved: a compact layout (offsets into one array of ordinals, by
 * organisation) plus the homes noted since, laid out again when those grow many and when a
 * checkpoint is read back.
 *
 * @internal
 */
import { Growable } from "./growable.ts"

/** The homes of each member: its first (−1: none) and, through a list of pairs, the others. */
export interface Homes {
  readonly orgs: number
  readonly forEachHome: (visit: (ordinal: number, org: number) => void) => void
}

export class MembersByHome {
  /** Organisation n's members are `ordinals[offsets[n]]` … `ordinals[offsets[n + 1] − 1]`, ascending. */
  private offsets = new Int32Array(1)
  private ordinals = new Int32Array(0)
  /** The map `membersWithSomeHome` marks members in: kept between queries, all zeros between them. */
  private marks = new Uint8Array(0)
  /** Homes noted since the layout was built: pairs (organisation, ordinal). */
  private readonly recent = new Growable(Int32Array, 64)

  constructor(homes: Homes) {
    this.rebuild(homes)
  }

  /** Builds the layout from every home. */
  rebuild(homes: Homes): void {
    const counts = new Int32Array(homes.orgs + 1)
    let pairs = 0
    homes.forEachHome((_, org) => {
      counts[org + 1]!++
      pairs++
    })
    for (let n = 1; n <= homes.orgs; n++) counts[n]! += counts[n - 1]!
    const ordinals = new Int32Array(pairs)
    const next = counts.slice(0, homes.orgs)
    // Members are visited in ordinal order, so each organisation's list comes out ascending.
    homes.forEachHome((ordinal, org) => {
      ordinals[next[org]!++] = ordinal
    })
    this.offsets = counts
    this.ordinals = ordinals
    this.recent.length = 0
  }

  /** Notes a home added after the build. */
  note(ordinal: number, org: number): void {
    this.recent.push(org)
    this.recent.push(ordinal)
  }

  /** Whether the homes noted since the build are many enough to build again. */
  get stale(): boolean {
    return this.recent.length > 2048 && this.recent.length > this.ordinals.length / 4
  }

  /**
   * The ordinals, ascending and each once, of the members (of `members`, every ordinal below it)
   * with some home for which `test` holds — tested only on the organisations `among` when it is
   * given (then `test` must hold for no other). Many members (a province of the country) are marked
   * in a map of every member and read back in order; a few are sorted.
   */
  membersWithSomeHome(test: (org: number) => boolean, members: number, among?: ReadonlyArray<number>): Int32Array {
    const chosen: Array<number> = []
    let total = 0
    const built = this.offsets.length - 1
    const consider = (org: number): void => {
      if (org >= built) return
      const from = this.offsets[org]!
      const to = this.offsets[org + 1]!
      if (from === to || !test(org)) return
      chosen.push(org)
      total += to - from
    }
    if (among === undefined) { for (let org = 0; org < built; org++) consider(org) }
    else for (const org of among) consider(org)
    const recent = this.recent.array
    const later: Array<number> = []
    for (let i = 0; i < this.recent.length; i += 2) if (test(recent[i]!)) later.push(recent[i + 1]!)
    total += later.length
    const ordinals = this.ordinals
    if (total * markedAbove >= members) {
      if (this.marks.length < members) this.marks = new Uint8Array(Math.ceil(members * 1.25))
      const marked = this.marks
      let kept = 0
      const mark = (ordinal: number): void => {
        if (marked[ordinal] === 0) {
          marked[ordinal] = 1
          kept++
        }
      }
      for (const org of chosen) {
        for (let i = this.offsets[org]!; i < this.offsets[org + 1]!; i++) mark(ordinals[i]!)
      }
      for (const ordinal of later) mark(ordinal)
      // Read back in order, each mark cleared: the map is all zeros again for the next query.
      const out = new Int32Array(kept)
      for (let m = 0, at = 0; at < kept; m++) {
        if (marked[m] === 1) {
          out[at++] = m
          marked[m] = 0
        }
      }
      return out
    }
    const found = new Int32Array(total)
    let at = 0
    for (const org of chosen) {
      found.set(ordinals.subarray(this.offsets[org]!, this.offsets[org + 1]!), at)
      at += this.offsets[org + 1]! - this.offsets[org]!
    }
    found.set(later, at)
    found.sort()
    let kept = 0
    for (let i = 0; i < found.length; i++) if (i === 0 || found[i] !== found[i - 1]) found[kept++] = found[i]!
    return found.subarray(0, kept)
  }
}

/** Members are marked in a map rather than sorted once they are more than one in this many. */
const markedAbove = 16
