/**
 * Text a store can hold as it is. JSON can carry two things that are not Unicode text: a NUL
 * (`\u0000`), which PostgreSQL's `jsonb` refuses, and an unpaired surrogate (`\ud800`), which
 * UTF-8 — the NDJSON file, SQLite's text — cannot encode and turns into U+FFFD. Either would make
 * an event fail to store on one adapter and come back changed from another, so `Envelope.decode`
 * and `CommandHandler.handle` refuse them (EVT-04 in `data`, EVT-02 in `meta`).
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
    ? `contains a NUL character (U+0000) at index ${at}, which is not text a store can hold`
    : `contains an unpaired surrogate (U+${
      code.toString(16).toUpperCase()
    }) at index ${at}, which is not Unicode text and cannot be written as UTF-8`
}

/**
 * The first string in `value` (a string, or any depth of arrays and plain objects) that holds a
 * NUL or an unpaired surrogate, with its path from `path` (`data.person.fullName`); `undefined`
 * when every string is storable. Keys are checked too (a key of `meta` or `data` that is not text
 * is named as such).
 */
export const unstorableText = (value: unknown, path: string): UnstorableText | undefined => {
  if (typeof value === "string") {
    return unstorable.test(value) ? { path, message: problemOf(value) } : undefined
  }
  if (typeof value !== "object" || value === null) return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableText(value[i], `${path}.${i}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const at = path === "" ? key : `${path}.${key}`
    if (unstorable.test(key)) return { path: at, message: `the field name ${problemOf(key)}` }
    const found = unstorableText((value as Record<string, unknown>)[key], at)
    if (found !== undefined) return found
  }
  return undefined
}
