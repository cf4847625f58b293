import { createHash } from 'node:crypto';
import pg from 'pg';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  LoadSnapshotOptions,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  EventData,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
  SnapshotInput,
} from './event-store';
import { decodeSnapshotState, encodeSnapshotState, snapshotBytesChecksum } from './snapshot-codec';
import { WrongExpectedVersionError } from './wrong-expected-version.error';

export interface PostgresEventStoreOptions {
  /** Called when a stored snapshot fails its checksum (it is then ignored, as if missing). */
  readonly onCorruptSnapshot?: (snapshot: {
    readonly streamId: string;
    readonly schemaVersion: number;
    readonly version: number;
  }) => void;
}

/** A pool (each call its own transaction), or a client the caller has put in a transaction of its own. */
export type PostgresExecutor = pg.Pool | pg.PoolClient;

const UNIQUE_VIOLATION = '23505';
const MAX_INT4 = 2147483647;
/** Bounds the retries of an 'any' append that keeps losing the race for the stream's next version. */
const MAX_ANY_ATTEMPTS = 100;

/**
 * One statement, one round trip, atomic by itself. $2 is the expected version, or null for 'any' (then the base
 * is the stream's current version). The version check is two index probes: version $2 must exist and $2 + 1 must
 * not; when it fails nothing is inserted and the last row reports the actual version, so a conflict costs no extra
 * round trip and aborts nothing. A concurrent writer of the same version that the probe cannot see yet is caught
 * by the unique index (after waiting for it to commit). The idempotency key is recorded in the same statement, so
 * a retried append either finds its key (the first attempt committed) or appends (it did not); a concurrent
 * duplicate waits on the key's index entry, fails, and is answered from the key.
 */
const APPEND_SQL = `
WITH base AS (
  SELECT CASE WHEN $2::int IS NULL
    THEN (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1)
    ELSE $2::int END AS version
), appended AS (
  INSERT INTO events (stream_id, stream_version, type, data, metadata)
  SELECT $1, base.version + e.ord::int, e.event->>'type', e.event->'data', e.event->'metadata'
  FROM base, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(event, ord)
  WHERE $2::int IS NULL
     OR (($2::int = 0 OR EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND stream_version = $2::int))
         AND NOT EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND stream_version = $2::int + 1))
  RETURNING global_position, stream_version
), remembered AS (
  INSERT INTO stream_idempotency_keys (stream_id, key, stream_version, global_positions)
  SELECT $1, $4::text, max(stream_version), array_agg(global_position ORDER BY stream_version)
  FROM appended
  WHERE $4::text IS NOT NULL
  HAVING count(*) > 0
)
SELECT global_position::text AS global_position, stream_version, NULL::int AS actual_version FROM appended
UNION ALL
SELECT NULL, NULL, (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1)
WHERE NOT EXISTS (SELECT 1 FROM appended)`;

const EVENT_COLUMNS = `stream_id, stream_version, type, data, metadata, global_position::text AS global_position,
  transaction_id::text AS transaction_id, recorded_at`;

/**
 * Commit order with a visibility barrier: only transactions older than the oldest one still running, so a
 * transaction that took its positions earlier but commits later is delivered before anything after it, never
 * skipped (a plain position cursor would skip it). ORDER BY names the table's columns: the bare names would be
 * the text aliases of the select list, and sort transaction ids as strings.
 */
const READ_ALL_SQL = `
SELECT ${EVENT_COLUMNS}
FROM events
WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY events.transaction_id, events.global_position
LIMIT $3`;

interface AppendRow {
  global_position: string | null;
  stream_version: number | null;
  actual_version: number | null;
}

interface EventRow {
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  global_position: string;
  transaction_id: string;
  recorded_at: Date;
}

/**
 * The event store on Postgres (tables from prisma/migrations), with hand-written SQL on `pg`: every operation is
 * a single statement, so it runs on a pool (own transaction) or inside the caller's transaction on a client.
 * Named statements are prepared once per connection.
 */
