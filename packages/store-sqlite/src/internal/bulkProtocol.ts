/**
 * The messages between a bulk session (`bulk.ts`) and its writer thread (`bulkWorker.ts`).
 *
 * @internal
 */
import type { Envelope } from "@dangvien/core/Envelope"
import type { Synchronous } from "./database.ts"

/** What the writer thread is started with. */
export interface WorkerSettings {
  readonly filename: string
  readonly busyTimeoutMs: number
  readonly synchronous: Synchronous
  /** The most page cache the writer grows to (`Options.bulkCacheSizeKiB`), in KiB. */
  readonly bulkCacheSizeKiB: number
  readonly defaultRecordedAt: string
}

/**
 * To the writer: rows (three parallel arrays, cheap to copy) and reads of what the session sees
 * (`readStreams`, `positionsOf`), in any order, then `commit` or `rollback`. The thread handles
 * them one at a time, in the order sent: a read sees every row sent before it.
 */
export type ToWorker =
  | {
    readonly tag: "rows"
    readonly streams: ReadonlyArray<string>
    readonly versions: ReadonlyArray<number>
    readonly lines: ReadonlyArray<string>
  }
  | { readonly tag: "readStreams"; readonly streams: ReadonlyArray<string> }
  | { readonly tag: "positionsOf"; readonly ids: ReadonlyArray<string> }
  | { readonly tag: "commit" }
  | { readonly tag: "rollback" }

/**
 * From the writer: the lock is taken, a message of rows is written, the answer to a read (`streams`
 * to `readStreams`, `positions` to `positionsOf`: the ids found and their positions, two parallel
 * arrays), the end, or a failure — which also answers every request made after it.
 */
export type FromWorker =
  | { readonly tag: "ready" }
  | { readonly tag: "written"; readonly count: number }
  | { readonly tag: "streams"; readonly rows: ReadonlyArray<Envelope> }
  | { readonly tag: "positions"; readonly ids: ReadonlyArray<string>; readonly positions: ReadonlyArray<number> }
  | { readonly tag: "committed"; readonly appended: number }
  | { readonly tag: "rolledBack" }
  | { readonly tag: "failed"; readonly message: string }
