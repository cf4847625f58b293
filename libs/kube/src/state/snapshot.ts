// Snapshots: a cache of the fold at some version, never the truth. Restoring one and folding the tail must
// give exactly the state of a full fold (property-tested).
import type { KubeObject } from '../api/objects';
import type { ClusterConfig } from './cluster-config';
import { ClusterState } from './cluster-state';
import type { ScheduledFaultEntry } from './fault';
import type { ImageSpec } from './image';

/** Bump when the shape of ClusterState or of this snapshot changes: older snapshots are then ignored. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

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
  eventKeys: [string, string][];
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
    eventKeys: [...state.eventKeys.entries()],
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
  for (const [uid, version] of snapshot.lastWrite) state.lastWrite.set(uid, version);
  for (const [key, name] of snapshot.eventKeys) state.eventKeys.set(key, name);
  state.faultTimeline = (snapshot.faultTimeline ?? []).map((entry) => ({ ...entry }));
  return state;
}
