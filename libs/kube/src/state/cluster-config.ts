// The shape of a new cluster and the version knobs the spec asks to keep configurable (spec D.7).
import type { NodeTaintSpec } from './fault';

export interface NodeSpecInput {
  name: string;
  labels?: Record<string, string>;
  taints?: NodeTaintSpec[];
  /** Allocatable CPU, e.g. "4" or "1500m". */
  cpu?: string;
  /** Allocatable memory, e.g. "16Gi". */
  memory?: string;
  pods?: number;
  role?: 'control-plane' | 'worker';
}

export interface ClusterConfig {
  /** Simulated instant the cluster starts at, ms since the Unix epoch. */
  startTime: number;
  nodes: NodeSpecInput[];
  kubernetesVersion: string;
  /** node-monitor-grace-period: 40 s through 1.31, 50 s later. */
  nodeMonitorGracePeriodSeconds: number;
  /** DefaultTolerationSeconds admission: not-ready / unreachable NoExecute tolerations. */
  defaultTolerationSeconds: number;
  /** "Scaled up replica set X from A to B" (1.31+) or "Scaled up replica set X to B" (older). */
  scalingEventWording: 'from-to' | 'to';
  /**
   * The API server's --event-ttl (default 1 h): an Event disappears once this long has passed since it was last
   * recorded. Simulated seconds. Absent in streams created before Events expired: DEFAULT_EVENT_TTL_SECONDS.
   */
  eventTtlSeconds?: number;
}

export const DEFAULT_EVENT_TTL_SECONDS = 3600;

export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1, 0, 0, 0);

export function defaultNodes(workers = 3, controlPlane = true): NodeSpecInput[] {
  const nodes: NodeSpecInput[] = [];
  if (controlPlane) {
    nodes.push({
      name: 'control-plane',
      role: 'control-plane',
      labels: { 'node-role.kubernetes.io/control-plane': '' },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      cpu: '4',
      memory: '16Gi',
      pods: 110,
    });
  }
  for (let i = 1; i <= workers; i++)
    nodes.push({ name: `worker-${i}`, role: 'worker', cpu: '4', memory: '16Gi', pods: 110 });
  return nodes;
}

export function clusterConfig(partial: Partial<ClusterConfig> = {}): ClusterConfig {
  return {
    startTime: DEFAULT_START_TIME,
    nodes: defaultNodes(),
    kubernetesVersion: 'v1.30.0',
    nodeMonitorGracePeriodSeconds: 40,
    defaultTolerationSeconds: 300,
    scalingEventWording: 'from-to',
    eventTtlSeconds: DEFAULT_EVENT_TTL_SECONDS,
    ...partial,
  };
}
