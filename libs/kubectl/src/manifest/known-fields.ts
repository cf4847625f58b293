// The fields the API server knows for each kind it serves, for strict decoding (kubectl ≥1.27 asks the server
// for fieldValidation=Strict): a manifest field not listed here is an `unknown field "spec.replica"` error, and
// a value of the wrong JSON type is the decoder's `cannot unmarshal` error. Written from the apps/v1, core/v1
// and storage/v1 types for what the curriculum uses; maps with free keys (labels, resources) are `map`.

export type FieldType =
  | 'string'
  | 'int'
  | 'bool'
  | 'intOrString'
  | 'quantity'
  | 'any'
  | { map: FieldType }
  | { list: FieldType }
  | { object: Fields };

export interface Fields {
  [name: string]: FieldType;
}

const str = 'string' as const;
const int = 'int' as const;
const bool = 'bool' as const;
const any = 'any' as const;
const strMap: FieldType = { map: str };
const quantities: FieldType = { map: 'quantity' };
const obj = (fields: Fields): FieldType => ({ object: fields });
const list = (item: FieldType): FieldType => ({ list: item });

const ownerReference = obj({
  apiVersion: str,
  kind: str,
  name: str,
  uid: str,
  controller: bool,
  blockOwnerDeletion: bool,
});

export const OBJECT_META: Fields = {
  name: str,
  generateName: str,
  namespace: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: any,
  deletionTimestamp: any,
  deletionGracePeriodSeconds: int,
  labels: strMap,
  annotations: strMap,
  ownerReferences: list(ownerReference),
  finalizers: list(str),
  managedFields: list(any),
  selfLink: str,
};

const labelSelector = obj({
  matchLabels: strMap,
  matchExpressions: list(obj({ key: str, operator: str, values: list(str) })),
});

const nodeSelectorTerm = obj({
  matchExpressions: list(obj({ key: str, operator: str, values: list(str) })),
  matchFields: list(obj({ key: str, operator: str, values: list(str) })),
});

const podAffinityTerm = obj({
  labelSelector,
  namespaceSelector: labelSelector,
  namespaces: list(str),
  topologyKey: str,
  matchLabelKeys: list(str),
  mismatchLabelKeys: list(str),
});

const podAffinity = obj({
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: list(obj({ weight: int, podAffinityTerm })),
});

const affinity = obj({
  nodeAffinity: obj({
    requiredDuringSchedulingIgnoredDuringExecution: obj({ nodeSelectorTerms: list(nodeSelectorTerm) }),
    preferredDuringSchedulingIgnoredDuringExecution: list(obj({ weight: int, preference: nodeSelectorTerm })),
  }),
  podAffinity,
  podAntiAffinity: podAffinity,
});

const keySelector = obj({ name: str, key: str, optional: bool });
const envVar = obj({
  name: str,
  value: str,
  valueFrom: obj({
    configMapKeyRef: keySelector,
    secretKeyRef: keySelector,
    fieldRef: obj({ apiVersion: str, fieldPath: str }),
    resourceFieldRef: obj({ containerName: str, resource: str, divisor: 'quantity' }),
  }),
});

const handler = {
  exec: obj({ command: list(str) }),
  httpGet: obj({
    path: str,
    port: 'intOrString',
    host: str,
    scheme: str,
    httpHeaders: list(obj({ name: str, value: str })),
  }),
  tcpSocket: obj({ port: 'intOrString', host: str }),
} satisfies Fields;

const probe = obj({
  ...handler,
  grpc: obj({ port: int, service: str }),
  initialDelaySeconds: int,
  timeoutSeconds: int,
  periodSeconds: int,
  successThreshold: int,
  failureThreshold: int,
  terminationGracePeriodSeconds: int,
});

const lifecycleHandler = obj({ ...handler, sleep: obj({ seconds: int }) });

const container = obj({
  name: str,
  image: str,
  command: list(str),
  args: list(str),
  workingDir: str,
  ports: list(obj({ name: str, hostPort: int, containerPort: int, protocol: str, hostIP: str })),
  envFrom: list(
    obj({
      prefix: str,
      configMapRef: obj({ name: str, optional: bool }),
      secretRef: obj({ name: str, optional: bool }),
    }),
  ),
  env: list(envVar),
  resources: obj({ limits: quantities, requests: quantities, claims: list(obj({ name: str })) }),
  resizePolicy: list(obj({ resourceName: str, restartPolicy: str })),
  restartPolicy: str,
  volumeMounts: list(
    obj({
      name: str,
      readOnly: bool,
      mountPath: str,
      subPath: str,
      mountPropagation: str,
      subPathExpr: str,
      recursiveReadOnly: str,
    }),
  ),
  volumeDevices: list(obj({ name: str, devicePath: str })),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: obj({ postStart: lifecycleHandler, preStop: lifecycleHandler }),
  terminationMessagePath: str,
  terminationMessagePolicy: str,
  imagePullPolicy: str,
  securityContext: any,
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
});

