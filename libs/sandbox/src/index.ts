// @podlab/sandbox: the sandbox use cases over ports (event store, metadata repository, clock, reconcile queue).
// Apps wire the adapters (libs/event-store, libs/sandbox-persistence); see docs/sandboxes.md.
export { SandboxService, DEFAULT_SANDBOX_OPTIONS } from './sandbox.service';
export type {
  ClusterPreparer,
  CreatePreparedSandboxInput,
  CreateSandboxInput,
  HistoryCommand,
  HistoryEvent,
  HistoryPage,
  ReconcileOutcome,
  RunCommandInput,
  RunCommandResult,
  SandboxPorts,
  SandboxServiceOptions,
  SandboxState,
} from './sandbox.service';
export { ClusterComputationError, SandboxError, isSandboxError } from './sandbox.error';
export type { SandboxErrorCode, SandboxErrorDetails } from './sandbox.error';
export type {
  Clock,
  ClockMode,
  ClusterShape,
  IdGenerator,
  ReconcileQueue,
  SandboxEventStore,
  SandboxPage,
  SandboxPatch,
  SandboxRecord,
  SandboxRepository,
  StoredEvent,
  StoredEventMetadata,
  StoredNewEvent,
  StoredSnapshot,
} from './ports';
export { actorString, decodeEvent, encodeEvent, parseStreamId, streamIdOf } from './stream-codec';
export { runCommandLine } from './command-line';
export { ClusterCache } from './cluster.cache';
export { SNAPSHOT_SECTIONS } from './cluster-streams';
export type { SandboxSnapshot } from './cluster-streams';
export { InMemorySandboxRepository } from './in-memory-sandbox.repository';
