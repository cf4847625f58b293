// @podlab/sandbox-persistence: adapters of @podlab/sandbox's ports that need I/O (Prisma, BullMQ). The apps wire
// them with libs/event-store's PostgresEventStore into a SandboxService; see docs/sandboxes.md.
export { PrismaSandboxRepository } from './prisma-sandbox.repository';
export type { SandboxClockMode, SandboxRow, SandboxRowPatch } from './prisma-sandbox.repository';
export {
  BullReconcileQueue,
  DEFAULT_RECONCILE_JOB_OPTIONS,
  RECONCILE_JOB,
  RECONCILE_QUEUE,
  RESYNC_JOB,
  deduplicationId,
  reconcileJobOptions,
} from './bull-reconcile.queue';
export type { ReconcileJobData, ReconcileJobOptions } from './bull-reconcile.queue';
