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

/** A `Draw` as an arbitrary: `draw((d) => …)` builds a value from random choices. */
export const draw = <A>(f: (d: Draw) => A): fc.Arbitrary<A> => fc.gen().map((g) => f(fromGenerator(g)))
