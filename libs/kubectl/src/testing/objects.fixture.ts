// Hand-built API objects for printer and command tests: the smallest objects that carry what kubectl reads.
import type {
  Container,
  ContainerStatus,
  DaemonSet,
  Deployment,
  Node,
  PersistentVolumeClaim,
  Pod,
  ReplicaSet,
  StatefulSet,
} from '@podlab/kube';

export const NOW = Date.parse('2024-01-15T12:00:00Z');
export const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace('.000Z', 'Z');
export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;

const meta = (name: string, age: number, extra: Partial<Pod['metadata']> = {}) => ({
  name,
  namespace: 'default',
  uid: `uid-${name}`,
  resourceVersion: '1',
  creationTimestamp: ago(age),
  ...extra,
});

export function container(name = 'nginx', image = 'nginx:1.25'): Container {
  return { name, image };
}

export function runningStatus(name = 'nginx', ready = true, restartCount = 0): ContainerStatus {
  return {
    name,
    state: { running: { startedAt: ago(10 * S) } },
    lastState: {},
    ready,
    restartCount,
    image: 'nginx:1.25',
    imageID: '',
    started: true,
  };
}

export function pod(name: string, age: number, overrides: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, age, { labels: { app: 'web' } }),
    spec: { containers: [container()], nodeName: 'worker-1' },
    status: {
      phase: 'Running',
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [runningStatus()],
    },
    sim: { containers: [{ stage: 'running' }] },
    ...overrides,
  };
}

export function creatingPod(name: string, age: number): Pod {
  return pod(name, age, {
    status: {
      phase: 'Pending',
      containerStatuses: [
        {
          ...runningStatus(),
          ready: false,
          started: false,
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    },
  });
}

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [container()] },
});

export function deployment(name: string, age: number, ready = 3, replicas = 3): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, age, { generation: 1 }),
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template({ app: name }) },
    status: { replicas, updatedReplicas: replicas, readyReplicas: ready, availableReplicas: ready },
  };
}

export function replicaSet(name: string, hash: string, age: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(`${name}-${hash}`, age),
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name, 'pod-template-hash': hash } },
      template: template({ app: name, 'pod-template-hash': hash }),
    },
    status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
  };
}

export function statefulSet(name: string, age: number): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(name, age),
    spec: { replicas: 3, selector: { matchLabels: { app: name } }, template: template({ app: name }) },
    status: { replicas: 3, readyReplicas: 3 },
  };
}

export function daemonSet(name: string, age: number): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(name, age),
    spec: { selector: { matchLabels: { app: name } }, template: template({ app: name }) },
    status: {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      numberMisscheduled: 0,
    },
  };
}

export function node(
  name: string,
  age: number,
  ready: 'True' | 'False' | 'Unknown' = 'True',
  cordoned = false,
): Node {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (name === 'control-plane') labels['node-role.kubernetes.io/control-plane'] = '';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta(name, age), namespace: undefined, labels },
    spec: cordoned ? { unschedulable: true } : {},
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: ready }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: {
        kubeletVersion: 'v1.30.0',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0',
        containerRuntimeVersion: 'containerd://1.7.13',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
    sim: {},
  };
}

export function pvc(name: string, age: number, volume?: string): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(name, age),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
      ...(volume ? { volumeName: volume } : {}),
    },
    status: volume
      ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } }
      : { phase: 'Pending' },
  };
}
