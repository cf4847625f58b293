// C-46 against every default controller (scheduler, kubelet, workloads, GC): the node failure timeline as a
// learner sees it.
import type { ObjectInput } from '../../api-server/api-server';
import type { Pod } from '../../api/pod';
import { Cluster } from '../../runtime/cluster';
import { defaultNodes } from '../../state/cluster-config';
import { SECOND } from '../../time/time';

const template = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image }] },
});

function given(): Cluster {
  const c = Cluster.create({ seed: 3, config: { nodes: defaultNodes(3, false) }, freezeObjects: true });
  const create = (input: unknown) => {
    const result = c.create(input as ObjectInput);
    if (!result.ok) throw new Error(result.error.message);
  };
  create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('web', 'nginx:1.25') },
  });
  create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd' },
    spec: { selector: { matchLabels: { app: 'fluentd' } }, template: template('fluentd', 'fluentd:v1.16-1') },
  });
  create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db' },
    spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] },
  });
  create({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db' },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: template('db', 'nginx:1.25'),
    },
  });
  c.settle(10 * 60 * SECOND);
  return c;
}

const pods = (c: Cluster) => c.view().objects.list('Pod');
const ready = (p: Pod) => (p.status?.containerStatuses ?? []).filter((s) => s.ready).length;
const status = (p: Pod) => (p.metadata.deletionTimestamp ? 'Terminating' : p.status?.phase);
const onNode = (c: Cluster, node: string) => pods(c).filter((p) => p.spec.nodeName === node);
const app = (p: Pod) => p.metadata.labels?.['app'];

describe('C-46 node failure timeline (all controllers)', () => {
  it('NotReady after 40 s, eviction at 340 s, recovery when the node returns', () => {
    const c = given();
    // given one web pod per node, fluentd everywhere, and db-1 on some worker X
    const perNode = new Map<string, number>();
    for (const p of pods(c).filter((p) => app(p) === 'web'))
      perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([1, 1, 1]);
    expect(pods(c).every((p) => ready(p) === 1 && p.status?.phase === 'Running')).toBe(true);
    const x = c.get('Pod', 'default', 'db-1')!.spec.nodeName!;
    const webOnX = onNode(c, x).find((p) => app(p) === 'web')!.metadata.name;
    const fluentdOnX = onNode(c, x).find((p) => app(p) === 'fluentd')!.metadata.name;
    const t0 = c.now;

    // when X stops heartbeating
    c.injectFault({ kind: 'node-down', node: x });
    c.advanceTo(t0 + 39 * SECOND);
    expect(c.get('Node', undefined, x)!.status!.conditions.find((k) => k.type === 'Ready')!.status).toBe(
      'True',
    );

    // then at 40 s: NotReady, unreachable taints, pods 0/1 Running, Deployment 2/3 and not Available
    c.advanceTo(t0 + 40 * SECOND);
    const node = c.get('Node', undefined, x)!;
    expect(node.status!.conditions.find((k) => k.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(node.spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    for (const p of onNode(c, x)) expect([ready(p), status(p)]).toEqual([0, 'Running']);
    const deployment = c.get('Deployment', 'default', 'web')!;
    expect(deployment.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    expect(deployment.status?.conditions?.find((k) => k.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });

    // at 339 s nothing is evicted yet; at 340 s web and db-1 on X are, fluentd is not
    c.advanceTo(t0 + 339 * SECOND);
    expect(c.get('Pod', 'default', webOnX)!.metadata.deletionTimestamp).toBeUndefined();
    c.advanceTo(t0 + 340 * SECOND);
    expect(status(c.get('Pod', 'default', webOnX)!)).toBe('Terminating');
    expect(status(c.get('Pod', 'default', 'db-1')!)).toBe('Terminating');
    const fluentd = c.get('Pod', 'default', fluentdOnX)!;
    expect([ready(fluentd), status(fluentd)]).toEqual([0, 'Running']);
    const evictions = c
      .view()
      .objects.list('Event')
      .filter((e) => e.reason === 'TaintManagerEviction')
      .map((e) => e.message)
      .sort();
    expect(evictions).toEqual(
      [`Marking for deletion Pod default/${webOnX}`, 'Marking for deletion Pod default/db-1'].sort(),
    );
    // the ReplicaSet replaced web elsewhere; db-1 is not replaced while its pod exists
    const webPods = pods(c).filter((p) => app(p) === 'web' && !p.metadata.deletionTimestamp);
    expect(webPods).toHaveLength(3);
    expect(webPods.every((p) => p.spec.nodeName !== x)).toBe(true);
    expect(pods(c).filter((p) => p.metadata.name === 'db-1')).toHaveLength(1);

    // still Terminating (indefinitely) while the node is down; web back to 3/3
    c.advanceTo(t0 + 399 * SECOND);
    expect(status(c.get('Pod', 'default', webOnX)!)).toBe('Terminating');
    expect(c.get('Deployment', 'default', 'web')!.status?.readyReplicas).toBe(3);

    // when the node returns at 400 s
    c.advanceTo(t0 + 400 * SECOND);
    c.injectFault({ kind: 'node-up', node: x });
    c.settle(5 * 60 * SECOND);
    // then the taints are gone, the terminating pods are gone, db-1 is back, fluentd is Ready again
    expect(c.get('Node', undefined, x)!.spec.taints).toBeUndefined();
    expect(c.get('Pod', 'default', webOnX)).toBeUndefined();
    const db1 = c.get('Pod', 'default', 'db-1')!;
    expect([ready(db1), status(db1)]).toEqual([1, 'Running']);
    expect(ready(c.get('Pod', 'default', fluentdOnX)!)).toBe(1);
    expect(pods(c).every((p) => !p.metadata.deletionTimestamp && ready(p) === 1)).toBe(true);
  });
});
