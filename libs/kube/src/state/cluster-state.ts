// The state of one simulated cluster: the fold of its events. Mutated only by `evolve`; everything else reads
// it through ClusterView.
import type { ClusterConfig } from './cluster-config';
import type { ScheduledFaultEntry } from './fault';
import type { ImageSpec } from './image';
import {
  applyEventsOperation,
  type EventsOperation,
  type KubeEventsSnapshot,
  type SnapshotPart,
} from './kube-events';
import { LastWrites } from './last-writes';
import { ObjectStore, type ObjectView } from './object-store';

/** Where an aggregated Event lives and when it was last recorded (simulated ms): it expires at lastAt + TTL. */
export interface EventEntry {
  namespace: string;
  name: string;
  lastAt: number;
}

/** Past this many deferred changes to the Events they are decoded and the changes applied (bounds the memory). */
const MAX_DEFERRED_OPERATIONS = 10_000;

export interface ClusterView {
  readonly seed: number;
  readonly config: ClusterConfig;
  /** Simulated now, ms since the Unix epoch. */
  readonly now: number;
  /** Stream version: how many events have been folded. */
  readonly version: number;
  readonly resourceVersion: number;
  readonly objects: ObjectView;
  /** Images registered by exercises, by repository name. */
  readonly customImages: ReadonlyMap<string, ImageSpec>;
  /** `repo:tag` (or `repo` for every tag) currently failing to pull because of a fault. */
  readonly brokenImages: ReadonlySet<string>;
  /** The fault timeline (FaultsScheduled), in firing order (instant, then index). */
  readonly faultTimeline: readonly Readonly<ScheduledFaultEntry>[];
  /** Stream version of the last event that wrote the object with this uid (for `cause`). */
  lastWriteOf(uid: string): number | undefined;
}

export class ClusterState implements ClusterView {
  seed = 0;
  now = 0;
  version = 0;
  resourceVersion = 0;
  readonly objects = new ObjectStore();
  readonly customImages = new Map<string, ImageSpec>();
  readonly brokenImages = new Set<string>();
  faultTimeline: ScheduledFaultEntry[] = [];
  readonly lastWrite = new LastWrites();
  /**
   * Kubernetes `Event` objects by aggregation key (`uid|type|reason|component|message`, or `#namespace/name` for
   * one written through the API), in the order they were last recorded: the expiry queue, oldest first. Read it
   * only through changeEvents/eventsSnapshot: while a restored snapshot's Events are deferred it is empty.
   */
  readonly eventKeys = new Map<string, EventEntry>();
  /** Deep-freeze every stored object: tests turn this on so a reconciler that mutates state fails loudly. */
  freezeObjects = false;
  /**
   * A restored snapshot's Events, not decoded yet, and the changes to them folded since, in order; null once they
   * are (or when the state was not restored from a snapshot).
   */
  private deferred: { part: SnapshotPart<KubeEventsSnapshot>; operations: EventsOperation[] } | null = null;

  constructor(public config: ClusterConfig) {}

  /**
   * Restoring: the Events and their expiry queue are `part`'s, read only when something first reads an Event
   * (through the ObjectStore), needs the queue, or snapshots them. Meanwhile changes to them wait in order.
   */
  deferEvents(part: SnapshotPart<KubeEventsSnapshot>): void {
    this.materializeEvents();
    this.deferred = { part, operations: [] };
    this.objects.onEventsNeeded(() => this.materializeEvents());
  }

  /**
   * Applies a change to the Events, or queues it while they are deferred. A queued expiry right after another one
   * replaces it (expiring at the later instant removes what both would).
   */
  changeEvents(operation: EventsOperation): void {
    const deferred = this.deferred;
    if (!deferred) {
      applyEventsOperation(this, operation);
      return;
    }
    const operations = deferred.operations;
    const last = operations[operations.length - 1];
    if (operation.op === 'expire' && last?.op === 'expire' && last.ttlMs === operation.ttlMs) {
      last.now = operation.now;
      return;
    }
    operations.push(operation);
    if (operations.length > MAX_DEFERRED_OPERATIONS) this.materializeEvents();
  }

  /** Decodes deferred Events, restores them and their queue, then applies the changes that waited, in order. */
  materializeEvents(): void {
    const deferred = this.deferred;
    if (!deferred) return;
    this.deferred = null;
    this.objects.onEventsNeeded(null);
    const { objects, expiry } = deferred.part.value;
    for (const object of objects) this.objects.put(object);
    for (const [key, namespace, name, lastAt] of expiry) this.eventKeys.set(key, { namespace, name, lastAt });
    for (const operation of deferred.operations) applyEventsOperation(this, operation);
  }

  /** The restored part itself while nothing changed or read the Events since the restore; else undefined. */
  untouchedEventsPart(): SnapshotPart<KubeEventsSnapshot> | undefined {
    const deferred = this.deferred;
    return deferred && deferred.operations.length === 0 ? deferred.part : undefined;
  }

  /** The Events and their expiry queue as a snapshot keeps them (decoding deferred ones first). */
  eventsSnapshot(): KubeEventsSnapshot {
    this.materializeEvents();
    return {
      objects: this.objects.list('Event'),
      expiry: [...this.eventKeys].map(([key, e]) => [key, e.namespace, e.name, e.lastAt]),
    };
  }

  lastWriteOf(uid: string): number | undefined {
    return this.lastWrite.get(uid);
  }
}