const volume = obj({
  name: str,
  emptyDir: obj({ medium: str, sizeLimit: 'quantity' }),
  hostPath: obj({ path: str, type: str }),
  persistentVolumeClaim: obj({ claimName: str, readOnly: bool }),
  configMap: obj({
    name: str,
    items: list(obj({ key: str, path: str, mode: int })),
    defaultMode: int,
    optional: bool,
  }),
  secret: obj({
    secretName: str,
    items: list(obj({ key: str, path: str, mode: int })),
    defaultMode: int,
    optional: bool,
  }),
  downwardAPI: any,
  projected: any,
  nfs: obj({ server: str, path: str, readOnly: bool }),
  csi: any,
  ephemeral: any,
});

const toleration = obj({ key: str, operator: str, value: str, effect: str, tolerationSeconds: int });

export const POD_SPEC: Fields = {
  volumes: list(volume),
  initContainers: list(container),
  containers: list(container),
  ephemeralContainers: list(any),
  restartPolicy: str,
  terminationGracePeriodSeconds: int,
  activeDeadlineSeconds: int,
  dnsPolicy: str,
  nodeSelector: strMap,
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  shareProcessNamespace: bool,
  securityContext: any,
  imagePullSecrets: list(obj({ name: str })),
  hostname: str,
  subdomain: str,
  affinity,
  schedulerName: str,
  tolerations: list(toleration),
  hostAliases: list(obj({ ip: str, hostnames: list(str) })),
  priorityClassName: str,
  priority: int,
  dnsConfig: any,
  readinessGates: list(obj({ conditionType: str })),
  runtimeClassName: str,
  enableServiceLinks: bool,
  preemptionPolicy: str,
  overhead: quantities,
  topologySpreadConstraints: list(
    obj({
      maxSkew: int,
      topologyKey: str,
      whenUnsatisfiable: str,
      labelSelector,
      minDomains: int,
      nodeAffinityPolicy: str,
      nodeTaintsPolicy: str,
      matchLabelKeys: list(str),
    }),
  ),
  setHostnameAsFQDN: bool,
  os: obj({ name: str }),
  hostUsers: bool,
  schedulingGates: list(obj({ name: str })),
  resourceClaims: list(any),
};

const podTemplate = obj({ metadata: obj(OBJECT_META), spec: obj(POD_SPEC) });

const pvcSpec: Fields = {
  accessModes: list(str),
  selector: labelSelector,
  resources: obj({ limits: quantities, requests: quantities }),
  volumeName: str,
  storageClassName: str,
  volumeMode: str,
  dataSource: any,
  dataSourceRef: any,
  volumeAttributesClassName: str,
};

const conditions = list(any);

const top = (spec: Fields, extra: Fields = {}): Fields => ({
  apiVersion: str,
  kind: str,
  metadata: obj(OBJECT_META),
  spec: obj(spec),
  status: any,
  ...extra,
});

