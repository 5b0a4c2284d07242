/**
 * Is a value JSON — what a checkpoint's state must be to come back as it was saved? `JSON.stringify`
 * quietly turns a `Map` or a `Set` into `{}`, a `Date` into a string, `NaN` into `null`, and drops a
 * function: the checkpoint would save, and the state read back on restart would be another.
 *
 * @internal
 */
import { withArticle } from "./article.ts"

/** What is not JSON in `value`, and where (`state.byStream`), or undefined when all of it is. */
export const notJson = (value: unknown, root: string): { readonly path: string; readonly what: string } | undefined => {
  // Depth first; an `undefined` path marks the end of an object's members (it leaves `open`).
  const stack: Array<readonly [unknown, string | undefined]> = [[value, root]]
  const open = new Set<object>()
  while (stack.length > 0) {
    const [v, path] = stack.pop()!
    if (path === undefined) {
      open.delete(v as object)
      continue
    }
    switch (typeof v) {
      case "string":
      case "boolean":
        continue
      case "number":
        if (!Number.isFinite(v)) return { path, what: `${v} (JSON has no such number: it would read back as null)` }
        continue
      case "object": {
        if (v === null) continue
        if (open.has(v)) return { path, what: "a cycle (the object holds itself)" }
        const proto = Object.getPrototypeOf(v)
        if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
          const name = (proto as { readonly constructor?: { readonly name?: string } }).constructor?.name ?? "object"
          return { path, what: `${withArticle(name)} (JSON keeps only plain objects and arrays)` }
        }
        open.add(v)
        stack.push([v, undefined])
        if (Array.isArray(v)) {
          for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`])
        } else {
          for (const [k, item] of Object.entries(v)) {
            // An absent optional field: JSON leaves it out, and it reads back absent.
            if (item !== undefined) stack.push([item, `${path}.${k}`])
          }
        }
        continue
      }
      default:
        return { path, what: `${withArticle(typeof v)} (JSON has none)` }
    }
  }
  return undefined
}
