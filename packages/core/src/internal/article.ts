/**
 * English messages name kinds and forms by their identifiers: `a cell`, `an upper`, `an expulsion`.
 *
 * @internal
 */

/** The word after its indefinite article. */
export const withArticle = (word: string): string => `${/^[aeiou]/iu.test(word) ? "an" : "a"} ${word}`
