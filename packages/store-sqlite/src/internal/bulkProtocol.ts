/**
 * The messages between a bulk session (`bulk.ts`) and its writer thread (`bulkWorker.ts`).
 *
 * @internal
 */
import type { Synchronous } from "./database.ts"

/** What the writer thread is started with. */
export interface WorkerSettings {
  readonly filename: string
  readonly busyTimeoutMs: number
  readonly synchronous: Synchronous
  readonly cacheSizeKiB?: number
  readonly defaultRecordedAt: string
}

/** To the writer: rows (three parallel arrays, cheap to copy), then `commit` or `rollback`. */
export type ToWorker =
  | {
    readonly tag: "rows"
    readonly streams: ReadonlyArray<string>
    readonly versions: ReadonlyArray<number>
    readonly lines: ReadonlyArray<string>
  }
  | { readonly tag: "commit" }
  | { readonly tag: "rollback" }

/** From the writer: the lock is taken, a message of rows is written, the end, or a failure. */
export type FromWorker =
  | { readonly tag: "ready" }
  | { readonly tag: "written"; readonly count: number }
  | { readonly tag: "committed"; readonly appended: number }
  | { readonly tag: "rolledBack" }
  | { readonly tag: "failed"; readonly message: string }
