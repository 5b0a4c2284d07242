/**
 * Base64 (RFC 4648, with padding) for the bytes of a compact checkpoint: plain code, so the core
 * runs the same in Node and in a browser.
 */
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const codes = Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0))
const values = new Int16Array(128).fill(-1)
for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i
const pad = "=".charCodeAt(0)
// The output is ASCII: decoded as Latin-1, one byte a character, without a call per character.
const ascii = new TextDecoder("latin1")

export const encode = (bytes: Uint8Array): string => {
  const end = bytes.length
  const out = new Uint8Array(Math.ceil(end / 3) * 4)
  let o = 0
  for (let i = 0; i < end; i += 3) {
    const n = (bytes[i]! << 16) | ((i + 1 < end ? bytes[i + 1]! : 0) << 8) | (i + 2 < end ? bytes[i + 2]! : 0)
    out[o++] = codes[n >> 18]!
    out[o++] = codes[(n >> 12) & 63]!
    out[o++] = i + 1 < end ? codes[(n >> 6) & 63]! : pad
    out[o++] = i + 2 < end ? codes[n & 63]! : pad
  }
  return ascii.decode(out)
}

/** The bytes, or undefined if the text is not base64. */
export const decode = (text: string): Uint8Array | undefined => {
  if (text.length % 4 !== 0) return undefined
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  // Every character but the padding; a character outside the alphabet (or past code 127) makes
  // the OR of the values negative.
  const value = (i: number): number => {
    const ch = text.charCodeAt(i)
    return ch < 128 ? values[ch]! : -1
  }
  const whole = text.length - (padding === 0 ? 0 : 4)
  let o = 0
  for (let i = 0; i < whole; i += 4) {
    const a = value(i)
    const b = value(i + 1)
    const c = value(i + 2)
    const d = value(i + 3)
    if ((a | b | c | d) < 0) return undefined
    const n = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = n >> 16
    out[o++] = (n >> 8) & 255
    out[o++] = n & 255
  }
  if (padding === 0) return out
  const a = value(whole)
  const b = value(whole + 1)
  const c = padding === 2 ? 0 : value(whole + 2)
  if ((a | b | c) < 0) return undefined
  const n = (a << 18) | (b << 12) | (c << 6)
  out[o++] = n >> 16
  if (padding === 1) out[o] = (n >> 8) & 255
  return out
}
