// `--field-selector` as the API server evaluates it: `field=value`, `field==value`, `field!=value`, comma-joined,
// over the field labels each kind supports (pkg/registry/*/strategy.go GetAttrs / ToSelectableFields).
import type { Kind, KubeObject } from '@podlab/kube';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type ParsedFields = { ok: true; requirements: FieldRequirement[] } | { ok: false; error: string };

export function parseFieldSelector(text: string): ParsedFields {
  const requirements: FieldRequirement[] = [];
  if (text.trim() === '') return { ok: true, requirements };
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) return { ok: false, error: `invalid selector: '${text}'; can't understand '${part}'` };
    requirements.push({ field: m[1] as string, op: m[2] === '!=' ? '!=' : '=', value: m[3] as string });
  }
  return { ok: true, requirements };
}

type Getter = (object: KubeObject) => string;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const COMMON: Record<string, Getter> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

const BY_KIND: Partial<Record<Kind, Record<string, Getter>>> = {
  Pod: {
    'spec.nodeName': (o) => str((o as Extract<KubeObject, { kind: 'Pod' }>).spec.nodeName),
    'spec.restartPolicy': (o) => str((o as Extract<KubeObject, { kind: 'Pod' }>).spec.restartPolicy),
    'spec.schedulerName': (o) => str((o as Extract<KubeObject, { kind: 'Pod' }>).spec.schedulerName),
    'spec.serviceAccountName': (o) =>
      str((o as Extract<KubeObject, { kind: 'Pod' }>).spec.serviceAccountName),
    'spec.hostNetwork': (o) => str((o as Extract<KubeObject, { kind: 'Pod' }>).spec.hostNetwork ?? false),
    'status.phase': (o) => str((o as Extract<KubeObject, { kind: 'Pod' }>).status?.phase),
    'status.podIP': (o) => str((o as Extract<KubeObject, { kind: 'Pod' }>).status?.podIP),
    'status.nominatedNodeName': (o) =>
      str((o as Extract<KubeObject, { kind: 'Pod' }>).status?.nominatedNodeName),
  },
  Node: {
    'spec.unschedulable': (o) =>
      str((o as Extract<KubeObject, { kind: 'Node' }>).spec.unschedulable ?? false),
  },
  Namespace: {
    'status.phase': (o) => str((o as Extract<KubeObject, { kind: 'Namespace' }>).status?.phase),
  },
  ReplicaSet: {
    'status.replicas': (o) => str((o as Extract<KubeObject, { kind: 'ReplicaSet' }>).status?.replicas ?? 0),
  },
  Event: {
    'involvedObject.kind': (o) => (o as Extract<KubeObject, { kind: 'Event' }>).involvedObject.kind,
    'involvedObject.namespace': (o) =>
      str((o as Extract<KubeObject, { kind: 'Event' }>).involvedObject.namespace),
    'involvedObject.name': (o) => (o as Extract<KubeObject, { kind: 'Event' }>).involvedObject.name,
    'involvedObject.uid': (o) => str((o as Extract<KubeObject, { kind: 'Event' }>).involvedObject.uid),
    'involvedObject.apiVersion': (o) =>
      str((o as Extract<KubeObject, { kind: 'Event' }>).involvedObject.apiVersion),
    'involvedObject.fieldPath': (o) =>
      str((o as Extract<KubeObject, { kind: 'Event' }>).involvedObject.fieldPath),
    reason: (o) => (o as Extract<KubeObject, { kind: 'Event' }>).reason,
    type: (o) => (o as Extract<KubeObject, { kind: 'Event' }>).type,
    source: (o) => str((o as Extract<KubeObject, { kind: 'Event' }>).source?.component),
  },
};

/** The first field the kind does not support, if any (the API server answers BadRequest for it). */
export function unsupportedField(kind: Kind, requirements: readonly FieldRequirement[]): string | undefined {
  const fields = BY_KIND[kind] ?? {};
  return requirements.find((r) => !(r.field in COMMON) && !(r.field in fields))?.field;
}

export function matchesFields(object: KubeObject, requirements: readonly FieldRequirement[]): boolean {
  const fields = BY_KIND[object.kind] ?? {};
  return requirements.every((r) => {
    const getter = COMMON[r.field] ?? fields[r.field];
    if (!getter) return false;
    const value = getter(object);
    return r.op === '=' ? value === r.value : value !== r.value;
  });
}