export class PostgresEventStore implements EventStore {
  constructor(
    private readonly db: PostgresExecutor,
    private readonly options: PostgresEventStoreOptions = {},
  ) {}

  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const key = options.idempotencyKey ?? null;
    const expected = expectedVersion === 'any' ? null : expectedVersion === 'no-stream' ? 0 : expectedVersion;
    if (expected !== null && !(Number.isInteger(expected) && expected >= 0 && expected < MAX_INT4)) {
      throw new RangeError(`expected version must be 'any', 'no-stream' or an integer >= 0, got ${expected}`);
    }
    if (events.length === 0) return this.appendNothing(streamId, expected, key);
    const payload = JSON.stringify(
      events.map((event) => ({ type: event.type, data: event.data ?? null, metadata: event.metadata ?? {} })),
    );

    for (let attempt = 1; ; attempt++) {
      let rows: AppendRow[];
      try {
        ({ rows } = await this.db.query<AppendRow>({
          name: 'podlab_event_store_append',
          text: APPEND_SQL,
          values: [streamId, expected, payload, key],
        }));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A concurrent writer took the version (or the key) first: a retry of ours that committed, or a conflict.
        const remembered = key === null ? null : await this.rememberedResult(streamId, key);
        if (remembered) return remembered;
        if (expected !== null) {
          throw new WrongExpectedVersionError(streamId, expected, await this.streamVersion(streamId));
        }
        // 'any' lost a race for the next version: try again at the new end, unless a caller's transaction is
        // now aborted (only a pool gives each attempt a fresh transaction).
        if (!(this.db instanceof pg.Pool) || attempt >= MAX_ANY_ATTEMPTS) throw error;
        continue;
      }
      const first = rows[0];
      if (first && first.actual_version !== null) {
        // Nothing inserted: the version check failed (or a retry of ours already committed under this key).
        const remembered = key === null ? null : await this.rememberedResult(streamId, key);
        if (remembered) return remembered;
        throw new WrongExpectedVersionError(streamId, expected ?? 0, first.actual_version);
      }
      const appended = rows
        .map((row) => ({ version: row.stream_version as number, position: row.global_position as string }))
        .sort((a, b) => a.version - b.version);
      return {
        streamVersion: appended[appended.length - 1]?.version ?? 0,
        globalPositions: appended.map((row) => row.position),
      };
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.db.query<EventRow>({
      name: 'podlab_event_store_read_stream',
      text: `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
        ORDER BY stream_version LIMIT $4`,
      values: [
        streamId,
        Math.max(options.fromVersion ?? 1, 1),
        Math.min(options.toVersion ?? MAX_INT4, MAX_INT4),
        options.limit ?? null,
      ],
    });
    return rows.map(toRecordedEvent);
  }

