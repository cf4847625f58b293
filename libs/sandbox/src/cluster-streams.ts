// Reading and writing a sandbox's cluster stream: fold (cache, else snapshot + tail), append what a Cluster
// decided with the version it read, write snapshots every N events, and retry on version conflicts.
import {
  Cluster,
  OLDER_SNAPSHOT_SCHEMAS,
  SNAPSHOT_SCHEMA_VERSION,
  type ClusterEvent,
  type ClusterSnapshot,
} from '@podlab/kube';
import { ClusterCache } from './cluster.cache';
import type { SandboxEventStore, StoredEvent, StoredEventData } from './ports';
import { SandboxError, computing } from './sandbox.error';
import { SandboxFileSystem } from './sandbox-files';
import { decodeEvent, encodeEvent } from './stream-codec';

export interface ClusterStreamsOptions {
  /** Write a snapshot whenever an append crosses a multiple of this many events. */
  readonly snapshotEvery: number;
  readonly cacheSize: number;
  /** Attempts per use case when the stream moved under it (the first included). */
  readonly maxConflictAttempts: number;
  /** A cached Cluster remembers what it appended; past this many it is rebuilt from its own snapshot. */
  readonly rebuildAfterEvents: number;
}

/** A Cluster checked out for one decision: the version it was folded to and where its new events start. */
export interface CheckedOut {
  readonly cluster: Cluster;
  readonly files: SandboxFileSystem;
  readonly expectedVersion: number;
  readonly start: number;
}

export interface AppendOutcome {
  readonly version: number;
  /** The idempotency key had been used: nothing was appended, `version` is the first append's. */
  readonly remembered: boolean;
  readonly appended: number;
}

const READ_BATCH = 1000;
/** Events per read while looking for a time travel's cut within a snapshot's window. */
const TIME_BATCH = 128;

/** What a snapshot stores: the cluster's snapshot and, next to it, the sandbox's files. */
export type SandboxSnapshot = ClusterSnapshot & { sandboxFiles?: [string, string][] };

/**
 * Members of a snapshot the store keeps apart and decodes only when read: the Kubernetes Events and their expiry
 * queue, and the last write of every uid ever written (read only by writes): nearly all of a long session's
 * snapshot, which showing a past state (time travel) never reads.
 */
export const SNAPSHOT_SECTIONS: readonly (keyof ClusterSnapshot)[] = ['kubeEvents', 'lastWrite'];

export class ClusterStreams {
  readonly cache: ClusterCache;

  constructor(
    private readonly events: SandboxEventStore,
    private readonly options: ClusterStreamsOptions,
  ) {
    this.cache = new ClusterCache(options.cacheSize);
  }

  /** The head of the stream as a Cluster only this caller uses; `notFound` when the stream has no events. */
  async checkout(streamId: string, notFound: () => SandboxError): Promise<CheckedOut> {
    const { cluster, files } = await this.foldHead(streamId, notFound);
    return { cluster, files, expectedVersion: cluster.version, start: cluster.newEvents().length };
  }

  private async foldHead(
    streamId: string,
    notFound: () => SandboxError,
  ): Promise<{ cluster: Cluster; files: SandboxFileSystem }> {
    // Taken out of the cache: a fold that throws midway leaves a half-folded cluster nobody puts back.
    const cached = this.cache.take(streamId);
    if (cached) {
      const tail = (await this.events.readStream(streamId, { fromVersion: cached.version + 1 })).map(
        decodeEvent,
      );
      if (tail.length === 0) return cached;
      for (const event of tail) cached.files.evolve(event);
      // In place, not a copy restored from its snapshot: the controllers then see the tail as changes since their
      // last run (the watched kinds, the change feed) instead of starting over with full passes.
      computing(streamId, () => cached.cluster.foldIn(tail));
      return cached;
    }
    const snapshot = await this.events.loadSnapshot<SandboxSnapshot>(streamId, SNAPSHOT_SCHEMA_VERSION, {
      olderSchemas: OLDER_SNAPSHOT_SCHEMAS,
    });
    const tail = (await this.events.readStream(streamId, { fromVersion: (snapshot?.version ?? 0) + 1 })).map(
      decodeEvent,
    );
    if (!snapshot && tail.length === 0) throw notFound();
    const files = new SandboxFileSystem(snapshot?.state.sandboxFiles ?? []);
    for (const event of tail) files.evolve(event);
    const cluster = computing(streamId, () =>
      Cluster.load(tail, snapshot ? { snapshot: snapshot.state } : {}),
    );
    // A tail this long means the snapshot is missing, stale, or was ignored (corrupt): write one at the head now,
    // so the next fold is short again.
    const every = this.options.snapshotEvery;
    if (every > 0 && tail.length >= every) await this.saveSnapshot(streamId, cluster, files);
    return { cluster, files };
  }

