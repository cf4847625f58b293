import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import {
  REDIS_URL,
  type RunningProcess,
  ensureTestDatabase,
  freePort,
  startApp,
  waitFor,
  waitForHealth,
} from './support/apps';

// The wire contract of the worker's queue, as any producer sees it.
const RECONCILE_QUEUE = 'reconcile';
const SHUTDOWN_TIMEOUT_MS = 1_600;

describe('the built api and worker against real Postgres and Redis', () => {
  const prefix = `podlab-e2e-${randomUUID().slice(0, 8)}`;
  let api: RunningProcess;
  let worker: RunningProcess;
  let baseUrl: string;
  let connection: Redis;
  let eventsConnection: Redis;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    ensureTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    api = startApp('api', { PORT: String(port) });
    worker = startApp('worker', {
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: '2',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    eventsConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(RECONCILE_QUEUE, { connection, prefix });
    events = new QueueEvents(RECONCILE_QUEUE, { connection: eventsConnection, prefix });
    await Promise.all([
      waitForHealth(baseUrl, api),
      worker.waitForLog('ready', (l) => l.msg?.startsWith('reconcile worker ready') ?? false),
      events.waitUntilReady(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop('SIGKILL'), worker?.stop('SIGKILL')]);
    await queue?.obliterate({ force: true });
    await Promise.all([queue?.close(), events?.close()]);
    await Promise.all([connection?.quit(), eventsConnection?.quit()]);
  });

  it('GET /health reports Postgres and Redis up', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; details: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.details['postgres']?.status).toBe('up');
    expect(body.details['redis']?.status).toBe('up');
  });

  it('answers the health query over /graphql', async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status checkedAt dependencies { name status message } } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: { health: { status: string; checkedAt: string; dependencies: unknown[] } };
    };
    expect(body.data.health.status).toBe('OK');
    expect(Number.isNaN(Date.parse(body.data.health.checkedAt))).toBe(false);
    expect(body.data.health.dependencies).toEqual(
      expect.arrayContaining([
        { name: 'postgres', status: 'UP', message: null },
        { name: 'redis', status: 'UP', message: null },
      ]),
    );
  });

  it('processes a ping job from the reconcile queue and returns its result', async () => {
    const job = await queue.add('ping', { note: 'hello from e2e' });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toMatchObject({ pong: true, jobId: job.id, note: 'hello from e2e' });
    // The result comes back through Redis, possibly before the worker's log line reaches this process.
    await worker.waitForLog('the ping', (l) => l.msg === 'ping job processed' && l['jobId'] === job.id);
  });

  it('fails a job it does not know at once, without retries', async () => {
    const job = await queue.add('no-such-job', {}, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow('unknown job "no-such-job"');
    expect((await Job.fromId(queue, job.id!))?.attemptsMade).toBe(1);
  });

  it('on SIGTERM the worker finishes its active job, returns the one still running after the timeout, and exits 0', async () => {
    const short = await queue.add('ping', { holdMs: 800 });
    const long = await queue.add('ping', { holdMs: 60_000 });
    await waitFor('both jobs to be active', async () =>
      (await short.getState()) === 'active' && (await long.getState()) === 'active' ? true : undefined,
    );

    const sigtermAt = Date.now();
    const exit = worker.stop('SIGTERM');
    await expect(short.waitUntilFinished(events, 10_000)).resolves.toMatchObject({ pong: true });
    expect(await exit).toEqual({ code: 0, signal: null });

    const finished = await Job.fromId(queue, short.id!);
    expect(finished?.finishedOn).toBeGreaterThanOrEqual(sigtermAt); // it was in flight when SIGTERM came
    expect(await long.getState()).toBe('waiting'); // returned for another worker, not failed or lost
    expect(Date.now() - sigtermAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 5_000);
    const messages = worker.logs().map((l) => l.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        'received SIGTERM: no new jobs; waiting for the active ones',
        'job returned to the queue at shutdown',
        'reconcile worker closed',
        'worker stopped',
      ]),
    );
  });

  it('on SIGTERM the api closes its server and connections and exits 0', async () => {
    expect(await api.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(api.logs().map((l) => l.msg)).toContain('api stopped');
  });
});
