// Projects a folded cluster into the GraphQL summaries. The object lists are taken while the cluster is checked
// out and keep only references to stored objects (the fold replaces objects on write, it never mutates them).
import { RESOURCES, type Kind, type KubeObject } from '@podlab/kube';
import { type SandboxState, streamIdOf } from '@podlab/sandbox';
import type {
  DaemonSetSummary,
  DeploymentSummary,
  KubeEventSummary,
  KubeObjectSummary,
  NodeSummary,
  PersistentVolumeClaimSummary,
  PodSummary,
  ReplicaSetSummary,
  ServiceSummary,
  StatefulSetSummary,
} from './sandbox.models';

export interface SandboxProjection {
  readonly version: number;
  readonly now: number;
  readonly nodes: NodeSummary[];
  readonly pods: PodSummary[];
  readonly deployments: DeploymentSummary[];
  readonly replicaSets: ReplicaSetSummary[];
  readonly statefulSets: StatefulSetSummary[];
  readonly daemonSets: DaemonSetSummary[];
  readonly services: ServiceSummary[];
  readonly persistentVolumeClaims: PersistentVolumeClaimSummary[];
  readonly events: KubeEventSummary[];
  readonly objects: KubeObjectSummary[];
}

// Loose reads: the summaries tolerate any object shape the fold holds.
type Loose = Record<string, unknown>;
const rec = (value: unknown): Loose => (value && typeof value === 'object' ? (value as Loose) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function meta(object: KubeObject): { namespace: string; name: string } {
  const m = rec((object as unknown as Loose)['metadata']);
  return { namespace: str(m['namespace']) ?? '', name: str(m['name']) ?? '' };
}

const KINDS: readonly Kind[] = [...new Set(RESOURCES.map((r) => r.kind))];

/**
 * Captures the object lists while the cluster is checked out (references only: cheap), and builds each summary
 * list the first time a resolver asks for it, so a query for `version` alone builds none.
 */
export function projectSandbox(state: SandboxState): SandboxProjection {
  const objects = state.cluster.view().objects;
  const lists = new Map<Kind, readonly KubeObject[]>(KINDS.map((kind) => [kind, objects.list(kind)]));
  const byKind = (kind: Kind): Loose[] => (lists.get(kind) ?? []).map((o) => o as unknown as Loose);
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, build: () => T): T => {
    if (!memo.has(key)) memo.set(key, build());
    return memo.get(key) as T;
  };
  return {
    version: state.version,
    now: state.now,
    get nodes() {
      return once('nodes', () => {
        const podCounts = new Map<string, number>();
        for (const pod of byKind('Pod')) {
          const node = str(rec(pod['spec'])['nodeName']);
          if (node) podCounts.set(node, (podCounts.get(node) ?? 0) + 1);
        }
        return byKind('Node').map((node) => nodeSummary(node, podCounts));
      });
    },
    get pods() {
      return once('pods', () => byKind('Pod').map(podSummary));
    },
    get deployments() {
      return once('deployments', () => byKind('Deployment').map(deploymentSummary));
    },
    get replicaSets() {
      return once('replicaSets', () => byKind('ReplicaSet').map(replicaSetSummary));
    },
    get statefulSets() {
      return once('statefulSets', () =>
        byKind('StatefulSet').map((o) => ({
          ...named(o),
          replicas: num(rec(o['spec'])['replicas']),
          readyReplicas: num(rec(o['status'])['readyReplicas']),
          raw: o,
        })),
      );
    },
    get daemonSets() {
      return once('daemonSets', () =>
        byKind('DaemonSet').map((o) => {
          const status = rec(o['status']);
          return {
            ...named(o),
            desired: num(status['desiredNumberScheduled']),
            current: num(status['currentNumberScheduled']),
            ready: num(status['numberReady']),
            raw: o,
          };
        }),
      );
    },
    get services() {
      return once('services', () => byKind('Service').map(serviceSummary));
    },
    get persistentVolumeClaims() {
      return once('persistentVolumeClaims', () =>
        byKind('PersistentVolumeClaim').map((o) => {
          const spec = rec(o['spec']);
          const status = rec(o['status']);
          return {
            ...named(o),
            phase: str(status['phase']) ?? 'Pending',
            volumeName: str(spec['volumeName']),
            storageClass: str(spec['storageClassName']),
            capacity: str(rec(status['capacity'])['storage']),
            raw: o,
          };
        }),
      );
    },
    get events() {
      return once('events', () =>
        byKind('Event')
          .map(eventSummary)
          .sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp)),
      );
    },
    get objects() {
      return once('objects', () =>
        KINDS.flatMap((kind) => lists.get(kind) ?? []).map((object) => {
          const m = rec((object as unknown as Loose)['metadata']);
          return {
            kind: object.kind,
            namespace: str(m['namespace']),
            name: str(m['name']) ?? '',
            uid: str(m['uid']) ?? '',
            createdAt: str(m['creationTimestamp']) ?? '',
            raw: object,
          };
        }),
      );
    },
  };
}

/**
 * Projections of head states by stream and version (a version's state never changes), so requests that read the
 * same version share the summaries already built (each list is built once, on first use). Bounded: the least
 * recently used is forgotten first.
 */
