// The state of one simulated cluster: the fold of its events. Mutated only by `evolve`; everything else reads
// it through ClusterView.
import type { ClusterConfig } from './cluster-config';
import type { ScheduledFaultEntry } from './fault';
import type { ImageSpec } from './image';
import { LastWrites } from './last-writes';
import { ObjectStore, type ObjectView } from './object-store';

/** Where an aggregated Event lives and when it was last recorded (simulated ms): it expires at lastAt + TTL. */
export interface EventEntry {
  namespace: string;
  name: string;
  lastAt: number;
}

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
   * one written through the API), in the order they were last recorded: the expiry queue, oldest first.
   */
  readonly eventKeys = new Map<string, EventEntry>();
  /** Deep-freeze every stored object: tests turn this on so a reconciler that mutates state fails loudly. */
  freezeObjects = false;

  constructor(public config: ClusterConfig) {}

  lastWriteOf(uid: string): number | undefined {
    return this.lastWrite.get(uid);
  }
}
