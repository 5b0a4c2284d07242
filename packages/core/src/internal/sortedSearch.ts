/**
 * Binary search in a list sorted in ascending order (numbers, or strings such as ISO dates, which
 * sort as text).
 *
 * @internal
 */

/** How many values of `sorted` are at most `x`: the index of the first value above it. */
export const countAtMost = <T extends string | number>(sorted: ArrayLike<T>, x: T): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** How many values of `sorted` are below `x`: the index of the first value at or above it. */
export const countBelow = <T extends string | number>(sorted: ArrayLike<T>, x: T): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
