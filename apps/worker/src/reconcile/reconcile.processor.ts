import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { PING_MAX_HOLD_MS, type PingJobData, type PingJobResult } from './reconcile.queue';

/** Handles the jobs of the `reconcile` queue. Only `ping` exists until the reconcilers arrive. */
@Injectable()
export class ReconcileProcessor {
  private readonly logger = new Logger(ReconcileProcessor.name);
  private readonly workerName = `${hostname()}:${process.pid}`;

  async process(job: Job, signal: AbortSignal | undefined): Promise<PingJobResult> {
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
