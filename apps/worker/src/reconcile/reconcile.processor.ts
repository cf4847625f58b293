import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { SandboxRuntime } from '../sandbox/sandbox-runtime';
import { PING_MAX_HOLD_MS, type PingJobData, type PingJobResult } from './reconcile.queue';
import { SandboxJobs, type SandboxJobResult } from './sandbox-jobs';

/**
 * Handles the jobs of the `reconcile` queue: the sandbox jobs (`reconcile`, `resync`; see sandbox-jobs.ts) and the
 * diagnostic `ping`.
 */
@Injectable()
export class ReconcileProcessor {
  private readonly logger = new Logger(ReconcileProcessor.name);
  private readonly workerName = `${hostname()}:${process.pid}`;
  readonly sandboxJobs: SandboxJobs;

  constructor(@Inject(SandboxRuntime) runtime: SandboxRuntime) {
    this.sandboxJobs = new SandboxJobs(runtime.service, runtime.reconcileQueue, {
      warn: (message, context) => this.logger.warn(context ?? {}, message),
      error: (message, context) => this.logger.error(context ?? {}, message),
    });
  }

  async process(job: Job, signal: AbortSignal | undefined): Promise<PingJobResult | SandboxJobResult> {
    if (this.sandboxJobs.handles(job.name)) {
      // One debug line per run, with the wall-clock span: which worker reconciled which sandbox, and when (the
      // scale-out test proves from these that no sandbox is ever reconciled by two workers at once).
      const startedAt = Date.now();
      const result = await this.sandboxJobs.process(job);
      this.logger.debug(
        {
          jobId: job.id,
          job: job.name,
          sandboxId: (job.data as { sandboxId?: unknown } | undefined)?.sandboxId,
          worker: this.workerName,
          startedAt,
          finishedAt: Date.now(),
          result,
        },
        'sandbox job done',
      );
      return result;
    }
    switch (job.name) {
      case 'ping':
        return this.ping(job as Job<PingJobData>, signal);
      default:
        // Retrying cannot help a job this worker does not know.
        throw new UnrecoverableError(`unknown job "${job.name}" on the reconcile queue`);
    }
  }

  private async ping(job: Job<PingJobData>, signal: AbortSignal | undefined): Promise<PingJobResult> {
    const holdMs = Math.min(Math.max(Number(job.data.holdMs) || 0, 0), PING_MAX_HOLD_MS);
    if (holdMs > 0) await delay(holdMs, undefined, signal ? { signal } : {});
    const result: PingJobResult = {
      pong: true,
      jobId: String(job.id),
      note: typeof job.data.note === 'string' ? job.data.note : null,
      worker: this.workerName,
      processedAt: new Date().toISOString(),
    };
    this.logger.log({ jobId: job.id, holdMs }, 'ping job processed');
    return result;
  }
}
