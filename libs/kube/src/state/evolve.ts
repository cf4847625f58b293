// evolve(state, event): the one place state changes. Deterministic and total over every event type.
import type { ClusterEvent } from './cluster-event';
import { ClusterState } from './cluster-state';
import { DEFAULT_EVENT_TTL_SECONDS, type ClusterConfig } from './cluster-config';
import { deepFreeze } from './kube-events';

export { eventNameSuffix } from './kube-events';

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
      if (object.kind === 'Event') {
        // An Event written through the API expires like a recorded one, counted from its last write.
        const namespace = object.metadata.namespace ?? 'default';
        state.changeEvents({
          op: 'put',
          object,
          key: `#${namespace}/${object.metadata.name}`,
          entry: { namespace, name: object.metadata.name, lastAt: event.at },
        });
      } else state.objects.put(object);
      const rv = Number(object.metadata.resourceVersion);
      if (rv > state.resourceVersion) state.resourceVersion = rv;
      state.lastWrite.set(object.metadata.uid, state.version);
      break;
    }
    case 'ObjectDeleted':
      if (event.data.kind === 'Event')
        state.changeEvents({ op: 'remove', namespace: event.data.namespace, name: event.data.name });
      else state.objects.remove(event.data.kind, event.data.namespace, event.data.name);
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
  if (state.now !== before)
    state.changeEvents({
      op: 'expire',
      now: state.now,
      ttlMs: (state.config.eventTtlSeconds ?? DEFAULT_EVENT_TTL_SECONDS) * 1000,
    });
  if (event.notes)
    state.changeEvents({
      op: 'notes',
      notes: event.notes,
      at: event.at,
      version: state.version,
      resourceVersion: state.resourceVersion,
      freeze: state.freezeObjects,
    });
  return state;
}

function markDone(state: ClusterState, index: number): void {
  state.faultTimeline = state.faultTimeline.map((entry) =>
    entry.index === index ? { ...entry, done: true } : entry,
  );
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
