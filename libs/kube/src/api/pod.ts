// core/v1 Pod and the pieces of PodSpec/PodStatus the curriculum touches.
import type { Condition, LabelSelector, ObjectMeta, Quantities } from './meta';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  hostPort?: number;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface Probe {
  httpGet?: { path?: string; port: number | string; scheme?: string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  grpc?: { port: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface ResourceRequirements {
  requests?: Quantities;
  limits?: Quantities;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  restartPolicy?: 'Always';
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
  };
  podAffinity?: unknown;
  podAntiAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { labelSelector?: LabelSelector; topologyKey: string }[];
    preferredDuringSchedulingIgnoredDuringExecution?: unknown[];
  };
}

export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  configMap?: { name: string };
  secret?: { secretName: string };
  hostPath?: { path: string; type?: string };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  dnsPolicy?: string;
  schedulerName?: string;
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  serviceAccountName?: string;
  securityContext?: Record<string, unknown>;
  priority?: number;
  activeDeadlineSeconds?: number;
  enableServiceLinks?: boolean;
  preemptionPolicy?: string;
}

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; name?: string };
  spec: PodSpec;
}

export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}
export interface ContainerStateRunning {
  startedAt?: string;
}
export interface ContainerStateTerminated {
  exitCode: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodStatus {
  phase: PodPhase;
  conditions?: Condition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  qosClass?: string;
  reason?: string;
  message?: string;
  nominatedNodeName?: string;
}

/**
 * Simulator bookkeeping the kubelet keeps per container (never printed by kubectl): where the container is in
 * its life and when its next transition is due. Timers are derived from these `until` instants.
 */
export type SimContainerStage =
  | 'pulling'
  /** The pull just failed (`ErrImagePull` shows) until `until`, then `pull-backoff`. */
  | 'pull-failed'
  | 'pull-backoff'
  | 'starting'
  | 'running'
  | 'crash-backoff'
  | 'exited'
  | 'attach-waiting';

export interface SimContainer {
  stage: SimContainerStage;
  /** Simulated ms instant of the next transition, when one is due. */
  until?: number;
  /** Consecutive failures feeding the 10 s → 300 s back-off. */
  backoffCount?: number;
  /** Consecutive failed image pulls: the image back-off, kept apart from the crash back-off as the kubelet does. */
  pullFailures?: number;
  /** When the running container becomes ready (readiness probe / image behaviour), if not yet. */
  readyAt?: number;
  /** When the running container exits or fails its liveness probe on its own, if it will. */
  exitAt?: number;
  exitCode?: number;
  /** Start of the current run (ms). */
  startedAt?: number;
  /** When a failing liveness/startup probe gets the running container killed, if it will. */
  killAt?: number;
  killReason?: 'liveness' | 'startup';
  /** When the startup probe first succeeds (the container counts as `started`), if it has one. */
  startupAt?: number;
  /** When a ready container stops being ready again (its readiness probe starts failing). */
  unreadyAt?: number;
  /** Next instant a failing probe is reported (event `Unhealthy`). */
  probeAt?: number;
  /** When the current image pull was requested (the "including waiting" part of `Pulled`). */
  pullRequestedAt?: number;
}

export interface PodSim {
  containers: SimContainer[];
  /** Init containers, run one after the other to completion before the containers start. */
  initContainers?: SimContainer[];
  /** When the kubelet finishes terminating a pod that is being deleted. */
  terminateAt?: number;
  /** A Multi-Attach error was reported for the volume wait under way (reported again at each FailedMount). */
  multiAttachReported?: boolean;
}

export interface Pod {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: PodStatus;
  /** Simulator-only state (see PodSim); stripped from every printed form. */
  sim?: PodSim;
}