  /** Returns a Cluster whose events are all stored, for the next caller. */
  release(streamId: string, cluster: Cluster, files: SandboxFileSystem): void {
    const fresh =
      cluster.newEvents().length > this.options.rebuildAfterEvents
        ? Cluster.load([], { snapshot: cluster.snapshot() })
        : cluster;
    this.cache.put(streamId, fresh, files);
  }

  /**
   * Appends the events the checked-out cluster decided, with the version it read. On success the cluster goes back
   * to the cache (and a snapshot is written when a multiple of N was crossed). A conflict throws the store's error.
   */
  async commit(
    streamId: string,
    checkedOut: CheckedOut,
    meta: { readonly correlation: string; readonly idempotencyKey?: string },
  ): Promise<AppendOutcome> {
    const { cluster, files, expectedVersion, start } = checkedOut;
    const decided = cluster.newEvents().slice(start);
    if (decided.length === 0 && meta.idempotencyKey === undefined) {
      this.release(streamId, cluster, files);
      return { version: expectedVersion, remembered: false, appended: 0 };
    }
    const result = await this.events.append(
      streamId,
      expectedVersion === 0 ? 'no-stream' : expectedVersion,
      decided.map((event) => encodeEvent(event, meta.correlation)),
      meta.idempotencyKey !== undefined ? { idempotencyKey: meta.idempotencyKey } : {},
    );
    // A first append with this key would have ended exactly at expected + decided (the stream was at expected).
    if (result.streamVersion !== expectedVersion + decided.length)
      return { version: result.streamVersion, remembered: true, appended: 0 };
    await this.snapshotIfDue(streamId, cluster, files, expectedVersion);
    this.release(streamId, cluster, files);
    return { version: result.streamVersion, remembered: false, appended: decided.length };
  }

  /** Appends a whole new stream (create, reset, fork) and caches its fold. */
  async createStream(
    streamId: string,
    cluster: Cluster,
    correlation: string,
  ): Promise<{ readonly version: number }> {
    const result = await this.events.append(
      streamId,
      'no-stream',
      cluster.newEvents().map((event) => encodeEvent(event, correlation)),
    );
    const files = new SandboxFileSystem();
    await this.snapshotIfDue(streamId, cluster, files, 0);
    this.release(streamId, cluster, files);
    return { version: result.streamVersion };
  }

  async snapshotIfDue(
    streamId: string,
    cluster: Cluster,
    files: SandboxFileSystem,
    fromVersion: number,
  ): Promise<void> {
    const every = this.options.snapshotEvery;
    if (every <= 0 || Math.floor(cluster.version / every) <= Math.floor(fromVersion / every)) return;
    await this.saveSnapshot(streamId, cluster, files);
  }

  private async saveSnapshot(streamId: string, cluster: Cluster, files: SandboxFileSystem): Promise<void> {
    try {
      // Events untouched since the restore stay as the store handed them over: their stored bytes are written
      // again, undecoded.
      const state: SandboxSnapshot = {
        ...cluster.snapshot({ keepUntouchedParts: true }),
        sandboxFiles: files.entries(),
      };
      await this.events.saveSnapshot(streamId, {
        version: cluster.version,
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        state,
        time: cluster.now,
        sections: SNAPSHOT_SECTIONS,
      });
    } catch {
      // A snapshot is a cache of the fold: failing to write one costs a longer fold later, nothing else.
    }
  }

