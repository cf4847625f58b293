// The sandbox use cases: pure decisions (libs/kube, libs/kubectl) between reads and appends through ports. One
// instance per process (it holds the cache of folded clusters). Authorisation is the caller's: every method takes
// ids the caller has already checked against the sandbox's owner (getSandbox returns the record for that).
import {
  Cluster,
  RESOURCES,
  clusterConfig,
  defaultNodes,
  type Actor,
  type ClusterEvent,
  type Fault,
  type VersionedEvent,
} from '@podlab/kube';
import { ClusterStreams, isConflict, type CheckedOut, type ClusterStreamsOptions } from './cluster-streams';
import { runCommandLine } from './command-line';
import { SandboxFileSystem } from './sandbox-files';
import type {
  Clock,
  ClockMode,
  ClusterShape,
  IdGenerator,
  ReconcileQueue,
  SandboxEventStore,
  SandboxPage,
  SandboxRecord,
  SandboxRepository,
  StoredEvent,
} from './ports';
import { SandboxError, computing } from './sandbox.error';
import { actorString, decodeEvent, encodeEvent, streamIdOf } from './stream-codec';

export interface SandboxServiceOptions extends ClusterStreamsOptions {
  /** Largest stdin (a manifest) a command may carry, in UTF-8 bytes. */
  readonly maxManifestBytes: number;
  readonly maxCommandBytes: number;
  /** Objects a sandbox may hold (Kubernetes Event objects not counted); a command that would exceed it fails. */
  readonly maxObjects: number;
  /** A LIVE sandbox without a command for this long is parked: the worker stops waking it until the next one. */
  readonly parkAfterMs: number;
  readonly maxAdvanceMs: number;
  readonly maxWorkers: number;
  readonly maxHistoryPage: number;
}

export const DEFAULT_SANDBOX_OPTIONS: SandboxServiceOptions = {
  snapshotEvery: 500,
  cacheSize: 256,
  maxConflictAttempts: 8,
  rebuildAfterEvents: 5000,
  maxManifestBytes: 512 * 1024,
  maxCommandBytes: 16 * 1024,
  maxObjects: 2000,
  parkAfterMs: 30 * 60 * 1000,
  maxAdvanceMs: 24 * 60 * 60 * 1000,
  maxWorkers: 20,
  maxHistoryPage: 500,
};

export interface SandboxPorts {
  readonly events: SandboxEventStore;
  readonly sandboxes: SandboxRepository;
  readonly clock: Clock;
  readonly queue: ReconcileQueue;
  readonly newId: IdGenerator;
  /**
   * Rebuilds the starting cluster of a prepared sandbox (an exercise's setup and timeline) when it is reset;
   * undefined (or no preparer) starts over with a plain cluster of the record's shape.
   */
  readonly prepare?: ClusterPreparer;
}

/** What createPreparedSandbox's `prepare` did, again, from the record (see SandboxPorts.prepare). */
export type ClusterPreparer = (
  sandbox: SandboxRecord,
  start: { readonly seed: number; readonly now: number | null },
) => Cluster | undefined;

export interface CreateSandboxInput {
  readonly ownerId: string;
  readonly title?: string;
  readonly exerciseId?: string | null;
  readonly clockMode?: ClockMode;
  readonly seed?: number;
  /** Worker nodes (default 3). */
  readonly workers?: number;
  /** A control-plane node (tainted NoSchedule; default true). */
  readonly controlPlane?: boolean;
}

/** A sandbox whose cluster is prepared by the caller (an exercise's shape, images, setup and fault timeline). */
export interface CreatePreparedSandboxInput extends Omit<CreateSandboxInput, 'workers' | 'controlPlane'> {
  /** What the record says of the nodes (the prepared cluster decides them). */
  readonly shape: ClusterShape;
  /**
   * Builds the cluster (pure). `now` is the wall-clock instant for LIVE sandboxes, whose simulated time is wall time:
   * the preparation must end there (start it earlier by the setup's own simulated time); null for STEPPED ones.
   */
  readonly prepare: (start: { readonly seed: number; readonly now: number | null }) => Cluster;
}

export interface RunCommandInput {
  readonly sandboxId: string;
  readonly line: string;
  readonly stdin?: string | null;
  /** Per sandbox: a retry with the same key returns the first result and runs nothing. */
  readonly idempotencyKey?: string | null;
  /** Recorded as the actor of the command's writes and of the CommandExecuted event. */
  readonly user: string;
}

