/**
 * Members by home organisation: for each organisation number, the ordinals of the members who have
 * had it as a home (registered, imported or arrived in), so that a query of one province in
 * the country's index visits that province's members without walking the other millions. Derived
 * from the columns' homes when a query first asks, never saved: a compact layout (offsets into one
 * array of ordinals, by organisation) plus the homes noted since, rebuilt when those grow.
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

  /** The ordinals, ascending and each once, of the members with some home for which `test` holds. */
  membersWithSomeHome(test: (org: number) => boolean): Int32Array {
    const found: Array<number> = []
    const built = this.offsets.length - 1
    for (let org = 0; org < built; org++) {
      const from = this.offsets[org]!
      const to = this.offsets[org + 1]!
      if (from === to || !test(org)) continue
      for (let i = from; i < to; i++) found.push(this.ordinals[i]!)
    }
    const recent = this.recent.array
    for (let i = 0; i < this.recent.length; i += 2) {
      const org = recent[i]!
      if (test(org)) found.push(recent[i + 1]!)
    }
    const sorted = Int32Array.from(found).sort()
    let kept = 0
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i]!
    return sorted.subarray(0, kept)
  }
}
