/**
 * The SQL of the adapter, for one schema. Texts are built once per store so that the driver's
 * prepared-statement cache keys on stable strings; values always travel as parameters.
 *
 * @internal
 */

/** PostgreSQL's unquoted identifier shape, which is all we accept as a schema name. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/u

/** Is `name` usable as the store's schema (lower-case letters, digits, `_`, at most 63)? */
export const isSchemaName = (name: string): boolean => schemaPattern.test(name)

/** The channel appends notify and subscribers listen on; the payload is the schema name. */
export const channel = "dangvien_events"

/**
 * The class of the store's advisory locks (`pg_advisory_xact_lock(class, hashtext(key))`),
 * so they do not collide with an application's single-key advisory locks.
 */
export const lockClass = 1146486785

/** The columns read back into an envelope, in the order `Rows.toEnvelope` expects. */
const columns = "position, stream_version, id, stream, type, schema_version, occurred_on, recorded_at, data, meta"

/** `columns` of the table aliased `e`. */
const qualifiedColumns = columns.split(", ").map((column) => `e.${column}`).join(", ")

/** Every statement of the store for `schema` (validated by `isSchemaName`). */
export const make = (schema: string) => {
  const s = `"${schema}"`
  const events = `${s}.events`
  return {
    /**
     * The append lock: every writer takes it first, in its own statement, so appends commit one
     * after another in position order. It assigns no transaction id.
     */
    appendLock: `SELECT pg_advisory_xact_lock(${lockClass}, hashtext($1))`,
    appendLockKey: `${schema}.events`,
    /** Stored events among the ids `$1`. */
    storedByIds: `SELECT ${columns} FROM ${events} WHERE id = ANY($1::text[])`,
    /** The position of each stored event among the ids `$1`. */
    positionsByIds: `SELECT id, position FROM ${events} WHERE id = ANY($1::text[])`,
    /** Every event of the streams `$1` (distinct), stream by stream in the order given, each in version order. */
    readStreams: `SELECT ${qualifiedColumns} FROM unnest($1::text[]) WITH ORDINALITY AS s(stream, ord)
        JOIN ${events} e ON e.stream = s.stream
      ORDER BY s.ord, e.stream_version`,
    /** Each stream of `$1` with its version, and the last position of the store. */
    versions: `SELECT s.stream,
        COALESCE((SELECT max(e.stream_version) FROM ${events} e WHERE e.stream = s.stream), 0) AS version,
        (SELECT COALESCE(max(position), 0) FROM ${events}) AS last_position
      FROM unnest($1::text[]) AS s(stream)`,
    /** Inserts rows given as parallel arrays; positions are `$1 + ordinality`. */
    insert: `INSERT INTO ${events}
        (position, stream_version, id, stream, type, schema_version, occurred_on, recorded_at, data, meta)
      SELECT $1::int8 + r.ord, r.stream_version, r.id, r.stream, r.type, r.schema_version, r.occurred_on::date,
        r.recorded_at, r.data::jsonb, r.meta::jsonb
      FROM unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::text[], $8::text[], $9::text[],
        $10::text[]) WITH ORDINALITY
        AS r(stream_version, id, stream, type, schema_version, occurred_on, recorded_at, data, meta, ord)
      ORDER BY r.ord`,
    notify: `SELECT pg_notify('${channel}', $1)`,
    /** The last committed position (for a writer holding the append lock: the last of all). */
    lastPosition: `SELECT COALESCE(max(position), 0) AS position FROM ${events}`,
    readStream: `SELECT ${columns} FROM ${events} WHERE stream = $1 AND stream_version >= $2 ORDER BY stream_version`,
    streamVersion: `SELECT COALESCE(max(stream_version), 0) AS version FROM ${events} WHERE stream = $1`,
    /**
     * Up to `$2` events after position `$1`, each flagged `released` when its transaction id is
     * below the snapshot's xmin (every transaction that could still commit is younger). The
     * reader keeps the flagged prefix only.
     */
    readAll: `SELECT ${columns}, transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AS released
      FROM ${events} WHERE position > $1 ORDER BY position LIMIT $2`,
    /**
     * The last position `readAll` reaches now: the greatest visible position before the first
     * held-back event.
     */
    releasedPosition: `SELECT COALESCE(max(position), 0) AS position FROM ${events}
      WHERE position < COALESCE(
        (SELECT min(position) FROM ${events} WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())),
        9223372036854775807)`,
    /** The figures of `ReadLag`. */
    lag: `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
      held AS (SELECT count(*) AS n, min(e.position) AS first FROM ${events} e, horizon h WHERE e.transaction_id >= h.xmin),
      open AS (
        SELECT pid, xact_start AS since, age(backend_xid) AS age FROM pg_stat_activity
          WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
        UNION ALL
        SELECT NULL, prepared, age(transaction) FROM pg_prepared_xacts
      ),
      oldest AS (SELECT pid, since FROM open ORDER BY age DESC LIMIT 1)
      SELECT held.n AS held_back,
        (SELECT COALESCE(max(position), 0) FROM ${events}
          WHERE position < COALESCE(held.first, 9223372036854775807)) AS released_position,
        (SELECT COALESCE(max(position), 0) FROM ${events}) AS committed_position,
        (SELECT pid FROM oldest) AS oldest_pid,
        COALESCE((SELECT floor(extract(epoch FROM clock_timestamp() - since) * 1000) FROM oldest), 0)::int8
          AS oldest_age_ms
      FROM held`,
    saveCheckpoint: `INSERT INTO ${s}.checkpoints (name, position, state, updated_at)
      VALUES ($1, $2, $3::jsonb, now())
      ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state, updated_at = now()`,
    resetCheckpoint: `DELETE FROM ${s}.checkpoints WHERE name = $1`,
    // One statement, one snapshot: the checkpoint's row first (part NULL), then its chunks in order.
    loadCheckpointWithParts:
      `SELECT position, state, NULL::integer AS part, NULL::integer AS chunk, NULL::bytea AS bytes
        FROM ${s}.checkpoints WHERE name = $1
      UNION ALL
      SELECT NULL, NULL, part, chunk, bytes FROM ${s}.checkpoint_parts WHERE name = $1
      ORDER BY part NULLS FIRST, chunk`,
    saveCheckpointPart: `INSERT INTO ${s}.checkpoint_parts (name, part, chunk, bytes) VALUES ($1, $2, $3, $4)`,
    resetCheckpointParts: `DELETE FROM ${s}.checkpoint_parts WHERE name = $1`
  }
}

/** The statements of one store. */
export type Statements = ReturnType<typeof make>
