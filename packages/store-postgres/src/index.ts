/**
 * @dangvien/store-postgres — dangvien's event store on a shared PostgreSQL server, via
 * `@effect/sql-pg`. Import modules as namespaces:
 * `import { PostgresStore, ReadLag } from "@dangvien/store-postgres"`.
 *
 * @since 0.1.0
 */

/** Versioned migrations of a store's schema. */
export * as Migrations from "./Migrations.ts"
/** The layer: `EventStore`, `ProjectionStore` and `ReadLag` on PostgreSQL. */
export * as PostgresStore from "./PostgresStore.ts"
/** The read lag: events held back behind an open transaction. */
export * as ReadLag from "./ReadLag.ts"
