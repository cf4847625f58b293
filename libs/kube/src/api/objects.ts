// The set of kinds the simulated cluster serves, and what the API discovery says about each of them
// (`kubectl api-resources`, resource names in errors such as `deployments.apps "x" not found`).
import type { KubeEvent } from './kube-event';
import type { Namespace, Node } from './node';
import type { Pod } from './pod';
import type { Endpoints, Service } from './service';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from './storage';
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from './workloads';

export type KubeObject =
  | Namespace
  | Node
  | Pod
  | ReplicaSet
  | Deployment
  | StatefulSet
  | DaemonSet
  | ControllerRevision
  | PersistentVolumeClaim
  | PersistentVolume
  | StorageClass
  | Service
  | Endpoints
  | KubeEvent;

export type Kind = KubeObject['kind'];

export type ObjectOfKind<K extends Kind> = Extract<KubeObject, { kind: K }>;

export interface ResourceInfo {
  kind: Kind;
  /** Plural lower-case resource name (`deployments`). */
  resource: string;
  singular: string;
  group: string;
  version: string;
  apiVersion: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  /** Kinds with a `spec` whose change bumps metadata.generation. */
  hasGeneration: boolean;
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function info(
  kind: Kind,
  resource: string,
  group: string,
  namespaced: boolean,
  shortNames: string[],
  hasGeneration = false,
): ResourceInfo {
  const version = 'v1';
  return {
    kind,
    resource,
    singular: kind.toLowerCase(),
    group,
    version,
    apiVersion: group ? `${group}/${version}` : version,
    namespaced,
    shortNames,
    verbs: allVerbs,
    hasGeneration,
  };
}

/** Sorted as `kubectl api-resources` sorts: by group ('' first), then by resource name. */
export const RESOURCES: readonly ResourceInfo[] = [
  info('Endpoints', 'endpoints', '', true, ['ep']),
  info('Event', 'events', '', true, ['ev']),
  info('Namespace', 'namespaces', '', false, ['ns']),
  info('Node', 'nodes', '', false, ['no']),
  info('PersistentVolumeClaim', 'persistentvolumeclaims', '', true, ['pvc']),
  info('PersistentVolume', 'persistentvolumes', '', false, ['pv']),
  info('Pod', 'pods', '', true, ['po']),
  info('Service', 'services', '', true, ['svc']),
  info('ControllerRevision', 'controllerrevisions', 'apps', true, []),
  info('DaemonSet', 'daemonsets', 'apps', true, ['ds'], true),
  info('Deployment', 'deployments', 'apps', true, ['deploy'], true),
  info('ReplicaSet', 'replicasets', 'apps', true, ['rs'], true),
  info('StatefulSet', 'statefulsets', 'apps', true, ['sts'], true),
  info('StorageClass', 'storageclasses', 'storage.k8s.io', false, ['sc']),
];

const byKind = new Map<Kind, ResourceInfo>(RESOURCES.map((r) => [r.kind, r]));

export function resourceInfo(kind: Kind): ResourceInfo {
  const found = byKind.get(kind);
  if (!found) throw new Error(`unknown kind ${kind}`);
  return found;
}

export function isKind(value: string): value is Kind {
  return byKind.has(value as Kind);
}

/**
 * Resolves what a user typed (`deploy`, `deployments`, `deployment.apps`, `Deployment`, `pvc`) to a resource,
 * the way kubectl's RESTMapper does. Returns undefined for unknown names.
 */
export function resolveResource(typed: string): ResourceInfo | undefined {
  const lower = typed.toLowerCase();
  const [name, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  return RESOURCES.find(
    (r) =>
      (name === r.resource || name === r.singular || r.shortNames.includes(name ?? '')) &&
      (groupParts.length === 0 || group === r.group || (group === 'apps' && r.group === 'apps')),
  );
}

/** `deployments.apps` / `pods`: the qualified resource name used in API error messages. */
export function qualifiedResource(kind: Kind): string {
  const r = resourceInfo(kind);
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `deployment.apps` / `pod`: the prefix kubectl's name printer uses (`deployment.apps/web created`). */
export function kindPrefix(kind: Kind): string {
  const r = resourceInfo(kind);
  return r.group ? `${r.singular}.${r.group}` : r.singular;
}

export interface ObjectKey {
  kind: Kind;
  namespace?: string;
  name: string;
}

/** Storage key of an object: `namespace/name` for namespaced kinds, `name` otherwise. */
export function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
