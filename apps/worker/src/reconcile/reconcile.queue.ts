// The contract of the `reconcile` queue, shared by whoever enqueues (api, tests) and the worker. The sandbox jobs'
// contract (`reconcile` with { sandboxId }, `resync`, deduplication options) lives in @podlab/sandbox-persistence.
export { RECONCILE_QUEUE } from '@podlab/sandbox-persistence';

/** Diagnostic job: proves a worker picked the job up; `holdMs` keeps it in flight (shutdown drills). */
export interface PingJobData {
  note?: string;
  holdMs?: number;
}

export interface PingJobResult {
  pong: true;
  jobId: string;
  note: string | null;
  worker: string;
  processedAt: string;
}

export const PING_MAX_HOLD_MS = 60_000;
