import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedVersion,
  LoadSnapshotOptions,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  EventData,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
  SnapshotInput,
} from './event-store';
import { decodeSnapshotState, encodeSnapshotState, snapshotBytesChecksum } from './snapshot-codec';
import { WrongExpectedVersionError } from './wrong-expected-version.error';

/**
 * A snapshot as the in-memory store keeps it: the same bytes and checksum as a Postgres row (snapshot-codec.ts), so
 * callers see the same serialisation effects and a checksum catches tampering.
 */
export interface StoredSnapshotRecord {
  readonly streamId: string;
  readonly version: number;
  readonly schemaVersion: number;
  readonly packed: Buffer;
  readonly checksum: string;
  readonly time?: number;
}

export interface InMemoryEventStoreOptions {
  /** The clock for `recordedAt` (default: the system clock). */
  readonly now?: () => Date;
  /** Snapshot storage keyed by snapshotId(stream, schema version, version), injectable so a test can corrupt one. */
  readonly snapshots?: Map<string, StoredSnapshotRecord>;
}

/**
 * The Postgres store's twin for unit tests and local tools: same interface, same contract. Every append is its own
 * transaction and commits at once, so commit order is append order and readAll has no barrier to wait for.
 * Data is stored as JSON text, so callers see the same serialisation effects as with Postgres.
 */
export class InMemoryEventStore implements EventStore {
  private readonly events: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly idempotency = new Map<string, AppendResult>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly snapshots: Map<string, StoredSnapshotRecord>;
  private readonly now: () => Date;
  private lastTransactionId = 0n;
  private lastPosition = 0n;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.snapshots = options.snapshots ?? new Map();
  }

  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const keyId =
      options.idempotencyKey === undefined ? undefined : `${streamId}\u0000${options.idempotencyKey}`;
    const remembered = keyId === undefined ? undefined : this.idempotency.get(keyId);
    if (remembered) return copyResult(remembered);

    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length;
    if (expectedVersion !== 'any') {
      const expected = expectedVersion === 'no-stream' ? 0 : expectedVersion;
      if (expected !== actual) throw new WrongExpectedVersionError(streamId, expected, actual);
    }
    if (events.length === 0) return { streamVersion: actual, globalPositions: [] };

    // Serialise everything before touching state, so a value JSON cannot hold fails the append as a whole.
    const serialised = events.map((event) => ({
      type: event.type,
      data: roundTrip(event.data),
      metadata: roundTrip(event.metadata ?? {}) as RecordedEvent['metadata'],
    }));
    const transactionId = String(++this.lastTransactionId);
    const recordedAt = this.now();
    const appended = serialised.map((event, index): RecordedEvent => {
      this.lastPosition += 1n;
      return {
        streamId,
        version: actual + index + 1,
        ...event,
        globalPosition: String(this.lastPosition),
        transactionId,
        recordedAt: new Date(recordedAt.getTime()),
      };
    });
    stream.push(...appended);
    this.streams.set(streamId, stream);
    this.events.push(...appended);
    const result: AppendResult = {
      streamVersion: actual + appended.length,
      globalPositions: appended.map((event) => event.globalPosition),
    };
    if (keyId !== undefined) this.idempotency.set(keyId, result);
    return copyResult(result);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromVersion ?? 1;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    const selected = (this.streams.get(streamId) ?? []).filter((e) => e.version >= from && e.version <= to);
    return selected.slice(0, options.limit ?? selected.length).map(copyEvent);
  }

  async readStreamData(streamId: string, options: ReadStreamOptions = {}): Promise<EventData[]> {
    return (await this.readStream(streamId, options)).map(({ version, type, data }) => ({
      version,
      type,
      data,
    }));
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.streams.get(streamId)?.length ?? 0;
  }

  async readAll(options: ReadAllOptions): Promise<ReadAllResult> {
    const afterTx = BigInt(options.after?.transactionId ?? '0');
    const afterPosition = BigInt(options.after?.position ?? '0');
    const selected: RecordedEvent[] = [];
    // Appended in (transactionId, position) order already: transactions are numbered in commit order here.
    for (const event of this.events) {
      if (selected.length >= options.limit) break;
      const tx = BigInt(event.transactionId);
      if (tx > afterTx || (tx === afterTx && BigInt(event.globalPosition) > afterPosition))
        selected.push(event);
    }
    const last = selected[selected.length - 1];
    return {
      events: selected.map(copyEvent),
      checkpoint: last ? { transactionId: last.transactionId, position: last.globalPosition } : options.after,
    };
  }

  async loadCheckpoint(consumer: string): Promise<Checkpoint | null> {
    const checkpoint = this.checkpoints.get(consumer);
    return checkpoint ? { ...checkpoint } : null;
  }

  async saveCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(consumer, {
      transactionId: checkpoint.transactionId,
      position: checkpoint.position,
    });
  }

  async saveSnapshot<TState>(streamId: string, snapshot: SnapshotInput<TState>): Promise<void> {
    const packed = encodeSnapshotState(snapshot.state, snapshot.sections);
    this.snapshots.set(snapshotId(streamId, snapshot.schemaVersion, snapshot.version), {
      streamId,
      version: snapshot.version,
      schemaVersion: snapshot.schemaVersion,
      packed,
      checksum: snapshotBytesChecksum(streamId, snapshot.version, snapshot.schemaVersion, packed),
      ...(snapshot.time !== undefined ? { time: snapshot.time } : {}),
    });
  }

  async loadSnapshot<TState>(
    streamId: string,
    schemaVersion: number,
    options: LoadSnapshotOptions = {},
  ): Promise<Snapshot<TState> | null> {
    const { maxVersion, maxTime } = options;
    const schemas = [schemaVersion, ...(options.olderSchemas ?? [])];
    const candidates = [...this.snapshots.values()]
      .filter(
        (record) =>
          record.streamId === streamId &&
          schemas.includes(record.schemaVersion) &&
          (maxVersion === undefined || record.version <= maxVersion) &&
          (maxTime === undefined || (record.time !== undefined && record.time <= maxTime)),
      )
      .sort(
        (a, b) =>
          b.version - a.version ||
          Number(b.schemaVersion === schemaVersion) - Number(a.schemaVersion === schemaVersion),
      );
    for (const record of candidates) {
      if (
        snapshotBytesChecksum(streamId, record.version, record.schemaVersion, record.packed) !==
        record.checksum
      )
        continue;
      let state: TState;
      try {
        state = decodeSnapshotState<TState>(record.packed);
      } catch {
        continue;
      }
      return {
        streamId,
        version: record.version,
        schemaVersion: record.schemaVersion,
        state,
        ...(record.time !== undefined ? { time: record.time } : {}),
      };
    }
    return null;
  }
}

/** The key the in-memory store files a snapshot under (exported for tests that tamper with storage). */
export function snapshotId(streamId: string, schemaVersion: number, version: number): string {
  return `${streamId}\u0000${schemaVersion}\u0000${version}`;
}

function roundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function copyEvent(event: RecordedEvent): RecordedEvent {
  return {
    ...event,
    data: roundTrip(event.data),
    metadata: { ...event.metadata },
    recordedAt: new Date(event.recordedAt.getTime()),
  };
}

function copyResult(result: AppendResult): AppendResult {
  return { streamVersion: result.streamVersion, globalPositions: [...result.globalPositions] };
}
