// @podlab/event-store: the one source of truth. Postgres for the platform, an in-memory twin for tests.
export type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventData,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  LoadSnapshotOptions,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
  SnapshotInput,
} from './event-store';
export { checkpointAfter } from './event-store';
export { WrongExpectedVersionError, isWrongExpectedVersionError } from './wrong-expected-version.error';
export { retryOnConflict } from './retry-on-conflict';
export type { RetryOnConflictOptions } from './retry-on-conflict';
export { canonicalJson } from './canonical-json';
export {
  SnapshotSection,
  decodeSnapshotState,
  encodeSnapshotState,
  snapshotBytesChecksum,
} from './snapshot-codec';
export { InMemoryEventStore } from './in-memory-event-store';
export type { InMemoryEventStoreOptions } from './in-memory-event-store';
export { PostgresEventStore } from './postgres-event-store';
export type { PostgresEventStoreOptions, PostgresExecutor } from './postgres-event-store';
