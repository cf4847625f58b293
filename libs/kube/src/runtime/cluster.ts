// The public entry point of the simulated cluster: user writes (create/update/delete), faults, time, and the
// reconcile loop. A Cluster holds the folded state and the events appended since it was loaded, which the
// caller persists (the backend appends them to the event store with the expected version).
import type { Kind, KubeObject } from '../api/objects';
import { resourceInfo } from '../api/objects';
import {
  createObject,
  deleteObject,
  updateObject,
  type DeleteOptions,
  type ObjectInput,
  type WriteMeta,
} from '../api-server/api-server';
import { ok, type Result } from '../api-server/api-error';
import { Rng } from '../rng/rng';
import { clusterConfig, type ClusterConfig } from '../state/cluster-config';
import type { Actor, ClusterEvent, VersionedEvent } from '../state/cluster-event';
import type { ClusterState, ClusterView } from '../state/cluster-state';
import { evolve, fold, initialState } from '../state/evolve';
import type { Fault, ScheduledFault } from '../state/fault';
import type { ImageSpec } from '../state/image';
import {
  restoreSnapshot,
  takeSnapshot,
  type ClusterSnapshot,
  type TakeSnapshotOptions,
} from '../state/snapshot';
import { bootstrapObjects, nodeObject } from './bootstrap';
import { defaultReconcilers } from '../reconcilers/default-reconcilers';
import type { ChangeFeed, ObjectChange, Reconciler, Write } from './reconciler';

export interface ClusterOptions {
  seed?: number;
  config?: Partial<ClusterConfig>;
  /** Replace the controllers (tests of one reconciler run it alone). */
  reconcilers?: Reconciler[];
  /** Deep-freeze stored objects so accidental mutation throws (tests). */
  freezeObjects?: boolean;
}

export interface WriteOptions {
  actor?: Actor;
  /** What the stream records as the reason, e.g. `kubectl apply`. */
  reason?: string;
  cause?: number;
  /** Validate and default, but store nothing (`--dry-run=server`). */
  dryRun?: boolean;
}

const SYSTEM: Actor = { type: 'system', name: 'cluster-bootstrap' };
const DEFAULT_USER: Actor = { type: 'user', name: 'learner' };
const FAULT_INJECTOR: Actor = { type: 'fault-injector' };
/** Rounds of the reconcile loop at one instant before we call it a livelock (a controller bug). */
const MAX_ROUNDS = 10_000;
/** Change-log entries foldIn lets pile up without a reconcile before dropping them (see foldIn). */
const MAX_FOLDED_LOG = 4096;

/** One object write, kept while some reconciler has not seen it yet (the source of ReconcileContext.changed). */
interface ChangeLogEntry {
  version: number;
  kind: Kind;
  uid: string;
  previous: KubeObject | undefined;
  current: KubeObject | undefined;
}

/** Where a reconciler's last call saw the cluster, and whether it decided anything. */
interface LastRun {
  version: number;
  now: number;
  writes: number;
}

export class Cluster {
  private readonly appended: VersionedEvent[] = [];
  private readonly reconcilers: Reconciler[];
  /** Object writes not yet seen by every reconciler, in stream order. */
  private changeLog: ChangeLogEntry[] = [];
  /** Stream version of the last event that changed something besides objects (clock, faults, images). */
  private lastGlobalChange = 0;
  private readonly lastRuns = new Map<Reconciler, LastRun>();
  /** Stream version of the last write of an object of each kind. */
  private readonly lastChangeOfKind = new Map<Kind, number>();

  private constructor(
    private readonly state: ClusterState,
    options: Pick<ClusterOptions, 'reconcilers' | 'freezeObjects'>,
  ) {
    this.reconcilers = options.reconcilers ?? defaultReconcilers();
    state.freezeObjects = options.freezeObjects ?? false;
  }

