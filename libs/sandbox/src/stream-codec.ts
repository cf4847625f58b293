// How a ClusterEvent sits in the event store (decided by the lead, docs/sandboxes.md): `type` is the event's type,
// `data` the rest of its envelope (v, at, actor, reason, cause, notes, data), `metadata` the actor as a string,
// the cause as a string and the correlation id. The stream version is the store's, never stored in `data`.
import type { Actor, ClusterEvent, VersionedEvent } from '@podlab/kube';
import type { StoredEvent, StoredNewEvent } from './ports';

const STREAM_PREFIX = 'sandbox-';
const UUID_LENGTH = 36;

/** Generation 0 lives in `sandbox-<id>`; a reset moves the sandbox to `sandbox-<id>~<generation>`. */
export function streamIdOf(sandbox: { readonly id: string; readonly generation: number }): string {
  return sandbox.generation === 0
    ? `${STREAM_PREFIX}${sandbox.id}`
    : `${STREAM_PREFIX}${sandbox.id}~${sandbox.generation}`;
}

/** The sandbox id and generation of a stream id, or null for another kind of stream. */
export function parseStreamId(streamId: string): { sandboxId: string; generation: number } | null {
  if (!streamId.startsWith(STREAM_PREFIX)) return null;
  const rest = streamId.slice(STREAM_PREFIX.length);
  const tilde = rest.indexOf('~');
  if (tilde < 0) return rest.length === UUID_LENGTH ? { sandboxId: rest, generation: 0 } : null;
  const generation = Number(rest.slice(tilde + 1));
  if (!Number.isInteger(generation) || generation < 1) return null;
  return { sandboxId: rest.slice(0, tilde), generation };
}

export function actorString(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return `user:${actor.name}`;
    case 'controller':
      return `controller:${actor.name}`;
    case 'scheduler':
      return `scheduler:${actor.name}`;
    case 'kubelet':
      return `kubelet:${actor.node}`;
    case 'fault-injector':
      return actor.name !== undefined ? `fault-injector:${actor.name}` : 'fault-injector';
    case 'system':
      return `system:${actor.name}`;
  }
}

export function encodeEvent(event: ClusterEvent | VersionedEvent, correlation?: string): StoredNewEvent {
  const { type, ...rest } = event;
  const data: Record<string, unknown> = { ...rest };
  delete data['version'];
  return {
    type,
    data,
    metadata: {
      actor: actorString(event.actor),
      ...(event.cause !== undefined ? { cause: String(event.cause) } : {}),
      ...(correlation !== undefined ? { correlation } : {}),
    },
  };
}

export function decodeEvent(stored: Pick<StoredEvent, 'type' | 'data'>): ClusterEvent {
  return { ...(stored.data as Omit<ClusterEvent, 'type'>), type: stored.type } as ClusterEvent;
}
