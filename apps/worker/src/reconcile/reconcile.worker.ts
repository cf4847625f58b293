import { setTimeout as delay } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Job, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type AppConfig } from '@podlab/config';
import { APP_CONFIG } from '../config/app-config.module';
import { RESYNC_JOB } from '@podlab/sandbox-persistence';
import { SandboxRuntime } from '../sandbox/sandbox-runtime';
import { ReconcileProcessor } from './reconcile.processor';
import { RECONCILE_QUEUE } from './reconcile.queue';

const SHUTDOWN_REASON = 'worker shutting down';

/**
 * Runs the BullMQ worker of the `reconcile` queue. On shutdown it stops taking jobs and lets the active ones
 * finish; those still running after SHUTDOWN_TIMEOUT_MS are aborted and put back in the queue for another worker.
 */
@Injectable()
export class ReconcileWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconcileWorker.name);
  private readonly connection: Redis;
  private worker: Worker | undefined;
  private schedulerWatch: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ReconcileProcessor) private readonly processor: ReconcileProcessor,
    @Inject(SandboxRuntime) private readonly sandboxes: SandboxRuntime,
  ) {
    // BullMQ's blocking commands need an unlimited retry count on the connection they share.
    this.connection = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: null,
      connectionName: 'podlab-worker',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const worker = new Worker(RECONCILE_QUEUE, (job, token, signal) => this.run(job, token, signal), {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.WORKER_CONCURRENCY,
      // A worker killed mid-job holds its job's lock until it expires; then the stalled-job check (same period)
      // hands the job to another worker. Shorter in tests (WORKER_LOCK_DURATION_MS) so a crash drill is quick.
      lockDuration: this.config.WORKER_LOCK_DURATION_MS,
      stalledInterval: this.config.WORKER_LOCK_DURATION_MS,
      autorun: false,
    });
    worker.on('error', (error) => this.logger.warn(`reconcile worker: ${error.message}`));
    worker.on('failed', (job, error) => this.logger.warn({ jobId: job?.id, name: job?.name }, error.message));
    // Wake-ups, requeues and degradation: scheduled from the worker's completed/failed events.
    this.processor.sandboxJobs.attach(worker);
    this.worker = worker;
    // The periodic resync (one scheduler per queue, however many workers upsert it): a lost Redis loses nothing.
    await this.ensureResyncScheduler();
    // The scheduler itself lives in Redis: a Redis restarted without persistence, or FLUSHALL, loses it too. Each
    // worker checks on its own timer (not a Redis one) and puts it back, so the resync survives losing Redis.
    // One check at a time: while Redis is down a check waits for the reconnect, and must not pile up behind it.
    let checking = false;
    this.schedulerWatch = setInterval(() => {
      if (checking) return;
      checking = true;
      this.ensureResyncScheduler(true)
        .catch((error: unknown) =>
          this.logger.warn(`checking the resync scheduler: ${(error as Error).message}`),
        )
        .finally(() => (checking = false));
    }, this.config.RESYNC_EVERY_MS);
    this.schedulerWatch.unref();
    await worker.waitUntilReady();
    void worker.run().catch((error: unknown) => this.logger.error(error, 'reconcile worker stopped'));
    this.logger.log(
      `reconcile worker ready on queue ${this.config.QUEUE_PREFIX}:${RECONCILE_QUEUE} (concurrency ${this.config.WORKER_CONCURRENCY})`,
    );
  }

  /** Upserts the resync job scheduler; with `onlyIfMissing`, only when Redis no longer has it. */
  private async ensureResyncScheduler(onlyIfMissing = false): Promise<void> {
    const queue = this.sandboxes.queue;
    if (onlyIfMissing && (await queue.getJobScheduler(RESYNC_JOB))) return;
    await queue.upsertJobScheduler(
      RESYNC_JOB,
      { every: this.config.RESYNC_EVERY_MS },
      { name: RESYNC_JOB, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
    if (onlyIfMissing) this.logger.warn('the resync job scheduler was missing from Redis: re-created it');
  }

  private async run(job: Job, token: string | undefined, signal: AbortSignal | undefined) {
    try {
      return await this.processor.process(job, signal);
    } catch (error) {
      if (signal?.aborted && signal.reason === SHUTDOWN_REASON) {
        await job.moveToWait(token);
        this.logger.warn({ jobId: job.id, name: job.name }, 'job returned to the queue at shutdown');
        throw new WaitingError();
      }
      throw error;
    }
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.schedulerWatch) clearInterval(this.schedulerWatch);
    const worker = this.worker;
    if (worker) {
      this.logger.log(`received ${signal ?? 'shutdown'}: no new jobs; waiting for the active ones`);
      const closed = worker.close();
      const timer = new AbortController();
      const timedOut = await Promise.race([
        closed.then(() => false),
        delay(this.config.SHUTDOWN_TIMEOUT_MS, true, { signal: timer.signal }),
      ]);
      timer.abort();
      if (timedOut) {
        this.logger.warn(
          `jobs still active after ${this.config.SHUTDOWN_TIMEOUT_MS} ms: returning them to the queue`,
        );
        worker.cancelAllJobs(SHUTDOWN_REASON);
        await closed;
      }
      this.logger.log('reconcile worker closed');
    }
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
