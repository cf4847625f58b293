// core/v1 Node and Namespace.
import type { Condition, ObjectMeta, Quantities } from './meta';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface NodeStatus {
  capacity: Quantities;
  allocatable: Quantities;
  conditions: Condition[];
  addresses: { type: 'InternalIP' | 'Hostname' | 'ExternalIP'; address: string }[];
  nodeInfo: {
    kubeletVersion: string;
    kubeProxyVersion?: string;
    osImage: string;
    kernelVersion: string;
    containerRuntimeVersion: string;
    operatingSystem: string;
    architecture: string;
    machineID?: string;
    systemUUID?: string;
    bootID?: string;
  };
  images?: { names: string[]; sizeBytes: number }[];
}

/**
 * Simulator-only node state (never printed): whether the kubelet is running and when it last posted status.
 * A running kubelet is treated as posting status continuously, so no heartbeat events are written.
 */
export interface NodeSim {
  kubeletDown?: boolean;
  /** ms instant of the last status post before the kubelet went down. */
  lastHeartbeat?: number;
}

export interface Node {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: ObjectMeta;
  spec: {
    unschedulable?: boolean;
    taints?: Taint[];
    podCIDR?: string;
    providerID?: string;
  };
  status?: NodeStatus;
  sim?: NodeSim;
}

export interface Namespace {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase: 'Active' | 'Terminating' };
}
