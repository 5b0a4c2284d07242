/**
 * Base64 (RFC 4648, with padding) for the bytes of a compact checkpoint: plain code, so the core
 * runs the same in Node and in a browser.
 */
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const codes = Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0))
const values = new Int16Array(128).fill(-1)
for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i
const pad = "=".charCodeAt(0)

export const encode = (bytes: Uint8Array): string => {
  const parts: Array<string> = []
  const chunk = 3 * 8192
  for (let start = 0; start < bytes.length; start += chunk) {
    const end = Math.min(bytes.length, start + chunk)
    const out = new Uint8Array(Math.ceil((end - start) / 3) * 4)
    let o = 0
    for (let i = start; i < end; i += 3) {
      const n = (bytes[i]! << 16) | ((i + 1 < end ? bytes[i + 1]! : 0) << 8) | (i + 2 < end ? bytes[i + 2]! : 0)
      out[o++] = codes[n >> 18]!
      out[o++] = codes[(n >> 12) & 63]!
      out[o++] = i + 1 < end ? codes[(n >> 6) & 63]! : pad
      out[o++] = i + 2 < end ? codes[n & 63]! : pad
    }
    parts.push(String.fromCharCode(...out))
  }
  return parts.join("")
}

/** The bytes, or undefined if the text is not base64. */
export const decode = (text: string): Uint8Array | undefined => {
  if (text.length % 4 !== 0) return undefined
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    let n = 0
    for (let j = 0; j < 4; j++) {
      const ch = text.charCodeAt(i + j)
      const v = ch === pad && i + 4 === text.length && j >= 4 - padding ? 0 : ch < 128 ? values[ch]! : -1
      if (v < 0) return undefined
      n = (n << 6) | v
    }
    if (o < out.length) out[o++] = (n >> 16) & 255
    if (o < out.length) out[o++] = (n >> 8) & 255
    if (o < out.length) out[o++] = n & 255
  }
  return out
}
