/**
 * Upcasting: events written under an older `schemaVersion` of their type are rewritten to the
 * current shape when read. Each upcaster takes one type's `data` from version n to n + 1; a type's
 * current version is 1 plus the number of its upcasters. Stores hold what was written; decoding
 * applies the chain.
 *
 * @since 0.1.0
 */

/**
 * One step: the `data` of `type` at `fromVersion`, rewritten to `fromVersion + 1`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Upcaster {
  readonly type: string
  readonly fromVersion: number
  readonly up: (data: unknown) => unknown
}

/**
 * A set of upcasters, by type.
 *
 * @category models
 * @since 0.1.0
 */
export interface Upcasters {
  /** The current schema version of a type (1 when it has no upcaster). */
  readonly current: (type: string) => number
  /** Rewrites `data` of `type` from `version` to the current one, or says which step is missing. */
  readonly upcast: (
    type: string,
    version: number,
    data: unknown
  ) => { readonly data: unknown; readonly version: number } | { readonly missing: number }
}

/**
 * Builds a set of upcasters. Steps of one type must form a chain from some version up.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (steps: ReadonlyArray<Upcaster>): Upcasters => {
  const byType = new Map<string, Map<number, Upcaster>>()
  for (const s of steps) {
    const forType = byType.get(s.type) ?? new Map<number, Upcaster>()
    forType.set(s.fromVersion, s)
    byType.set(s.type, forType)
  }
  const current = (type: string): number => {
    const forType = byType.get(type)
    return forType === undefined ? 1 : Math.max(...forType.keys()) + 1
  }
  return {
    current,
    upcast: (type, version, data) => {
      const target = current(type)
      let out = data
      for (let v = version; v < target; v++) {
        const step = byType.get(type)?.get(v)
        if (step === undefined) return { missing: v }
        out = step.up(out)
      }
      return { data: out, version: Math.max(version, target) }
    }
  }
}

/**
 * No upcasters: every type is at version 1.
 *
 * @category constructors
 * @since 0.1.0
 */
export const none: Upcasters = make([])