export class ProjectionCache {
  private readonly entries = new Map<string, SandboxProjection>();

  constructor(private readonly maxEntries = 256) {}

  project(state: SandboxState): SandboxProjection {
    const key = `${streamIdOf(state.sandbox)}@${state.version}`;
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const projection = projectSandbox(state);
    this.entries.set(key, projection);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return projection;
  }

  get size(): number {
    return this.entries.size;
  }
}

function named(o: Loose): { namespace: string; name: string } {
  return meta(o as unknown as KubeObject);
}

function nodeSummary(node: Loose, podCounts: Map<string, number>): NodeSummary {
  const { name } = named(node);
  const spec = rec(node['spec']);
  const status = rec(node['status']);
  const labels = rec(rec(node['metadata'])['labels']);
  const ready = arr(status['conditions']).some(
    (c) => rec(c)['type'] === 'Ready' && rec(c)['status'] === 'True',
  );
  const allocatable = rec(status['allocatable']);
  return {
    name,
    ready,
    unschedulable: spec['unschedulable'] === true,
    roles: Object.keys(labels)
      .filter((key) => key.startsWith('node-role.kubernetes.io/'))
      .map((key) => key.slice('node-role.kubernetes.io/'.length)),
    taints: arr(spec['taints']).map((t) => {
      const taint = rec(t);
      const value = str(taint['value']);
      return `${String(taint['key'])}${value ? `=${value}` : ''}:${String(taint['effect'])}`;
    }),
    cpu: str(allocatable['cpu']),
    memory: str(allocatable['memory']),
    podCount: podCounts.get(name) ?? 0,
    raw: node,
  };
}

function podSummary(pod: Loose): PodSummary {
  const spec = rec(pod['spec']);
  const status = rec(pod['status']);
  const statuses = arr(status['containerStatuses']).map(rec);
  const phase = str(status['phase']) ?? 'Pending';
  let shown = str(status['reason']) ?? phase;
  for (const c of statuses) {
    const waiting = str(rec(rec(c['state'])['waiting'])['reason']);
    const terminated = str(rec(rec(c['state'])['terminated'])['reason']);
    if (waiting) shown = waiting;
    else if (terminated && shown === phase) shown = terminated;
  }
  if (str(rec(pod['metadata'])['deletionTimestamp'])) shown = 'Terminating';
  return {
    ...named(pod),
    phase,
    status: shown,
    readyContainers: statuses.filter((c) => c['ready'] === true).length,
    totalContainers: arr(spec['containers']).length,
    restarts: statuses.reduce((sum, c) => sum + num(c['restartCount']), 0),
    nodeName: str(spec['nodeName']),
    podIP: str(status['podIP']),
    raw: pod,
  };
}

function deploymentSummary(o: Loose): DeploymentSummary {
  const spec = rec(o['spec']);
  const status = rec(o['status']);
  const containers = arr(rec(rec(spec['template'])['spec'])['containers']).map(rec);
  return {
    ...named(o),
    replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 1,
    readyReplicas: num(status['readyReplicas']),
    updatedReplicas: num(status['updatedReplicas']),
    availableReplicas: num(status['availableReplicas']),
    images: containers.map((c) => str(c['image']) ?? ''),
    raw: o,
  };
}

function replicaSetSummary(o: Loose): ReplicaSetSummary {
  const spec = rec(o['spec']);
  const status = rec(o['status']);
  const owner = arr(rec(o['metadata'])['ownerReferences'])
    .map(rec)
    .find((ref) => ref['controller'] === true);
  return {
    ...named(o),
    desired: typeof spec['replicas'] === 'number' ? spec['replicas'] : 1,
    current: num(status['replicas']),
    ready: num(status['readyReplicas']),
    owner: owner ? `${String(owner['kind'])}/${String(owner['name'])}` : null,
    raw: o,
  };
}

function serviceSummary(o: Loose): ServiceSummary {
  const spec = rec(o['spec']);
  return {
    ...named(o),
    type: str(spec['type']) ?? 'ClusterIP',
    clusterIP: str(spec['clusterIP']),
    ports: arr(spec['ports']).map((p) => {
      const port = rec(p);
      const nodePort = typeof port['nodePort'] === 'number' ? `:${port['nodePort']}` : '';
      return `${num(port['port'])}${nodePort}/${str(port['protocol']) ?? 'TCP'}`;
    }),
    raw: o,
  };
}

function eventSummary(o: Loose): KubeEventSummary {
  const involved = rec(o['involvedObject']);
  return {
    namespace: str(rec(o['metadata'])['namespace']),
    type: str(o['type']) ?? 'Normal',
    reason: str(o['reason']) ?? '',
    message: str(o['message']) ?? '',
    object: `${String(involved['kind'] ?? '')}/${String(involved['name'] ?? '')}`.toLowerCase(),
    source: str(rec(o['source'])['component']) ?? '',
    count: num(o['count']) || 1,
    firstTimestamp: str(o['firstTimestamp']) ?? '',
    lastTimestamp: str(o['lastTimestamp']) ?? '',
  };
}
