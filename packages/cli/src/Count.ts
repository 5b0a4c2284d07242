/**
 * A count with its noun, as the command line prints it: `1 event`, `2,000 events`.
 *
 * @since 0.1.0
 */

/**
 * `n` with a thousands separator, then `noun` (`plural` from 2 on, and for 0).
 *
 * @category formatting
 * @since 0.1.0
 */
export const count = (n: number, noun: string, plural = `${noun}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`
