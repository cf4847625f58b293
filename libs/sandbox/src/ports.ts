// The ports the sandbox use cases talk to. Adapters live elsewhere (libs/event-store's PostgresEventStore and
// InMemoryEventStore satisfy SandboxEventStore structurally; libs/sandbox-persistence has the Prisma repository and
// the BullMQ queue), so this library stays free of frameworks and I/O.

/** Who did it, why, and which request it belongs to (libs/event-store's EventMetadata). */
export interface StoredEventMetadata {
  readonly actor?: string;
  readonly cause?: string;
  readonly correlation?: string;
}

export interface StoredNewEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: StoredEventMetadata;
}

export interface StoredEvent {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: StoredEventMetadata;
  readonly recordedAt: Date;
}

/** What a fold needs of a stored event. */
export type StoredEventData = Pick<StoredEvent, 'version' | 'type' | 'data'>;

export interface StoredSnapshot<TState> {
  readonly streamId: string;
  readonly version: number;
  readonly schemaVersion: number;
  readonly state: TState;
}

/**
 * The part of libs/event-store's EventStore the use cases need. Append throws an error whose `code` is
 * `WRONG_EXPECTED_VERSION` on a conflict; with an idempotency key already used on the stream it appends nothing and
 * returns the first append's result.
 */
export interface SandboxEventStore {
  append(
    streamId: string,
    expectedVersion: number | 'no-stream' | 'any',
    events: readonly StoredNewEvent[],
    options?: { readonly idempotencyKey?: string },
  ): Promise<{ readonly streamVersion: number; readonly globalPositions: readonly string[] }>;
  readStream(
    streamId: string,
    options?: { readonly fromVersion?: number; readonly toVersion?: number; readonly limit?: number },
  ): Promise<StoredEvent[]>;
  /**
   * readStream with only version, type and data, what a fold needs (libs/event-store's readStreamData): cheaper to
   * read and parse. Optional: the use cases fall back to readStream.
   */
  readStreamData?(
    streamId: string,
    options?: { readonly fromVersion?: number; readonly toVersion?: number; readonly limit?: number },
  ): Promise<StoredEventData[]>;
  streamVersion(streamId: string): Promise<number>;
  /** Every snapshot is kept (one per N events); `time` is the state's simulated now. */
  saveSnapshot<TState>(
    streamId: string,
    snapshot: {
      readonly version: number;
      readonly schemaVersion: number;
      readonly state: TState;
      readonly time?: number;
      /** Members of the state stored apart, decoded only when read (libs/event-store's SnapshotInput). */
      readonly sections?: readonly string[];
    },
  ): Promise<void>;
  /** The newest verified snapshot within the bounds (none: the newest of all); null when there is none. */
  loadSnapshot<TState>(
    streamId: string,
    schemaVersion: number,
    bounds?: {
      readonly maxVersion?: number;
      readonly maxTime?: number;
      /** Older schema versions also served (the newest of all within the bounds; libs/event-store). */
      readonly olderSchemas?: readonly number[];
    },
  ): Promise<StoredSnapshot<TState> | null>;
}

export type ClockMode = 'LIVE' | 'STEPPED';

/** The shape of a new cluster: worker nodes and whether a (tainted) control-plane node exists. */
export interface ClusterShape {
  readonly workers: number;
  readonly controlPlane: boolean;
}

/** A sandbox's metadata: everything about it that is not its cluster (that is the event stream). */
export interface SandboxRecord {
  readonly id: string;
  readonly ownerId: string;
  readonly title: string;
  readonly exerciseId: string | null;
  readonly clockMode: ClockMode;
  readonly seed: number;
  readonly shape: ClusterShape;
  /** Bumped by resetSandbox: the cluster lives in the stream of the current generation (see streamIdOf). */
  readonly generation: number;
  readonly parentSandboxId: string | null;
  readonly forkVersion: number | null;
  readonly createdAt: Date;
  readonly deletedAt: Date | null;
  /** Set when the worker gave up reconciling it (bounded retries); the worker skips it until a reset. */
  readonly degradedAt: Date | null;
  readonly degradedReason: string | null;
  /**
   * When a LIVE sandbox's controllers are next due (ms since the epoch), for the periodic resync: the worker's
   * nextTimerAt after each run, or the instant of a command that still has to be reconciled.
   */
  readonly nextTimerAt: number | null;
  /** The last command or fault on a LIVE sandbox (or its creation), for parking idle ones. */
  readonly lastActivityAt: Date;
}

export type SandboxPatch = Partial<
  Pick<
    SandboxRecord,
    'deletedAt' | 'degradedAt' | 'degradedReason' | 'nextTimerAt' | 'lastActivityAt' | 'generation'
  >
>;

export interface SandboxPage {
  readonly items: readonly SandboxRecord[];
  readonly hasNextPage: boolean;
}

export interface SandboxRepository {
  insert(record: SandboxRecord): Promise<void>;
  get(id: string): Promise<SandboxRecord | null>;
  update(id: string, patch: SandboxPatch): Promise<void>;
  /**
   * Bumps the generation from `expected` to `expected + 1` (and clears degradation); false when another reset won.
   */
  advanceGeneration(id: string, expected: number): Promise<boolean>;
  /** The owner's sandboxes not deleted, newest first; `after` is the id of the last one of the previous page. */
  listByOwner(
    ownerId: string,
    page: { readonly first: number; readonly after?: string | null },
  ): Promise<SandboxPage>;
  /** LIVE, not deleted, not degraded, with a pending timer, active since `activeSince`: the resync's work list. */
  listWithPendingTimers(query: {
    readonly activeSince: Date;
    readonly limit: number;
  }): Promise<readonly Pick<SandboxRecord, 'id' | 'nextTimerAt'>[]>;
}

/** Wall time in ms since the epoch (LIVE sandboxes' simulated time, and record timestamps). */
export interface Clock {
  now(): number;
}

/** Rings the worker's doorbell: the job carries the sandbox id only; the worker re-reads everything. */
export interface ReconcileQueue {
  requestReconcile(sandboxId: string): Promise<void>;
  requestReconcileAt(sandboxId: string, at: number): Promise<void>;
}

/** Makes ids for new sandboxes (crypto.randomUUID in production; the use cases import no `node:*`). */
export type IdGenerator = () => string;