  async readStreamData(streamId: string, options: ReadStreamOptions = {}): Promise<EventData[]> {
    const { rows } = await this.db.query<EventData>({
      name: 'podlab_event_store_read_stream_data',
      text: `SELECT stream_version AS version, type, data FROM events
        WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
        ORDER BY stream_version LIMIT $4`,
      values: [
        streamId,
        Math.max(options.fromVersion ?? 1, 1),
        Math.min(options.toVersion ?? MAX_INT4, MAX_INT4),
        options.limit ?? null,
      ],
    });
    return rows;
  }

  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.db.query<{ version: number }>({
      name: 'podlab_event_store_stream_version',
      text: 'SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1',
      values: [streamId],
    });
    return rows[0]?.version ?? 0;
  }

  async readAll(options: ReadAllOptions): Promise<ReadAllResult> {
    const { rows } = await this.db.query<EventRow>({
      name: 'podlab_event_store_read_all',
      text: READ_ALL_SQL,
      values: [options.after?.transactionId ?? '0', options.after?.position ?? '0', options.limit],
    });
    const events = rows.map(toRecordedEvent);
    const last = events[events.length - 1];
    return {
      events,
      checkpoint: last ? { transactionId: last.transactionId, position: last.globalPosition } : options.after,
    };
  }

  async loadCheckpoint(consumer: string): Promise<Checkpoint | null> {
    const { rows } = await this.db.query<{ transaction_id: string; position: string }>(
      'SELECT transaction_id::text AS transaction_id, position::text AS position FROM consumer_checkpoints WHERE consumer = $1',
      [consumer],
    );
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, position: row.position } : null;
  }

  async saveCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void> {
    await this.db.query(
      `INSERT INTO consumer_checkpoints (consumer, transaction_id, position, updated_at)
       VALUES ($1, $2::xid8, $3::bigint, now())
       ON CONFLICT (consumer) DO UPDATE
         SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()`,
      [consumer, checkpoint.transactionId, checkpoint.position],
    );
  }

  async saveSnapshot<TState>(streamId: string, snapshot: SnapshotInput<TState>): Promise<void> {
    // One row per version: time travel starts from the nearest snapshot at or below its target. The state is stored
    // as compact bytes (snapshot-codec.ts) with a checksum over those very bytes; a rewrite of a version replaces
    // an older jsonb state too.
    const packed = encodeSnapshotState(snapshot.state, snapshot.sections);
    await this.db.query({
      name: 'podlab_event_store_save_snapshot',
      text: `INSERT INTO snapshots (stream_id, schema_version, version, state, packed, checksum, time)
        VALUES ($1, $2, $3, NULL, $4, $5, $6)
        ON CONFLICT (stream_id, schema_version, version) DO UPDATE
          SET state = NULL, packed = EXCLUDED.packed, checksum = EXCLUDED.checksum, time = EXCLUDED.time,
            created_at = now()`,
      values: [
        streamId,
        snapshot.schemaVersion,
        snapshot.version,
        packed,
        snapshotBytesChecksum(streamId, snapshot.version, snapshot.schemaVersion, packed),
        snapshot.time ?? null,
      ],
    });
  }

  async loadSnapshot<TState>(
    streamId: string,
    schemaVersion: number,
    options: LoadSnapshotOptions = {},
  ): Promise<Snapshot<TState> | null> {
    let maxVersion = Math.min(options.maxVersion ?? MAX_INT4, MAX_INT4);
    // A backward scan of the primary key from the bound; a corrupt row is skipped for the next older one. The bytes
    // travel as base64 text (node-pg reads every value as text, bytea as hex: base64 is a third shorter and
    // measured ~1 ms faster to send and turn back into bytes for a 0.3 MB snapshot).
    while (maxVersion >= 0) {
      const { rows } = await this.db.query<Omit<SnapshotRow, 'packed'> & { packed64: string | null }>({
        name: 'podlab_event_store_load_snapshot',
        // The row is picked first on the primary key alone (the newest per schema, then the newest of those), and
        // only then are its bytes encoded: sorting whole rows would encode every candidate's bytes.
        text: `SELECT version, schema_version, encode(packed, 'base64') AS packed64,
            CASE WHEN packed IS NULL THEN state::text END AS state, checksum, time
          FROM snapshots
          WHERE stream_id = $1 AND (schema_version, version) = (
            SELECT newest.schema_version, newest.version
            FROM unnest($5::int[]) AS wanted(schema_version)
            CROSS JOIN LATERAL (
              SELECT schema_version, version FROM snapshots
              WHERE stream_id = $1 AND schema_version = wanted.schema_version AND version <= $3
                AND ($4::float8 IS NULL OR time <= $4::float8)
              ORDER BY version DESC LIMIT 1) AS newest
            ORDER BY newest.version DESC, newest.schema_version = $2 DESC LIMIT 1)`,
        values: [
          streamId,
          schemaVersion,
          maxVersion,
          options.maxTime ?? null,
          [schemaVersion, ...(options.olderSchemas ?? [])],
        ],
      });
      const found = rows[0];
      if (!found) return null;
      const { packed64, ...rest } = found;
      const row: SnapshotRow = {
        ...rest,
        packed: packed64 === null ? null : Buffer.from(packed64, 'base64'),
      };
      const state = verifiedState<TState>(streamId, row.schema_version, row);
      if (state !== undefined)
        return {
          streamId,
          version: row.version,
          schemaVersion: row.schema_version,
          state,
          ...(row.time !== null ? { time: row.time } : {}),
        };
      // Never served: the caller starts from an older one (or the first event). Reported, since it means the row
      // changed after it was written (disk, a manual edit, a buggy writer).
      this.options.onCorruptSnapshot?.({ streamId, schemaVersion: row.schema_version, version: row.version });
      maxVersion = row.version - 1;
    }
    return null;
  }

  private async appendNothing(
    streamId: string,
    expected: number | null,
    key: string | null,
  ): Promise<AppendResult> {
    const remembered = key === null ? null : await this.rememberedResult(streamId, key);
    if (remembered) return remembered;
    const actual = await this.streamVersion(streamId);
    if (expected !== null && expected !== actual)
      throw new WrongExpectedVersionError(streamId, expected, actual);
    return { streamVersion: actual, globalPositions: [] };
  }

  private async rememberedResult(streamId: string, key: string): Promise<AppendResult | null> {
    const { rows } = await this.db.query<{ stream_version: number; global_positions: string[] }>({
      name: 'podlab_event_store_idempotency_key',
      text: `SELECT stream_version, global_positions::text[] AS global_positions
        FROM stream_idempotency_keys WHERE stream_id = $1 AND key = $2`,
      values: [streamId, key],
    });
    const row = rows[0];
    return row ? { streamVersion: row.stream_version, globalPositions: row.global_positions } : null;
  }
}

