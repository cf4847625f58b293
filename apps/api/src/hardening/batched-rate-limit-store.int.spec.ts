// The batched rate-limit store against a real Redis: exact near the limit, nothing lost, converging across processes
// within a flush, windows expiring, Redis errors reported (the plugin then lets the request pass: skipOnError).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { BatchedRedisRateLimitStore } from './batched-rate-limit-store';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const FLUSH_MS = 40;

describe('BatchedRedisRateLimitStore (real Redis)', () => {
  const connections: Redis[] = [];
  let prefix: string;

  function connect(url = REDIS_URL): Redis {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', () => undefined);
    connections.push(redis);
    return redis;
  }

  async function ready(redis: Redis): Promise<Redis> {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    return redis;
  }

  function incr(store: BatchedRedisRateLimitStore, key: string, max: number, timeWindow = 60_000) {
    return new Promise<{ current: number; ttl: number }>((resolve, reject) =>
      store.incr(
        key,
        (error, result) => (error || !result ? reject(error) : resolve(result)),
        timeWindow,
        max,
      ),
    );
  }

  beforeEach(() => {
    prefix = `podlab-test:rate-limit:${randomUUID()}:`;
  });

  afterAll(async () => {
    const cleanup = await ready(connect());
    const keys = await cleanup.keys('podlab-test:rate-limit:*');
    if (keys.length) await cleanup.del(...keys);
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
  });

  it('counts one process exactly and refuses past the limit; Redis gets every request', async () => {
    const redis = await ready(connect());
    const store = new BatchedRedisRateLimitStore(redis, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    const counts: number[] = [];
    for (let i = 0; i < 12; i++) counts.push((await incr(store, 'user:a', 10)).current);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(counts.filter((c) => c > 10)).toHaveLength(2);
    await store.flush();
    expect(await redis.get(`${prefix}user:a`)).toBe('12');
    const ttl = await redis.pttl(`${prefix}user:a`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('keeps callers apart and sends counted requests to Redis within a flush, without being asked', async () => {
    const redis = await ready(connect());
    const store = new BatchedRedisRateLimitStore(redis, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    for (let i = 0; i < 30; i++) await incr(store, 'user:a', 1000);
    for (let i = 0; i < 5; i++) await incr(store, 'user:b', 1000);
    // Only the first request of each went to Redis at once; the rest arrive with the next flush.
    expect(await redis.get(`${prefix}user:a`)).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, FLUSH_MS * 4));
    expect(await redis.get(`${prefix}user:a`)).toBe('30');
    expect(await redis.get(`${prefix}user:b`)).toBe('5');
  });

  it('several processes lose no request, and refuse a caller past the limit once their counts are two flushes old', async () => {
    const [a, b] = [await ready(connect()), await ready(connect())];
    const first = new BatchedRedisRateLimitStore(a, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    const second = new BatchedRedisRateLimitStore(b, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    const flood = await Promise.all(
      Array.from({ length: 150 }, (_, i) => incr(i % 2 === 0 ? first : second, 'user:c', 100)),
    );
    // Batching never refuses a caller below the limit: at least 100 of the 150 pass (more may, while each
    // process' view of the count lags the others': the documented price of batching across processes).
    expect(flood.filter((r) => r.current <= 100).length).toBeGreaterThanOrEqual(100);
    await new Promise((resolve) => setTimeout(resolve, FLUSH_MS * 4));
    expect(await a.get(`${prefix}user:c`)).toBe('150');
    // Their views are now older than two flushes: the next request on each goes to Redis and is refused; every
    // one after it too (at the limit, counting is exact).
    const after: number[] = [];
    for (let i = 0; i < 10; i++)
      after.push((await incr(i % 2 === 0 ? first : second, 'user:c', 100)).current);
    expect(after).toEqual([151, 152, 153, 154, 155, 156, 157, 158, 159, 160]);
  });

  it('a process near the limit counts exactly, on top of what the others sent', async () => {
    const [a, b] = [await ready(connect()), await ready(connect())];
    const first = new BatchedRedisRateLimitStore(a, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    const second = new BatchedRedisRateLimitStore(b, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    for (let i = 0; i < 79; i++) await incr(first, 'user:f', 100);
    await first.flush();
    // The second process has never seen this caller: its first request goes to Redis and learns all 79.
    expect((await incr(second, 'user:f', 100)).current).toBe(80);
    const near: number[] = [];
    for (let i = 0; i < 22; i++) near.push((await incr(second, 'user:f', 100)).current);
    expect(near).toEqual(Array.from({ length: 22 }, (_, i) => 81 + i));
    expect(await a.get(`${prefix}user:f`)).toBe('102');
  });

  it('starts a new window when the old one expires', async () => {
    const redis = await ready(connect());
    const store = new BatchedRedisRateLimitStore(redis, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    for (let i = 0; i < 5; i++) await incr(store, 'user:d', 100, 300);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const fresh = await incr(store, 'user:d', 100, 300);
    expect(fresh.current).toBe(1);
    expect(fresh.ttl).toBeLessThanOrEqual(300);
  });

  it('reports a Redis it cannot reach as an error (the plugin lets the request pass)', async () => {
    const down = connect('redis://127.0.0.1:1');
    const store = new BatchedRedisRateLimitStore(down, prefix, { flushMs: FLUSH_MS, exactShare: 0.2 });
    await expect(incr(store, 'user:e', 10)).rejects.toThrow();
  });
});
