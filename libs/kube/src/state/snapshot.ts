// Snapshots: a cache of the fold at some version, never the truth. Restoring one and folding the tail must
// give exactly the state of a full fold (property-tested).
import type { KubeObject } from '../api/objects';
import type { ClusterConfig } from './cluster-config';
import { ClusterState } from './cluster-state';
import type { ScheduledFaultEntry } from './fault';
import type { ImageSpec } from './image';

/** Bump when the shape of ClusterState or of this snapshot changes: older snapshots are then ignored. */
// 2: eventKeys became the Event expiry queue ([key, namespace, name, lastAt] in record order); a schema-1
// snapshot also holds Events that have expired since.
export const SNAPSHOT_SCHEMA_VERSION = 2;

export interface ClusterSnapshot {
  schemaVersion: number;
  version: number;
  seed: number;
  now: number;
  resourceVersion: number;
  config: ClusterConfig;
  objects: KubeObject[];
  customImages: ImageSpec[];
  brokenImages: string[];
  lastWrite: [string, number][];
  /** The Event expiry queue in its order, oldest first: [aggregation key, namespace, name, lastAt ms]. */
  eventKeys: [string, string, string, number][];
  /** Absent in snapshots taken before fault timelines existed (none was scheduled then). */
  faultTimeline?: ScheduledFaultEntry[];
}

export function takeSnapshot(state: ClusterState): ClusterSnapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    version: state.version,
    seed: state.seed,
    now: state.now,
    resourceVersion: state.resourceVersion,
    config: state.config,
    objects: state.objects.all(),
    customImages: [...state.customImages.values()],
    brokenImages: [...state.brokenImages],
    lastWrite: [...state.lastWrite.entries()],
    eventKeys: [...state.eventKeys].map(([key, e]) => [key, e.namespace, e.name, e.lastAt]),
    faultTimeline: state.faultTimeline.map((entry) => ({ ...entry })),
  };
}

export function restoreSnapshot(snapshot: ClusterSnapshot): ClusterState {
  if (snapshot.schemaVersion !== SNAPSHOT_SCHEMA_VERSION)
    throw new Error(`snapshot schema ${snapshot.schemaVersion} is not ${SNAPSHOT_SCHEMA_VERSION}`);
  const state = new ClusterState(snapshot.config);
  state.seed = snapshot.seed;
  state.now = snapshot.now;
  state.version = snapshot.version;
  state.resourceVersion = snapshot.resourceVersion;
  for (const object of snapshot.objects) state.objects.put(object);
  for (const image of snapshot.customImages) state.customImages.set(image.name, image);
  for (const image of snapshot.brokenImages) state.brokenImages.add(image);
  state.lastWrite.restore(snapshot.lastWrite);
  for (const [key, namespace, name, lastAt] of snapshot.eventKeys)
    state.eventKeys.set(key, { namespace, name, lastAt });
  state.faultTimeline = (snapshot.faultTimeline ?? []).map((entry) => ({ ...entry }));
  return state;
}
