// Kubernetes object metadata and the shapes shared by every kind (apimachinery's ObjectMeta, TypeMeta,
// LabelSelector). Field names follow the JSON of the real API so manifests and `-o yaml` round-trip.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  /** RFC 3339, second precision, as the API server stores it. */
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** What a client sends: metadata before the API server has filled in uid, resourceVersion and timestamps. */
export type ObjectMetaInput = Partial<ObjectMeta> & { name?: string };

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
}

/** int-or-string, as used by maxSurge / maxUnavailable ("25%" or 1). */
export type IntOrString = number | string;

export interface Quantities {
  cpu?: string;
  memory?: string;
  pods?: string;
  storage?: string;
  'ephemeral-storage'?: string;
  [name: string]: string | undefined;
}
