// The objects a fresh cluster has before anyone touches it: namespaces, nodes, the default StorageClass and
// the `kubernetes` Service. Node objects are also what the node-add fault creates.
import type { Node, Taint } from '../api/node';
import type { ObjectInput } from '../api-server/api-server';
import type { ClusterConfig, NodeSpecInput } from '../state/cluster-config';
import { rfc3339 } from '../time/time';

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function nodeObject(
  spec: NodeSpecInput,
  index: number,
  config: ClusterConfig,
  now: number,
): ObjectInput {
  const role = spec.role ?? 'worker';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    ...(role === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    ...(spec.labels ?? {}),
  };
  const taints: Taint[] = (spec.taints ?? []).map((t) => ({
    key: t.key,
    ...(t.value ? { value: t.value } : {}),
    effect: t.effect,
  }));
  const capacity = {
    cpu: spec.cpu ?? '4',
    memory: spec.memory ?? '16Gi',
    pods: String(spec.pods ?? 110),
    'ephemeral-storage': '100Gi',
  };
  const time = rfc3339(now);
  const node: Omit<Node, 'metadata'> = {
    apiVersion: 'v1',
    kind: 'Node',
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      providerID: `podlab://${spec.name}`,
      ...(taints.length ? { taints } : {}),
    },
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
          time,
        ),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', time),
        condition(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
          time,
        ),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', time),
      ],
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${index + 2}` },
        { type: 'Hostname', address: spec.name },
      ],
      nodeInfo: {
        kubeletVersion: config.kubernetesVersion,
        kubeProxyVersion: config.kubernetesVersion,
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-podlab-amd64',
        containerRuntimeVersion: 'containerd://1.7.15',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: [],
    },
    sim: { kubeletDown: false },
  };
  return { ...node, metadata: { name: spec.name, labels } } as ObjectInput;
}

function condition(type: string, status: 'True' | 'False', reason: string, message: string, time: string) {
  return { type, status, reason, message, lastHeartbeatTime: time, lastTransitionTime: time };
}

export function bootstrapObjects(config: ClusterConfig): ObjectInput[] {
  const objects: ObjectInput[] = SYSTEM_NAMESPACES.map(
    (name) =>
      ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      }) as ObjectInput,
  );
  config.nodes.forEach((spec, i) => objects.push(nodeObject(spec, i, config, config.startTime)));
  objects.push({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'podlab.dev/simulated-disk',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  } as ObjectInput);
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  } as ObjectInput);
  return objects;
}