export interface RunCommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** The stream version after the command (the version of its CommandExecuted event). */
  readonly version: number;
}

/** A folded state: `cluster` is the caller's own (never the cache's) unless said otherwise. */
export interface SandboxState {
  readonly sandbox: SandboxRecord;
  readonly version: number;
  /** Simulated now of the state, ms since the epoch. */
  readonly now: number;
  readonly cluster: Cluster;
  /** The sandbox's file names (`cat > FILE`), at the head only (readSandbox). */
  readonly files?: readonly string[];
}

export type ReconcileOutcome =
  | {
      readonly status: 'skipped';
      readonly reason: 'not-found' | 'deleted' | 'stepped' | 'degraded' | 'parked';
    }
  | {
      readonly status: 'reconciled';
      readonly version: number;
      readonly appended: number;
      /** When to wake this sandbox next (ms since the epoch), if anything is pending. */
      readonly nextTimerAt: number | null;
      /** The stream moved while we worked: reconcile again. */
      readonly requeue: boolean;
    };

export interface HistoryCommand {
  readonly line: string;
  readonly stdin: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface HistoryEvent {
  readonly version: number;
  readonly type: ClusterEvent['type'];
  /** Simulated instant, ms since the epoch. */
  readonly at: number;
  readonly actor: Actor;
  /** The actor as one string (`user:alice`, `controller:deployment-controller`, `kubelet:worker-1`). */
  readonly actorName: string;
  readonly reason: string;
  /** The version of the event that caused this one. */
  readonly cause: number | null;
  readonly correlation: string | null;
  readonly recordedAt: Date;
  /** The learner's command with its output, for CommandExecuted events. */
  readonly command: HistoryCommand | null;
  readonly event: ClusterEvent;
}

/** Relay's connection shape; cursors are opaque strings (today the version as decimal digits). */
export interface HistoryPage {
  readonly edges: readonly { readonly cursor: string; readonly node: HistoryEvent }[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  readonly headVersion: number;
}

export class SandboxService {
  readonly options: SandboxServiceOptions;
  private readonly streams: ClusterStreams;
  private readonly countedKinds = RESOURCES.map((r) => r.kind).filter((kind) => kind !== 'Event');

  constructor(
    private readonly ports: SandboxPorts,
    options: Partial<SandboxServiceOptions> = {},
  ) {
    this.options = { ...DEFAULT_SANDBOX_OPTIONS, ...options };
    this.streams = new ClusterStreams(ports.events, this.options);
  }

  /** Cache statistics, for logs and tests. */
  get cache(): { readonly hits: number; readonly misses: number; readonly size: number } {
    return this.streams.cache;
  }

  // ---- metadata -----------------------------------------------------------------------------------------

  /** The record, deleted ones included (history and replay stay readable); SANDBOX_NOT_FOUND otherwise. */
  async getSandbox(sandboxId: string): Promise<SandboxRecord> {
    const sandbox = await this.ports.sandboxes.get(sandboxId);
    if (!sandbox) throw new SandboxError({ code: 'SANDBOX_NOT_FOUND', sandboxId });
    return sandbox;
  }

  /**
   * The record and the head version of its current stream: what an answer computed from the sandbox depends on
   * (so a caller can tell whether one it kept is still current). Given the generation last seen, both reads run at
   * once; a reset since then costs one more read. The two reads are not one snapshot: a pair read during a reset
   * is the old generation's head or the new one's, each a state that existed.
   */
  async getSandboxHead(
    sandboxId: string,
    generation = 0,
  ): Promise<{ readonly record: SandboxRecord; readonly version: number }> {
    const [record, guessed] = await Promise.all([
      this.getSandbox(sandboxId),
      this.ports.events.streamVersion(streamIdOf({ id: sandboxId, generation })),
    ]);
    const version =
      record.generation === generation ? guessed : await this.ports.events.streamVersion(streamIdOf(record));
    return { record, version };
  }

  listSandboxes(ownerId: string, page: { first: number; after?: string | null }): Promise<SandboxPage> {
    return this.ports.sandboxes.listByOwner(ownerId, page);
  }

  private async requireActive(sandboxId: string): Promise<SandboxRecord> {
    const sandbox = await this.getSandbox(sandboxId);
    if (sandbox.deletedAt) throw new SandboxError({ code: 'SANDBOX_DELETED', sandboxId });
    return sandbox;
  }

