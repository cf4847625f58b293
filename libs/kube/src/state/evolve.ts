// evolve(state, event): the one place state changes. Deterministic and total over every event type.
import type { KubeEvent } from '../api/kube-event';
import { rfc3339 } from '../time/time';
import type { ClusterEvent, KubeEventNote } from './cluster-event';
import { ClusterState, type EventEntry } from './cluster-state';
import { DEFAULT_EVENT_TTL_SECONDS, type ClusterConfig } from './cluster-config';

export function initialState(config: ClusterConfig): ClusterState {
  return new ClusterState(config);
}

export function evolve(state: ClusterState, event: ClusterEvent): ClusterState {
  state.version += 1;
  const before = state.now;
  if (event.at > state.now) state.now = event.at;
  switch (event.type) {
    case 'ClusterCreated':
      state.seed = event.data.seed;
      state.config = event.data.config;
      state.now = event.data.config.startTime;
      break;
    case 'ObjectCreated':
    case 'ObjectUpdated': {
      const object = state.freezeObjects ? deepFreeze(event.data.object) : event.data.object;
      state.objects.put(object);
      const rv = Number(object.metadata.resourceVersion);
      if (rv > state.resourceVersion) state.resourceVersion = rv;
      state.lastWrite.set(object.metadata.uid, state.version);
      if (object.kind === 'Event') {
        // An Event written through the API expires like a recorded one, counted from its last write.
        const namespace = object.metadata.namespace ?? 'default';
        touchEvent(state, `#${namespace}/${object.metadata.name}`, {
          namespace,
          name: object.metadata.name,
          lastAt: event.at,
        });
      }
      break;
    }
    case 'ObjectDeleted':
      state.objects.remove(event.data.kind, event.data.namespace, event.data.name);
      state.lastWrite.set(event.data.uid, state.version);
      break;
    case 'ClockAdvanced':
      state.now = event.data.to;
      break;
    case 'FaultInjected': {
      const fault = event.data.fault;
      if (fault.kind === 'image-broken') state.brokenImages.add(fault.image);
      if (fault.kind === 'image-fixed') state.brokenImages.delete(fault.image);
      if (event.data.scheduled !== undefined) markDone(state, event.data.scheduled);
      break;
    }
    case 'FaultsScheduled':
      // Copies: the state's entries change (done) and must not alias the event's data.
      state.faultTimeline = [
        ...state.faultTimeline,
        ...event.data.faults.map((f) => ({ index: f.index, at: f.at, fault: f.fault, done: false })),
      ].sort((a, b) => a.at - b.at || a.index - b.index);
      break;
    case 'ScheduledFaultSkipped':
      markDone(state, event.data.index);
      break;
    case 'ImageRegistered':
      state.customImages.set(event.data.image.name, event.data.image);
      break;
    case 'KubeEventsRecorded':
    case 'CommandExecuted':
      break;
    default: {
      const unknown: never = event;
      throw new Error(`evolve: unknown event type ${(unknown as { type: string }).type}`);
    }
  }
  // Expiry before this event's notes: at lastAt + TTL an Event is gone, and a repeat from then on starts anew.
  if (state.now !== before) expireEvents(state);
  if (event.notes) recordNotes(state, event.notes, event.at);
  return state;
}

/**
 * The API server's --event-ttl: Events last recorded TTL or longer before `now` leave the state. Pure in the
 * fold: the state at an instant depends only on the events up to it, with no expiry event in the stream. The
 * queue (eventKeys) is in record order, which is time order since `at` never goes back, so only expired
 * entries are visited.
 */
function expireEvents(state: ClusterState): void {
  const ttl = (state.config.eventTtlSeconds ?? DEFAULT_EVENT_TTL_SECONDS) * 1000;
  for (const [key, entry] of state.eventKeys) {
    if (entry.lastAt + ttl > state.now) break;
    state.eventKeys.delete(key);
    state.objects.remove('Event', entry.namespace, entry.name);
  }
}

/** (Re)queues an Event at the back of the expiry queue. */
function touchEvent(state: ClusterState, key: string, entry: EventEntry): void {
  state.eventKeys.delete(key);
  state.eventKeys.set(key, entry);
}

function markDone(state: ClusterState, index: number): void {
  state.faultTimeline = state.faultTimeline.map((entry) =>
    entry.index === index ? { ...entry, done: true } : entry,
  );
}

/** Folds Kubernetes event notes into `Event` objects, aggregating repeats (`2m (x3 over 10m)`). */
function recordNotes(state: ClusterState, notes: readonly KubeEventNote[], at: number): void {
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
        freezeIf(state, { ...existing, count: existing.count + 1, lastTimestamp: timestamp }),
      );
      touchEvent(state, key, { namespace: existingEntry!.namespace, name: existingEntry!.name, lastAt: at });
      continue;
    }
    const name = `${involved.name}.${eventNameSuffix(at, state.version * 64 + i)}`;
    const event: KubeEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace,
        uid: `event-${state.version}-${i}`,
        resourceVersion: String(state.resourceVersion),
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
    state.objects.put(freezeIf(state, event));
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

function freezeIf<T>(state: ClusterState, value: T): T {
  return state.freezeObjects ? deepFreeze(value) : value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/** Folds events onto a state (a fresh one when not given). */
export function fold(events: Iterable<ClusterEvent>, state?: ClusterState): ClusterState {
  let current = state;
  for (const event of events) {
    if (!current) {
      if (event.type !== 'ClusterCreated') throw new Error('fold: a stream starts with ClusterCreated');
      current = initialState(event.data.config);
    }
    evolve(current, event);
  }
  if (!current) throw new Error('fold: no events');
  return current;
}
