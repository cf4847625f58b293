// The schema `kubectl explain` walks: the kinds the simulator serves and the fields of our types, with short
// descriptions written for Podlab from the meaning of the Kubernetes API fields. Types are named as kubectl
// 1.30 shows them from OpenAPI v3 (`<DeploymentSpec>`, `<[]Container>`, `<map[string]string>`).

/** [type, description, required?, enum values (sorted, as the OpenAPI document lists them)?] */
export type FieldDef = readonly [
  type: string,
  description: string,
  required?: boolean,
  enumValues?: readonly string[],
];

export interface TypeDef {
  description: string;
  fields?: Readonly<Record<string, FieldDef>>;
}

const API_VERSION: FieldDef = [
  'string',
  'APIVersion defines the versioned schema of this representation of an object. Servers convert recognized schemas to the latest internal value and may reject unrecognized values.',
];
const KIND: FieldDef = [
  'string',
  'Kind is a string value naming the REST resource this object represents, in CamelCase. Servers may infer it from the endpoint the client submits requests to. Cannot be updated.',
];
const METADATA: FieldDef = [
  'ObjectMeta',
  "Standard object's metadata: name, namespace, labels, annotations and the fields the server maintains.",
];
const MIN_READY: FieldDef = [
  'integer',
  'Minimum number of seconds a newly created pod must be ready, without any of its containers crashing, before it counts as available. Defaults to 0 (available as soon as it is ready).',
];
const HISTORY: FieldDef = ['integer', 'The number of old revisions kept to allow rollback. Defaults to 10.'];
const CONDITIONS = (what: string): FieldDef => [
  `[]${what}Condition`,
  `The latest available observations of the ${what}'s current state.`,
];
const OBSERVED: FieldDef = ['integer', 'The generation of the object that the controller last acted on.'];

const condition = (what: string): TypeDef => ({
  description: `${what}Condition describes the state of a ${what} at a certain point.`,
  fields: {
    lastTransitionTime: ['string', 'Last time the condition changed from one status to another.'],
    lastUpdateTime: ['string', 'The last time this condition was updated.'],
    message: ['string', 'A human readable message with details about the transition.'],
    reason: ['string', "The reason for the condition's last transition, one CamelCase word."],
    status: ['string', 'Status of the condition: True, False or Unknown.', true],
    type: ['string', 'Type of the condition.', true],
  },
});

