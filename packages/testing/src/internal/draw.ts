/**
 * A source of random choices drawn from fast-check, so that every generated value is determined by
 * fast-check's seed (no `Math.random`) and shrinks with it: shrinking moves each draw towards its
 * lower bound, which here means "the first, plainest choice".
 */
import * as fc from "fast-check"

export interface Draw {
  /** An integer in `[min, max]`. */
  readonly int: (min: number, max: number) => number
  /** True with probability `p`; shrinks towards false. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty list; shrinks towards the first. */
  readonly pick: <A>(xs: ReadonlyArray<A>) => A
  /** One value by weight; shrinks towards the first. */
  readonly weighted: <A>(choices: ReadonlyArray<readonly [weight: number, value: A]>) => A
  /** A value of an arbitrary. */
  readonly value: <A>(arb: fc.Arbitrary<A>) => A
  /** `n` random bits (n ≤ 80). */
  readonly bits: (n: number) => bigint
}

/** The choices that need no fast-check: what the seeded generators (`ProvinceHistory`) also offer. */
export type Choices = Pick<Draw, "int" | "chance" | "pick" | "weighted">

const SCALE = 1_000_000

const unbiasedInteger = (min: number, max: number): fc.Arbitrary<number> => fc.noBias(fc.integer({ min, max }))

/** A `Draw` over fast-check's `gen()` value. */
const fromGenerator = (g: fc.GeneratorValue): Draw => {
  // Unbiased: fast-check's bias towards edge values would distort rates and probabilities.
  const int = (min: number, max: number): number => (max <= min ? min : g(unbiasedInteger, min, max))
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[int(0, xs.length - 1)] as A
  return {
    int,
    chance: (p) => p > 0 && int(0, SCALE - 1) >= SCALE - Math.round(p * SCALE),
    pick,
    weighted: <A>(choices: ReadonlyArray<readonly [number, A]>): A => {
      const total = choices.reduce((n, [w]) => n + w, 0)
      let x = int(0, Math.max(0, Math.round(total * 1000) - 1)) / 1000
      for (const [w, a] of choices) {
        if (x < w) return a
        x -= w
      }
      return (choices[choices.length - 1] as readonly [number, A])[1]
    },
    value: <A>(arb: fc.Arbitrary<A>): A => g(() => arb),
    bits: (n) => {
      let out = 0n
      for (let left = n; left > 0; left -= 30) {
        const k = Math.min(30, left)
        out = (out << BigInt(k)) | BigInt(int(0, 2 ** k - 1))
      }
      return out
    }
  }
}

/** mulberry32 as a pure-rand generator (32-bit signed outputs), for `Independent`. */
class Mulberry32 {
  private state: number
  constructor(state: number) {
    this.state = state
  }
  clone(): Mulberry32 {
    return new Mulberry32(this.state)
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (t ^ (t >>> 14)) | 0
  }
  getState(): ReadonlyArray<number> {
    return [this.state]
  }
}

/**
 * `fc.gen()` draws from a clone of fast-check's random source and leaves the source where it was,
 * so the next arbitrary of a tuple or an array would draw the very same values: two member
 * histories in one property would be the same life. This arbitrary takes one seed from the source
 * (moving it on) and lets the inner arbitrary draw from a fresh stream of that seed. Shrinking is the
 * inner arbitrary's own.
 */
class Independent<A> extends fc.Arbitrary<A> {
  private readonly inner: fc.Arbitrary<A>
  constructor(inner: fc.Arbitrary<A>) {
    super()
    this.inner = inner
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<A> {
    return this.inner.generate(new fc.Random(new Mulberry32(mrng.nextInt())), biasFactor)
  }
  canShrinkWithoutContext(value: unknown): value is A {
    return this.inner.canShrinkWithoutContext(value)
  }
  shrink(value: A, context: unknown): fc.Stream<fc.Value<A>> {
    return this.inner.shrink(value, context)
  }
}

/**
 * A `Draw` as an arbitrary: `draw((d) => …)` builds a value from random choices. Two draws in one
 * property (a tuple, an array) are independent.
 */
export const draw = <A>(f: (d: Draw) => A): fc.Arbitrary<A> => new Independent(fc.gen()).map((g) => f(fromGenerator(g)))
