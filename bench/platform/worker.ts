// A reconcile worker process for the platform benchmark: what apps/worker runs (a BullMQ Worker on the `reconcile`
// queue calling SandboxService.reconcileSandbox, then scheduling the follow-up: a requeue when the stream moved, else
// a delayed wake-up at the next timer) without NestJS, so the benchmark needs no fresh `npm run build` and measures
// the code in the working tree. (Apps may not be imported from elsewhere, so these lines mirror
// apps/worker/src/reconcile/sandbox-jobs.ts; degraded-marking is left out: the benchmark has no poison events.)
// Prints `ready` once consuming, and `run <n>` lines as reconcile runs finish.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ReconcileOutcome } from '@podlab/sandbox';
import { RECONCILE_JOB, RECONCILE_QUEUE, type ReconcileJobData } from '@podlab/sandbox-persistence';
import { REDIS_URL, openPlatform } from './harness';

const prefix = process.env['BENCH_QUEUE_PREFIX'] ?? 'podlab-bench';
const concurrency = Number(process.env['BENCH_WORKER_CONCURRENCY'] ?? 4);
const cacheSize = process.env['BENCH_CACHE_SIZE'];

async function main(): Promise<void> {
  const platform = openPlatform(prefix, concurrency + 2);
  const service = platform.service(cacheSize !== undefined ? { cacheSize: Number(cacheSize) } : {});
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let finished = 0;
  // Where a run's time goes: waiting in the queue (immediate jobs only: added → taken) and running (taken → done).
  const waits: number[] = [];
  const runs: number[] = [];
  const worker = new Worker(
    RECONCILE_QUEUE,
    async (job) => {
      if (job.name !== RECONCILE_JOB) return null;
      return service.reconcileSandbox((job.data as ReconcileJobData).sandboxId);
    },
    { connection, prefix, concurrency, autorun: false },
  );
  worker.on('completed', (job, result) => {
    finished++;
    if (job.processedOn !== undefined && job.finishedOn !== undefined) {
      if (!job.opts.delay) waits.push(job.processedOn - job.timestamp);
      runs.push(job.finishedOn - job.processedOn);
    }
    const outcome = result as ReconcileOutcome | null;
    if (job.name !== RECONCILE_JOB || outcome?.status !== 'reconciled') return;
    const { sandboxId } = job.data as ReconcileJobData;
    const next = outcome.requeue
      ? platform.reconcileQueue.requestReconcile(sandboxId)
      : outcome.nextTimerAt !== null
        ? platform.reconcileQueue.requestReconcileAt(sandboxId, outcome.nextTimerAt)
        : undefined;
    next?.catch((error: unknown) => process.stderr.write(`follow-up: ${(error as Error).message}\n`));
  });
  worker.on('failed', (job, error) => process.stderr.write(`job ${job?.id} failed: ${error.message}\n`));
  worker.on('error', (error) => process.stderr.write(`worker: ${error.message}\n`));
  const report = setInterval(() => {
    if (finished === 0) return;
    process.stdout.write(`run ${finished}\n`);
    finished = 0;
  }, 200);
  await worker.waitUntilReady();
  void worker.run();
  process.stdout.write('ready\n');
  const stop = async () => {
    clearInterval(report);
    await worker.close();
    if (finished > 0) process.stdout.write(`run ${finished}\n`);
    process.stdout.write(`stats ${JSON.stringify({ waits, runs })}\n`);
    await connection.quit().catch(() => undefined);
    await platform.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