  /**
   * An active sandbox whose cluster still runs: commands, clock steps and faults on a degraded one (its controllers
   * stopped after repeated failures, see markDegraded) are refused up front with what to do next, instead of
   * failing inside the fold. Reset, fork and every read stay open.
   */
  private async requireRunning(sandboxId: string): Promise<SandboxRecord> {
    const sandbox = await this.requireActive(sandboxId);
    if (sandbox.degradedAt)
      throw new SandboxError({
        code: 'SANDBOX_DEGRADED',
        sandboxId,
        reason: (sandbox.degradedReason ?? 'no reason recorded').slice(0, 300),
      });
    return sandbox;
  }

  // ---- create -------------------------------------------------------------------------------------------

  async createSandbox(input: CreateSandboxInput): Promise<SandboxRecord & { readonly version: number }> {
    const shape: ClusterShape = { workers: input.workers ?? 3, controlPlane: input.controlPlane ?? true };
    if (!Number.isInteger(shape.workers) || shape.workers < 0 || shape.workers > this.options.maxWorkers)
      throw invalid('workers', `expected a whole number from 0 to ${this.options.maxWorkers}`);
    return this.createFrom({
      ...input,
      shape,
      prepare: ({ seed, now }) => newCluster(seed, shape, now === null ? 'STEPPED' : 'LIVE', now ?? 0),
    });
  }

  /**
   * A new sandbox whose stream starts with the events of a prepared cluster (an exercise's setup), then works like
   * any other: the worker wakes a LIVE one at the prepared cluster's next timer (a scheduled fault is one).
   */
  async createPreparedSandbox(
    input: CreatePreparedSandboxInput,
  ): Promise<SandboxRecord & { readonly version: number }> {
    return this.createFrom(input);
  }

  private async createFrom(
    input: CreatePreparedSandboxInput,
  ): Promise<SandboxRecord & { readonly version: number }> {
    const seed = input.seed ?? 1;
    if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31)
      throw invalid('seed', 'expected a whole number that fits in 32 bits');
    const clockMode = input.clockMode ?? 'STEPPED';
    const now = this.ports.clock.now();
    const id = this.ports.newId();
    const cluster = computing(`sandbox-${id}`, () =>
      input.prepare({ seed, now: clockMode === 'LIVE' ? now : null }),
    );
    const record: SandboxRecord = {
      id,
      ownerId: input.ownerId,
      title: input.title?.trim() || 'Sandbox',
      exerciseId: input.exerciseId ?? null,
      clockMode,
      seed,
      shape: input.shape,
      generation: 0,
      parentSandboxId: null,
      forkVersion: null,
      createdAt: new Date(now),
      deletedAt: null,
      degradedAt: null,
      degradedReason: null,
      nextTimerAt: clockMode === 'LIVE' ? (cluster.nextTimerAt() ?? null) : null,
      lastActivityAt: new Date(now),
    };
    const { version } = await this.createBoth(record, () =>
      this.streams.createStream(streamIdOf(record), cluster, `create:${id}`),
    );
    if (record.nextTimerAt !== null) await this.ports.queue.requestReconcileAt(id, record.nextTimerAt);
    return { ...record, version };
  }

  // ---- commands -----------------------------------------------------------------------------------------

