import pg from 'pg';
import { eventStoreContract } from './event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

const url = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';

eventStoreContract('postgres', async () => {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  return {
    store: new PostgresEventStore(pool),
    async corruptSnapshot(streamId, schemaVersion, version) {
      const { rowCount } = await pool.query(
        `UPDATE snapshots SET state = jsonb_set(state, '{pods,web,phase}', '"Pending"')
         WHERE stream_id = $1 AND schema_version = $2 AND version = $3`,
        [streamId, schemaVersion, version],
      );
      if (rowCount !== 1) throw new Error('no snapshot to corrupt');
    },
    close: () => pool.end(),
  };
});
