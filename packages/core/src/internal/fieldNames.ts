/**
 * The field names of schemas, and the one a misspelt name most likely meant: what an "unknown
 * field" refusal suggests (`over60consent` → `over60Consent`, `votesFro` → `votesFor`).
 *
 * @internal
 */

/** Every property name declared anywhere in the schemas' ASTs (nested structs and unions included). */
export const fieldNamesOf = (asts: ReadonlyArray<unknown>): ReadonlyArray<string> => {
  const names = new Set<string>()
  const seen = new Set<unknown>()
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return
    seen.add(node)
    const signatures = (node as { readonly propertySignatures?: unknown }).propertySignatures
    if (Array.isArray(signatures)) {
      for (const p of signatures as ReadonlyArray<{ readonly name?: unknown }>) {
        if (typeof p.name === "string") names.add(p.name)
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) { for (const v of value) walk(v) }
      else walk(value)
    }
  }
  for (const ast of asts) walk(ast)
  return [...names].sort()
}

const folded = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/gu, "")

/** Edit distance with adjacent transpositions (optimal string alignment). */
const distance = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The known name `name` most likely misspells: equal but for case and punctuation, else within an
 * edit or two (one for names of up to 7 letters); undefined when none is that close.
 */
export const nearest = (name: string, known: ReadonlyArray<string>): string | undefined => {
  const f = folded(name)
  if (f === "") return undefined
  const same = known.find((k) => folded(k) === f)
  if (same !== undefined) return same
  const limit = f.length <= 7 ? 1 : 2
  let best: string | undefined
  let bestDistance = limit + 1
  for (const k of known) {
    const d = distance(f, folded(k))
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return best
}