  async runCommand(input: RunCommandInput): Promise<RunCommandResult> {
    const stdin = input.stdin ?? undefined;
    const lineBytes = utf8Length(input.line);
    if (lineBytes > this.options.maxCommandBytes)
      throw new SandboxError({
        code: 'COMMAND_TOO_LONG',
        limitBytes: this.options.maxCommandBytes,
        bytes: lineBytes,
      });
    const stdinBytes = stdin === undefined ? 0 : utf8Length(stdin);
    if (stdinBytes > this.options.maxManifestBytes)
      throw new SandboxError({
        code: 'MANIFEST_TOO_LARGE',
        limitBytes: this.options.maxManifestBytes,
        bytes: stdinBytes,
      });
    const sandbox = await this.requireRunning(input.sandboxId);
    const streamId = streamIdOf(sandbox);
    const idempotencyKey = input.idempotencyKey ?? undefined;
    const correlation = idempotencyKey ?? `command:${this.ports.newId()}`;
    const live = sandbox.clockMode === 'LIVE';

    const result = await this.streams.withRetries(sandbox.id, async () => {
      const checkedOut = await this.checkout(sandbox);
      const { cluster } = checkedOut;
      if (live) cluster.advanceTo(Math.max(this.ports.clock.now(), cluster.now));
      const before = this.objectCount(cluster);
      const eventsBefore = cluster.newEvents().length;
      const output = runCommandLine({
        cluster,
        files: checkedOut.files,
        line: input.line,
        stdin,
        clock: live ? 'live' : 'stepped',
        user: input.user,
      });
      // Stepped sandboxes run the controllers inline, exactly like `podlab run`; live ones leave it to the worker.
      if (!live) cluster.reconcile();
      const wrote = cluster.newEvents().length > eventsBefore;
      cluster.recordCommand(
        input.line,
        { ...output, ...(stdin !== undefined ? { stdin } : {}) },
        { type: 'user', name: input.user },
      );
      // A LIVE command that wrote is checked against what the controllers will make of it (a Deployment of 5,000
      // replicas), on a copy: the worker must never be the one to cross the quota.
      const after =
        live && wrote
          ? Math.max(this.objectCount(cluster), this.objectsAfterReconcile(cluster))
          : this.objectCount(cluster);
      if (after > this.options.maxObjects && after > before)
        throw new SandboxError({
          code: 'QUOTA_EXCEEDED',
          sandboxId: sandbox.id,
          limit: this.options.maxObjects,
          objects: after,
        });
      const outcome = await this.streams.commit(streamId, checkedOut, {
        correlation,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      });
      if (outcome.remembered)
        return { ...(await this.recordedOutput(streamId, outcome.version)), fresh: false };
      return { ...output, version: outcome.version, fresh: true };
    });

    if (live && result.fresh) await this.reconcileSoon(sandbox.id);
    else if (result.fresh) await this.touchExercise(sandbox);
    return {
      stdout: result.stdout,
      stderr: result.stderr,
      exitCode: result.exitCode,
      version: result.version,
    };
  }

  /** What the first run of a command printed, read back from its CommandExecuted event. */
  private async recordedOutput(streamId: string, version: number): Promise<RunCommandResult> {
    const [stored] = await this.ports.events.readStream(streamId, {
      fromVersion: version,
      toVersion: version,
    });
    const event = stored && decodeEvent(stored);
    if (!event || event.type !== 'CommandExecuted')
      throw new Error(`${streamId}@${version}: expected the CommandExecuted of an earlier run`);
    return {
      stdout: event.data.stdout,
      stderr: event.data.stderr,
      exitCode: event.data.exitCode,
      version,
    };
  }

  async advanceClock(input: {
    readonly sandboxId: string;
    readonly durationMs: number;
  }): Promise<{ readonly version: number; readonly now: number }> {
    const { durationMs } = input;
    if (!Number.isInteger(durationMs) || durationMs <= 0 || durationMs > this.options.maxAdvanceMs)
      throw invalid('duration', `expected whole milliseconds from 1 to ${this.options.maxAdvanceMs}`);
    const sandbox = await this.requireRunning(input.sandboxId);
    if (sandbox.clockMode === 'LIVE')
      throw new SandboxError({ code: 'CLOCK_IS_LIVE', sandboxId: sandbox.id });
    const correlation = `advance:${this.ports.newId()}`;
    const advanced = await this.streams.withRetries(sandbox.id, async () => {
      const checkedOut = await this.checkout(sandbox);
      checkedOut.cluster.advance(durationMs);
      const now = checkedOut.cluster.now;
      const outcome = await this.streams.commit(streamIdOf(sandbox), checkedOut, { correlation });
      return { version: outcome.version, now };
    });
    await this.touchExercise(sandbox);
    return advanced;
  }

  /** Records the fault and its immediate effects; stepped sandboxes reconcile inline, live ones ring the worker. */
  async injectFault(input: {
    readonly sandboxId: string;
    readonly fault: Fault;
    /** Who injected it (instructor, challenge, learner), recorded as the fault injector's name. */
    readonly injector?: string;
  }): Promise<{ readonly version: number }> {
    const sandbox = await this.requireRunning(input.sandboxId);
    const live = sandbox.clockMode === 'LIVE';
    const correlation = `fault:${this.ports.newId()}`;
    const actor: Actor =
      input.injector !== undefined
        ? { type: 'fault-injector', name: input.injector }
        : { type: 'fault-injector' };
    const outcome = await this.streams.withRetries(sandbox.id, async () => {
      const checkedOut = await this.checkout(sandbox);
      const { cluster } = checkedOut;
      if (live) cluster.advanceTo(Math.max(this.ports.clock.now(), cluster.now));
      const result = cluster.injectFault(input.fault, actor);
      if (!result.ok)
        throw new SandboxError({
          code: 'FAULT_REJECTED',
          sandboxId: sandbox.id,
          reason: result.error.message,
        });
      if (!live) cluster.reconcile();
      return this.streams.commit(streamIdOf(sandbox), checkedOut, { correlation });
    });
    if (live) await this.reconcileSoon(sandbox.id);
    return { version: outcome.version };
  }