interface SnapshotRow {
  version: number;
  schema_version: number;
  /** The state's bytes (snapshot-codec.ts); null in a row written before them, which has `state` instead. */
  packed: Buffer | null;
  /** Only for such an older row: its jsonb state as Postgres prints it. */
  state: string | null;
  checksum: string;
  time: number | null;
}

/**
 * A row's state if its checksum holds (and it decodes), else undefined. A row written before the bytes format keeps
 * its jsonb state and the checksum Postgres took over that jsonb's text (oldJsonbChecksum): still served, so
 * existing sandboxes keep their snapshots; any rewrite of that version stores bytes.
 */
function verifiedState<TState>(
  streamId: string,
  schemaVersion: number,
  row: SnapshotRow,
): TState | undefined {
  if (row.packed !== null) {
    if (snapshotBytesChecksum(streamId, row.version, schemaVersion, row.packed) !== row.checksum)
      return undefined;
    try {
      return decodeSnapshotState<TState>(row.packed);
    } catch {
      return undefined;
    }
  }
  if (
    row.state === null ||
    oldJsonbChecksum(streamId, row.version, schemaVersion, row.state) !== row.checksum
  )
    return undefined;
  return JSON.parse(row.state) as TState;
}

/**
 * The checksum of a row written before the bytes format (migration 20261122110000_snapshot_bytes): sha256 (hex) of
 * `<stream id>\n<version>\n<schema version>\n` and the jsonb's text as Postgres prints it, which Postgres computed
 * at save as encode(sha256(convert_to(stream || E'\n' || version || E'\n' || schema || E'\n' || state::text,
 * 'UTF8')), 'hex').
 */
function oldJsonbChecksum(streamId: string, version: number, schemaVersion: number, text: string): string {
  return createHash('sha256')
    .update(`${streamId}\n${version}\n${schemaVersion}\n`)
    .update(text)
    .digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    version: row.stream_version,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
  };
}
