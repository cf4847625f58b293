// The live path on real Postgres and Redis: the tailer publishes committed sandbox events once, two "api
// processes" (two subscriber connections) each deliver them to their own feeds in order, with no gaps, and only
// one lease holder tails at a time.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { PostgresEventStore } from '@podlab/event-store';
import { streamIdOf } from '@podlab/sandbox';
import { SandboxEventTailer } from './event-tailer';
import { postgresTailSource } from './postgres-tail-source';
import { LiveFeed } from './live-feed';
import { RedisFanout } from './redis-fanout';
import { RedisLease } from './redis-lease';
import { sandboxChannel, toMessage } from './sandbox-event.message';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

function tick(at: number) {
  return {
    type: 'ClockAdvanced',
    data: { v: 1, at, actor: { type: 'system', name: 'test' }, reason: 'Tick', data: { to: at } },
    metadata: { actor: 'system:test' },
  };
}

describe('live updates through Redis', () => {
  const prefix = `podlab-int-live-${randomUUID().slice(0, 8)}`;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const connections: Redis[] = [];
  const redis = () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
    store = new PostgresEventStore(pool);
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit()));
    await pool.end();
  });

  it('delivers every event once, in order, to feeds in two processes', async () => {
    const sandbox = { id: randomUUID(), generation: 0 };
    const streamId = streamIdOf(sandbox);
    await store.append(streamId, 'no-stream', [tick(1), tick(2)]);

    const publisher = redis();
    const tailer = new SandboxEventTailer(
      postgresTailSource(store, pool),
      async (messages) => {
        const pipeline = publisher.pipeline();
        for (const m of messages) pipeline.publish(sandboxChannel(prefix, m.sandboxId), m.payload);
        await pipeline.exec();
      },
      { consumer: `int-${prefix}`, batchSize: 100 },
    );
    // A first start begins at the head (the history is the feeds' to replay from the streams).
    await tailer.pollOnce();

    const feeds = [new RedisFanout(redis(), prefix), new RedisFanout(redis(), prefix)].map(
      (fanout) =>
        new LiveFeed(
          {
            read: async (generation, fromVersion, limit) =>
              (
                await store.readStream(streamIdOf({ id: sandbox.id, generation }), { fromVersion, limit })
              ).flatMap((e) => toMessage(e) ?? []),
            listen: (onMessage, onResync) => fanout.listen(sandbox.id, onMessage, onResync),
          },
          { generation: 0, afterVersion: 0, batchSize: 10, maxBuffered: 1000 },
        ),
    );
    const collected = feeds.map(async (feed) => {
      const versions: number[] = [];
      for await (const message of feed) {
        versions.push(message.version);
        if (versions.length === 12) break;
      }
      return versions;
    });
    for (let version = 2; version < 12; version++) {
      await store.append(streamId, version, [tick(version + 1)]);
      if (version % 3 === 0) await tailer.pollOnce();
    }
    while ((await tailer.pollOnce()) > 0);
    const expected = Array.from({ length: 12 }, (_, i) => i + 1);
    expect(await Promise.all(collected)).toEqual([expected, expected]);
  });

  it('starts a first tail at the newest visible event, in transaction-id order (not text order)', async () => {
    // In one REPEATABLE READ transaction, rolled back: two events with tiny transaction ids ("9" and "10" sort
    // after "158000" as text), next to everything already in the table. The head must be the real newest one.
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const streamId = streamIdOf({ id: randomUUID(), generation: 0 });
      await client.query(
        `INSERT INTO events (stream_id, stream_version, type, data, metadata, transaction_id)
         VALUES ($1, 1, 'ClockAdvanced', '{}', '{}', '9'), ($1, 2, 'ClockAdvanced', '{}', '{}', '10')`,
        [streamId],
      );
      const { rows } = await client.query<{ transaction_id: string; position: string }>(
        `SELECT transaction_id::text AS transaction_id, global_position::text AS position FROM events
         WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
           AND (transaction_id, global_position) = (
             SELECT transaction_id, max(global_position) FROM events
             WHERE transaction_id = (SELECT max(transaction_id) FROM events
                                     WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()))
             GROUP BY transaction_id)`,
      );
      const newest = rows[0];
      expect(newest).toBeDefined();
      expect(BigInt(newest?.transaction_id ?? '0')).toBeGreaterThan(10n);
      const head = await postgresTailSource(store, client).headCheckpoint?.();
      expect(head).toEqual({ transactionId: newest?.transaction_id, position: newest?.position });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('lets one lease holder tail at a time', async () => {
    const key = `${prefix}:lease`;
    const [a, b] = [new RedisLease(redis(), key, 5_000), new RedisLease(redis(), key, 5_000)];
    expect(await a.acquireOrRenew(false)).toBe(true);
    expect(await b.acquireOrRenew(false)).toBe(false);
    expect(await a.acquireOrRenew(true)).toBe(true);
    await b.release(); // not the holder: no effect
    expect(await b.acquireOrRenew(false)).toBe(false);
    await a.release();
    expect(await b.acquireOrRenew(false)).toBe(true);
  });
});