  /**
   * A fresh cluster of the same shape and seed in a new stream generation (`sandbox-<id>~<n>`). The old stream is
   * kept untouched (events are never deleted); history, replay and versions restart with the new generation.
   */
  async resetSandbox(sandboxId: string): Promise<SandboxRecord & { readonly version: number }> {
    const sandbox = await this.requireActive(sandboxId);
    const now = this.ports.clock.now();
    const next: SandboxRecord = {
      ...sandbox,
      generation: sandbox.generation + 1,
      degradedAt: null,
      degradedReason: null,
      lastActivityAt: new Date(now),
    };
    const cluster =
      computing(streamIdOf(next), () =>
        this.ports.prepare?.(sandbox, {
          seed: sandbox.seed,
          now: sandbox.clockMode === 'LIVE' ? now : null,
        }),
      ) ?? newCluster(sandbox.seed, sandbox.shape, sandbox.clockMode, now);
    let version = cluster.version;
    try {
      ({ version } = await this.streams.createStream(streamIdOf(next), cluster, `reset:${sandboxId}`));
    } catch (error) {
      // A reset that crashed after appending left the stream: use it.
      if (!isConflict(error)) throw error;
      version = await this.ports.events.streamVersion(streamIdOf(next));
    }
    const won = await this.ports.sandboxes.advanceGeneration(sandboxId, sandbox.generation);
    if (!won) return { ...(await this.getSandbox(sandboxId)), version };
    const nextTimerAt = sandbox.clockMode === 'LIVE' ? (cluster.nextTimerAt() ?? null) : null;
    await this.ports.sandboxes.update(sandboxId, { nextTimerAt, lastActivityAt: new Date(now) });
    if (nextTimerAt !== null) await this.ports.queue.requestReconcileAt(sandboxId, nextTimerAt);
    return { ...next, nextTimerAt, version };
  }

  /** Soft delete: hidden from lists, no more commands; the events stay for replay. Deleting twice is fine. */
  async deleteSandbox(sandboxId: string): Promise<SandboxRecord> {
    const sandbox = await this.getSandbox(sandboxId);
    if (sandbox.deletedAt) return sandbox;
    const deletedAt = new Date(this.ports.clock.now());
    await this.ports.sandboxes.update(sandboxId, { deletedAt, nextTimerAt: null });
    this.streams.cache.evict(streamIdOf(sandbox));
    return { ...sandbox, deletedAt, nextTimerAt: null };
  }

  // ---- the worker ---------------------------------------------------------------------------------------

  /**
   * Level-triggered: folds the head, runs the controllers at every due timer up to now, appends their decisions
   * with the version read, and says when to wake up next and whether the stream moved meanwhile.
   */
  async reconcileSandbox(sandboxId: string): Promise<ReconcileOutcome> {
    const sandbox = await this.ports.sandboxes.get(sandboxId);
    if (!sandbox) return { status: 'skipped', reason: 'not-found' };
    if (sandbox.deletedAt) return { status: 'skipped', reason: 'deleted' };
    if (sandbox.clockMode === 'STEPPED') return { status: 'skipped', reason: 'stepped' };
    if (sandbox.degradedAt) return { status: 'skipped', reason: 'degraded' };
    const now = this.ports.clock.now();
    if (sandbox.lastActivityAt.getTime() < now - this.options.parkAfterMs)
      return { status: 'skipped', reason: 'parked' };
    const streamId = streamIdOf(sandbox);
    const correlation = `reconcile:${this.ports.newId()}`;
    const done = await this.streams.withRetries(sandbox.id, async () => {
      const checkedOut = await this.checkout(sandbox);
      const { cluster } = checkedOut;
      // Stop at each due timer, but do not move the clock to `now` when nothing is due: an idle wake-up writes
      // nothing (commands catch the clock up themselves).
      const nextTimerAt = computing(streamId, () => {
        cluster.reconcile();
        for (;;) {
          const due = cluster.nextTimerAt();
          if (due === undefined || due > now) break;
          cluster.advanceTo(due);
        }
        return cluster.nextTimerAt() ?? null;
      });
      const outcome = await this.streams.commit(streamId, checkedOut, { correlation });
      return { ...outcome, nextTimerAt };
    });
    if (done.nextTimerAt !== sandbox.nextTimerAt)
      await this.ports.sandboxes.update(sandboxId, { nextTimerAt: done.nextTimerAt });
    const head = await this.ports.events.streamVersion(streamId);
    return {
      status: 'reconciled',
      version: done.version,
      appended: done.appended,
      nextTimerAt: done.nextTimerAt,
      requeue: head !== done.version,
    };
  }

