// The `reconcile` queue's contract and the BullMQ adapter of @podlab/sandbox's ReconcileQueue port (structurally).
// A job carries the sandbox id only: the worker re-reads everything (level-triggered). Deduplication by sandbox id
// keeps at most one waiting/delayed job and one follow-up of an active job per sandbox, so two runs for one sandbox
// never overlap and a burst of triggers collapses into at most two runs.
import type { JobsOptions, Queue } from 'bullmq';

export const RECONCILE_QUEUE = 'reconcile';
/** Reconcile one sandbox: `{ sandboxId }`. */
export const RECONCILE_JOB = 'reconcile';
/** The periodic resync: re-enqueue every active LIVE sandbox with a pending timer. */
export const RESYNC_JOB = 'resync';

export interface ReconcileJobData {
  readonly sandboxId: string;
}

export interface ReconcileJobOptions {
  /** Attempts per run, the first included; after the last one the sandbox is marked degraded. */
  readonly attempts: number;
  readonly backoffMs: number;
}

export const DEFAULT_RECONCILE_JOB_OPTIONS: ReconcileJobOptions = { attempts: 3, backoffMs: 250 };

export function deduplicationId(sandboxId: string): string {
  return `sandbox:${sandboxId}`;
}

/** Job options for a reconcile of `sandboxId` after `delayMs` (0: now). */
export function reconcileJobOptions(
  sandboxId: string,
  delayMs: number,
  options: ReconcileJobOptions = DEFAULT_RECONCILE_JOB_OPTIONS,
): JobsOptions {
  return {
    // replace: a newer request supersedes a delayed wake-up (an immediate one, or a wake-up recomputed later);
    // keepLastIfActive: a request while a run is active becomes one follow-up run after it, never a parallel one.
    deduplication: { id: deduplicationId(sandboxId), replace: true, keepLastIfActive: true },
    ...(delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}),
    attempts: options.attempts,
    backoff: { type: 'exponential', delay: options.backoffMs },
    removeOnComplete: true,
    removeOnFail: { count: 1000 },
  };
}

export class BullReconcileQueue {
  constructor(
    private readonly queue: Queue,
    private readonly now: () => number = Date.now,
    private readonly options: ReconcileJobOptions = DEFAULT_RECONCILE_JOB_OPTIONS,
  ) {}

  async requestReconcile(sandboxId: string): Promise<void> {
    await this.queue.add(RECONCILE_JOB, { sandboxId }, reconcileJobOptions(sandboxId, 0, this.options));
  }

  async requestReconcileAt(sandboxId: string, at: number): Promise<void> {
    const delay = Math.max(0, at - this.now());
    await this.queue.add(RECONCILE_JOB, { sandboxId }, reconcileJobOptions(sandboxId, delay, this.options));
  }
}