  /** A new cluster: ClusterCreated, then its bootstrap objects, settled at the start instant. */
  static create(options: ClusterOptions = {}): Cluster {
    const config = clusterConfig(options.config);
    const cluster = new Cluster(initialState(config), options);
    cluster.append({
      type: 'ClusterCreated',
      v: 1,
      at: config.startTime,
      actor: SYSTEM,
      reason: 'ClusterCreated',
      data: { seed: options.seed ?? 1, config },
    });
    for (const input of bootstrapObjects(config)) {
      cluster.expect(createObject(cluster.state, input, { actor: SYSTEM, reason: 'Bootstrap' }));
    }
    cluster.reconcile();
    return cluster;
  }

  /** A cluster folded from a stream (optionally starting from a snapshot of its head). */
  static load(
    events: Iterable<ClusterEvent>,
    options: Omit<ClusterOptions, 'seed' | 'config'> & { snapshot?: ClusterSnapshot } = {},
  ): Cluster {
    const state = options.snapshot ? restoreSnapshot(options.snapshot) : undefined;
    return new Cluster(fold(events, state), options);
  }

  view(): ClusterView {
    return this.state;
  }

  get version(): number {
    return this.state.version;
  }

  get now(): number {
    return this.state.now;
  }

  /** Events appended since this Cluster was created or loaded, with their stream versions. */
  newEvents(): readonly VersionedEvent[] {
    return this.appended;
  }

  /** A snapshot of the state (plain values unless `keepUntouchedParts`: see TakeSnapshotOptions). */
  snapshot(options?: TakeSnapshotOptions): ClusterSnapshot {
    return takeSnapshot(this.state, options);
  }

  /**
   * Folds events written elsewhere (the stream's tail after this cluster's version: another process' commands and
   * decisions) into this cluster in place, with the same change feed and skip bookkeeping as if it had made those
   * writes itself: the next reconcile sees them as changes instead of starting over with full passes, as a cluster
   * loaded from a snapshot of this one would. They are not newEvents(). Not atomic: a caller whose fold throws
   * midway must discard this cluster.
   */
  foldIn(events: Iterable<ClusterEvent>): void {
    for (const event of events) {
      if (event.type === 'ClusterCreated') throw new Error('foldIn: ClusterCreated starts a new stream');
      this.apply(event);
    }
    // A cluster that only folds (a reader that never reconciles) keeps no unbounded log: past this many entries
    // every reconciler's next run is a full pass instead.
    if (this.changeLog.length > MAX_FOLDED_LOG) {
      this.changeLog = [];
      this.changeLogFloor = this.state.version;
    }
  }

  // ---- user writes ------------------------------------------------------------------------------------

  create(input: ObjectInput, options: WriteOptions = {}): Result<KubeObject> {
    const result = createObject(this.state, input, this.meta(options, 'create'));
    if (!result.ok) return result;
    if (!options.dryRun) this.append(result.value.event);
    return ok(result.value.object);
  }

  /** Replaces an object (resourceVersion in the input, if any, must match). Undefined when it was finalized away. */
  update(object: KubeObject, options: WriteOptions = {}): Result<KubeObject | undefined> {
    const result = updateObject(this.state, object, this.meta(options, 'update'));
    if (!result.ok) return result;
    if (!options.dryRun) this.append(result.value.event);
    return ok(result.value.object);
  }

  delete(
    kind: Kind,
    namespace: string | undefined,
    name: string,
    deleteOptions: DeleteOptions = {},
    options: WriteOptions = {},
  ): Result<KubeObject | undefined> {
    const result = deleteObject(
      this.state,
      kind,
      namespace,
      name,
      deleteOptions,
      this.meta(options, 'delete'),
    );
    if (!result.ok) return result;
    if (!options.dryRun && result.value.event) this.append(result.value.event);
    return ok(result.value.object);
  }

  get<K extends Kind>(kind: K, namespace: string | undefined, name: string) {
    return this.state.objects.get(
      kind,
      resourceInfo(kind).namespaced ? (namespace ?? 'default') : undefined,
      name,
    );
  }

