import { createHash } from 'node:crypto';
import pg from 'pg';
import { eventStoreContract } from './event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { decodeSnapshotState, encodeSnapshotState } from './snapshot-codec';

const url = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';

eventStoreContract('postgres', async () => {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  return {
    store: new PostgresEventStore(pool),
    async corruptSnapshot(streamId, schemaVersion, version) {
      // One value changed inside the stored bytes (decoded, edited, encoded again), the checksum left as it was.
      const { rows } = await pool.query<{ packed: Buffer }>(
        'SELECT packed FROM snapshots WHERE stream_id = $1 AND schema_version = $2 AND version = $3',
        [streamId, schemaVersion, version],
      );
      const state = decodeSnapshotState<{ pods: { web: { phase: string } } }>(rows[0]!.packed);
      state.pods.web.phase = 'Pending';
      const { rowCount } = await pool.query(
        `UPDATE snapshots SET packed = $4 WHERE stream_id = $1 AND schema_version = $2 AND version = $3`,
        [streamId, schemaVersion, version, encodeSnapshotState(state)],
      );
      if (rowCount !== 1) throw new Error('no snapshot to corrupt');
    },
    close: () => pool.end(),
  };
});

describe('PostgresEventStore: snapshots written before the bytes format (jsonb state)', () => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const streamId = `old-jsonb-${Math.random().toString(36).slice(2)}`;
  const state = { pods: { web: { phase: 'Running', restarts: 2 } }, order: ['b', 'a'], ratio: 0.1 };

  /** A row as the store wrote it before migration 20261122110000_snapshot_bytes (its SQL, verbatim). */
  const saveOldRow = (version: number, time: number | null) =>
    pool.query(
      `INSERT INTO snapshots (stream_id, schema_version, version, state, checksum, time)
       SELECT $1, $2, $3, s.state, encode(sha256(convert_to($1 || E'\\n' || $3::int::text || E'\\n' || $2::int::text
         || E'\\n' || s.state::text, 'UTF8')), 'hex'), $5 FROM (SELECT $4::jsonb AS state) AS s`,
      [streamId, 1, version, JSON.stringify(state), time],
    );

  afterAll(async () => {
    await pool.query('DELETE FROM snapshots WHERE stream_id = $1', [streamId]);
    await pool.end();
  });

  it('are still served when they verify, never when changed, and a rewrite stores bytes', async () => {
    const reported: number[] = [];
    const store = new PostgresEventStore(pool, { onCorruptSnapshot: (s) => reported.push(s.version) });
    await saveOldRow(10, 100);
    await saveOldRow(20, 200);
    expect(await store.loadSnapshot(streamId, 1, { maxVersion: 15 })).toEqual({
      streamId,
      version: 10,
      schemaVersion: 1,
      state,
      time: 100,
    });
    expect(await store.loadSnapshot(streamId, 1, { maxTime: 250 })).toMatchObject({ version: 20, state });

    // One value of the old row's jsonb changed: reported, skipped for the older one.
    await pool.query(
      `UPDATE snapshots SET state = jsonb_set(state, '{pods,web,phase}', '"Pending"')
       WHERE stream_id = $1 AND version = 20`,
      [streamId],
    );
    expect(await store.loadSnapshot(streamId, 1)).toMatchObject({ version: 10, state });
    expect(reported).toEqual([20]);

    // Saving that version again replaces the jsonb state by bytes (with their own checksum).
    await store.saveSnapshot(streamId, { version: 20, schemaVersion: 1, state: { at: 20 }, time: 200 });
    const { rows } = await pool.query<{ state: unknown; packed: Buffer | null; checksum: string }>(
      'SELECT state, packed, checksum FROM snapshots WHERE stream_id = $1 AND version = 20',
      [streamId],
    );
    expect(rows[0]?.state).toBeNull();
    expect(rows[0]?.packed).toBeInstanceOf(Buffer);
    expect(rows[0]?.checksum).toBe(
      createHash('sha256').update(`${streamId}\n20\n1\n`).update(rows[0]!.packed!).digest('hex'),
    );
    expect(await store.loadSnapshot(streamId, 1)).toMatchObject({ version: 20, state: { at: 20 } });
  });
});
