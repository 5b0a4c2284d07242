/**
 * Members' event bytes laid end to end, each member's in one piece (a segment): the compact
 * statistics' storage for the bytes of events added a while ago. A block chain (`blockArena`)
 * takes 4 bytes of link for every 28 of data and leaves its last block part empty; a segment takes
 * its bytes and nothing else, and is read where it lies, without a copy. The members' recent events
 * stay in chains until they are moved here (`MemberColumns.pack`).
 *
 * Pages of 1 MiB; a segment never straddles two (a larger one has a page of its own). A position
 * is the page × 2^20 + the offset in it: below 2^32, so 4,096 pages at most (4 GiB).
 *
 * @internal
 */

/** The bytes of a page. */
export const pageBytes = 1 << 20
/** Positions are 32 bits: at most this many pages. */
export const maxPages = 4096

export class PackedPages {
  /** Full pages, then the page being filled. */
  pages: Array<Uint8Array> = []
  /** Bytes written in the last page. */
  used = 0
  /** Bytes of every segment written. */
  total = 0
  /** Bytes of segments no member points to any more (their members' bytes moved on). */
  garbage = 0

  /**
   * Whether `n` more bytes of segments surely fit in the pages left (`maxPages`): counted as if each
   * page held only half a page of segments, the rest lost to segments that did not fit its end.
   */
  hasRoom(n: number): boolean {
    return this.pages.length + Math.ceil((2 * n) / pageBytes) + 1 <= maxPages
  }

  /** Writes `bytes[0, n)` as a segment (`hasRoom(n)` must hold); returns its position. */
  write(bytes: Uint8Array, n: number): number {
    let page = this.pages.length - 1
    let last = this.pages[page]
    // A segment larger than a page has a page of its own, which then counts as full.
    if (last === undefined || this.used + n > pageBytes) {
      last = new Uint8Array(Math.max(n, pageBytes))
      this.pages.push(last)
      this.used = 0
      page++
    }
    last.set(bytes.subarray(0, n), this.used)
    const at = page * pageBytes + this.used
    this.used += n
    this.total += n
    return at
  }

  /** The page holding the segment at `at`. */
  page(at: number): Uint8Array {
    return this.pages[Math.floor(at / pageBytes)]!
  }

  /** Whether a segment of `n` bytes at `at` lies within its page (a checkpoint read back). */
  holds(at: number, n: number): boolean {
    const page = this.pages[Math.floor(at / pageBytes)]
    return n >= 0 && page !== undefined && this.offset(at) + n <= page.length
  }

  /** The offset of the segment at `at` in its page. */
  offset(at: number): number {
    return at % pageBytes
  }

  /** The pages as written: the last one cut to its bytes. */
  save(): ReadonlyArray<Uint8Array> {
    const last = this.pages.length - 1
    return this.pages.map((p, i) => (i < last ? p : p.subarray(0, this.used)))
  }

  /** Pages read back (`save`), with the `total` and `garbage` saved with them, or what is wrong. */
  static load(pages: ReadonlyArray<Uint8Array>, total: number, garbage: number): PackedPages | string {
    if (pages.length > maxPages) return `the packed bytes have ${pages.length} pages, at most ${maxPages}`
    const sizes = pages.reduce((n, p) => n + p.length, 0)
    if (!Number.isSafeInteger(total) || !Number.isSafeInteger(garbage) || garbage < 0 || garbage > total) {
      return `the packed bytes' total (${total}) and garbage (${garbage}) do not fit`
    }
    if (total > sizes) return `the packed bytes hold ${sizes} bytes, fewer than their total ${total}`
    const packed = new PackedPages()
    // Copied (the parts may be views), the last one into a whole page that later segments fill.
    packed.pages = pages.map((p, i) => {
      if (i < pages.length - 1) return p.slice()
      const page = new Uint8Array(Math.max(p.length, pageBytes))
      page.set(p)
      return page
    })
    packed.used = pages.length === 0 ? 0 : pages[pages.length - 1]!.length
    packed.total = total
    packed.garbage = garbage
    return packed
  }
}