  /** Records a learner's command and what it printed (no state change; for replay and grading). */
  recordCommand(
    line: string,
    output: { stdout: string; stderr: string; exitCode: number; stdin?: string },
    actor: Actor = DEFAULT_USER,
  ): void {
    this.append({
      type: 'CommandExecuted',
      v: 1,
      at: this.state.now,
      actor,
      reason: 'CommandExecuted',
      data: {
        line,
        ...(output.stdin !== undefined ? { stdin: output.stdin } : {}),
        stdout: output.stdout,
        stderr: output.stderr,
        exitCode: output.exitCode,
      },
    });
  }

  registerImage(image: ImageSpec, actor: Actor = SYSTEM): void {
    this.append({
      type: 'ImageRegistered',
      v: 1,
      at: this.state.now,
      actor,
      reason: 'ImageRegistered',
      data: { image },
    });
  }

  // ---- faults ------------------------------------------------------------------------------------------

  /** Records the fault, then applies its immediate effects (caused by the fault event). */
  injectFault(fault: Fault, actor: Actor = FAULT_INJECTOR): Result<void> {
    return this.applyFault(fault, actor);
  }

  /**
   * Makes a fault timeline part of the cluster (FaultsScheduled): each fault fires at its absolute instant, by the
   * fault-timeline reconciler, whatever steps or wake-ups move the clock. Indices must be new; instants not past.
   */
  scheduleFaults(faults: readonly ScheduledFault[], actor: Actor = SYSTEM): Result<void> {
    const taken = new Set(this.state.faultTimeline.map((entry) => entry.index));
    for (const scheduled of faults) {
      const invalid = (message: string): Result<void> => ({
        ok: false,
        error: { code: 422, reason: 'Invalid', message },
      });
      if (!Number.isInteger(scheduled.index) || taken.has(scheduled.index))
        return invalid(`scheduled fault ${scheduled.index}: the index is not a new whole number`);
      if (!Number.isFinite(scheduled.at) || scheduled.at < this.state.now)
        return invalid(`scheduled fault ${scheduled.index}: its instant is in the past`);
      taken.add(scheduled.index);
    }
    if (!faults.length) return ok(undefined);
    this.append({
      type: 'FaultsScheduled',
      v: 1,
      at: this.state.now,
      actor,
      reason: 'FaultsScheduled',
      data: { faults: faults.map((f) => ({ index: f.index, at: f.at, fault: f.fault })) },
    });
    return ok(undefined);
  }

  private applyFault(fault: Fault, actor: Actor, scheduled?: number): Result<void> {
    const check = this.checkFault(fault);
    if (!check.ok) return check;
    this.append({
      type: 'FaultInjected',
      v: 1,
      at: this.state.now,
      actor,
      reason: faultReason(fault),
      data: { fault, ...(scheduled !== undefined ? { scheduled } : {}) },
    });
    const meta: WriteMeta = { actor, reason: faultReason(fault), cause: this.state.version };
    const node = 'node' in fault ? this.state.objects.get('Node', undefined, fault.node) : undefined;
    switch (fault.kind) {
      case 'node-down':
        if (node)
          this.expect(
            updateObject(
              this.state,
              { ...node, sim: { kubeletDown: true, lastHeartbeat: this.state.now } },
              meta,
            ),
          );
        break;
      case 'node-up':
        if (node) this.expect(updateObject(this.state, { ...node, sim: { kubeletDown: false } }, meta));
        break;
      case 'node-add': {
        const index = this.state.objects.count('Node') + this.state.config.nodes.length;
        const input = nodeObject(
          {
            name: fault.node,
            ...(fault.labels ? { labels: fault.labels } : {}),
            ...(fault.taints ? { taints: fault.taints } : {}),
            ...(fault.cpu ? { cpu: fault.cpu } : {}),
            ...(fault.memory ? { memory: fault.memory } : {}),
            ...(fault.pods ? { pods: fault.pods } : {}),
          },
          index,
          this.state.config,
          this.state.now,
        );
        this.expect(createObject(this.state, input, meta));
        break;
      }
      case 'node-remove':
        this.expect(deleteObject(this.state, 'Node', undefined, fault.node, {}, meta));
        break;
      case 'pod-kill':
        this.expect(
          deleteObject(this.state, 'Pod', fault.namespace, fault.pod, { gracePeriodSeconds: 0 }, meta),
        );
        break;
      case 'container-crash': {
        const pod = this.state.objects.get('Pod', fault.namespace, fault.pod);
        if (pod?.sim) {
          const index = fault.container
            ? pod.spec.containers.findIndex((c) => c.name === fault.container)
            : 0;
          const containers = pod.sim.containers.map((c, i) =>
            i === index && c.stage === 'running'
              ? { ...c, exitAt: this.state.now, exitCode: fault.exitCode ?? 137 }
              : c,
          );
          this.expect(updateObject(this.state, { ...pod, sim: { ...pod.sim, containers } }, meta));
        }
        break;
      }
      case 'image-broken':
      case 'image-fixed':
        break;
    }
    return ok(undefined);
  }

