import { Cluster } from '@podlab/kube';
import { mustCreate, readContext, runSpec } from '../../testing/read-context.fixture';
import { clusterInfoCommand } from './cluster-info.command';

describe('kubectl cluster-info', () => {
  it('prints the control plane URL and the debugging hint', () => {
    expect(runSpec(clusterInfoCommand, readContext(), []).stdout).toBe(
      'Kubernetes control plane is running at https://172.18.0.2:6443\n\n' +
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });
});

describe('kubectl cluster-info with cluster services', () => {
  it('lists kube-system services labelled kubernetes.io/cluster-service=true with their proxy URLs', () => {
    const cluster = Cluster.create({ seed: 1 });
    mustCreate(cluster, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: { selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
    });
    expect(runSpec(clusterInfoCommand, readContext(cluster), []).stdout).toBe(
      'Kubernetes control plane is running at https://172.18.0.2:6443\n' +
        'CoreDNS is running at https://172.18.0.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n' +
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });
});
