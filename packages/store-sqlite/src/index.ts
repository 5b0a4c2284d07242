/**
 * @dangvien/store-sqlite — the embedded default event store of dangvien: one SQLite file (WAL) on
 * Node's built-in `node:sqlite`, implementing `EventStore` and `ProjectionStore` of
 * `@dangvien/core`. Import modules as namespaces: `import { SqliteEventStore } from "@dangvien/store-sqlite"`.
 *
 * @since 0.1.0
 */

/** The SQLite event store and checkpoint store layer. */
export * as SqliteEventStore from "./SqliteEventStore.ts"
