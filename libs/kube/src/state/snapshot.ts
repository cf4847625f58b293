// Snapshots: a cache of the fold at some version, never the truth. Restoring one and folding the tail must
// give exactly the state of a full fold (property-tested).
import type { KubeEvent } from '../api/kube-event';
import type { KubeObject } from '../api/objects';
import type { ClusterConfig } from './cluster-config';
import { ClusterState } from './cluster-state';
import type { KubeEventsSnapshot, SnapshotPart } from './kube-events';
import type { ScheduledFaultEntry } from './fault';
import type { ImageSpec } from './image';

export type { KubeEventsSnapshot, SnapshotPart } from './kube-events';

/** Bump when the shape of ClusterState or of this snapshot changes: older snapshots are then ignored. */
// 2: eventKeys became the Event expiry queue ([key, namespace, name, lastAt] in record order); a schema-1
// snapshot also holds Events that have expired since.
// 3: Kubernetes Events and their expiry queue moved out of `objects`/`eventKeys` into `kubeEvents`, a part a
// store may hand over undecoded.
// 4: `lastWrite` is such a part too. restoreSnapshot still reads schemas 2 and 3 (upgradeSnapshot).
export const SNAPSHOT_SCHEMA_VERSION = 4;
/** Older schema versions restoreSnapshot still reads (a store may serve them when no current one is nearer). */
export const OLDER_SNAPSHOT_SCHEMAS: readonly number[] = [3, 2];

export interface ClusterSnapshot {
  schemaVersion: number;
  version: number;
  seed: number;
  now: number;
  resourceVersion: number;
  config: ClusterConfig;
  /** Every object but Kubernetes Events, in a stable order (kind, then key). */
  objects: KubeObject[];
  customImages: ImageSpec[];
  brokenImages: string[];
  /**
   * The stream version of the last write of every uid ever written, in order: read only by writes (for their
   * `cause`), so restoring reads `value` only when one does.
   */
  lastWrite: SnapshotPart<[string, number][]>;
  /**
   * Kubernetes Events and their expiry queue: ~80% of a long session's state that showing a state (time travel)
   * never reads. Restoring reads `value` only when something reads or needs Events (docs/sandboxes.md).
   */
  kubeEvents: SnapshotPart<KubeEventsSnapshot>;
  /** Absent in snapshots taken before fault timelines existed (none was scheduled then). */
  faultTimeline?: ScheduledFaultEntry[];
}

/** A schema-3 snapshot: lastWrite as a plain array. */
interface ClusterSnapshotV3 extends Omit<ClusterSnapshot, 'lastWrite'> {
  lastWrite: [string, number][];
}

/** A schema-2 snapshot: Events among the objects, the expiry queue beside them. */
interface ClusterSnapshotV2 extends Omit<ClusterSnapshotV3, 'kubeEvents'> {
  eventKeys: [string, string, string, number][];
}

export interface TakeSnapshotOptions {
  /**
   * Hand over the restored snapshot's parts (`kubeEvents`, `lastWrite`) themselves when the state never touched
   * them since (a store can then write their stored bytes again, undecoded), instead of plain copies. Off by default:
   * callers that compare, clone or serialise a snapshot get plain values.
   */
  readonly keepUntouchedParts?: boolean;
}

export function takeSnapshot(state: ClusterState, options: TakeSnapshotOptions = {}): ClusterSnapshot {
  const keep = options.keepUntouchedParts === true;
  const untouchedEvents = keep ? state.untouchedEventsPart() : undefined;
  const untouchedLastWrite = keep ? state.lastWrite.untouchedPart() : undefined;
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    version: state.version,
    seed: state.seed,
    now: state.now,
    resourceVersion: state.resourceVersion,
    config: state.config,
    objects: state.objects.allBut('Event'),
    customImages: [...state.customImages.values()],
    brokenImages: [...state.brokenImages],
    lastWrite: (untouchedLastWrite as SnapshotPart<[string, number][]> | undefined) ?? {
      value: [...state.lastWrite.entries()],
    },
    kubeEvents: untouchedEvents ?? { value: state.eventsSnapshot() },
    faultTimeline: state.faultTimeline.map((entry) => ({ ...entry })),
  };
}

export function restoreSnapshot(snapshot: ClusterSnapshot): ClusterState {
  const current =
    snapshot.schemaVersion === 2 || snapshot.schemaVersion === 3
      ? upgradeSnapshot(snapshot as never)
      : snapshot;
  if (current.schemaVersion !== SNAPSHOT_SCHEMA_VERSION)
    throw new Error(`snapshot schema ${current.schemaVersion} is not ${SNAPSHOT_SCHEMA_VERSION}`);
  const state = new ClusterState(current.config);
  state.seed = current.seed;
  state.now = current.now;
  state.version = current.version;
  state.resourceVersion = current.resourceVersion;
  for (const object of current.objects) state.objects.put(object);
  for (const image of current.customImages) state.customImages.set(image.name, image);
  for (const image of current.brokenImages) state.brokenImages.add(image);
  state.lastWrite.restore(current.lastWrite);
  // Not read here: the first read of an Event (or a write that needs them) decodes and restores them.
  state.deferEvents(current.kubeEvents);
  state.faultTimeline = (current.faultTimeline ?? []).map((entry) => ({ ...entry }));
  return state;
}

/**
 * A schema-2 or schema-3 snapshot in the current shape (the same state): Events and their queue in `kubeEvents`
 * (schema 2 had them among the objects and in `eventKeys`), `lastWrite` a part.
 */
export function upgradeSnapshot(snapshot: ClusterSnapshotV2 | ClusterSnapshotV3): ClusterSnapshot {
  const v3 =
    snapshot.schemaVersion === 2 ? upgradeV2(snapshot as ClusterSnapshotV2) : (snapshot as ClusterSnapshotV3);
  return { ...v3, schemaVersion: SNAPSHOT_SCHEMA_VERSION, lastWrite: { value: v3.lastWrite } };
}

function upgradeV2(snapshot: ClusterSnapshotV2): ClusterSnapshotV3 {
  const { eventKeys, objects, ...rest } = snapshot;
  const events: KubeEvent[] = [];
  const others: KubeObject[] = [];
  for (const object of objects) (object.kind === 'Event' ? events : others).push(object as never);
  return { ...rest, objects: others, kubeEvents: { value: { objects: events, expiry: eventKeys } } };
}
