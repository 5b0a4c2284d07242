/**
 * A read-only set of `YYYY-MM-DD` strings whose membership test is a function
 * (so it can be computed lazily, e.g. per year) and whose contents are only
 * materialised — once — when iterated or counted.
 *
 * @internal
 */

/**
 * Lazily evaluated `ReadonlySet` of dates.
 *
 * @category internal
 */
export class LazyDateSet implements ReadonlySet<string> {
  readonly #has: (d: string) => boolean
  readonly #all: () => Iterable<string>
  #materialised: ReadonlySet<string> | undefined

  constructor(has: (d: string) => boolean, all: () => Iterable<string>) {
    this.#has = has
    this.#all = all
  }

  #set(): ReadonlySet<string> {
    if (this.#materialised === undefined) this.#materialised = new Set([...this.#all()].sort())
    return this.#materialised
  }

  has(d: string): boolean {
    return this.#has(d)
  }

  get size(): number {
    return this.#set().size
  }

  forEach(callback: (value: string, value2: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const d of this.#set()) callback.call(thisArg, d, d, this)
  }

  entries(): SetIterator<[string, string]> {
    return this.#set().entries()
  }

  keys(): SetIterator<string> {
    return this.#set().keys()
  }

  values(): SetIterator<string> {
    return this.#set().values()
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.#set().values()
  }
}