  /**
   * After bounded retries the worker gives up on a sandbox: marked in its row (the worker and the resync skip it
   * until a reset) and told in its stream, as a Warning Kubernetes Event `SandboxDegraded` (a KubeEventsRecorded
   * fact, which every fold understands): history, subscriptions and `kubectl get events` show it. The append does
   * not depend on the state (expected version 'any'): the stream may be one the fold cannot read.
   */
  async markDegraded(sandboxId: string, reason: string): Promise<void> {
    const now = this.ports.clock.now();
    const degradedReason = reason.slice(0, 2000);
    await this.ports.sandboxes.update(sandboxId, { degradedAt: new Date(now), degradedReason });
    const sandbox = await this.getSandbox(sandboxId);
    const event: ClusterEvent = {
      type: 'KubeEventsRecorded',
      v: 1,
      at: now,
      actor: { type: 'system', name: 'reconcile-worker' },
      reason: 'SandboxDegraded',
      notes: [
        {
          type: 'Warning',
          reason: 'SandboxDegraded',
          message: `the controllers stopped after repeated failures (reset the sandbox to start again): ${degradedReason}`,
          involvedObject: { kind: 'Sandbox', name: 'sandbox' },
          source: { component: 'podlab-reconcile-worker' },
        },
      ],
      data: {},
    };
    await this.ports.events.append(streamIdOf(sandbox), 'any', [encodeEvent(event, `degraded:${sandboxId}`)]);
  }

  /** Re-rings the doorbell of every active LIVE sandbox with a pending timer (Redis may have lost its jobs). */
  async resync(limit = 10_000): Promise<number> {
    const now = this.ports.clock.now();
    const due = await this.ports.sandboxes.listWithPendingTimers({
      activeSince: new Date(now - this.options.parkAfterMs),
      limit,
    });
    for (const { id, nextTimerAt } of due) {
      if (nextTimerAt === null || nextTimerAt <= now) await this.ports.queue.requestReconcile(id);
      else await this.ports.queue.requestReconcileAt(id, nextTimerAt);
    }
    return due.length;
  }

  // ---- reads and replay ---------------------------------------------------------------------------------

  /**
   * The current state, projected while the cluster is checked out (`project` must not keep the Cluster: it goes
   * back to the cache afterwards). Reads never write, so a LIVE sandbox shows what the worker last decided.
   * Given the record (loaded by the caller after its request arrived, e.g. for the access check), the row is not
   * read again.
   */
  async readSandbox<T>(sandboxOrId: string | SandboxRecord, project: (state: SandboxState) => T): Promise<T> {
    const sandbox = typeof sandboxOrId === 'string' ? await this.getSandbox(sandboxOrId) : sandboxOrId;
    const streamId = streamIdOf(sandbox);
    const { cluster, files } = await this.checkout(sandbox);
    try {
      return project({ sandbox, version: cluster.version, now: cluster.now, cluster, files: files.list() });
    } finally {
      this.streams.release(streamId, cluster, files);
    }
  }

