import type { ObjectInput } from '@podlab/kube';
import { harness, type Harness } from '../shared/kubectl-harness.fixture';

const pod = (
  name: string,
  extra: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
): ObjectInput =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...extra },
    spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx:1.25' }], ...spec },
  }) as ObjectInput;

describe('kubectl cordon / uncordon / taint (spec B.5)', () => {
  const h = harness();
  it.each([
    ['kubectl cordon worker-1', 'node/worker-1 cordoned\n'],
    ['kubectl cordon worker-1', 'node/worker-1 already cordoned\n'],
    ['kubectl uncordon worker-1', 'node/worker-1 uncordoned\n'],
    ['kubectl uncordon worker-1', 'node/worker-1 already uncordoned\n'],
    ['kubectl cordon nope', 'Error from server (NotFound): nodes "nope" not found\n[exit 1]\n'],
    ['kubectl taint nodes worker-1 dedicated=gpu:NoSchedule', 'node/worker-1 tainted\n'],
    [
      'kubectl taint nodes worker-1 dedicated=cpu:NoSchedule',
      'error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n[exit 1]\n',
    ],
    ['kubectl taint node/worker-1 dedicated=cpu:NoSchedule --overwrite', 'node/worker-1 modified\n'],
    ['kubectl taint nodes worker-1 dedicated:NoSchedule-', 'node/worker-1 untainted\n'],
    ['kubectl taint nodes worker-1 dedicated-', 'error: taint "dedicated" not found\n[exit 1]\n'],
    [
      'kubectl taint nodes worker-1 a=b:Sometimes',
      'error: invalid taint effect: Sometimes, unsupported taint effect\n[exit 1]\n',
    ],
    [
      'kubectl taint nodes worker-1',
      "error: at least one taint update is required\nSee 'kubectl taint -h' for help and examples\n[exit 1]\n",
    ],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });
});

const daemonSet = (h: Harness): Record<string, unknown> => {
  const created = h.cluster.create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'fluentd' } },
      template: {
        metadata: { labels: { app: 'fluentd' } },
        spec: { containers: [{ name: 'f', image: 'fluentd:v1' }] },
      },
    },
  } as ObjectInput);
  if (!created.ok) throw new Error(created.error.message);
  return {
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: 'fluentd',
        uid: created.value.metadata.uid,
        controller: true,
      },
    ],
  };
};

describe('kubectl drain', () => {
  it('lists the pods that block it, by reason, and leaves the node cordoned', () => {
    const h = harness();
    h.cluster.create(pod('bare'));
    h.cluster.create(pod('ds-pod', daemonSet(h)));
    expect(h.text('kubectl drain worker-1')).toBe(
      'node/worker-1 cordoned\n' +
        'error: unable to drain node "worker-1" due to error: [cannot delete Pods declare no controller (use --force to override): default/bare, cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds-pod], continuing command...\n' +
        'There are pending nodes to be drained:\n worker-1\n' +
        'error: [cannot delete Pods declare no controller (use --force to override): default/bare, cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds-pod]\n[exit 1]\n',
    );
    expect(h.cluster.get('Node', undefined, 'worker-1')!.spec.unschedulable).toBe(true);
  });

  it('evicts what it may with --ignore-daemonsets --force --delete-emptydir-data, with warnings', () => {
    const h = harness();
    h.cluster.create(pod('bare', {}, { volumes: [{ name: 'tmp', emptyDir: {} }] }));
    h.cluster.create(pod('ds-pod', daemonSet(h)));
    const out = h.run(
      'kubectl drain worker-1 --ignore-daemonsets --delete-emptydir-data --force --grace-period=0',
    );
    expect(out.stderr).toBe(
      'Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: default/ds-pod\n',
    );
    expect(out.stdout).toBe(
      'node/worker-1 cordoned\nevicting pod default/bare\npod/bare evicted\nnode/worker-1 drained\n',
    );
    expect(out.exitCode).toBe(0);
  });
});

describe('kubectl drain of an orphaned DaemonSet pod', () => {
  it('needs --force, then deletes it', () => {
    const h = harness();
    const orphan = {
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'gone', uid: 'u1', controller: true },
      ],
    };
    h.cluster.create(pod('ds-pod', orphan));
    expect(h.run('kubectl drain worker-1 --ignore-daemonsets').stderr).toContain(
      'cannot delete daemonsets.apps "gone" not found: default/ds-pod',
    );
    // The later filters pass it (it has a controller), and their "okay" replaces the warning, as in kubectl.
    const out = h.run('kubectl drain worker-1 --ignore-daemonsets --force --grace-period=0');
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('pod/ds-pod evicted\n');
  });
});
