// The sandbox jobs of the `reconcile` queue, framework-free (ReconcileProcessor delegates here; integration tests
// drive it with a real BullMQ worker): `reconcile` (one sandbox, level-triggered: the job carries only its id) and
// the periodic `resync`.
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import type { ReconcileOutcome, SandboxService } from '@podlab/sandbox';
import {
  type BullReconcileQueue,
  RECONCILE_JOB,
  RESYNC_JOB,
  type ReconcileJobData,
} from '@podlab/sandbox-persistence';

export interface ResyncJobResult {
  /** Sandboxes whose wake-up was re-enqueued. */
  resynced: number;
}

export type SandboxJobResult = ReconcileOutcome | ResyncJobResult;

export interface SandboxJobsLog {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export class SandboxJobs {
  constructor(
    private readonly service: SandboxService,
    private readonly queue: Pick<BullReconcileQueue, 'requestReconcile' | 'requestReconcileAt'>,
    private readonly log: SandboxJobsLog,
  ) {}

  handles(name: string): boolean {
    return name === RECONCILE_JOB || name === RESYNC_JOB;
  }

  async process(job: Job): Promise<SandboxJobResult> {
    if (job.name === RESYNC_JOB) return { resynced: await this.service.resync() };
    const sandboxId = (job.data as Partial<ReconcileJobData> | undefined)?.sandboxId;
    if (typeof sandboxId !== 'string') throw new UnrecoverableError('reconcile job without a sandboxId');
    return this.service.reconcileSandbox(sandboxId);
  }

  /**
   * After a run has finished (its deduplication key released): requeue at once when the stream moved while it
   * worked, else schedule the wake-up at the next timer. A crash before this point loses only the wake-up, which
   * the periodic resync restores.
   */
  async afterRun(job: Job, result: unknown): Promise<void> {
    if (job.name !== RECONCILE_JOB) return;
    const outcome = result as ReconcileOutcome | undefined;
    if (outcome?.status !== 'reconciled') return;
    const { sandboxId } = job.data as ReconcileJobData;
    if (outcome.requeue) await this.queue.requestReconcile(sandboxId);
    else if (outcome.nextTimerAt !== null)
      await this.queue.requestReconcileAt(sandboxId, outcome.nextTimerAt);
  }

  /**
   * A run whose cluster computation failed its last attempt marks the sandbox degraded: the worker skips it, the
   * others go on. Infrastructure failures (database down) degrade nothing: the resync retries those later.
   */
  async afterFailure(job: Job, error: Error): Promise<void> {
    if (job.name !== RECONCILE_JOB) return;
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade < attempts) return;
    if (error.name !== 'ClusterComputationError') return;
    const sandboxId = (job.data as Partial<ReconcileJobData> | undefined)?.sandboxId;
    if (typeof sandboxId !== 'string') return;
    await this.service.markDegraded(sandboxId, `${error.name}: ${error.message}`);
    this.log.error(`sandbox degraded after ${attempts} failed reconciles: ${error.message}`, {
      sandboxId,
      attempts,
    });
  }

  /** Schedules follow-ups from the worker's events: after completion, BullMQ's deduplication no longer holds them. */
  attach(worker: Worker): void {
    worker.on('completed', (job, result) => {
      this.afterRun(job, result).catch((e: unknown) =>
        this.log.warn(`scheduling the next run: ${(e as Error).message}`, { jobId: job.id }),
      );
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      this.afterFailure(job, error).catch((e: unknown) =>
        this.log.warn(`after a failed run: ${(e as Error).message}`, { jobId: job.id }),
      );
    });
  }
}
