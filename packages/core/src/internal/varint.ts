/**
 * Integers as variable-length bytes: the first byte holds the sign and the 6 low bits of the
 * magnitude, each next byte 7 more bits; a byte's high bit says another follows. Exact for every
 * safe integer (no doubling, which would lose the last bit above 2^52); one byte up to 63 in
 * magnitude, two up to 8,191, three up to 1,048,575. The encoding of the compact statistics'
 * member events.
 */

/** Writes `n` (a safe integer) at `at` in `bytes`; returns the position after it. */
export const putSigned = (bytes: Uint8Array, at: number, n: number): number => {
  const negative = n < 0
  let v = negative ? -n : n
  let i = at
  const low = v % 64
  v = Math.floor(v / 64)
  bytes[i++] = (low << 1) | (negative ? 1 : 0) | (v > 0 ? 128 : 0)
  while (v > 0) {
    const next = Math.floor(v / 128)
    bytes[i++] = (v % 128) | (next > 0 ? 128 : 0)
    v = next
  }
  return i
}

/** The integer at `cursor.at` in `bytes`, moving the cursor past it. */
export const getSigned = (bytes: Uint8Array, cursor: { at: number }): number => {
  let i = cursor.at
  const first = bytes[i++] ?? 0
  if (first < 128) {
    // One byte: most of what the compact statistics write.
    cursor.at = i
    return (first & 1) !== 0 ? -(first >>> 1) : first >>> 1
  }
  let v = (first >>> 1) & 63
  let scale = 64
  for (let b = first; b >= 128;) {
    b = bytes[i++] ?? 0
    v += (b & 127) * scale
    scale *= 128
  }
  cursor.at = i
  return (first & 1) !== 0 ? -v : v
}

/** The position past the integer at `at` in `bytes` (`putSigned`'s bytes), not reading it. */
export const skipSigned = (bytes: Uint8Array, at: number): number => {
  while (bytes[at++]! >= 128);
  return at
}
