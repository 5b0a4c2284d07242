/**
 * Byte chains in fixed blocks: the storage of the compact statistics' member events. Every chain
 * (one member's encoded events) is a list of 32-byte blocks — a 4-byte link to the next block and 28
 * bytes of data — in pages of 32,768 blocks (1 MiB). Appending to a chain never moves a byte, so a
 * chain grows in place event by event; a chain's unused bytes are only those of its last block.
 *
 * Block 0 is never handed out: a link of 0 ends a chain.
 */

/** Bytes of a block, of its link, of its data. */
export const blockBytes = 32
export const linkBytes = 4
export const dataBytes = blockBytes - linkBytes
const pageShift = 15
const pageBlocks = 1 << pageShift
const pageMask = pageBlocks - 1

/** The link of the block at offset `o` of `page`. */
const linkAt = (page: Uint8Array, o: number): number =>
  (page[o]! | (page[o + 1]! << 8) | (page[o + 2]! << 16) | (page[o + 3]! << 24)) >>> 0

/** The page's bytes as 32-bit words (a page starts its buffer: a block's data is 7 whole words). */
const wordsOf = (page: Uint8Array): Uint32Array => new Uint32Array(page.buffer, page.byteOffset, page.length >>> 2)

export class BlockArena {
  /** Full pages, then the page being filled. */
  pages: Array<Uint8Array> = [new Uint8Array(pageBlocks * blockBytes)]
  /** The same pages as words (`read` copies a block's data as 7 words). */
  words: Array<Uint32Array> = this.pages.map(wordsOf)
  /** Blocks handed out so far, block 0 included. */
  blocks = 1

  /** A new block, its link cleared. */
  allocate(): number {
    const block = this.blocks++
    if ((block & pageMask) === 0) {
      const page = new Uint8Array(pageBlocks * blockBytes)
      this.pages.push(page)
      this.words.push(wordsOf(page))
    }
    return block
  }

  /** The page of a block and the offset of the block in it. */
  page(block: number): Uint8Array {
    return this.pages[block >>> pageShift]!
  }

  offset(block: number): number {
    return (block & pageMask) * blockBytes
  }

  link(block: number): number {
    return linkAt(this.page(block), this.offset(block))
  }

  setLink(block: number, next: number): void {
    const p = this.page(block)
    const o = this.offset(block)
    p[o] = next & 255
    p[o + 1] = (next >>> 8) & 255
    p[o + 2] = (next >>> 16) & 255
    p[o + 3] = (next >>> 24) & 255
  }

  /** The bytes of the arena in use: full pages as they are, the last one cut to its blocks. */
  save(): ReadonlyArray<Uint8Array> {
    const last = this.pages.length - 1
    return this.pages.map((p, i) =>
      i < last ? p : p.subarray(0, ((this.blocks - 1) & pageMask) * blockBytes + blockBytes)
    )
  }

  /** An arena from saved pages, or what is wrong with them. */
  static load(pages: ReadonlyArray<Uint8Array>): BlockArena | string {
    if (pages.length === 0) return "the arena has no page"
    const arena = new BlockArena()
    arena.pages = []
    for (let i = 0; i < pages.length; i++) {
      const p = pages[i]!
      const full = i < pages.length - 1
      if (full ? p.length !== pageBlocks * blockBytes : p.length === 0 || p.length % blockBytes !== 0) {
        return `page ${i} of the arena has ${p.length} bytes`
      }
      const page = new Uint8Array(pageBlocks * blockBytes)
      page.set(p)
      arena.pages.push(page)
    }
    arena.words = arena.pages.map(wordsOf)
    arena.blocks = (pages.length - 1) * pageBlocks + pages[pages.length - 1]!.length / blockBytes
    return arena
  }
}

/**
 * Appends `length` bytes of `bytes` to the chain whose last block is `tail`, `fill` of its data
 * bytes used; returns the new last block × 32 + its fill (both fit: a fill is at most 28).
 */
export const append = (arena: BlockArena, tail: number, fill: number, bytes: Uint8Array, length: number): number => {
  let block = tail
  let used = fill
  let from = 0
  while (from < length) {
    if (used === dataBytes) {
      const next = arena.allocate()
      arena.setLink(block, next)
      block = next
      used = 0
    }
    const n = Math.min(dataBytes - used, length - from)
    arena.page(block).set(bytes.subarray(from, from + n), arena.offset(block) + linkBytes + used)
    used += n
    from += n
  }
  return block * blockBytes + used
}

/** The words of the buffer `read` copied into last (one buffer is reused member after member). */
let lastInto: Uint8Array | undefined
let lastWords: Uint32Array = new Uint32Array(0)

/** A buffer `read` can copy whole words into: 4-byte aligned, a whole number of words. */
const aligned = (bytes: Uint8Array): boolean => bytes.byteOffset % 4 === 0 && bytes.length % 4 === 0

/**
 * Copies the chain from `head` (its last block holding `fill` data bytes) into `into` from `start`
 * on, grown if needed (its first `start` bytes kept); returns the buffer and the number of bytes
 * up to the chain's end. At most `maxBlocks` blocks are read (a guard against a looping chain).
 * From an aligned start the data is copied a word at a time: every block's data is 7 aligned
 * words, and every block but the last fills them, so the copy stays word-aligned.
 */
export const read = (
  arena: BlockArena,
  head: number,
  fill: number,
  into: Uint8Array,
  maxBlocks: number = arena.blocks,
  start = 0
): { readonly bytes: Uint8Array; readonly length: number } => {
  let bytes = aligned(into) ? into : new Uint8Array(Math.max(64, (into.length + 3) & ~3))
  if (bytes !== into) bytes.set(into.subarray(0, start))
  if (bytes !== lastInto) {
    lastInto = bytes
    lastWords = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2)
  }
  let words = lastWords
  let length = start
  let block = head
  for (let visited = 0; block !== 0 && visited < maxBlocks; visited++) {
    const p = block >>> pageShift
    const o = (block & pageMask) * blockBytes
    const next = linkAt(arena.pages[p]!, o)
    const n = next === 0 ? fill : dataBytes
    if (length + dataBytes > bytes.length) {
      const grown = new Uint8Array((Math.max(bytes.length * 2, length + dataBytes) + 3) & ~3)
      grown.set(bytes.subarray(0, length))
      bytes = grown
      words = new Uint32Array(bytes.buffer, 0, bytes.length >>> 2)
      lastInto = bytes
      lastWords = words
    }
    if ((length & 3) === 0) {
      const source = arena.words[p]!
      for (let i = 0, from = (o + linkBytes) >>> 2, to = length >>> 2, end = (n + 3) >>> 2; i < end; i++) {
        words[to + i] = source[from + i]!
      }
    } else {
      bytes.set(arena.pages[p]!.subarray(o + linkBytes, o + linkBytes + n), length)
    }
    length += n
    block = next
  }
  return { bytes, length }
}
