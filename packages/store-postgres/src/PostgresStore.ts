/**
 * dangvien's event store on a PostgreSQL server: the core's `EventStore` and `ProjectionStore`
 * (and this adapter's `ReadLag`) in one layer, on `@effect/sql-pg`.
 *
 * ```ts
 * import { PostgresStore } from "@dangvien/store-postgres"
 * const store = PostgresStore.layer({ url: "postgres://app@db.example/dangvien", schema: "dangvien" })
 * ```
 *
 * Building the layer connects, migrates the schema (creating it if needed) and fails with a
 * `StorageError` when the server cannot be reached or the schema cannot be migrated.
 *
 * The global order: appends take a transaction-scoped advisory lock, so they commit one after
 * another and positions are handed out in commit order; readers in global order only see the
 * prefix of the log below the oldest open transaction (`pg_snapshot_xmin`). A subscriber or a
 * projection checkpointing at position P has therefore seen every event at or below P, for ever.
 * See the package README for the argument and its price (`ReadLag`).
 *
 * @since 0.1.0
 */
import { EventStore, StorageError, type StoreOptions } from "@dangvien/core/EventStore"
import { ProjectionStore } from "@dangvien/core/Projection"
import { PgClient } from "@effect/sql-pg"
import { Context, type Duration, Effect, Layer, Redacted, type Scope } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"
import * as EventStoreImpl from "./internal/eventStore.ts"
import * as ProjectionStoreImpl from "./internal/projectionStore.ts"
import * as ReadLagImpl from "./internal/readLag.ts"
import * as Statements from "./internal/statements.ts"
import { invalidSchema, mapSqlError } from "./internal/storageError.ts"
import * as Migrations from "./Migrations.ts"
import { ReadLag } from "./ReadLag.ts"

/**
 * The schema a store lives in unless told otherwise.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultSchema = "dangvien"

/**
 * Can the store live in a schema of this name — lower-case letters, digits and `_`, at most 63,
 * not starting with a digit? A layer given another name fails with a `StorageError`; a caller can
 * ask first (the command line does, to refuse `?schema=` as a usage error).
 *
 * @category predicates
 * @since 0.1.0
 */
export const isSchemaName: (name: string) => boolean = Statements.isSchemaName

/**
 * The server a store connects to unless told otherwise.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultUrl = "postgres://postgres@localhost:5432/postgres"

/**
 * Options of a store on an existing client: the `schema` holding its tables (default
 * `dangvien`; lower-case letters, digits and `_`) and the store options (upcasters).
 *
 * @category models
 * @since 0.1.0
 */
export interface ClientOptions extends StoreOptions {
  readonly schema?: string
  /**
   * Create the schema and its tables if they are not there (default `true`). With `false` — a
   * program that only reads — a schema that holds no dangvien store fails the layer with a
   * `StorageError` and nothing is created (a store of an older schema version is still brought up
   * to date).
   */
  readonly create?: boolean
}

/**
 * Options of `layer`: where to connect (`url`, default `defaultUrl`), the connection pool's size
 * (`maxConnections`, default 10; a subscriber's wake-ups hold one more connection) and connect
 * timeout (default 5 seconds), and the `ClientOptions`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options extends ClientOptions {
  readonly url?: string
  readonly maxConnections?: number
  readonly connectTimeout?: Duration.Input
  readonly applicationName?: string
}

/**
 * The services a store provides.
 *
 * @category models
 * @since 0.1.0
 */
export type Services = EventStore | ProjectionStore | ReadLag

const build = (
  pg: PgClient.PgClient,
  options: ClientOptions
): Effect.Effect<Context.Context<Services>, StorageError, Scope.Scope> =>
  Effect.gen(function*() {
    const schema = options.schema ?? defaultSchema
    if (!Statements.isSchemaName(schema)) return yield* invalidSchema(schema)
    if (options.create === false) {
      const applied = yield* Migrations.appliedVersions(schema).pipe(Effect.provideService(SqlClient, pg))
      if (applied.length === 0) {
        return yield* new StorageError({
          operation: "open",
          cause: schema,
          message: `no dangvien store in schema ${schema} (create it with an import)`
        })
      }
    }
    yield* Migrations.migrate(schema).pipe(Effect.provideService(SqlClient, pg))
    const statements = Statements.make(schema)
    const events = yield* EventStoreImpl.make(pg, statements, schema, options)
    return Context.make(EventStore, events).pipe(
      Context.add(ProjectionStore, ProjectionStoreImpl.make(pg, statements)),
      Context.add(ReadLag, ReadLagImpl.make(pg, statements))
    )
  })

/**
 * A store on the application's own `PgClient`: checkpoints saved inside a transaction of that
 * client join it, so a projection can write its read model and its checkpoint atomically.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerFromClient = (options: ClientOptions = {}): Layer.Layer<Services, StorageError, PgClient.PgClient> =>
  Layer.effectContext(Effect.gen(function*() {
    return yield* build(yield* PgClient.PgClient, options)
  }))

/**
 * A store with its own connection pool to the server at `url`, migrated when the layer is built.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<Services, StorageError> =>
  Layer.effectContext(Effect.gen(function*() {
    const pg = yield* PgClient.make({
      url: Redacted.make(options.url ?? defaultUrl),
      maxConnections: options.maxConnections ?? 10,
      ...(options.connectTimeout === undefined ? {} : { connectTimeout: options.connectTimeout }),
      applicationName: options.applicationName ?? "dangvien"
    }).pipe(mapSqlError("connect"), Effect.provideServiceEffect(Reactivity.Reactivity, Reactivity.make))
    return yield* build(pg, options)
  }))
