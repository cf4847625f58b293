// API server defaulting (SetDefaults_* in k8s.io/kubernetes pkg/apis/*/v1/defaults.go), for the fields the
// simulator reads and `kubectl get -o yaml` shows. Returns a new object; never mutates its input.
import type { KubeObject } from '../api/objects';
import type { Namespace } from '../api/node';
import type { Container, PodSpec, PodTemplateSpec } from '../api/pod';

export function defaultPodSpec(spec: PodSpec): PodSpec {
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    securityContext: {},
    ...spec,
    containers: (spec.containers ?? []).map(defaultContainer),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
  };
}

export function defaultContainer(container: Container): Container {
  return {
    ...container,
    imagePullPolicy: container.imagePullPolicy ?? defaultPullPolicy(container.image),
    terminationMessagePath: container.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: container.terminationMessagePolicy ?? 'File',
    resources: container.resources ?? {},
    ...(container.ports ? { ports: container.ports.map((p) => ({ protocol: 'TCP' as const, ...p })) } : {}),
  };
}

function defaultPullPolicy(image: string | undefined): Container['imagePullPolicy'] {
  if (!image) return 'IfNotPresent';
  const lastSegment = image.split('/').pop() ?? image;
  const tagged = lastSegment.includes(':') || image.includes('@');
  return !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultTemplate(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const t = template ?? ({ spec: { containers: [] } } as PodTemplateSpec);
  return { ...t, metadata: { ...(t.metadata ?? {}) }, spec: defaultPodSpec(t.spec ?? { containers: [] }) };
}

export function applyDefaults<T extends KubeObject>(object: T): T {
  const o = object as KubeObject;
  switch (o.kind) {
    case 'Pod':
      return { ...o, spec: defaultPodSpec(o.spec) } as T;
    case 'Deployment': {
      const strategy = o.spec.strategy ?? {};
      const type = strategy.type ?? 'RollingUpdate';
      return {
        ...o,
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          ...o.spec,
          strategy:
            type === 'RollingUpdate'
              ? {
                  type,
                  rollingUpdate: {
                    maxUnavailable: '25%',
                    maxSurge: '25%',
                    ...(strategy.rollingUpdate ?? {}),
                  },
                }
              : { ...strategy, type },
          template: defaultTemplate(o.spec.template),
        },
      } as T;
    }
    case 'ReplicaSet':
      return { ...o, spec: { replicas: 1, ...o.spec, template: defaultTemplate(o.spec.template) } } as T;
    case 'StatefulSet': {
      const update = o.spec.updateStrategy ?? {};
      const type = update.type ?? 'RollingUpdate';
      return {
        ...o,
        spec: {
          replicas: 1,
          podManagementPolicy: 'OrderedReady',
          revisionHistoryLimit: 10,
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          ...o.spec,
          updateStrategy:
            type === 'RollingUpdate'
              ? { type, rollingUpdate: { partition: 0, ...(update.rollingUpdate ?? {}) } }
              : { ...update, type },
          template: defaultTemplate(o.spec.template),
          ...(o.spec.volumeClaimTemplates
            ? {
                volumeClaimTemplates: o.spec.volumeClaimTemplates.map((t) => ({
                  ...t,
                  apiVersion: t.apiVersion ?? 'v1',
                  kind: t.kind ?? 'PersistentVolumeClaim',
                  spec: { volumeMode: 'Filesystem' as const, ...t.spec },
                })),
              }
            : {}),
        },
      } as T;
    }
    case 'DaemonSet': {
      const update = o.spec.updateStrategy ?? {};
      const type = update.type ?? 'RollingUpdate';
      return {
        ...o,
        spec: {
          revisionHistoryLimit: 10,
          ...o.spec,
          updateStrategy:
            type === 'RollingUpdate'
              ? { type, rollingUpdate: { maxUnavailable: 1, maxSurge: 0, ...(update.rollingUpdate ?? {}) } }
              : { ...update, type },
          template: defaultTemplate(o.spec.template),
        },
      } as T;
    }
    case 'Service':
      return {
        ...o,
        spec: {
          type: 'ClusterIP',
          sessionAffinity: 'None',
          ...o.spec,
          ...(o.spec.ports
            ? { ports: o.spec.ports.map((p) => ({ protocol: 'TCP' as const, targetPort: p.port, ...p })) }
            : {}),
        },
      } as T;
    case 'PersistentVolumeClaim':
      return { ...o, spec: { volumeMode: 'Filesystem', ...o.spec } } as T;
    case 'Namespace': {
      // SetDefaults_Namespace (the name label) and the namespace strategy's PrepareForCreate (the kubernetes
      // finalizer, phase Active): what `kubectl get ns` shows as STATUS.
      const namespace: Namespace = {
        ...o,
        metadata: {
          ...o.metadata,
          labels: { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name },
        },
        spec: { finalizers: ['kubernetes'], ...o.spec },
        status: o.status ?? { phase: 'Active' },
      };
      return namespace as T;
    }
    default:
      return object;
  }
}
