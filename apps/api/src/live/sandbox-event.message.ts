// The one wire form of a sandbox event on Redis pub/sub: the tailer serialises each stored event once, every api
// process parses it once and hands the same object to all of that sandbox's subscribers.
import { parseStreamId } from '@podlab/sandbox';

export interface SandboxEventMessage {
  readonly sandboxId: string;
  /** The stream generation (bumped by resetSandbox); versions restart at 1 in each generation. */
  readonly generation: number;
  /** 1-based, contiguous within the generation's stream. */
  readonly version: number;
  readonly type: string;
  /** Simulated instant, ms since the epoch. */
  readonly at: number;
  readonly actor: string;
  readonly reason: string;
  readonly cause: number | null;
  readonly correlation: string | null;
  readonly recordedAt: string;
  /** The event's payload (`data` of the ClusterEvent envelope). */
  readonly data: unknown;
}

/** What the tailer and the replay read: a stored event (libs/event-store's RecordedEvent, structurally). */
export interface StoredSandboxEvent {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly actor?: string; readonly correlation?: string };
  readonly recordedAt: Date;
}

interface EnvelopeFields {
  at?: unknown;
  reason?: unknown;
  cause?: unknown;
  data?: unknown;
}

/** null for events of streams that are not sandbox streams. */
export function toMessage(event: StoredSandboxEvent): SandboxEventMessage | null {
  const stream = parseStreamId(event.streamId);
  if (!stream) return null;
  const envelope = (event.data ?? {}) as EnvelopeFields;
  return {
    sandboxId: stream.sandboxId,
    generation: stream.generation,
    version: event.version,
    type: event.type,
    at: typeof envelope.at === 'number' ? envelope.at : 0,
    actor: event.metadata.actor ?? 'unknown',
    reason: typeof envelope.reason === 'string' ? envelope.reason : '',
    cause: typeof envelope.cause === 'number' ? envelope.cause : null,
    correlation: event.metadata.correlation ?? null,
    recordedAt: event.recordedAt.toISOString(),
    data: envelope.data ?? null,
  };
}

/** The pub/sub channel of one sandbox, under the deployment's prefix. */
export function sandboxChannel(prefix: string, sandboxId: string): string {
  return `${prefix}:sandbox-events:${sandboxId}`;
}
