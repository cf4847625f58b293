// The event store's port: what every implementation (Postgres, in-memory) promises. One contract suite
// (event-store.contract.ts) holds both to it.

/** Who did it, why, and which conversation it belongs to: stored with every event for audit and replay. */
export interface EventMetadata {
  readonly actor?: string;
  readonly cause?: string;
  readonly correlation?: string;
}

/** An event to append. `data` must be JSON-serialisable; it is stored and returned as JSON. */
export interface NewEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly metadata?: EventMetadata;
}

/** An event as stored. Positions and transaction ids are 64-bit: strings of decimal digits (compare with BigInt). */
export interface RecordedEvent<TType extends string = string, TData = unknown> {
  readonly streamId: string;
  /** 1-based, contiguous within the stream. */
  readonly version: number;
  readonly type: TType;
  readonly data: TData;
  readonly metadata: EventMetadata;
  /** Insertion order across all streams (not commit order: see readAll). */
  readonly globalPosition: string;
  /** The writing transaction: readAll delivers in (transactionId, globalPosition) order. */
  readonly transactionId: string;
  readonly recordedAt: Date;
}

/**
 * The stream version the caller decided on: a number (0 = the stream has no events), 'no-stream' (same as 0), or
 * 'any' (append at the end, whatever it is: for facts that do not depend on the stream's state).
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface AppendOptions {
  /** A retry with the same key (per stream) returns the first result and appends nothing. */
  readonly idempotencyKey?: string;
}

export interface AppendResult {
  /** The stream's version after the append: the version of its last event. */
  readonly streamVersion: number;
  /** The global positions of the appended events, in stream order. */
  readonly globalPositions: readonly string[];
}

export interface ReadStreamOptions {
  /** First version to return (inclusive, default 1). */
  readonly fromVersion?: number;
  /** Last version to return (inclusive, default: the end). */
  readonly toVersion?: number;
  readonly limit?: number;
}

/** What a fold needs of a stored event: its version, type and data (readStreamData). */
export interface EventData<TType extends string = string, TData = unknown> {
  readonly version: number;
  readonly type: TType;
  readonly data: TData;
}

/** Where a catch-up reader stands in the global log: after this (transaction id, position) pair. */
export interface Checkpoint {
  readonly transactionId: string;
  readonly position: string;
}

export interface ReadAllOptions {
  /** null: from the beginning. */
  readonly after: Checkpoint | null;
  readonly limit: number;
}

export interface ReadAllResult {
  readonly events: readonly RecordedEvent[];
  /** The checkpoint after the last returned event, or `after` itself when nothing new was visible. */
  readonly checkpoint: Checkpoint | null;
}

export interface SnapshotInput<TState = unknown> {
  /** The stream version the state was folded up to. */
  readonly version: number;
  /** The version of the state's shape: a snapshot of another schema version is never served. */
  readonly schemaVersion: number;
  readonly state: TState;
  /**
   * The instant the state describes (e.g. a simulated clock, ms since the epoch), non-decreasing with the version;
   * lets loadSnapshot find the newest snapshot at or before a time. Optional: snapshots without one are skipped by
   * a time-bounded load.
   */
  readonly time?: number;
  /**
   * Members of the state (a plain object) stored apart and decoded only when read: each is a part `{ value }`, and
   * a loaded snapshot has a SnapshotSection there whose `value` decodes on first read (snapshot-codec.ts). Written
   * again undecoded, a loaded section keeps its stored bytes.
   */
  readonly sections?: readonly string[];
}

/** Which snapshot to load: the newest one within both bounds (no bound: the newest of all). */
export interface LoadSnapshotOptions {
  /** The newest snapshot whose version is at or below this stream version (time travel to a version). */
  readonly maxVersion?: number;
  /** The newest snapshot whose `time` is at or before this instant (time travel to a time). */
  readonly maxTime?: number;
  /**
   * Older schema versions the caller still reads: the newest snapshot of the asked schema or of these is served
   * (at the same version the asked one), its `schemaVersion` saying which.
   */
  readonly olderSchemas?: readonly number[];
}

export interface Snapshot<TState = unknown> extends SnapshotInput<TState> {
  readonly streamId: string;
}

export interface EventStore {
  /**
   * Appends atomically: all events or none. Throws WrongExpectedVersionError when the stream is not at the
   * expected version.
   */
  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * readStream's events with only version, type and data: what folding a range needs, without the metadata,
   * positions and timestamps every row would otherwise carry and parse (a time travel's tail).
   */
  readStreamData(streamId: string, options?: ReadStreamOptions): Promise<EventData[]>;
  /** 0 when the stream has no events. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * Events of all streams in commit order, only those whose transaction can no longer be overtaken by one still
   * running, so a reader that resumes from the returned checkpoint never skips an event that commits late.
   */
  readAll(options: ReadAllOptions): Promise<ReadAllResult>;
  loadCheckpoint(consumer: string): Promise<Checkpoint | null>;
  saveCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void>;
  /**
   * Keeps every snapshot per (stream, schema version, version), so time travel can start from the nearest one at or
   * below its target; saving a version again replaces it. An unbounded load still serves the newest, so a late
   * save of an older version never hides a newer one.
   */
  saveSnapshot<TState>(streamId: string, snapshot: SnapshotInput<TState>): Promise<void>;
  /**
   * The newest snapshot of the schema version within the bounds; null when there is none. A snapshot failing its
   * checksum is never served: the next older one within the bounds is (or null).
   */
  loadSnapshot<TState>(
    streamId: string,
    schemaVersion: number,
    options?: LoadSnapshotOptions,
  ): Promise<Snapshot<TState> | null>;
}

/** The checkpoint just after an event, to resume a catch-up read from it. */
export function checkpointAfter(event: Pick<RecordedEvent, 'transactionId' | 'globalPosition'>): Checkpoint {
  return { transactionId: event.transactionId, position: event.globalPosition };
}