  /** The state at a version (1 … head) or at a simulated instant (the events at or before it). */
  async sandboxAt(
    sandboxId: string,
    at: { readonly version: number } | { readonly time: number },
  ): Promise<SandboxState> {
    const sandbox = await this.getSandbox(sandboxId);
    const streamId = streamIdOf(sandbox);
    if ('version' in at) {
      const head = await this.ports.events.streamVersion(streamId);
      if (!Number.isInteger(at.version) || at.version < 1 || at.version > head)
        throw new SandboxError({ code: 'VERSION_OUT_OF_RANGE', sandboxId, version: at.version, head });
      const cluster = await this.streams.foldTo(streamId, at.version);
      return { sandbox, version: cluster.version, now: cluster.now, cluster };
    }
    if (!Number.isFinite(at.time)) throw invalid('time', 'expected an instant');
    const cluster = await this.streams.foldToTime(streamId, at.time);
    if (!cluster) throw invalid('time', 'the sandbox did not exist yet at that instant');
    return { sandbox, version: cluster.version, now: cluster.now, cluster };
  }

  /** The whole history of the current generation, 1 … head, decoded (what the exercise grader folds). */
  async sandboxEvents(
    sandboxId: string,
  ): Promise<{ readonly sandbox: SandboxRecord; readonly events: VersionedEvent[] }> {
    const sandbox = await this.getSandbox(sandboxId);
    const streamId = streamIdOf(sandbox);
    const head = await this.ports.events.streamVersion(streamId);
    const stored = head > 0 ? await this.streams.readRange(streamId, 1, head) : [];
    return {
      sandbox,
      events: stored.map((event) => ({ ...decodeEvent(event), version: event.version }) as VersionedEvent),
    };
  }

  /** Events after the cursor, oldest first, with actor, reason, cause and the learner's commands with output. */
  async sandboxHistory(
    sandboxId: string,
    page: { readonly after?: string | null; readonly first: number },
  ): Promise<HistoryPage> {
    const { first } = page;
    if (!Number.isInteger(first) || first < 1 || first > this.options.maxHistoryPage)
      throw invalid('first', `expected a whole number from 1 to ${this.options.maxHistoryPage}`);
    const afterVersion = page.after == null ? 0 : Number(page.after);
    if (!Number.isInteger(afterVersion) || afterVersion < 0 || !/^\d+$/.test(page.after ?? '0'))
      throw invalid('after', 'expected a cursor returned by an earlier page');
    const sandbox = await this.getSandbox(sandboxId);
    const streamId = streamIdOf(sandbox);
    const [stored, headVersion] = await Promise.all([
      this.ports.events.readStream(streamId, { fromVersion: afterVersion + 1, limit: first + 1 }),
      this.ports.events.streamVersion(streamId),
    ]);
    const edges = stored
      .slice(0, first)
      .map((event) => ({ cursor: String(event.version), node: historyEvent(event) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: stored.length > first,
        hasPreviousPage: afterVersion > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      headVersion,
    };
  }

  /**
   * A new sandbox whose stream starts as a copy of events 1…version of the source's current generation (so its
   * fold at `version` equals the source's, and its history reads the same up to there).
   */
  async forkSandbox(input: {
    readonly sandboxId: string;
    readonly version: number;
    readonly ownerId: string;
    readonly title?: string;
    readonly clockMode?: ClockMode;
  }): Promise<SandboxRecord & { readonly version: number }> {
    const source = await this.getSandbox(input.sandboxId);
    const sourceStream = streamIdOf(source);
    const head = await this.ports.events.streamVersion(sourceStream);
    if (!Number.isInteger(input.version) || input.version < 1 || input.version > head)
      throw new SandboxError({
        code: 'VERSION_OUT_OF_RANGE',
        sandboxId: source.id,
        version: input.version,
        head,
      });
    const now = this.ports.clock.now();
    const id = this.ports.newId();
    const clockMode = input.clockMode ?? source.clockMode;
    const copied = await this.streams.readRange(sourceStream, 1, input.version);
    const events = copied.map(decodeEvent);
    const cluster = computing(sourceStream, () => Cluster.load(events));
    const record: SandboxRecord = {
      id,
      ownerId: input.ownerId,
      title: input.title?.trim() || `${source.title} (fork at v${input.version})`,
      exerciseId: source.exerciseId,
      clockMode,
      seed: source.seed,
      shape: source.shape,
      generation: 0,
      parentSandboxId: source.id,
      forkVersion: input.version,
      createdAt: new Date(now),
      deletedAt: null,
      degradedAt: null,
      degradedReason: null,
      nextTimerAt: clockMode === 'LIVE' ? (cluster.nextTimerAt() ?? null) : null,
      lastActivityAt: new Date(now),
    };
    const streamId = streamIdOf(record);
    const correlation = `fork:${source.id}@${input.version}`;
    const BATCH = 1000;
    for (let i = 0; i < copied.length; i += BATCH) {
      const batch = copied.slice(i, i + BATCH);
      await this.ports.events.append(
        streamId,
        i === 0 ? 'no-stream' : i,
        batch.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { ...event.metadata, correlation },
        })),
      );
    }
    const files = new SandboxFileSystem();
    for (const event of events) files.evolve(event);
    await this.streams.snapshotIfDue(streamId, cluster, files, 0);
    this.streams.release(streamId, cluster, files);
    await this.ports.sandboxes.insert(record);
    if (record.nextTimerAt !== null) await this.ports.queue.requestReconcile(id);
    return { ...record, version: cluster.version };
  }