  /**
   * Runs `attempt` (check out, decide, commit) again while the stream moved under it; after the last attempt,
   * VERSION_CONFLICT_RETRIES_EXHAUSTED.
   */
  async withRetries<T>(sandboxId: string, attempt: () => Promise<T>): Promise<T> {
    const max = this.options.maxConflictAttempts;
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        return await attempt();
      } catch (error) {
        if (!isConflict(error)) throw error;
        if (attemptNumber >= max)
          throw new SandboxError({
            code: 'VERSION_CONFLICT_RETRIES_EXHAUSTED',
            sandboxId,
            attempts: attemptNumber,
          });
      }
    }
  }

  /**
   * The fold of the stream up to `version` (inclusive): the newest snapshot at or below it (snapshots are kept every
   * N events), then only the events after it, so a time travel folds at most N events whatever the stream's length.
   * (Reading the tail from the last multiple of N while the snapshot loads was tried: no gain measured, since the
   * decoding on this process' one thread is the cost, not Postgres' side of the reads.)
   */
  async foldTo(streamId: string, version: number): Promise<Cluster> {
    const snapshot = await this.events.loadSnapshot<ClusterSnapshot>(streamId, SNAPSHOT_SCHEMA_VERSION, {
      maxVersion: version,
      olderSchemas: OLDER_SNAPSHOT_SCHEMAS,
    });
    const base = snapshot && snapshot.version <= version ? snapshot : null;
    const tail = await this.readRangeData(streamId, (base?.version ?? 0) + 1, version);
    return Cluster.load(tail.map(decodeEvent), base ? { snapshot: base.state } : {});
  }

  /**
   * The fold of every event whose simulated instant is at or before `time` (instants never decrease along a
   * stream, so that is a prefix): the newest snapshot whose now is at or before `time`, then the events after it up
   * to the first later one. Null when the stream starts later.
   */
  async foldToTime(streamId: string, time: number): Promise<Cluster | null> {
    const snapshot = await this.events.loadSnapshot<ClusterSnapshot>(streamId, SNAPSHOT_SCHEMA_VERSION, {
      maxTime: time,
      olderSchemas: OLDER_SNAPSHOT_SCHEMAS,
    });
    const base = snapshot && snapshot.state.now <= time ? snapshot : null;
    const events: ClusterEvent[] = [];
    let from = (base?.version ?? 0) + 1;
    // The cut lies before the next snapshot (N events on, already past `time`): read in short batches up to it, so
    // a cut early in the window does not read (and parse) the whole window.
    const bound = base && this.options.snapshotEvery > 0 ? base.version + this.options.snapshotEvery + 1 : 0;
    for (;;) {
      const limit = from < bound ? Math.min(TIME_BATCH, bound - from + 1) : READ_BATCH;
      const batch = await this.readData(streamId, { fromVersion: from, limit });
      let passed = false;
      for (const stored of batch) {
        const event = decodeEvent(stored);
        if (event.at > time) {
          passed = true;
          break;
        }
        events.push(event);
      }
      if (passed || batch.length < limit) break;
      from += batch.length;
    }
    if (!base && events.length === 0) return null;
    return Cluster.load(events, base ? { snapshot: base.state } : {});
  }

  /** Like readRange, with only version, type and data (what a fold needs: a cheaper read where the store has it). */
  private async readRangeData(
    streamId: string,
    fromVersion: number,
    toVersion: number,
  ): Promise<StoredEventData[]> {
    const out: StoredEventData[] = [];
    for (let from = fromVersion; from <= toVersion;) {
      const batch = await this.readData(streamId, { fromVersion: from, toVersion, limit: READ_BATCH });
      out.push(...batch);
      if (batch.length < READ_BATCH) break;
      from += batch.length;
    }
    return out;
  }

  private readData(
    streamId: string,
    options: { readonly fromVersion: number; readonly toVersion?: number; readonly limit: number },
  ): Promise<StoredEventData[]> {
    return this.events.readStreamData
      ? this.events.readStreamData(streamId, options)
      : this.events.readStream(streamId, options);
  }

  async readRange(streamId: string, fromVersion: number, toVersion: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (let from = fromVersion; from <= toVersion;) {
      const batch = await this.events.readStream(streamId, {
        fromVersion: from,
        toVersion,
        limit: READ_BATCH,
      });
      out.push(...batch);
      if (batch.length < READ_BATCH) break;
      from += batch.length;
    }
    return out;
  }
}

export function isConflict(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'WRONG_EXPECTED_VERSION'
  );
}