  private checkFault(fault: Fault): Result<void> {
    const nodeExists = 'node' in fault && !!this.state.objects.get('Node', undefined, fault.node);
    const fail = (message: string): Result<void> => ({
      ok: false,
      error: { code: 404, reason: 'NotFound', message },
    });
    switch (fault.kind) {
      case 'node-down':
      case 'node-up':
      case 'node-remove':
        return nodeExists ? ok(undefined) : fail(`nodes "${fault.node}" not found`);
      case 'node-add':
        return nodeExists
          ? {
              ok: false,
              error: { code: 409, reason: 'AlreadyExists', message: `nodes "${fault.node}" already exists` },
            }
          : ok(undefined);
      case 'pod-kill':
      case 'container-crash':
        return this.state.objects.get('Pod', fault.namespace, fault.pod)
          ? ok(undefined)
          : fail(`pods "${fault.pod}" not found`);
      default:
        return ok(undefined);
    }
  }

  // ---- time and reconciliation --------------------------------------------------------------------------

  /** Runs every reconciler repeatedly at the current instant until none has anything to write. */
  reconcile(): number {
    const before = this.state.version;
    for (let round = 0; ; round++) {
      if (round >= MAX_ROUNDS)
        throw new Error(`reconcilers did not settle after ${MAX_ROUNDS} rounds at t=${this.state.now}`);
      let wrote = 0;
      for (const reconciler of this.reconcilers) {
        const last = this.lastRuns.get(reconciler);
        // A pure function of an unchanged state decides nothing again: skipping it cannot change the stream.
        if (last && last.writes === 0 && last.version === this.state.version && last.now === this.state.now)
          continue;
        if (last && last.writes === 0 && reconciler.watches && this.unchangedFor(reconciler.watches, last)) {
          // Nothing it reads changed: as if it ran now and decided nothing again.
          last.version = this.state.version;
          continue;
        }
        const version = this.state.version;
        const writes = reconciler.reconcile({
          view: this.state,
          now: this.state.now,
          rng: (stream) => new Rng(this.state.seed, `${reconciler.name}/${stream}@${version}`),
          changed: this.changesSince(last),
        });
        this.lastRuns.set(reconciler, { version, now: this.state.now, writes: writes.length });
        for (const write of writes) wrote += this.applyWrite(reconciler, write);
      }
      this.trimChangeLog();
      if (wrote === 0) break;
    }
    return this.state.version - before;
  }

  /** Whether none of `kinds` (nor the clock, faults or images) changed since `last`. */
  private unchangedFor(kinds: readonly Kind[], last: LastRun): boolean {
    if (last.now !== this.state.now || this.lastGlobalChange > last.version) return false;
    for (const kind of kinds) if ((this.lastChangeOfKind.get(kind) ?? 0) > last.version) return false;
    return true;
  }

  /** The change feed of a reconciler whose last call is `last` (built lazily: most reconcilers never ask). */
  private changesSince(last: LastRun | undefined): ChangeFeed {
    const full =
      !last || last.now !== this.state.now || this.lastGlobalChange > last.version || !this.logCovers(last);
    if (full) return FULL_FEED;
    const log = this.changeLog;
    const start = firstAfter(log, last.version);
    let byKind: Map<Kind, ObjectChange[]> | undefined;
    return {
      full: false,
      writes: log.length - start,
      of(kind) {
        if (!byKind) byKind = groupChanges(log, start);
        return byKind.get(kind) ?? NO_CHANGES;
      },
    };
  }