  // ---- plumbing -----------------------------------------------------------------------------------------

  private checkout(sandbox: SandboxRecord): Promise<CheckedOut> {
    return this.streams.checkout(
      streamIdOf(sandbox),
      () => new SandboxError({ code: 'SANDBOX_NOT_FOUND', sandboxId: sandbox.id }),
    );
  }

  private objectCount(cluster: Cluster): number {
    const objects = cluster.view().objects;
    let total = 0;
    for (const kind of this.countedKinds) total += objects.count(kind);
    return total;
  }

  /**
   * Appends a new sandbox's stream and inserts its row concurrently (the < 50 ms goal). Should the stream fail while
   * the row landed, the row is soft-deleted at once: a listed sandbox always has a stream.
   */
  private async createBoth<T>(record: SandboxRecord, createStream: () => Promise<T>): Promise<T> {
    const [stream, row] = await Promise.allSettled([createStream(), this.ports.sandboxes.insert(record)]);
    if (stream.status === 'rejected') {
      if (row.status === 'fulfilled')
        await this.ports.sandboxes
          .update(record.id, { deletedAt: new Date(this.ports.clock.now()) })
          .catch(() => undefined);
      throw stream.reason;
    }
    if (row.status === 'rejected') throw row.reason;
    return stream.value;
  }

  /** The object count once the controllers have run at the current instant, computed on a deep copy. */
  private objectsAfterReconcile(cluster: Cluster): number {
    const copy = Cluster.load([], { snapshot: structuredClone(cluster.snapshot()) });
    copy.reconcile();
    return this.objectCount(copy);
  }

  /**
   * A STEPPED exercise sandbox was worked on: its activity is what an attempt's time spent runs to (LIVE ones record
   * it in reconcileSoon). Free-practice sandboxes skip the write.
   */
  private async touchExercise(sandbox: SandboxRecord): Promise<void> {
    if (sandbox.exerciseId === null) return;
    await this.ports.sandboxes.update(sandbox.id, { lastActivityAt: new Date(this.ports.clock.now()) });
  }

  /**
   * A LIVE sandbox changed: mark it due now in its metadata (so the periodic resync finds it even if Redis loses the
   * job), record the activity (parking), then ring the worker.
   */
  private async reconcileSoon(sandboxId: string): Promise<void> {
    const now = this.ports.clock.now();
    await this.ports.sandboxes.update(sandboxId, { nextTimerAt: now, lastActivityAt: new Date(now) });
    await this.ports.queue.requestReconcile(sandboxId);
  }
}

function newCluster(seed: number, shape: ClusterShape, clockMode: ClockMode, now: number): Cluster {
  return Cluster.create({
    seed,
    config: clusterConfig({
      nodes: defaultNodes(shape.workers, shape.controlPlane),
      // Live sandboxes' simulated time is wall time; stepped ones start where `podlab run` does.
      ...(clockMode === 'LIVE' ? { startTime: now } : {}),
    }),
  });
}

function historyEvent(stored: StoredEvent): HistoryEvent {
  const event = decodeEvent(stored);
  return {
    version: stored.version,
    type: event.type,
    at: event.at,
    actor: event.actor,
    actorName: actorString(event.actor),
    reason: event.reason,
    cause: event.cause ?? null,
    correlation: stored.metadata.correlation ?? null,
    recordedAt: stored.recordedAt,
    command:
      event.type === 'CommandExecuted'
        ? {
            line: event.data.line,
            stdin: event.data.stdin ?? null,
            stdout: event.data.stdout,
            stderr: event.data.stderr,
            exitCode: event.data.exitCode,
          }
        : null,
    event,
  };
}

function invalid(field: string, reason: string): SandboxError {
  return new SandboxError({ code: 'INVALID_ARGUMENT', field, reason });
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
