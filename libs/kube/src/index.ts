// Public API of @podlab/kube: the simulated Kubernetes cluster (pure, deterministic). See README.md.
export const KUBE_API_VERSION = 'v1.30.0';

export type {
  Condition,
  IntOrString,
  LabelSelector,
  LabelSelectorRequirement,
  ObjectMeta,
  ObjectMetaInput,
  OwnerReference,
  Quantities,
} from './api/meta';
export type {
  Affinity,
  Container,
  ContainerPort,
  ContainerState,
  ContainerStatus,
  EnvVar,
  Pod,
  PodPhase,
  PodSpec,
  PodStatus,
  PodTemplateSpec,
  Probe,
  SimContainer,
  Toleration,
  Volume,
  VolumeMount,
} from './api/pod';
export type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  DeploymentStrategy,
  ReplicaSet,
  StatefulSet,
} from './api/workloads';
export type { Namespace, Node, NodeStatus, Taint } from './api/node';
export type { AccessMode, PersistentVolume, PersistentVolumeClaim, StorageClass } from './api/storage';
export type { EndpointAddress, Endpoints, Service, ServicePort } from './api/service';
export type { KubeEvent, ObjectReference } from './api/kube-event';
export {
  RESOURCES,
  isKind,
  keyOf,
  kindPrefix,
  qualifiedResource,
  resolveResource,
  resourceInfo,
} from './api/objects';
export type { Kind, KubeObject, ObjectKey, ObjectOfKind, ResourceInfo } from './api/objects';
export { formatSelector, matchesLabels, matchesSelector } from './api/selectors';

export { alreadyExists, badRequest, conflict, goValue, invalid, notFound } from './api-server/api-error';
export type { ApiError, CauseType, FieldCause, Result, StatusReason } from './api-server/api-error';
export { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './api-server/api-server';
export type { DeleteOptions, DeletePropagation, ObjectInput } from './api-server/api-server';

export { Cluster } from './runtime/cluster';
export type { ClusterOptions, WriteOptions } from './runtime/cluster';
export type { ChangeFeed, ObjectChange, Reconciler, ReconcileContext, Write } from './runtime/reconciler';

export { kubeletReconciler, backoffDelay } from './reconcilers/kubelet/kubelet.reconciler';
export { lookupImage, catalogRepositories, imageDigest } from './registry/image-registry';
export type { ImageLookup, ResolvedImage } from './registry/image-registry';
export { parseImageReference } from './registry/image-reference';
export type { ImageReference } from './registry/image-reference';
export { containerLogs } from './logs/container-logs';
export type { ContainerLogOptions } from './logs/container-logs';

export { deploymentReconciler } from './reconcilers/deployment/deployment.reconciler';
export {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  deploymentRolloutStatus,
  findNewReplicaSet,
  findOldReplicaSets,
  maxSurge,
  maxUnavailable,
  resolveFenceposts,
  revisionOf,
  templatesEqualIgnoringHash,
} from './reconcilers/deployment/deployment-util';
export type { RolloutStatusResult } from './reconcilers/deployment/deployment-util';
export { replicaSetReconciler } from './reconcilers/replicaset/replicaset.reconciler';
export { POD_DELETION_COST_ANNOTATION } from './reconcilers/replicaset/pod-ranking';
export { statefulSetReconciler } from './reconcilers/statefulset/statefulset.reconciler';
export { statefulSetRolloutStatus } from './reconcilers/statefulset/statefulset-rollout-status';
export { daemonSetReconciler } from './reconcilers/daemonset/daemonset.reconciler';
export { daemonSetRolloutStatus } from './reconcilers/daemonset/daemonset-rollout-status';
export { CHANGE_CAUSE_ANNOTATION, controllerRevisionHistory } from './reconcilers/shared/revisions';
export type { RevisionHistoryEntry } from './reconcilers/shared/revisions';
export { schedulerReconciler, SCHEDULER_NAME } from './reconcilers/scheduler/scheduler.reconciler';
export {
  nodeLifecycleReconciler,
  evictionTime,
  NODE_LIFECYCLE_CONTROLLER,
  POD_GC_CONTROLLER,
  TAINT_EVICTION_CONTROLLER,
} from './reconcilers/node-lifecycle/node-lifecycle.reconciler';
export {
  persistentVolumeReconciler,
  PV_CONTROLLER,
  PVC_PROTECTION_FINALIZER,
  PV_PROTECTION_FINALIZER,
} from './reconcilers/persistent-volume/persistent-volume.reconciler';
export { endpointsReconciler, ENDPOINT_CONTROLLER } from './reconcilers/endpoints/endpoints.reconciler';
export {
  garbageCollectorReconciler,
  GARBAGE_COLLECTOR,
} from './reconcilers/garbage-collector/garbage-collector.reconciler';
export { bytes, cpuMillis, parseQuantity, podRequests } from './reconcilers/shared/quantity';
export type { PodRequests } from './reconcilers/shared/quantity';
export {
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  firstUntoleratedTaint,
  tolerates,
  toleratesTaint,
} from './reconcilers/shared/taints';
export { matchesNodeSelectorAndAffinity } from './reconcilers/shared/node-affinity';

export {
  clusterConfig,
  defaultNodes,
  DEFAULT_EVENT_TTL_SECONDS,
  DEFAULT_START_TIME,
} from './state/cluster-config';
export type { ClusterConfig, NodeSpecInput } from './state/cluster-config';
export type {
  Actor,
  ClusterEvent,
  ClusterEventType,
  KubeEventNote,
  VersionedEvent,
} from './state/cluster-event';
export type { ClusterView } from './state/cluster-state';
export { evolve, fold, initialState } from './state/evolve';
export { FAULT_KINDS } from './state/fault';
export type { Fault, FaultKind, NodeTaintSpec, ScheduledFault, ScheduledFaultEntry } from './state/fault';
export {
  FAULT_TIMELINE,
  FAULT_TIMELINE_ACTOR,
  faultTimelineReconciler,
} from './reconcilers/fault-timeline/fault-timeline.reconciler';
export type { ImageBehaviour, ImageSpec } from './state/image';
export {
  OLDER_SNAPSHOT_SCHEMAS,
  SNAPSHOT_SCHEMA_VERSION,
  restoreSnapshot,
  takeSnapshot,
  upgradeSnapshot,
} from './state/snapshot';
export type {
  ClusterSnapshot,
  KubeEventsSnapshot,
  SnapshotPart,
  TakeSnapshotOptions,
} from './state/snapshot';

export { Rng, hash32, NAME_ALPHABET } from './rng/rng';
export { canonicalJson, computeHash, jsonEqual } from './rng/template-hash';
export { HOUR, MINUTE, SECOND, parseDuration, parseTime, rfc3339 } from './time/time';
