// The Kubernetes `Event` objects of a state and their expiry queue: how evolve changes them (recorded notes,
// API writes, expiry), and the form a snapshot keeps them in. A state restored from a snapshot keeps its Events
// undecoded until something reads them (ClusterState.deferEvents): they are most of a long session's state, and
// showing a past state (time travel) never reads them, so its changes to them wait as EventsOperations.
import type { KubeEvent } from '../api/kube-event';
import { rfc3339 } from '../time/time';
import type { KubeEventNote } from './cluster-event';
import type { ClusterState, EventEntry } from './cluster-state';

/**
 * A part of a snapshot that whoever restores it may hand over undecoded: reading `value` decodes it (once). A plain
 * `{ value }` object is one too.
 */
export interface SnapshotPart<T> {
  readonly value: T;
}

/** The Kubernetes Events of a state and their expiry queue, as a snapshot keeps them. */
export interface KubeEventsSnapshot {
  /** Every Event object, sorted by key. */
  objects: KubeEvent[];
  /** The Event expiry queue in its order, oldest first: [aggregation key, namespace, name, lastAt ms]. */
  expiry: [string, string, string, number][];
}

/**
 * A change to the Events of a state. Everything it reads besides the Events is in it (the state's version and
 * resource version for recorded notes, the instant for expiry), so applying it later gives what applying it at
 * once gave.
 */
export type EventsOperation =
  /** An Event written through the API (ObjectCreated/ObjectUpdated), re-queued at `entry.lastAt`. */
  | { readonly op: 'put'; readonly object: KubeEvent; readonly key: string; readonly entry: EventEntry }
  | { readonly op: 'remove'; readonly namespace: string | undefined; readonly name: string }
  /** The clock moved to `now`: Events last recorded `ttlMs` or longer before leave. */
  | { op: 'expire'; now: number; readonly ttlMs: number }
  | {
      readonly op: 'notes';
      readonly notes: readonly KubeEventNote[];
      readonly at: number;
      readonly version: number;
      readonly resourceVersion: number;
      readonly freeze: boolean;
    };

export function applyEventsOperation(state: ClusterState, operation: EventsOperation): void {
  switch (operation.op) {
    case 'put':
      state.objects.put(operation.object);
      touchEvent(state, operation.key, operation.entry);
      break;
    case 'remove':
      state.objects.remove('Event', operation.namespace, operation.name);
      break;
    case 'expire':
      expireEvents(state, operation.now, operation.ttlMs);
      break;
    case 'notes':
      recordNotes(state, operation);
      break;
  }
}

/**
 * The API server's --event-ttl: Events last recorded TTL or longer before `now` leave the state. Pure in the
 * fold: the state at an instant depends only on the events up to it, with no expiry event in the stream. The
 * queue (eventKeys) is in record order, which is time order since `at` never goes back, so only expired
 * entries are visited.
 */
function expireEvents(state: ClusterState, now: number, ttlMs: number): void {
  for (const [key, entry] of state.eventKeys) {
    if (entry.lastAt + ttlMs > now) break;
    state.eventKeys.delete(key);
    state.objects.remove('Event', entry.namespace, entry.name);
  }
}

/** (Re)queues an Event at the back of the expiry queue. */
function touchEvent(state: ClusterState, key: string, entry: EventEntry): void {
  state.eventKeys.delete(key);
  state.eventKeys.set(key, entry);
}

/** Folds Kubernetes event notes into `Event` objects, aggregating repeats (`2m (x3 over 10m)`). */
function recordNotes(
  state: ClusterState,
  { notes, at, version, resourceVersion, freeze }: Extract<EventsOperation, { op: 'notes' }>,
): void {
  const timestamp = rfc3339(at);
  for (let i = 0; i < notes.length; i++) {
    const note = notes[i]!;
    const involved = note.involvedObject;
    const namespace = involved.namespace ?? 'default';
    const key = `${involved.uid ?? involved.name}|${note.type}|${note.reason}|${note.source.component}|${note.message}`;
    const existingEntry = state.eventKeys.get(key);
    const existing = existingEntry
      ? state.objects.get('Event', existingEntry.namespace, existingEntry.name)
      : undefined;
    if (existing) {
      state.objects.put(
        freezeIf(freeze, { ...existing, count: existing.count + 1, lastTimestamp: timestamp }),
      );
      touchEvent(state, key, { namespace: existingEntry!.namespace, name: existingEntry!.name, lastAt: at });
      continue;
    }
    const name = `${involved.name}.${eventNameSuffix(at, version * 64 + i)}`;
    const event: KubeEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace,
        uid: `event-${version}-${i}`,
        resourceVersion: String(resourceVersion),
        creationTimestamp: timestamp,
      },
      involvedObject: involved,
      reason: note.reason,
      message: note.message,
      type: note.type,
      source: note.source,
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
    };
    touchEvent(state, key, { namespace, name, lastAt: at });
    state.objects.put(freezeIf(freeze, event));
  }
}

const TWO_32 = 0x1_0000_0000;

/**
 * Hex of `at * 1e6 + serial` (an Event name's unique suffix), exact in doubles: split in 32-bit halves rather
 * than a BigInt per note. Needs at < 2^53 and serial < 2^52, far beyond any stream.
 */
export function eventNameSuffix(at: number, serial: number): string {
  const atHigh = Math.floor(at / TWO_32);
  const low = (at - atHigh * TWO_32) * 1_000_000 + serial; // < 2^52 + 2^52: exact
  const carry = Math.floor(low / TWO_32);
  const high = atHigh * 1_000_000 + carry;
  const lowWord = low - carry * TWO_32;
  return high > 0 ? high.toString(16) + lowWord.toString(16).padStart(8, '0') : lowWord.toString(16);
}

function freezeIf<T>(freeze: boolean, value: T): T {
  return freeze ? deepFreeze(value) : value;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
