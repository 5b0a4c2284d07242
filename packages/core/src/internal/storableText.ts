/**
 * Text an event may hold. JSON can carry two things that are not Unicode text: a NUL (`\u0000`)
 * and an unpaired surrogate (`\ud800`, which UTF-8 cannot encode). PostgreSQL's `jsonb` refuses
 * both, so an event holding one would store on SQLite and fail on PostgreSQL — and no reader that
 * decodes it as UTF-8 could print it. `Envelope.decode` and `CommandHandler.handle` refuse them
 * (EVT-04 in `data`, EVT-02 in `meta`), so the same events store on every adapter.
 *
 * @internal
 */

/** A NUL, or a surrogate that is not half of a pair (the `u` flag reads pairs as one code point). */
const unstorable = /[\0\p{Surrogate}]/u

/** Where the first unstorable string of a value is, and what is wrong with it. */
export interface UnstorableText {
  readonly path: string
  readonly message: string
}

const problemOf = (s: string): string => {
  const at = s.search(unstorable)
  const code = s.charCodeAt(at)
  return code === 0
    ? `contains a NUL character (U+0000) at index ${at}, which is not text (PostgreSQL cannot store it)`
    : `contains an unpaired surrogate (U+${
      code.toString(16).toUpperCase()
    }) at index ${at}, which is not Unicode text and cannot be written as UTF-8`
}

/** Does `value` hold an unstorable string or key anywhere? The fast walk: no paths are built. */
const holdsUnstorable = (value: unknown): boolean => {
  if (typeof value === "string") return unstorable.test(value)
  if (typeof value !== "object" || value === null) return false
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsUnstorable(value[i])) return true
    return false
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    if (unstorable.test(key) || holdsUnstorable((value as Record<string, unknown>)[key])) return true
  }
  return false
}

/** The first unstorable string of `value` and its path (the slow walk, once one is known to be there). */
const locate = (value: unknown, path: string): UnstorableText | undefined => {
  if (typeof value === "string") return unstorable.test(value) ? { path, message: problemOf(value) } : undefined
  if (typeof value !== "object" || value === null) return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locate(value[i], `${path}.${i}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const at = path === "" ? key : `${path}.${key}`
    if (unstorable.test(key)) return { path: at, message: `the field name ${problemOf(key)}` }
    const found = locate((value as Record<string, unknown>)[key], at)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The first string in `value` (a string, or any depth of arrays and plain objects) that holds a
 * NUL or an unpaired surrogate, with its path from `path` (`data.person.fullName`); `undefined`
 * when every string is text. Keys are checked too.
 */
export const unstorableText = (value: unknown, path: string): UnstorableText | undefined =>
  holdsUnstorable(value) ? locate(value, path) : undefined
