// The platform benchmark's plumbing: the same composition the apps use (PostgresEventStore on a `pg` pool, sandbox
// rows through Prisma, wake-ups through a BullMQ producer of the `reconcile` queue, one SandboxService), a bench
// user to own the sandboxes, worker processes (bench/platform/worker.ts) and latency statistics.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { PostgresEventStore } from '@podlab/event-store';
import { PrismaClient } from '@podlab/prisma-client';
import { SandboxService, type ReconcileQueue, type SandboxServiceOptions } from '@podlab/sandbox';
import { BullReconcileQueue, PrismaSandboxRepository, RECONCILE_QUEUE } from '@podlab/sandbox-persistence';

export const DATABASE_URL =
  process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_bench';
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ROOT = path.join(__dirname, '..', '..');

/** A queue port that rings nothing: set-up traffic that must not reach a worker. */
export const SILENT_QUEUE: ReconcileQueue = {
  requestReconcile: async () => undefined,
  requestReconcileAt: async () => undefined,
};

export interface Platform {
  readonly pool: pg.Pool;
  readonly prisma: PrismaClient;
  readonly queue: Queue;
  readonly reconcileQueue: BullReconcileQueue;
  readonly connection: Redis;
  /** A service as an api process has it: commands ring the worker through the queue. */
  service(options?: Partial<SandboxServiceOptions>, queue?: ReconcileQueue): SandboxService;
  close(): Promise<void>;
}

/** One "process" worth of connections (an api, or an in-process worker), on its own queue prefix. */
export function openPlatform(prefix: string, poolMax = 10): Platform {
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    max: poolMax,
    application_name: 'podlab-bench',
  });
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: DATABASE_URL, max: 4, application_name: 'podlab-bench' }),
  });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(RECONCILE_QUEUE, { connection, prefix });
  const reconcileQueue = new BullReconcileQueue(queue);
  const events = new PostgresEventStore(pool);
  const sandboxes = new PrismaSandboxRepository(prisma, pool);
  return {
    pool,
    prisma,
    queue,
    reconcileQueue,
    connection,
    service: (options = {}, ring: ReconcileQueue = reconcileQueue) =>
      new SandboxService(
        { events, sandboxes, clock: { now: () => Date.now() }, queue: ring, newId: randomUUID },
        options,
      ),
    async close() {
      await queue.close().catch(() => undefined);
      await connection.quit().catch(() => connection.disconnect());
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}

/** The bench's sandbox owner (created once per email). */
export async function benchUser(prisma: PrismaClient, email: string): Promise<string> {
  const user = await prisma.user.upsert({
    where: { email },
    create: { email, passwordHash: 'bench: no login' },
    update: {},
  });
  return user.id;
}

/** Removes a run's BullMQ keys (never anything else in the shared Redis). */
export async function obliterate(queue: Queue): Promise<void> {
  await queue.obliterate({ force: true }).catch(() => undefined);
}

export interface WorkerProcess {
  readonly name: string;
  /** Reconcile runs finished so far (the child reports each). */
  readonly runs: number;
  readonly output: string;
  /** After stop(): queue waits of immediate jobs and run times (ms), as BullMQ timed them. */
  readonly stats: WorkerStats;
  stop(): Promise<void>;
}

export interface WorkerStats {
  readonly waits: number[];
  readonly runs: number[];
}

/**
 * Starts bench/platform/worker.ts in a child process (its own event loop and connections, like apps/worker) and
 * resolves once it consumes the queue.
 */
export async function startWorkerProcess(
  name: string,
  env: { prefix: string; concurrency: number; cacheSize?: number },
): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      '--tsconfig',
      path.join(ROOT, 'bench/tsconfig.json'),
      path.join(__dirname, 'worker.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_DATABASE_URL: DATABASE_URL,
        REDIS_URL,
        BENCH_QUEUE_PREFIX: env.prefix,
        BENCH_WORKER_CONCURRENCY: String(env.concurrency),
        ...(env.cacheSize !== undefined ? { BENCH_CACHE_SIZE: String(env.cacheSize) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let runs = 0;
  let stats: WorkerStats = { waits: [], runs: [] };
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve();
        else if (line.startsWith('run ')) runs += Number(line.slice(4)) || 0;
        else if (line.startsWith('stats ')) stats = JSON.parse(line.slice(6)) as WorkerStats;
        else output += `${line}\n`;
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      reject(new Error(`worker ${name} exited (${code}) before it was ready:\n${output}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  await ready;
  return {
    name,
    get runs() {
      return runs;
    },
    get output() {
      return output;
    },
    get stats() {
      return stats;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', kill);
    },
  };
}

/** The value below which `q` of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function describeLatencies(samples: readonly number[]): string {
  const f = (q: number) => percentile(samples, q).toFixed(1);
  return `n=${samples.length} p50=${f(0.5)} p90=${f(0.9)} p99=${f(0.99)} max=${f(1)} ms`;
}

/** A deterministic PRNG (mulberry32), so two runs pick the same "random" points. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns true, at most `timeoutMs`. */
export async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