  /** Whether the log still holds every object write after `last.version` (it is trimmed as reconcilers see it). */
  private logCovers(last: LastRun): boolean {
    return this.changeLogFloor <= last.version;
  }

  /** Every entry at or below this version was dropped from the log. */
  private changeLogFloor = 0;

  private trimChangeLog(): void {
    let min = Infinity;
    for (const reconciler of this.reconcilers) {
      const last = this.lastRuns.get(reconciler);
      if (last && last.version < min) min = last.version;
    }
    if (min === Infinity) return;
    const drop = firstAfter(this.changeLog, min);
    // Trimmed in chunks so a long instant costs amortized O(1) per write.
    if (drop > 1024 && drop * 2 > this.changeLog.length) {
      this.changeLog = this.changeLog.slice(drop);
      this.changeLogFloor = min;
    }
  }

  /** The earliest pending timer strictly after now, if any. */
  nextTimerAt(): number | undefined {
    let next: number | undefined;
    for (const reconciler of this.reconcilers) {
      const at = reconciler.nextWakeAt?.(this.state);
      if (at !== undefined && at > this.state.now && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Advances simulated time by `ms`, stopping at every timer on the way and settling there. */
  advance(ms: number): void {
    this.advanceTo(this.state.now + ms);
  }

  advanceTo(target: number): void {
    this.reconcile();
    for (;;) {
      const next = this.nextTimerAt();
      if (next === undefined || next > target) break;
      this.setClock(next);
      this.reconcile();
    }
    if (this.state.now < target) {
      this.setClock(target);
      this.reconcile();
    }
  }

  /** Advances until no timer is pending, or `maxMs` has passed. Returns the simulated ms that passed. */
  settle(maxMs: number): number {
    const start = this.state.now;
    this.reconcile();
    for (;;) {
      const next = this.nextTimerAt();
      if (next === undefined || next > start + maxMs) break;
      this.setClock(next);
      this.reconcile();
    }
    return this.state.now - start;
  }

  private setClock(to: number): void {
    this.append({
      type: 'ClockAdvanced',
      v: 1,
      at: to,
      actor: { type: 'system', name: 'clock' },
      reason: 'ClockAdvanced',
      data: { to },
    });
  }

  // ---- plumbing ----------------------------------------------------------------------------------------

  private applyWrite(reconciler: Reconciler, write: Write): number {
    const cause = write.causeUid !== undefined ? this.state.lastWriteOf(write.causeUid) : undefined;
    const meta: WriteMeta = {
      actor: write.actor ?? reconciler.actor,
      reason: write.reason,
      ...(cause !== undefined ? { cause } : {}),
      ...(write.notes?.length ? { notes: write.notes } : {}),
    };
    switch (write.op) {
      case 'create': {
        const result = createObject(this.state, write.object, meta);
        return result.ok ? this.append(result.value.event) : 0;
      }
      case 'update': {
        // A controller's update must be based on what it read: a stale write is dropped and decided again.
        if (!write.object.metadata.resourceVersion)
          throw new Error(`${reconciler.name}: update without resourceVersion`);
        const result = updateObject(this.state, write.object, meta);
        return result.ok ? this.append(result.value.event) : 0;
      }
      case 'delete': {
        const result = deleteObject(
          this.state,
          write.kind,
          write.namespace,
          write.name,
          write.options ?? {},
          meta,
        );
        return result.ok && result.value.event ? this.append(result.value.event) : 0;
      }
      case 'note':
        if (!write.notes?.length) return 0;
        return this.append({ type: 'KubeEventsRecorded', v: 1, at: this.state.now, ...meta, data: {} });
      case 'fault': {
        const before = this.state.version;
        const fired = this.applyFault(write.fault, meta.actor, write.scheduled);
        if (fired.ok) return this.state.version - before;
        // Its target is gone (a Pod the learner deleted): skipped for everyone alike, and recorded so it is done.
        return this.append({
          type: 'ScheduledFaultSkipped',
          v: 1,
          at: this.state.now,
          actor: meta.actor,
          reason: 'ScheduledFaultSkipped',
          data: { index: write.scheduled, fault: write.fault, message: fired.error.message },
        });
      }
    }
  }

  private append(event: ClusterEvent): number {
    const version = this.apply(event);
    // Events are built here or by the API server for this append only: tagging them saves a copy per event.
    (event as VersionedEvent).version = version;
    this.appended.push(event as VersionedEvent);
    return 1;
  }

  /** Evolves the state by one event and records what it changed for the change feed; returns its version. */
  private apply(event: ClusterEvent): number {
    const objects = this.state.objects;
    let previous: KubeObject | undefined;
    if (event.type === 'ObjectUpdated') {
      const meta = event.data.object.metadata;
      previous = objects.get(event.data.object.kind, meta.namespace, meta.name);
    } else if (event.type === 'ObjectDeleted')
      previous = objects.get(event.data.kind, event.data.namespace, event.data.name);
    const eventObjects = objects.count('Event');
    evolve(this.state, event);
    const version = this.state.version;
    switch (event.type) {
      case 'ObjectCreated':
      case 'ObjectUpdated': {
        const object = event.data.object;
        this.changeLog.push({
          version,
          kind: object.kind,
          uid: object.metadata.uid,
          previous,
          current: object,
        });
        this.lastChangeOfKind.set(object.kind, version);
        break;
      }
      case 'ObjectDeleted':
        this.changeLog.push({
          version,
          kind: event.data.kind,
          uid: event.data.uid,
          previous,
          current: undefined,
        });
        this.lastChangeOfKind.set(event.data.kind, version);
        break;
      case 'KubeEventsRecorded':
      case 'CommandExecuted':
        break;
      default:
        this.lastGlobalChange = version;
    }
    // Notes are folded into Event objects; a clock that moves may expire some.
    if (event.notes?.length || objects.count('Event') !== eventObjects)
      this.lastChangeOfKind.set('Event', version);
    return version;
  }

  private expect(result: Result<{ event: ClusterEvent | undefined }>): void {
    if (!result.ok) throw new Error(`cluster: ${result.error.message}`);
    if (result.value.event) this.append(result.value.event);
  }

  private meta(options: WriteOptions, verb: string): WriteMeta {
    return {
      actor: options.actor ?? DEFAULT_USER,
      reason: options.reason ?? `kubectl ${verb}`,
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    };
  }
}

const NO_CHANGES: readonly ObjectChange[] = Object.freeze([]);
const FULL_FEED: ChangeFeed = { full: true, writes: 0, of: () => NO_CHANGES };

/** Index of the first entry with a version above `version` (entries are in stream order). */
function firstAfter(log: readonly ChangeLogEntry[], version: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.version <= version) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One change per object and kind: the state before its first write in the window, and its state now. */
function groupChanges(log: readonly ChangeLogEntry[], start: number): Map<Kind, ObjectChange[]> {
  const byKind = new Map<Kind, ObjectChange[]>();
  // Where each uid's change sits in its kind's list. An object written once is reported by its log entry
  // itself (no copy); only repeats get a merged entry.
  const seen = new Map<string, number>();
  for (let i = start; i < log.length; i++) {
    const entry = log[i]!;
    let list = byKind.get(entry.kind);
    if (!list) byKind.set(entry.kind, (list = []));
    const at = seen.get(entry.uid);
    if (at === undefined) {
      seen.set(entry.uid, list.length);
      list.push(entry);
      continue;
    }
    const first = list[at]!;
    list[at] = { kind: first.kind, uid: first.uid, previous: first.previous, current: entry.current };
  }
  return byKind;
}

function faultReason(fault: Fault): string {
  return `Fault:${fault.kind}`;
}
