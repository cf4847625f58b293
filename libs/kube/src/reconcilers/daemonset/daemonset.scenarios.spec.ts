// DaemonSet scenarios with the default controllers: the real scheduler binds the node-pinned pods and the real
// kubelet runs them, so placement, tolerations and the rolling update are checked end to end.
import type { ObjectInput } from '../../api-server/api-server';
import type { Node } from '../../api/node';
import type { Pod } from '../../api/pod';
import type { DaemonSet } from '../../api/workloads';
import { Cluster } from '../../runtime/cluster';
import { defaultNodes, type NodeSpecInput } from '../../state/cluster-config';
import { SECOND } from '../../time/time';
import { daemonSetRolloutStatus } from './daemonset-rollout-status';

type Spec = DaemonSet['spec'];

function fluentd(spec: Partial<Spec> = {}, podSpec: Partial<Pod['spec']> = {}): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd' },
    spec: {
      selector: { matchLabels: { app: 'fluentd' } },
      template: {
        metadata: { labels: { app: 'fluentd' } },
        spec: { containers: [{ name: 'fluentd', image: 'fluentd:v1.16-1' }], ...podSpec },
      },
      ...spec,
    },
  } as unknown as ObjectInput;
}

const ds = (c: Cluster) => c.get('DaemonSet', 'default', 'fluentd') as DaemonSet;
const pods = (c: Cluster) => c.view().objects.list('Pod');
const live = (c: Cluster) => pods(c).filter((p) => !p.metadata.deletionTimestamp);
const isReady = (p: Pod) => !!p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
const onNodes = (list: Pod[]) => list.map((p) => p.spec.nodeName ?? '<none>').sort();
const hashOf = (p: Pod) => p.metadata.labels?.['controller-revision-hash'];

function start(nodes: NodeSpecInput[], input: ObjectInput): Cluster {
  const c = Cluster.create({ freezeObjects: true, config: { nodes } });
  expect(c.create(input).ok).toBe(true);
  c.settle(60 * SECOND);
  return c;
}

function changeTemplate(c: Cluster, change: (spec: Pod['spec']) => Pod['spec']): void {
  const d = ds(c);
  const template = { ...d.spec.template, spec: change(d.spec.template.spec) };
  expect(c.update({ ...d, spec: { ...d.spec, template } }).ok).toBe(true);
  c.reconcile();
}

/** Advances second by second until the rollout is done, checking `invariant` at every step. */
function rollOut(c: Cluster, invariant: () => void): void {
  for (let i = 0; i < 300 && !daemonSetRolloutStatus(ds(c)).done; i++) {
    invariant();
    c.advance(SECOND);
  }
  expect(daemonSetRolloutStatus(ds(c))).toEqual({
    message: 'daemon set "fluentd" successfully rolled out\n',
    done: true,
  });
}

describe('DaemonSet with the default controllers', () => {
  it('C-39: no pod on the tainted control-plane until tolerated, then control-plane first, workers one at a time', () => {
    const c = start(defaultNodes(2), fluentd());
    expect(onNodes(live(c))).toEqual(['worker-1', 'worker-2']);
    expect(live(c).every(isReady)).toBe(true);
    const s = ds(c).status;
    expect([
      s?.desiredNumberScheduled,
      s?.currentNumberScheduled,
      s?.numberReady,
      s?.updatedNumberScheduled,
      s?.numberAvailable,
    ]).toEqual([2, 2, 2, 2, 2]);

    const before = live(c);
    changeTemplate(c, (spec) => ({
      ...spec,
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    }));
    expect(onNodes(live(c))).toEqual(['control-plane', 'worker-1', 'worker-2']);
    expect(before.every((p) => !c.get('Pod', 'default', p.metadata.name)?.metadata.deletionTimestamp)).toBe(
      true,
    );

    const replaced: string[] = [];
    rollOut(c, () => {
      const deleting = pods(c).filter((p) => p.metadata.deletionTimestamp);
      expect(deleting.length).toBeLessThanOrEqual(1);
      for (const p of deleting) if (!replaced.includes(p.spec.nodeName!)) replaced.push(p.spec.nodeName!);
    });
    expect(replaced.sort()).toEqual(['worker-1', 'worker-2']);
    expect(onNodes(live(c))).toEqual(['control-plane', 'worker-1', 'worker-2']);
    expect(ds(c).status?.updatedNumberScheduled).toBe(3);
  });

  it('C-40: label changes add and remove pods', () => {
    const nodes: NodeSpecInput[] = [
      { name: 'worker-1', labels: { disk: 'ssd' } },
      { name: 'worker-2' },
      { name: 'worker-3', labels: { disk: 'ssd' } },
    ];
    const c = start(nodes, fluentd({}, { nodeSelector: { disk: 'ssd' } }));
    expect(onNodes(live(c))).toEqual(['worker-1', 'worker-3']);
    const relabel = (name: string, value: string | undefined) => {
      const node = c.get('Node', undefined, name) as Node;
      const labels = { ...node.metadata.labels };
      if (value === undefined) delete labels['disk'];
      else labels['disk'] = value;
      expect(c.update({ ...node, metadata: { ...node.metadata, labels } }).ok).toBe(true);
      c.settle(60 * SECOND);
    };
    relabel('worker-2', 'ssd');
    expect(onNodes(live(c))).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(ds(c).status?.desiredNumberScheduled).toBe(3);
    relabel('worker-1', undefined);
    expect(onNodes(pods(c))).toEqual(['worker-2', 'worker-3']);
    expect(ds(c).status).toEqual(
      expect.objectContaining({ desiredNumberScheduled: 2, numberMisscheduled: 0 }),
    );
  });

  it('C-44: surge keeps every node served and never doubles two nodes at once', () => {
    const c = start(
      defaultNodes(3, false),
      fluentd({
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      }),
    );
    const h1 = hashOf(live(c)[0]!);
    changeTemplate(c, (spec) => ({
      ...spec,
      containers: [{ ...spec.containers[0]!, image: 'fluentd:v1.17-1' }],
    }));
    rollOut(c, () => {
      const perNode = new Map<string, number>();
      for (const p of live(c))
        perNode.set(p.spec.nodeName ?? '', (perNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
      expect([...perNode.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(1);
      expect(live(c).filter(isReady).length).toBeGreaterThanOrEqual(3);
    });
    expect(live(c).map(hashOf)).not.toContain(h1);
    expect(onNodes(live(c))).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });
});
