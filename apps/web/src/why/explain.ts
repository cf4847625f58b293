// "Why does this exist?": from a sandbox's history, the fact that created an object (who, why), and the chain of
// causes behind it (each event names the version that triggered it), back to a person's command, a fault or the
// cluster's bootstrap. Pure: history events in, an explanation out.

/** The fields of a SandboxEvent the explanation reads. */
export interface HistoryEvent {
  version: number;
  type: string;
  at: string;
  actor: string;
  reason: string;
  cause?: number | null;
  correlation?: string | null;
  data: unknown;
  command?: { line: string; exitCode: number } | null;
}

export interface ObjectIdentity {
  kind: string;
  namespace: string | null;
  name: string;
  uid: string;
}

export interface ExplainedStep {
  version: number;
  at: string;
  type: string;
  actor: string;
  /** The actor in words: "the learner", "the deployment-controller", "the kubelet on worker-1" … */
  actorLabel: string;
  reason: string;
  /** The object the event wrote, as Kind/name (null for events without one). */
  object: string | null;
}

export interface Explanation {
  object: ObjectIdentity;
  /** The event that created it; null when the history does not hold it (yet). */
  created: ExplainedStep | null;
  /** From the creating event's cause back to the root, nearest first. */
  causes: ExplainedStep[];
  /** The learner's command line at the root of the chain, when a person started it. */
  command: { line: string; version: number } | null;
  /** Every later write to the object (status updates, scaling, deletion), oldest first. */
  changes: ExplainedStep[];
  deleted: ExplainedStep | null;
}

type Json = Record<string, unknown>;
const rec = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The object an event wrote: ObjectCreated/Updated carry it whole, ObjectDeleted its identity. */
export function objectOfEvent(event: Pick<HistoryEvent, 'type' | 'data'>): ObjectIdentity | null {
  const data = rec(event.data);
  if (event.type === 'ObjectCreated' || event.type === 'ObjectUpdated') {
    const object = rec(data['object']);
    const metadata = rec(object['metadata']);
    const kind = text(object['kind']);
    const name = text(metadata['name']);
    const uid = text(metadata['uid']);
    return kind && name && uid ? { kind, namespace: text(metadata['namespace']), name, uid } : null;
  }
  if (event.type === 'ObjectDeleted') {
    const kind = text(data['kind']);
    const name = text(data['name']);
    const uid = text(data['uid']);
    return kind && name && uid ? { kind, namespace: text(data['namespace']), name, uid } : null;
  }
  return null;
}

export function actorLabel(actor: string): string {
  const colon = actor.indexOf(':');
  const type = colon < 0 ? actor : actor.slice(0, colon);
  const name = colon < 0 ? '' : actor.slice(colon + 1);
  switch (type) {
    case 'user':
      return 'the learner';
    case 'controller':
      return `the ${name || 'controller'}`;
    case 'scheduler':
      return `the scheduler (${name})`;
    case 'kubelet':
      return `the kubelet on ${name}`;
    case 'fault-injector':
      return 'an injected fault';
    case 'system':
      return name === 'clock' ? 'the clock' : `the system (${name})`;
    default:
      return actor;
  }
}

function step(event: HistoryEvent): ExplainedStep {
  const object = objectOfEvent(event);
  return {
    version: event.version,
    at: event.at,
    type: event.type,
    actor: event.actor,
    actorLabel: actorLabel(event.actor),
    reason: event.reason,
    object: object ? `${object.kind}/${object.name}` : null,
  };
}

const MAX_CHAIN = 50;

/**
 * Explains the object with this uid from `events` (versions in any order, gaps allowed), considering only events at
 * or before `atVersion` when given (the replay's position).
 */
export function explain(
  events: readonly HistoryEvent[],
  object: ObjectIdentity,
  atVersion?: number,
): Explanation {
  const visible = atVersion === undefined ? events : events.filter((e) => e.version <= atVersion);
  const byVersion = new Map(visible.map((e) => [e.version, e]));
  const touching = visible
    .filter((e) => objectOfEvent(e)?.uid === object.uid)
    .sort((a, b) => a.version - b.version);
  const creating = touching.find((e) => e.type === 'ObjectCreated') ?? null;
  const deleting = touching.find((e) => e.type === 'ObjectDeleted') ?? null;

  const causes: ExplainedStep[] = [];
  let root = creating;
  const seen = new Set<number>();
  for (let cause = creating?.cause; cause != null && causes.length < MAX_CHAIN;) {
    const event = byVersion.get(cause);
    if (!event || seen.has(cause)) break;
    seen.add(cause);
    causes.push(step(event));
    root = event;
    cause = event.cause;
  }

  let command: Explanation['command'] = null;
  if (root && root.actor.startsWith('user:')) {
    // A command is recorded after its effects, in the same correlation (the API's request id).
    const sorted = [...visible].sort((a, b) => a.version - b.version);
    const executed =
      (root.correlation
        ? sorted.find((e) => e.type === 'CommandExecuted' && e.correlation === root.correlation)
        : undefined) ??
      sorted.find((e) => e.type === 'CommandExecuted' && e.version > root.version && e.actor === root.actor);
    const line = executed?.command?.line ?? text(rec(executed?.data)['line']);
    if (executed && line) command = { line, version: executed.version };
  }

  return {
    object,
    created: creating ? step(creating) : null,
    causes,
    command,
    changes: touching.filter((e) => e.type === 'ObjectUpdated').map(step),
    deleted: deleting ? step(deleting) : null,
  };
}
