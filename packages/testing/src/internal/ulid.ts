/**
 * Deterministic ULIDs: a 48-bit time part (milliseconds, clamped to 0 before 1970) and an 80-bit
 * entropy part supplied by the caller.
 */
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const encode = (n: bigint, length: number): string => {
  let out = ""
  for (let i = 0; i < length; i++) {
    out = crockford[Number(n % 32n)]! + out
    n /= 32n
  }
  return out
}

const timeMax = 2n ** 48n
const entropyMax = 2n ** 80n

/** The ULID of an instant (ms since the epoch) and an entropy value. */
export const make = (timeMs: number, entropy: bigint): string => {
  const time = BigInt(Math.max(0, Math.floor(timeMs))) % timeMax
  return encode(time, 10) + encode(((entropy % entropyMax) + entropyMax) % entropyMax, 16)
}
