// The tailer's source on Postgres: libs/event-store's readAll and checkpoints, plus where readAll stands right now
// (same visibility barrier as its READ_ALL_SQL: the newest event of a transaction older than every running one),
// so a first start does not publish the whole history again. The ORDER BY names the table's columns: a bare
// `transaction_id` there would mean the text alias of the select list, and "9998" sorts after "157143".
import type { Pool } from 'pg';
import type { EventStore } from '@podlab/event-store';
import type { TailCheckpoint, TailSource } from './event-tailer';

const HEAD_SQL = `
SELECT transaction_id::text AS transaction_id, global_position::text AS position
FROM events
WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY events.transaction_id DESC, events.global_position DESC
LIMIT 1`;

/** `pool`: anything that runs a query (a Pool in the app; a client inside a transaction in tests). */
export function postgresTailSource(store: EventStore, pool: Pick<Pool, 'query'>): TailSource {
  return {
    readAll: (options) => store.readAll(options),
    loadCheckpoint: (consumer) => store.loadCheckpoint(consumer),
    saveCheckpoint: (consumer, checkpoint) => store.saveCheckpoint(consumer, checkpoint),
    async headCheckpoint(): Promise<TailCheckpoint | null> {
      const { rows } = await pool.query<{ transaction_id: string; position: string }>(HEAD_SQL);
      const row = rows[0];
      return row ? { transactionId: row.transaction_id, position: row.position } : null;
    },
  };
}