export const TYPES: Readonly<Record<string, TypeDef>> = {
  ObjectMeta: {
    description:
      'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    fields: {
      annotations: [
        'map[string]string',
        'Unstructured key value data stored with a resource, set by external tools to keep arbitrary metadata. Not queryable.',
      ],
      creationTimestamp: [
        'string',
        'When the object was created, set by the server in UTC (RFC 3339). Clients may not set it. Read-only.',
      ],
      deletionGracePeriodSeconds: [
        'integer',
        'Seconds allowed for the object to terminate gracefully before it is removed. Set only together with deletionTimestamp. Read-only.',
      ],
      deletionTimestamp: [
        'string',
        'The time after which the object will be deleted, set by the server when a graceful deletion is requested. Read-only.',
      ],
      finalizers: [
        '[]string',
        'Entries that must be empty before the object is deleted from the registry; each names a component responsible for removing it.',
      ],
      generateName: [
        'string',
        'An optional prefix the server uses to generate a unique name when name is not provided.',
      ],
      generation: [
        'integer',
        'A sequence number representing a specific generation of the desired state, set by the system. Read-only.',
      ],
      labels: [
        'map[string]string',
        'Map of string keys and values used to organize and categorize (scope and select) objects. Selectors of replication controllers and services match them.',
      ],
      name: [
        'string',
        'Name must be unique within a namespace. Required when creating resources, although some resources let a client ask for a generated name. Cannot be updated.',
      ],
      namespace: [
        'string',
        'The namespace the name must be unique in. An empty namespace is equivalent to "default". Cannot be updated.',
      ],
      ownerReferences: [
        '[]OwnerReference',
        'Objects this object depends on. When all of them are deleted, this object is garbage collected. At most one may be the managing controller.',
      ],
      resourceVersion: [
        'string',
        'An opaque value representing the internal version of this object, used for optimistic concurrency and watches. Read-only.',
      ],
      uid: [
        'string',
        'The unique identifier of this object in time and space, generated by the server on creation. Read-only.',
      ],
    },
  },
  OwnerReference: {
    description:
      'OwnerReference contains enough information to let you identify an owning object in the same namespace.',
    fields: {
      apiVersion: ['string', 'API version of the referent.', true],
      blockOwnerDeletion: [
        'boolean',
        'If true, the owner cannot be deleted from storage (foreground deletion) until this reference is removed.',
      ],
      controller: ['boolean', 'If true, this reference points to the managing controller.'],
      kind: ['string', 'Kind of the referent.', true],
      name: ['string', 'Name of the referent.', true],
      uid: ['string', 'UID of the referent.', true],
    },
  },
  LabelSelector: {
    description:
      'A label selector is a label query over a set of resources. matchLabels and matchExpressions are ANDed. An empty selector matches all objects; a null one matches none.',
    fields: {
      matchExpressions: ['[]LabelSelectorRequirement', 'A list of label selector requirements, ANDed.'],
      matchLabels: [
        'map[string]string',
        'A map of {key,value} pairs; each pair is equivalent to an "In" expression with a single value.',
      ],
    },
  },
  LabelSelectorRequirement: {
    description: 'A selector that contains values, a key, and an operator that relates the key and values.',
    fields: {
      key: ['string', 'The label key that the selector applies to.', true],
      operator: ['string', "The key's relationship to the values: In, NotIn, Exists or DoesNotExist.", true],
      values: [
        '[]string',
        'String values. Must be non-empty for In and NotIn, empty for Exists and DoesNotExist.',
      ],
    },
  },
  Deployment: {
    description: 'Deployment enables declarative updates for Pods and ReplicaSets.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: ['DeploymentSpec', 'Specification of the desired behavior of the Deployment.'],
      status: ['DeploymentStatus', 'Most recently observed status of the Deployment.'],
    },
  },
  DeploymentSpec: {
    description: 'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    fields: {
      minReadySeconds: MIN_READY,
      paused: [
        'boolean',
        'Indicates that the deployment is paused: template changes do not start a rollout.',
      ],
      progressDeadlineSeconds: [
        'integer',
        'Seconds a deployment may take to make progress before it is reported as failed (ProgressDeadlineExceeded). Not counted while paused. Defaults to 600s.',
      ],
      replicas: ['integer', 'Number of desired pods. Defaults to 1.'],
      revisionHistoryLimit: HISTORY,
      selector: [
        'LabelSelector',
        "Label selector for pods. Existing ReplicaSets whose pods it selects are the ones affected by this deployment. It must match the pod template's labels.",
        true,
      ],
      strategy: [
        'DeploymentStrategy',
        'The deployment strategy used to replace existing pods with new ones.',
      ],
      template: [
        'PodTemplateSpec',
        'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
        true,
      ],
    },
  },
  DeploymentStrategy: {
    description: 'DeploymentStrategy describes how to replace existing pods with new ones.',
    fields: {
      rollingUpdate: [
        'RollingUpdateDeployment',
        'Rolling update config params. Present only if type is RollingUpdate.',
      ],
      type: [
        'string',
        'Type of deployment: "Recreate" or "RollingUpdate". Default is RollingUpdate.',
        false,
        ['Recreate', 'RollingUpdate'],
      ],
    },
  },
  RollingUpdateDeployment: {
    description: 'Spec to control the desired behavior of rolling update.',
    fields: {
      maxSurge: [
        'IntOrString',
        'The maximum number of pods that can be scheduled above the desired number of pods, as a number or a percentage of desired pods (rounded up). Cannot be 0 if maxUnavailable is 0. Defaults to 25%.',
      ],
      maxUnavailable: [
        'IntOrString',
        'The maximum number of pods that can be unavailable during the update, as a number or a percentage of desired pods (rounded down). Cannot be 0 if maxSurge is 0. Defaults to 25%.',
      ],
    },
  },
  DeploymentStatus: {
    description: 'DeploymentStatus is the most recently observed status of the Deployment.',
    fields: {
      availableReplicas: [
        'integer',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ],
      collisionCount: [
        'integer',
        'Count of hash collisions for the Deployment, used to avoid name clashes of new ReplicaSets.',
      ],
      conditions: CONDITIONS('Deployment'),
      observedGeneration: OBSERVED,
      readyReplicas: ['integer', 'Number of pods targeted by this Deployment with a Ready Condition.'],
      replicas: [
        'integer',
        'Total number of non-terminated pods targeted by this deployment (their labels match the selector).',
      ],
      unavailableReplicas: [
        'integer',
        'Total number of unavailable pods targeted by this deployment: pods still needed for 100% availability.',
      ],
      updatedReplicas: [
        'integer',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ],
    },
  },
  DeploymentCondition: condition('Deployment'),
  ReplicaSet: {
    description: 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: [
        'ObjectMeta',
        "If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages. Standard object's metadata.",
      ],
      spec: ['ReplicaSetSpec', 'Spec defines the specification of the desired behavior of the ReplicaSet.'],
      status: [
        'ReplicaSetStatus',
        'Status is the most recently observed status of the ReplicaSet. Populated by the system. Read-only.',
      ],
    },
  },
  ReplicaSetSpec: {
    description: 'ReplicaSetSpec is the specification of a ReplicaSet.',
    fields: {
      minReadySeconds: MIN_READY,
      replicas: ['integer', 'The number of desired replicas. Defaults to 1.'],
      selector: [
        'LabelSelector',
        "A label query over pods that should match the replica count. It must match the pod template's labels.",
        true,
      ],
      template: [
        'PodTemplateSpec',
        'The object that describes the pod that will be created if insufficient replicas are detected.',
      ],
    },
  },
  ReplicaSetStatus: {
    description: 'ReplicaSetStatus represents the current status of a ReplicaSet.',
    fields: {
      availableReplicas: [
        'integer',
        'The number of available replicas (ready for at least minReadySeconds) for this replica set.',
      ],
      conditions: CONDITIONS('ReplicaSet'),
      fullyLabeledReplicas: [
        'integer',
        'The number of pods that have labels matching the labels of the pod template of the replicaset.',
      ],
      observedGeneration: OBSERVED,
      readyReplicas: ['integer', 'The number of pods targeted by this ReplicaSet with a Ready Condition.'],
      replicas: ['integer', 'Replicas is the most recently observed number of replicas.', true],
    },
  },
  ReplicaSetCondition: condition('ReplicaSet'),
  StatefulSet: {
    description:
      'StatefulSet represents a set of pods with consistent identities: a stable network hostname and stable storage, kept across rescheduling.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: ['StatefulSetSpec', 'Spec defines the desired identities of pods in this set.'],
      status: [
        'StatefulSetStatus',
        'Status is the current status of Pods in this StatefulSet. This data may be out of date by some window of time.',
      ],
    },
  },
  StatefulSetSpec: {
    description: 'A StatefulSetSpec is the specification of a StatefulSet.',
    fields: {
      minReadySeconds: MIN_READY,
      ordinals: [
        'StatefulSetOrdinals',
        'Controls the numbering of replica indices in a StatefulSet. Defaults to starting at 0.',
      ],
      persistentVolumeClaimRetentionPolicy: [
        'StatefulSetPersistentVolumeClaimRetentionPolicy',
        'Describes the lifecycle of persistent volume claims created from volumeClaimTemplates. By default all claims are kept (Retain).',
      ],
      podManagementPolicy: [
        'string',
        'How pods are created during initial scale up, replaced, or deleted during scale down: OrderedReady (the default, one at a time in order) or Parallel.',
        false,
        ['OrderedReady', 'Parallel'],
      ],
      replicas: ['integer', 'The desired number of replicas of the given Template. Defaults to 1.'],
      revisionHistoryLimit: HISTORY,
      selector: [
        'LabelSelector',
        "A label query over pods that should match the replica count. It must match the pod template's labels.",
        true,
      ],
      serviceName: [
        'string',
        'The name of the service that governs this StatefulSet. It must exist before the StatefulSet and gives each pod its stable network identity.',
      ],
      template: [
        'PodTemplateSpec',
        'The object that describes the pod created for each replica. Each pod gets a unique identity from the rest of the StatefulSet.',
        true,
      ],
      updateStrategy: [
        'StatefulSetUpdateStrategy',
        'The strategy used to update the Pods when the template changes.',
      ],
      volumeClaimTemplates: [
        '[]PersistentVolumeClaim',
        'Claims that pods may reference. Every claim gets a PersistentVolumeClaim per pod, kept when the pod is rescheduled.',
      ],
    },
  },
  StatefulSetOrdinals: {
    description:
      'StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.',
    fields: { start: ['integer', "The number assigned to the first replica's index. Defaults to 0."] },
  },
  StatefulSetPersistentVolumeClaimRetentionPolicy: {
    description: 'Describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.',
    fields: {
      whenDeleted: [
        'string',
        'What happens to PVCs when the StatefulSet is deleted: Retain (default) or Delete.',
      ],
      whenScaled: [
        'string',
        'What happens to PVCs when the StatefulSet is scaled down: Retain (default) or Delete.',
      ],
    },
  },
  StatefulSetUpdateStrategy: {
    description:
      'StatefulSetUpdateStrategy indicates the strategy the StatefulSet controller uses to perform updates.',
    fields: {
      rollingUpdate: [
        'RollingUpdateStatefulSetStrategy',
        'Used to communicate parameters when Type is RollingUpdate.',
      ],
      type: [
        'string',
        'Type indicates the type of the StatefulSetUpdateStrategy: RollingUpdate (default) or OnDelete.',
        false,
        ['OnDelete', 'RollingUpdate'],
      ],
    },
  },
  RollingUpdateStatefulSetStrategy: {
    description:
      'RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.',
    fields: {
      maxUnavailable: [
        'IntOrString',
        'The maximum number of pods that can be unavailable during the update. Defaults to 1.',
      ],
      partition: [
        'integer',
        'Pods with an ordinal greater than or equal to the partition are updated; the others keep the old revision. Defaults to 0.',
      ],
    },
  },
  StatefulSetStatus: {
    description: 'StatefulSetStatus represents the current state of a StatefulSet.',
    fields: {
      availableReplicas: [
        'integer',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.',
      ],
      collisionCount: ['integer', 'The count of hash collisions for the StatefulSet.'],
      conditions: CONDITIONS('StatefulSet'),
      currentReplicas: [
        'integer',
        'The number of Pods created by the StatefulSet controller from the currentRevision.',
      ],
      currentRevision: [
        'string',
        'The version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).',
      ],
      observedGeneration: OBSERVED,
      readyReplicas: ['integer', 'The number of pods created for this StatefulSet with a Ready Condition.'],
      replicas: ['integer', 'The number of Pods created by the StatefulSet controller.', true],
      updateRevision: [
        'string',
        'The version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas).',
      ],
      updatedReplicas: [
        'integer',
        'The number of Pods created by the StatefulSet controller from the updateRevision.',
      ],
    },
  },
  StatefulSetCondition: condition('StatefulSet'),
  DaemonSet: {
    description:
      'DaemonSet represents the configuration of a daemon set: a pod that runs on every eligible node.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: ['DaemonSetSpec', 'The desired behavior of this daemon set.'],
      status: [
        'DaemonSetStatus',
        'The current status of this daemon set. Populated by the system. Read-only.',
      ],
    },
  },
  DaemonSetSpec: {
    description: 'DaemonSetSpec is the specification of a daemon set.',
    fields: {
      minReadySeconds: MIN_READY,
      revisionHistoryLimit: HISTORY,
      selector: [
        'LabelSelector',
        "A label query over pods that are managed by the daemon set. It must match the pod template's labels.",
        true,
      ],
      template: [
        'PodTemplateSpec',
        "An object that describes the pod that will be created on every node that matches the template's node selector (or on every node if none).",
        true,
      ],
      updateStrategy: [
        'DaemonSetUpdateStrategy',
        'An update strategy to replace existing DaemonSet pods with new pods.',
      ],
    },
  },
  DaemonSetUpdateStrategy: {
    description: 'DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.',
    fields: {
      rollingUpdate: [
        'RollingUpdateDaemonSet',
        'Rolling update config params. Present only if type = "RollingUpdate".',
      ],
      type: [
        'string',
        'Type of daemon set update: "RollingUpdate" (default) or "OnDelete".',
        false,
        ['OnDelete', 'RollingUpdate'],
      ],
    },
  },
  RollingUpdateDaemonSet: {
    description: 'Spec to control the desired behavior of daemon set rolling update.',
    fields: {
      maxSurge: [
        'IntOrString',
        'The maximum number of nodes with an existing available DaemonSet pod that can have an updated pod during the update. Defaults to 0.',
      ],
      maxUnavailable: [
        'IntOrString',
        'The maximum number of DaemonSet pods that can be unavailable during the update, as a number or a percentage of nodes (rounded up). Defaults to 1.',
      ],
    },
  },
  DaemonSetStatus: {
    description: 'DaemonSetStatus represents the current status of a daemon set.',
    fields: {
      collisionCount: ['integer', 'Count of hash collisions for the DaemonSet.'],
      conditions: CONDITIONS('DaemonSet'),
      currentNumberScheduled: [
        'integer',
        'The number of nodes running at least 1 daemon pod and supposed to run it.',
        true,
      ],
      desiredNumberScheduled: [
        'integer',
        'The total number of nodes that should be running the daemon pod.',
        true,
      ],
      numberAvailable: [
        'integer',
        'The number of nodes that should be running the daemon pod and have one or more of it running and available.',
      ],
      numberMisscheduled: [
        'integer',
        'The number of nodes running the daemon pod but not supposed to.',
        true,
      ],
      numberReady: [
        'integer',
        'The number of nodes that should be running the daemon pod and have one or more of it running with a Ready Condition.',
        true,
      ],
      numberUnavailable: [
        'integer',
        'The number of nodes that should be running the daemon pod and have none of it running and available.',
      ],
      observedGeneration: OBSERVED,
      updatedNumberScheduled: ['integer', 'The total number of nodes that are running updated daemon pod.'],
    },
  },
  DaemonSetCondition: condition('DaemonSet'),
  PodTemplateSpec: {
    description: 'PodTemplateSpec describes the data a pod should have when created from a template.',
    fields: {
      metadata: METADATA,
      spec: ['PodSpec', 'Specification of the desired behavior of the pod.'],
    },
  },
  Pod: {
    description:
      'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: ['PodSpec', 'Specification of the desired behavior of the pod.'],
      status: [
        'PodStatus',
        'Most recently observed status of the pod. May be out of date. Populated by the system. Read-only.',
      ],
    },
  },
  PodSpec: {
    description: 'PodSpec is a description of a pod.',
    fields: {
      affinity: ['Affinity', "If specified, the pod's scheduling constraints."],
      containers: [
        '[]Container',
        'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
        true,
      ],
      dnsPolicy: [
        'string',
        'Set DNS policy for the pod. Defaults to "ClusterFirst".',
        false,
        ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
      ],
      enableServiceLinks: [
        'boolean',
        "Whether information about services should be injected into the pod's environment variables. Defaults to true.",
      ],
      hostNetwork: ['boolean', "Use the host's network namespace for this pod. Default to false."],
      hostname: [
        'string',
        "Specifies the hostname of the Pod. If not specified, the pod's hostname is its name.",
      ],
      initContainers: [
        '[]Container',
        'List of initialization containers, run in order before the app containers start. If any fails, the pod is restarted according to its restartPolicy.',
      ],
      nodeName: [
        'string',
        'A request to schedule this pod onto a specific node. If set, the scheduler leaves the pod alone and the kubelet of that node runs it.',
      ],
      nodeSelector: [
        'map[string]string',
        "A selector which must be true for the pod to fit on a node: the node's labels must match every key and value.",
      ],
      priority: [
        'integer',
        'The priority value, filled from the priority class by the admission controller.',
      ],
      restartPolicy: [
        'string',
        'Restart policy for all containers within the pod: Always, OnFailure or Never. Default to Always.',
        false,
        ['Always', 'Never', 'OnFailure'],
      ],
      schedulerName: ['string', 'The scheduler that dispatches the pod. Defaults to the default scheduler.'],
      securityContext: ['PodSecurityContext', 'Pod-level security attributes and common container settings.'],
      serviceAccountName: ['string', 'Name of the ServiceAccount used to run this pod.'],
      subdomain: [
        'string',
        'If specified, the fully qualified pod hostname is "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".',
      ],
      terminationGracePeriodSeconds: [
        'integer',
        'Seconds the pod has to terminate gracefully after a deletion request before its processes are killed. Defaults to 30 seconds.',
      ],
      tolerations: ['[]Toleration', "If specified, the pod's tolerations."],
      volumes: ['[]Volume', 'List of volumes that can be mounted by containers belonging to the pod.'],
    },
  },
  PodStatus: {
    description:
      'PodStatus represents information about the status of a pod. Status may trail the actual state of a system.',
    fields: {
      conditions: ['[]PodCondition', 'Current service state of pod.'],
      containerStatuses: [
        '[]ContainerStatus',
        'The status of each container in the manifest, one entry per container.',
      ],
      hostIP: [
        'string',
        'The IP address of the host to which the pod is assigned. Empty if not yet scheduled.',
      ],
      initContainerStatuses: [
        '[]ContainerStatus',
        'The status of each init container, one entry per init container.',
      ],
      message: [
        'string',
        'A human readable message indicating details about why the pod is in this condition.',
      ],
      nominatedNodeName: [
        'string',
        'Set only when this pod preempts other pods on a node but cannot be scheduled right away.',
      ],
      phase: [
        'string',
        'A simple, high-level summary of where the Pod is in its lifecycle: Pending, Running, Succeeded, Failed or Unknown.',
        false,
        ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
      ],
      podIP: [
        'string',
        'The IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      ],
      podIPs: ['[]PodIP', 'The IP addresses allocated to the pod; the first one matches podIP.'],
      qosClass: [
        'string',
        'The Quality of Service class assigned to the pod based on resource requirements: BestEffort, Burstable or Guaranteed.',
        false,
        ['BestEffort', 'Burstable', 'Guaranteed'],
      ],
      reason: [
        'string',
        "A brief CamelCase message indicating details about why the pod is in this state, e.g. 'Evicted'.",
      ],
      startTime: [
        'string',
        'The date and time when the kubelet acknowledged the pod, before it pulled any image.',
      ],
    },
  },
  Container: {
    description: 'A single application container that you want to run within a pod.',
    fields: {
      args: ['[]string', "Arguments to the entrypoint. The image's CMD is used if this is not provided."],
      command: [
        '[]string',
        "Entrypoint array, not executed within a shell. The image's ENTRYPOINT is used if this is not provided.",
      ],
      env: ['[]EnvVar', 'List of environment variables to set in the container. Cannot be updated.'],
      image: [
        'string',
        'Container image name. Often set through a higher level controller such as a Deployment.',
      ],
      imagePullPolicy: [
        'string',
        'Image pull policy: Always, Never or IfNotPresent. Defaults to Always if the :latest tag is given, IfNotPresent otherwise. Cannot be updated.',
        false,
        ['Always', 'IfNotPresent', 'Never'],
      ],
      livenessProbe: [
        'Probe',
        'Periodic probe of container liveness. The container is restarted if the probe fails. Cannot be updated.',
      ],
      name: [
        'string',
        'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name. Cannot be updated.',
        true,
      ],
      ports: [
        '[]ContainerPort',
        'List of ports to expose from the container. Mostly informational: any port the container listens on is reachable from the network.',
      ],
      readinessProbe: [
        'Probe',
        'Periodic probe of container service readiness. The container is removed from service endpoints if the probe fails. Cannot be updated.',
      ],
      resources: ['ResourceRequirements', 'Compute resources required by this container.'],
      restartPolicy: [
        'string',
        'Restart policy of an init container: only "Always" is allowed, which makes it a sidecar that keeps running.',
      ],
      startupProbe: [
        'Probe',
        'Indicates that the Pod has successfully initialized; other probes wait until it succeeds. Cannot be updated.',
      ],
      volumeMounts: [
        '[]VolumeMount',
        "Pod volumes to mount into the container's filesystem. Cannot be updated.",
      ],
      workingDir: ['string', "Container's working directory. Defaults to the image's. Cannot be updated."],
    },
  },
  ContainerPort: {
    description: 'ContainerPort represents a network port in a single container.',
    fields: {
      containerPort: [
        'integer',
        "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
        true,
      ],
      hostIP: ['string', 'What host IP to bind the external port to.'],
      hostPort: ['integer', 'Number of port to expose on the host. Most containers do not need this.'],
      name: [
        'string',
        'If specified, this must be an IANA_SVC_NAME and unique within the pod. Named ports can be referred to by services.',
      ],
      protocol: [
        'string',
        'Protocol for port: UDP, TCP, or SCTP. Defaults to "TCP".',
        false,
        ['SCTP', 'TCP', 'UDP'],
      ],
    },
  },
  EnvVar: {
    description: 'EnvVar represents an environment variable present in a Container.',
    fields: {
      name: ['string', 'Name of the environment variable. Must be a C_IDENTIFIER.', true],
      value: [
        'string',
        'Variable value; $(VAR_NAME) references to previously defined variables are expanded. Defaults to "".',
      ],
      valueFrom: [
        'EnvVarSource',
        "Source for the environment variable's value. Cannot be used if value is not empty.",
      ],
    },
  },
  ResourceRequirements: {
    description: 'ResourceRequirements describes the compute resource requirements.',
    fields: {
      limits: ['map[string]Quantity', 'The maximum amount of compute resources allowed.'],
      requests: [
        'map[string]Quantity',
        'The minimum amount of compute resources required; the scheduler places the pod where they fit. Defaults to the limits when omitted.',
      ],
    },
  },
  VolumeMount: {
    description: 'VolumeMount describes a mounting of a Volume within a container.',
    fields: {
      mountPath: [
        'string',
        "Path within the container at which the volume should be mounted. Must not contain ':'.",
        true,
      ],
      name: ['string', 'This must match the Name of a Volume.', true],
      readOnly: [
        'boolean',
        'Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.',
      ],
      subPath: [
        'string',
        'Path within the volume from which the container\'s volume should be mounted. Defaults to "" (volume\'s root).',
      ],
    },
  },
  Probe: {
    description:
      'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
    fields: {
      exec: ['ExecAction', 'Exec specifies the action to take: a command run inside the container.'],
      failureThreshold: [
        'integer',
        'Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3.',
      ],
      grpc: ['GRPCAction', 'GRPC specifies an action involving a GRPC port.'],
      httpGet: ['HTTPGetAction', 'HTTPGet specifies the http request to perform.'],
      initialDelaySeconds: [
        'integer',
        'Number of seconds after the container has started before probes are initiated.',
      ],
      periodSeconds: [
        'integer',
        'How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.',
      ],
      successThreshold: [
        'integer',
        'Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1.',
      ],
      tcpSocket: ['TCPSocketAction', 'TCPSocket specifies an action involving a TCP port.'],
      timeoutSeconds: ['integer', 'Number of seconds after which the probe times out. Defaults to 1 second.'],
    },
  },
  HTTPGetAction: {
    description: 'HTTPGetAction describes an action based on HTTP Get requests.',
    fields: {
      path: ['string', 'Path to access on the HTTP server.'],
      port: ['IntOrString', 'Name or number of the port to access on the container.', true],
      scheme: [
        'string',
        'Scheme to use for connecting to the host. Defaults to HTTP.',
        false,
        ['HTTP', 'HTTPS'],
      ],
    },
  },
  TCPSocketAction: {
    description: 'TCPSocketAction describes an action based on opening a socket.',
    fields: { port: ['IntOrString', 'Number or name of the port to access on the container.', true] },
  },
  ExecAction: {
    description: 'ExecAction describes a "run in container" action.',
    fields: {
      command: [
        '[]string',
        'Command line to execute inside the container; exit status 0 is healthy, anything else unhealthy.',
      ],
    },
  },
  Volume: {
    description:
      'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
    fields: {
      configMap: [
        'ConfigMapVolumeSource',
        'configMap represents a configMap that should populate this volume.',
      ],
      emptyDir: [
        'EmptyDirVolumeSource',
        "emptyDir represents a temporary directory that shares a pod's lifetime.",
      ],
      hostPath: [
        'HostPathVolumeSource',
        'hostPath represents a pre-existing file or directory on the host machine.',
      ],
      name: ['string', 'Name of the volume. Must be a DNS_LABEL and unique within the pod.', true],
      persistentVolumeClaim: [
        'PersistentVolumeClaimVolumeSource',
        'A reference to a PersistentVolumeClaim in the same namespace.',
      ],
      secret: ['SecretVolumeSource', 'secret represents a secret that should populate this volume.'],
    },
  },
  EmptyDirVolumeSource: {
    description: 'Represents an empty directory for a pod.',
    fields: {
      medium: [
        'string',
        'What type of storage medium should back this directory: "" (the node\'s default) or "Memory".',
      ],
      sizeLimit: ['Quantity', 'The total amount of local storage required for this EmptyDir volume.'],
    },
  },
  PersistentVolumeClaimVolumeSource: {
    description: "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.",
    fields: {
      claimName: [
        'string',
        'The name of a PersistentVolumeClaim in the same namespace as the pod using this volume.',
        true,
      ],
      readOnly: ['boolean', 'Will force the ReadOnly setting in VolumeMounts. Default false.'],
    },
  },
  Toleration: {
    description:
      'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect>.',
    fields: {
      effect: [
        'string',
        'The taint effect to match: NoSchedule, PreferNoSchedule or NoExecute. Empty matches all effects.',
        false,
        ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
      ],
      key: [
        'string',
        'The taint key that the toleration applies to. Empty means match all taint keys (operator must be Exists).',
      ],
      operator: [
        'string',
        "A key's relationship to the value: Exists or Equal. Defaults to Equal.",
        false,
        ['Equal', 'Exists'],
      ],
      tolerationSeconds: [
        'integer',
        'For NoExecute taints: how long the pod stays bound to the node after the taint appears. Unset means forever.',
      ],
      value: ['string', 'The taint value the toleration matches to. Empty if the operator is Exists.'],
    },
  },
  Affinity: {
    description: 'Affinity is a group of affinity scheduling rules.',
    fields: {
      nodeAffinity: ['NodeAffinity', 'Describes node affinity scheduling rules for the pod.'],
      podAffinity: ['PodAffinity', 'Describes pod affinity scheduling rules.'],
      podAntiAffinity: ['PodAntiAffinity', 'Describes pod anti-affinity scheduling rules.'],
    },
  },
  Service: {
    description:
      'Service is a named abstraction of software service (for example, mysql) consisting of local port that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: ['ServiceSpec', 'Spec defines the behavior of a service.'],
      status: [
        'ServiceStatus',
        'Most recently observed status of the service. Populated by the system. Read-only.',
      ],
    },
  },
  ServiceSpec: {
    description: 'ServiceSpec describes the attributes that a user creates on a service.',
    fields: {
      clusterIP: [
        'string',
        'The IP address of the service, usually assigned randomly. "None" makes a headless service.',
      ],
      clusterIPs: ['[]string', 'IP addresses assigned to this service; the first one matches clusterIP.'],
      ports: ['[]ServicePort', 'The list of ports that are exposed by this service.'],
      selector: [
        'map[string]string',
        'Route service traffic to pods with label keys and values matching this selector.',
      ],
      sessionAffinity: [
        'string',
        'Supports "ClientIP" and "None". Defaults to None.',
        false,
        ['ClientIP', 'None'],
      ],
      type: [
        'string',
        'How the Service is exposed: ClusterIP (default), NodePort, LoadBalancer or ExternalName.',
        false,
        ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
      ],
    },
  },
  ServicePort: {
    description: "ServicePort contains information on service's port.",
    fields: {
      name: ['string', 'The name of this port within the service. Required when there are several ports.'],
      nodePort: [
        'integer',
        'The port on each node on which this service is exposed when type is NodePort or LoadBalancer.',
      ],
      port: ['integer', 'The port that will be exposed by this service.', true],
      protocol: [
        'string',
        'The IP protocol for this port: "TCP", "UDP", and "SCTP". Default is TCP.',
        false,
        ['SCTP', 'TCP', 'UDP'],
      ],
      targetPort: [
        'IntOrString',
        "Number or name of the port to access on the pods targeted by the service. Defaults to the value of 'port'.",
      ],
    },
  },
  Node: {
    description: 'Node is a worker node in Kubernetes.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: ['NodeSpec', 'Spec defines the behavior of a node.'],
      status: [
        'NodeStatus',
        'Most recently observed status of the node. Populated by the system. Read-only.',
      ],
    },
  },
  NodeSpec: {
    description: 'NodeSpec describes the attributes that a node is created with.',
    fields: {
      podCIDR: ['string', 'The pod IP range assigned to the node.'],
      providerID: ['string', 'ID of the node assigned by the cloud provider.'],
      taints: ['[]Taint', "If specified, the node's taints."],
      unschedulable: [
        'boolean',
        'Unschedulable controls node schedulability of new pods. By default, node is schedulable.',
      ],
    },
  },
  Taint: {
    description:
      'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
    fields: {
      effect: [
        'string',
        'The effect of the taint on pods that do not tolerate it: NoSchedule, PreferNoSchedule and NoExecute.',
        true,
        ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
      ],
      key: ['string', 'The taint key to be applied to a node.', true],
      timeAdded: ['string', 'The time at which the taint was added. Only written for NoExecute taints.'],
      value: ['string', 'The taint value corresponding to the taint key.'],
    },
  },
  Namespace: {
    description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: ['NamespaceSpec', 'Spec defines the behavior of the Namespace.'],
      status: ['NamespaceStatus', 'Status describes the current status of a Namespace.'],
    },
  },
  PersistentVolumeClaim: {
    description: "PersistentVolumeClaim is a user's request for and claim to a persistent volume.",
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: [
        'PersistentVolumeClaimSpec',
        'spec defines the desired characteristics of a volume requested by a pod author.',
      ],
      status: [
        'PersistentVolumeClaimStatus',
        'status represents the current information/status of a persistent volume claim. Read-only.',
      ],
    },
  },
  PersistentVolumeClaimSpec: {
    description:
      'PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes.',
    fields: {
      accessModes: [
        '[]string',
        'The desired access modes the volume should have: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.',
      ],
      resources: [
        'VolumeResourceRequirements',
        'The minimum resources the volume should have (requests.storage).',
      ],
      selector: ['LabelSelector', 'A label query over volumes to consider for binding.'],
      storageClassName: [
        'string',
        'The name of the StorageClass required by the claim. Empty uses the default class.',
      ],
      volumeMode: [
        'string',
        'What type of volume is required by the claim: Filesystem (default) or Block.',
        false,
        ['Block', 'Filesystem'],
      ],
      volumeName: ['string', 'The binding reference to the PersistentVolume backing this claim.'],
    },
  },
  PersistentVolume: {
    description:
      'PersistentVolume (PV) is a storage resource provisioned by an administrator or dynamically by a StorageClass.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: [
        'PersistentVolumeSpec',
        'spec defines a specification of a persistent volume owned by the cluster.',
      ],
      status: [
        'PersistentVolumeStatus',
        'status represents the current information/status for the persistent volume. Read-only.',
      ],
    },
  },
  StorageClass: {
    description:
      'StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.',
    fields: {
      allowVolumeExpansion: ['boolean', 'Whether the storage class allows volume expansion.'],
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      parameters: [
        'map[string]string',
        'Parameters for the provisioner that should create volumes of this storage class.',
      ],
      provisioner: ['string', 'The type of the provisioner.', true],
      reclaimPolicy: [
        'string',
        'What happens to volumes of this class when released: Delete (default) or Retain.',
        false,
        ['Delete', 'Recycle', 'Retain'],
      ],
      volumeBindingMode: [
        'string',
        'When volumes are provisioned and bound: Immediate (default) or WaitForFirstConsumer.',
      ],
    },
  },
  Endpoints: {
    description: 'Endpoints is a collection of endpoints that implement the actual service.',
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      subsets: [
        '[]EndpointSubset',
        'The set of all endpoints: the union of all subsets, grouped by their ports.',
      ],
    },
  },
  Event: {
    description: 'Event is a report of an event somewhere in the cluster.',
    fields: {
      apiVersion: API_VERSION,
      count: ['integer', 'The number of times this event has occurred.'],
      firstTimestamp: ['string', 'The time at which the event was first recorded.'],
      involvedObject: ['ObjectReference', 'The object that this event is about.', true],
      kind: KIND,
      lastTimestamp: ['string', 'The time at which the most recent occurrence of this event was recorded.'],
      message: ['string', 'A human-readable description of the status of this operation.'],
      metadata: METADATA,
      reason: [
        'string',
        "A short, machine understandable string giving the reason for the transition into the object's current status.",
      ],
      source: ['EventSource', 'The component reporting this event.'],
      type: ['string', 'Type of this event (Normal, Warning).'],
    },
  },
  ControllerRevision: {
    description:
      'ControllerRevision implements an immutable snapshot of state data, used by the StatefulSet and DaemonSet controllers for rollbacks.',
    fields: {
      apiVersion: API_VERSION,
      data: ['Object', 'The serialized representation of the state.'],
      kind: KIND,
      metadata: METADATA,
      revision: ['integer', 'The revision of the state represented by Data.', true],
    },
  },
};
