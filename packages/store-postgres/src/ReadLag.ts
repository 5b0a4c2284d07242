/**
 * The read lag of a PostgreSQL store: the price of its never-skip guarantee. Readers in global
 * order (`readAll`, `subscribe`, projections) are only handed events whose transaction is older
 * than every transaction still open on the server (`pg_snapshot_xmin(pg_current_snapshot())`). A
 * transaction that has written anything — in any database of the server — and stays open holds
 * back every event committed after it started, until it ends. `ReadLag` says how many events are
 * held back and how old the oldest open transaction is, so that it can be monitored and found.
 *
 * @since 0.1.0
 */
import type { StorageError } from "@dangvien/core/EventStore"
import { Context, type Effect } from "effect"

/**
 * The figures of the read lag.
 *
 * @category models
 * @since 0.1.0
 */
export interface Lag {
  /** Committed events that readers in global order are not handed yet. */
  readonly heldBackEvents: number
  /** The last position readers are handed now (what `EventStore.lastPosition` returns). */
  readonly releasedPosition: number
  /** The last committed position. */
  readonly committedPosition: number
  /**
   * How long the oldest open transaction that holds a transaction id (one that has written,
   * anywhere on the server, or a prepared transaction) has been open, in milliseconds; 0 if none.
   * Other roles' sessions are only visible to superusers and members of `pg_read_all_stats`.
   */
  readonly oldestOpenTransactionAgeMs: number
  /** The backend pid of that transaction (`pg_stat_activity.pid`), if it is a session's. */
  readonly oldestOpenTransactionPid?: number
}

/**
 * The service measuring a store's read lag; `PostgresStore.layer` provides it beside the
 * `EventStore`.
 *
 * @category services
 * @since 0.1.0
 */
export class ReadLag extends Context.Service<ReadLag, {
  readonly current: Effect.Effect<Lag, StorageError>
}>()("@dangvien/store-postgres/ReadLag") {}
