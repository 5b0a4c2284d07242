/**
 * A typed array that grows by half its size (so at most a third of it is unused): the storage of
 * the compact statistics columns. `length` is the number of values written; `view` is a copy-free
 * window on them.
 */

type Typed = Int32Array | Float64Array | Uint8Array

interface Constructor<A extends Typed> {
  new(length: number): A
}

export class Growable<A extends Typed> {
  array: A
  length = 0
  private readonly make: Constructor<A>

  constructor(make: Constructor<A>, capacity = 1024) {
    this.make = make
    this.array = new make(capacity)
  }

  /** Appends one value and returns its index. */
  push(value: number): number {
    if (this.length === this.array.length) {
      const next = new this.make(Math.ceil(this.array.length * 1.5))
      next.set(this.array)
      this.array = next
    }
    this.array[this.length] = value
    return this.length++
  }

  /** The written values (a view, not a copy). */
  view(): A {
    return this.array.subarray(0, this.length) as A
  }

  /** Replaces the contents with `values` (a checkpoint being read back). */
  load(values: ArrayLike<number>): void {
    this.array = new this.make(Math.max(1024, values.length))
    this.array.set(values)
    this.length = values.length
  }
}
