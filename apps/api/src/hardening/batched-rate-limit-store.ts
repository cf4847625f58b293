// A store for @fastify/rate-limit that keeps each caller's count in Redis, shared by every api process, without a
// Redis round trip per request. @fastify/rate-limit's own Redis store runs a script per request: for a page polling
// the api that round trip was the largest single cost of a request (M7: ~20% of the api's CPU, ioredis' writes and
// parsing included).
//
// Far below the limit, a process counts a request locally and adds what it counted to Redis with one INCRBY per key
// at most every `flushMs`; each answer tells it the count of all processes. A request goes to Redis at once, and is
// counted exactly, when the count this process knows (Redis' last answer plus what it counted since) is within
// `exactShare` of the limit, when that answer is older than two flushes, and at the start of a window. So one process
// refuses a caller exactly at the limit, as before; with several, a caller can get past the limit by what the other
// processes admitted in the last two flushes (100 ms by default) while its count still looked below max × 0.8.
// A window (fixed, from its first request, like the Redis store's) is the Redis key's expiry; counts a process still
// holds when its window ends are dropped with it.
import { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { type Redis } from 'ioredis';

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];

export interface BatchedRateLimitOptions {
  /** How often counted requests are added to Redis (ms). */
  readonly flushMs: number;
  /** Requests counted exactly before the limit: max(1, ceil(max × this)). */
  readonly exactShare: number;
}

export const DEFAULT_BATCHING: BatchedRateLimitOptions = { flushMs: 50, exactShare: 0.2 };

// INCRBY the key, starting its window when it has none; answers the count and the window's remaining ms.
const ADD = `
  local current = redis.call('INCRBY', KEYS[1], ARGV[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  return {current, ttl}
`;

interface Window {
  /** Redis' count at its last answer, plus what this process counted since. */
  known: number;
  /** Counted here, not yet sent to Redis. */
  pending: number;
  /** When the window ends (this process' clock). */
  endsAt: number;
  /** When Redis last answered for it (this process' clock). */
  learnedAt: number;
  timeWindow: number;
}

type AddCommand = (
  key: string,
  amount: number,
  timeWindow: number,
  callback: (error: Error | null, result: [number, number]) => void,
) => void;

interface Shared {
  readonly windows: Map<string, Window>;
  timer: NodeJS.Timeout | undefined;
}

export class BatchedRedisRateLimitStore implements FastifyRateLimitStore {
  private readonly shared: Shared;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: BatchedRateLimitOptions = DEFAULT_BATCHING,
    private readonly now: () => number = Date.now,
    shared?: Shared,
  ) {
    this.shared = shared ?? { windows: new Map(), timer: undefined };
    if (!(redis as unknown as { podlabRateLimitAdd?: unknown }).podlabRateLimitAdd)
      redis.defineCommand('podlabRateLimitAdd', { numberOfKeys: 1, lua: ADD });
  }

  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void {
    const fullKey = this.prefix + key;
    const now = this.now();
    const windows = this.shared.windows;
    let window = windows.get(fullKey);
    if (window && now >= window.endsAt) {
      windows.delete(fullKey);
      window = undefined;
    }
    const exactFrom = max - Math.max(1, Math.ceil(max * this.options.exactShare));
    if (!window || window.known + 1 > exactFrom || now - window.learnedAt > 2 * this.options.flushMs) {
      const amount = (window?.pending ?? 0) + 1;
      if (window) window.pending = 0;
      this.add(fullKey, amount, timeWindow, (error, result) => {
        if (error || !result) return callback(error ?? new Error('no answer from Redis'));
        const [current, ttl] = result;
        this.learn(fullKey, current, ttl, timeWindow);
        callback(null, { current, ttl });
      });
      return;
    }
    window.known++;
    window.pending++;
    this.scheduleFlush();
    callback(null, { current: window.known, ttl: Math.max(0, window.endsAt - now) });
  }

  /** A store for a route with a limit of its own (keys apart from the global ones, as the Redis store does). */
  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    const { method = '', url = '' } =
      (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo ?? {};
    return new BatchedRedisRateLimitStore(
      this.redis,
      `${this.prefix}${method}${url}-`,
      this.options,
      this.now,
      this.shared,
    );
  }

  /** Sends every count held here now (tests; shutdown). */
  flush(): Promise<void> {
    clearTimeout(this.shared.timer);
    this.shared.timer = undefined;
    const now = this.now();
    const sends: Promise<void>[] = [];
    for (const [key, window] of this.shared.windows) {
      if (now >= window.endsAt) {
        this.shared.windows.delete(key);
        continue;
      }
      if (window.pending === 0) continue;
      const amount = window.pending;
      window.pending = 0;
      sends.push(
        new Promise((resolve) =>
          this.add(key, amount, window.timeWindow, (error, result) => {
            // Redis down: these counts are lost, as every count is while it is down (skipOnError).
            if (!error && result) this.learn(key, result[0], result[1], window.timeWindow);
            resolve();
          }),
        ),
      );
    }
    return Promise.all(sends).then(() => undefined);
  }

  private add(key: string, amount: number, timeWindow: number, callback: Parameters<AddCommand>[3]): void {
    (this.redis as unknown as { podlabRateLimitAdd: AddCommand }).podlabRateLimitAdd(
      key,
      amount,
      timeWindow,
      callback,
    );
  }

  /** Redis answered `current` for a key: what this process counted meanwhile comes on top. */
  private learn(key: string, current: number, ttl: number, timeWindow: number): void {
    const now = this.now();
    const window = this.shared.windows.get(key);
    if (window) {
      window.known = Math.max(window.known, current + window.pending);
      window.endsAt = now + ttl;
      window.learnedAt = now;
    } else {
      this.shared.windows.set(key, {
        known: current,
        pending: 0,
        endsAt: now + ttl,
        learnedAt: now,
        timeWindow,
      });
    }
  }

  private scheduleFlush(): void {
    if (this.shared.timer) return;
    this.shared.timer = setTimeout(() => void this.flush(), this.options.flushMs);
    this.shared.timer.unref();
  }
}

/** @fastify/rate-limit constructs its store itself (`new store(params)`); a constructor may hand back an object. */
export function useStore(store: FastifyRateLimitStore): FastifyRateLimitStoreCtor {
  return function UseStore() {
    return store;
  } as unknown as FastifyRateLimitStoreCtor;
}
