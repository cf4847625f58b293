// Admission plugins that change objects on the way in: DefaultTolerationSeconds for pods, ClusterIP allocation
// for Services, the PVC protection finalizer.
import type { KubeObject } from '../api/objects';
import type { Toleration } from '../api/pod';
import { hash32 } from '../rng/rng';
import type { ClusterView } from '../state/cluster-state';

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

export function admit<T extends KubeObject>(view: ClusterView, object: T, current: T | undefined): T {
  const o = object as KubeObject;
  if (o.kind === 'Pod' && !current) {
    const tolerations = [...(o.spec.tolerations ?? [])];
    const seconds = view.config.defaultTolerationSeconds;
    for (const key of [NOT_READY, UNREACHABLE]) {
      if (!tolerations.some((t) => tolerates(t, key))) {
        tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
      }
    }
    return { ...o, spec: { ...o.spec, tolerations } } as T;
  }
  if (o.kind === 'Service') {
    const previous = current as KubeObject | undefined;
    const kept = previous && previous.kind === 'Service' ? previous.spec.clusterIP : undefined;
    const ip =
      o.spec.clusterIP ?? kept ?? allocateClusterIP(view, o.metadata.namespace ?? 'default', o.metadata.name);
    return { ...o, spec: { ...o.spec, clusterIP: ip, clusterIPs: [ip] } } as T;
  }
  if (
    o.kind === 'PersistentVolumeClaim' &&
    !current &&
    !(o.metadata.finalizers ?? []).includes('kubernetes.io/pvc-protection')
  ) {
    return {
      ...o,
      metadata: {
        ...o.metadata,
        finalizers: [...(o.metadata.finalizers ?? []), 'kubernetes.io/pvc-protection'],
      },
    } as T;
  }
  return object;
}

function tolerates(t: Toleration, key: string): boolean {
  return (t.operator === 'Exists' && !t.key) || (t.key === key && (!t.effect || t.effect === 'NoExecute'));
}

/** A free address in 10.96.0.0/16 (the default service CIDR), derived from the name so it is stable. */
function allocateClusterIP(view: ClusterView, namespace: string, name: string): string {
  if (namespace === 'default' && name === 'kubernetes') return '10.96.0.1';
  const used = new Set(view.objects.list('Service').map((s) => s.spec.clusterIP));
  for (let attempt = 0; ; attempt++) {
    const h = hash32(view.seed, 'cluster-ip', namespace, name, attempt);
    const ip = `10.96.${(h >>> 8) & 0xff}.${Math.max(2, h & 0xff) % 255}`;
    if (!used.has(ip)) return ip;
  }
}