/** Known fields per kind (top level), as the API server's strict decoder sees them. */
export const KNOWN_FIELDS: Record<string, Fields> = {
  Pod: top(POD_SPEC),
  ReplicaSet: top({ replicas: int, minReadySeconds: int, selector: labelSelector, template: podTemplate }),
  Deployment: top({
    replicas: int,
    selector: labelSelector,
    template: podTemplate,
    strategy: obj({
      type: str,
      rollingUpdate: obj({ maxUnavailable: 'intOrString', maxSurge: 'intOrString' }),
    }),
    minReadySeconds: int,
    revisionHistoryLimit: int,
    paused: bool,
    progressDeadlineSeconds: int,
  }),
  StatefulSet: top({
    replicas: int,
    selector: labelSelector,
    template: podTemplate,
    volumeClaimTemplates: list(
      obj({ apiVersion: str, kind: str, metadata: obj(OBJECT_META), spec: obj(pvcSpec), status: any }),
    ),
    serviceName: str,
    podManagementPolicy: str,
    updateStrategy: obj({
      type: str,
      rollingUpdate: obj({ partition: int, maxUnavailable: 'intOrString' }),
    }),
    revisionHistoryLimit: int,
    minReadySeconds: int,
    persistentVolumeClaimRetentionPolicy: obj({ whenDeleted: str, whenScaled: str }),
    ordinals: obj({ start: int }),
  }),
  DaemonSet: top({
    selector: labelSelector,
    template: podTemplate,
    updateStrategy: obj({
      type: str,
      rollingUpdate: obj({ maxUnavailable: 'intOrString', maxSurge: 'intOrString' }),
    }),
    minReadySeconds: int,
    revisionHistoryLimit: int,
  }),
  Service: top({
    ports: list(
      obj({
        name: str,
        protocol: str,
        appProtocol: str,
        port: int,
        targetPort: 'intOrString',
        nodePort: int,
      }),
    ),
    selector: strMap,
    clusterIP: str,
    clusterIPs: list(str),
    type: str,
    externalIPs: list(str),
    sessionAffinity: str,
    loadBalancerIP: str,
    loadBalancerSourceRanges: list(str),
    externalName: str,
    externalTrafficPolicy: str,
    healthCheckNodePort: int,
    publishNotReadyAddresses: bool,
    sessionAffinityConfig: any,
    ipFamilies: list(str),
    ipFamilyPolicy: str,
    allocateLoadBalancerNodePorts: bool,
    loadBalancerClass: str,
    internalTrafficPolicy: str,
  }),
  PersistentVolumeClaim: top(pvcSpec),
  PersistentVolume: top({
    capacity: quantities,
    accessModes: list(str),
    claimRef: any,
    persistentVolumeReclaimPolicy: str,
    storageClassName: str,
    mountOptions: list(str),
    volumeMode: str,
    nodeAffinity: any,
    hostPath: obj({ path: str, type: str }),
    nfs: obj({ server: str, path: str, readOnly: bool }),
    local: obj({ path: str, fsType: str }),
    csi: any,
  }),
  StorageClass: {
    apiVersion: str,
    kind: str,
    metadata: obj(OBJECT_META),
    provisioner: str,
    parameters: strMap,
    reclaimPolicy: str,
    mountOptions: list(str),
    allowVolumeExpansion: bool,
    volumeBindingMode: str,
    allowedTopologies: list(any),
  },
  Namespace: top({ finalizers: list(str) }),
  Node: top({
    podCIDR: str,
    podCIDRs: list(str),
    providerID: str,
    unschedulable: bool,
    taints: list(obj({ key: str, value: str, effect: str, timeAdded: any })),
    configSource: any,
    externalID: str,
  }),
  ControllerRevision: { apiVersion: str, kind: str, metadata: obj(OBJECT_META), data: any, revision: int },
  Endpoints: { apiVersion: str, kind: str, metadata: obj(OBJECT_META), subsets: list(any) },
  Event: {
    apiVersion: str,
    kind: str,
    metadata: obj(OBJECT_META),
    involvedObject: any,
    reason: str,
    message: str,
    source: any,
    firstTimestamp: any,
    lastTimestamp: any,
    count: int,
    type: str,
    eventTime: any,
    series: any,
    action: str,
    related: any,
    reportingComponent: str,
    reportingInstance: str,
  },
};
// Conditions are free-form in status, which is `any` above; kept for readers of this table.
void conditions;

export interface FieldProblem {
  kind: 'unknown' | 'type';
  /** `spec.template.spec.containers[0].imagee` */
  path: string;
  /** For type problems: the Go-ish type that was expected (`int32`, `string`, `bool`). */
  expected?: string;
  /** For type problems: the JSON type found (`string`, `number`, `bool`, `array`, `object`). */
  found?: string;
}

/** Unknown fields and type mismatches of a decoded manifest, in document order. */
export function checkFields(value: unknown, fields: Fields, path = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isObject(value)) return problems;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const type = fields[key];
    if (type === undefined) {
      problems.push({ kind: 'unknown', path: childPath });
      continue;
    }
    problems.push(...checkValue(child, type, childPath));
  }
  return problems;
}

function checkValue(value: unknown, type: FieldType, path: string): FieldProblem[] {
  if (value === null || value === undefined) return [];
  const mismatch = (expected: string): FieldProblem[] => [
    { kind: 'type', path, expected, found: jsonType(value) },
  ];
  if (type === 'any') return [];
  if (type === 'string') return typeof value === 'string' ? [] : mismatch('string');
  if (type === 'int') return Number.isInteger(value) ? [] : mismatch('int32');
  if (type === 'bool') return typeof value === 'boolean' ? [] : mismatch('bool');
  if (type === 'intOrString' || type === 'quantity')
    return typeof value === 'string' || typeof value === 'number'
      ? []
      : mismatch(type === 'quantity' ? 'resource.Quantity' : 'intstr.IntOrString');
  if ('map' in type) {
    if (!isObject(value)) return mismatch('map[string]string');
    return Object.entries(value).flatMap(([k, v]) => checkValue(v, type.map, `${path}.${k}`));
  }
  if ('list' in type) {
    if (!Array.isArray(value)) return mismatch('array');
    return value.flatMap((item, i) => checkValue(item, type.list, `${path}[${i}]`));
  }
  if (!isObject(value)) return mismatch('object');
  return checkFields(value, type.object, path);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

/** The value without the fields the API server does not know (what it stores under fieldValidation=Ignore/Warn). */
export function pruneUnknown(value: unknown, fields: Fields): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const type = fields[key];
    if (type === undefined) continue;
    out[key] = pruneValue(child, type);
  }
  return out;
}

function pruneValue(value: unknown, type: FieldType): unknown {
  if (value === null || value === undefined || typeof type === 'string') return value;
  if ('map' in type)
    return isObject(value)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pruneValue(v, type.map)]))
      : value;
  if ('list' in type) return Array.isArray(value) ? value.map((item) => pruneValue(item, type.list)) : value;
  return pruneUnknown(value, type.object);
}
