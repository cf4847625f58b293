import fc from 'fast-check';
import type { ObjectInput } from '../../api-server/api-server';
import type { Node, Taint } from '../../api/node';
import type { Pod, Toleration } from '../../api/pod';
import type { DaemonSet } from '../../api/workloads';
import { Cluster } from '../../runtime/cluster';
import type { Reconciler, Write } from '../../runtime/reconciler';
import { defaultNodes, type NodeSpecInput } from '../../state/cluster-config';
import { makePodsReady } from '../../testing/test-kubelet';
import { rfc3339, SECOND } from '../../time/time';
import { controllerRevisionHistory } from '../shared/revisions';
import { scaledValueRoundUp, targetNodeName } from './daemon-pods';
import { daemonSetRolloutStatus } from './daemonset-rollout-status';
import { daemonSetReconciler } from './daemonset.reconciler';

type Spec = DaemonSet['spec'];

/**
 * Stand-in for scheduler + kubelet + PodGC in these tests: binds a daemon pod to the node its
 * `metadata.name In [node]` affinity names, removes terminating pods after `terminationSeconds`, and removes
 * pods bound to nodes that no longer exist.
 */
function daemonNodeAgent(terminationSeconds: number): Reconciler {
  const termination = terminationSeconds * SECOND;
  const goneAt = (pod: Pod) =>
    Date.parse(pod.metadata.deletionTimestamp!) -
    (pod.metadata.deletionGracePeriodSeconds ?? 0) * SECOND +
    termination;
  return {
    name: 'test-daemon-node-agent',
    actor: { type: 'system', name: 'test-daemon-node-agent' },
    reconcile({ view, now }) {
      const writes: Write[] = [];
      for (const pod of view.objects.list('Pod')) {
        const gone = pod.spec.nodeName && !view.objects.get('Node', undefined, pod.spec.nodeName);
        if (gone || (pod.metadata.deletionTimestamp && goneAt(pod) <= now)) {
          writes.push({
            op: 'delete',
            kind: 'Pod',
            namespace: pod.metadata.namespace,
            name: pod.metadata.name,
            options: { gracePeriodSeconds: 0 },
            reason: 'Killing',
          });
          continue;
        }
        if (pod.spec.nodeName || pod.metadata.deletionTimestamp) continue;
        const node = targetNodeName(pod);
        if (!node || !view.objects.get('Node', undefined, node)) continue;
        writes.push({
          op: 'update',
          reason: 'Scheduled',
          object: {
            ...pod,
            spec: { ...pod.spec, nodeName: node },
            status: {
              phase: 'Pending',
              conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: rfc3339(now) }],
            },
          },
        });
      }
      return writes;
    },
    nextWakeAt(view) {
      let next: number | undefined;
      for (const pod of view.objects.list('Pod')) {
        if (!pod.metadata.deletionTimestamp) continue;
        const at = goneAt(pod);
        if (at > view.now && (next === undefined || at < next)) next = at;
      }
      return next;
    },
  };
}

function fluentd(overrides: Partial<Spec> = {}, templateSpec: Partial<Pod['spec']> = {}): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'fluentd' } },
      template: {
        metadata: { labels: { app: 'fluentd' } },
        spec: { containers: [{ name: 'fluentd', image: 'fluentd:v1.16' }], ...templateSpec },
      },
      ...overrides,
    },
  } as unknown as ObjectInput;
}

function setup(nodes: NodeSpecInput[], terminationSeconds = 0, seed = 1): Cluster {
  return Cluster.create({
    seed,
    config: { nodes },
    reconcilers: [daemonSetReconciler(), daemonNodeAgent(terminationSeconds)],
    freezeObjects: true,
  });
}

const allPods = (c: Cluster) => c.view().objects.list('Pod');
const live = (c: Cluster) => allPods(c).filter((p) => !p.metadata.deletionTimestamp);
const terminating = (c: Cluster) => allPods(c).filter((p) => p.metadata.deletionTimestamp);
const nodesOf = (pods: Pod[]) => pods.map((p) => p.spec.nodeName ?? targetNodeName(p)).sort();
const getDs = (c: Cluster) => c.get('DaemonSet', 'default', 'fluentd') as DaemonSet;
const hashOf = (p: Pod) => p.metadata.labels?.['controller-revision-hash'];
const isReady = (p: Pod) => !!p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');

function updateSpec(c: Cluster, change: (spec: Spec) => Spec): void {
  const ds = getDs(c);
  expect(c.update({ ...ds, spec: change(ds.spec) }).ok).toBe(true);
  c.reconcile();
}

function withImage(spec: Spec, image: string): Spec {
  const [first, ...rest] = spec.template.spec.containers;
  return {
    ...spec,
    template: {
      ...spec.template,
      spec: { ...spec.template.spec, containers: [{ ...first!, image }, ...rest] },
    },
  };
}

function withTolerations(spec: Spec, tolerations: Toleration[]): Spec {
  return { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, tolerations } } };
}

function setNode(c: Cluster, name: string, change: (node: Node) => Node): void {
  const node = c.get('Node', undefined, name) as Node;
  expect(c.update(change(node)).ok).toBe(true);
  c.reconcile();
}

function label(c: Cluster, name: string, key: string, value: string | undefined): void {
  setNode(c, name, (n) => {
    const labels = { ...(n.metadata.labels ?? {}) };
    if (value === undefined) delete labels[key];
    else labels[key] = value;
    return { ...n, metadata: { ...n.metadata, labels } };
  });
}

const summary = (ds: DaemonSet) => {
  const s = ds.status;
  return [
    s?.desiredNumberScheduled ?? 0,
    s?.currentNumberScheduled ?? 0,
    s?.numberReady ?? 0,
    s?.updatedNumberScheduled ?? 0,
    s?.numberAvailable ?? 0,
  ];
};

const AUTOMATIC = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

describe('DaemonSet controller', () => {
  describe('C-39 tainted control-plane node', () => {
    it('skips the tainted node, adds the automatic tolerations, then updates control-plane first', () => {
      const c = setup(defaultNodes(2), 5);
      expect(c.create(fluentd()).ok).toBe(true);
      c.reconcile();
      expect(nodesOf(allPods(c))).toEqual(['worker-1', 'worker-2']);
      for (const p of allPods(c)) {
        expect(p.metadata.name).toMatch(/^fluentd-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
        expect(p.metadata.generateName).toBe('fluentd-');
        expect(p.spec.tolerations).toEqual(AUTOMATIC);
        expect(p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] },
          ],
        });
      }
      makePodsReady(c);
      expect(summary(getDs(c))).toEqual([2, 2, 2, 2, 2]);
      const h1 = hashOf(allPods(c)[0]!);
      expect(h1).toMatch(/^[4-9bcdf]{1,10}$/);
      expect(allPods(c)[0]?.metadata.labels).toEqual({
        app: 'fluentd',
        'pod-template-generation': '1',
        'controller-revision-hash': h1,
      });
      const events = c
        .view()
        .objects.list('Event')
        .map((e) => [e.reason, e.message, e.source.component]);
      expect(events).toEqual(
        expect.arrayContaining(
          allPods(c).map((p) => [
            'SuccessfulCreate',
            `Created pod: ${p.metadata.name}`,
            'daemonset-controller',
          ]),
        ),
      );

      updateSpec(c, (s) =>
        withTolerations(s, [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ]),
      );
      // A node without a pod counts as unavailable: nothing old is deleted yet.
      expect(nodesOf(live(c))).toEqual(['control-plane', 'worker-1', 'worker-2']);
      expect(terminating(c)).toEqual([]);
      const h2 = getDs(c).status && hashOf(live(c).find((p) => p.spec.nodeName === 'control-plane')!);
      expect(h2).not.toBe(h1);
      expect(getDs(c).status?.desiredNumberScheduled).toBe(3);

      // Then one worker at a time (maxUnavailable 1).
      const order: string[] = [];
      for (let step = 0; step < 30; step++) {
        makePodsReady(c);
        for (const p of terminating(c)) if (!order.includes(p.spec.nodeName!)) order.push(p.spec.nodeName!);
        expect(terminating(c).length).toBeLessThanOrEqual(1);
        const available = live(c).filter(isReady).length;
        expect(available).toBeGreaterThanOrEqual(2);
        if (live(c).every((p) => hashOf(p) === h2) && terminating(c).length === 0) break;
        c.advance(SECOND);
      }
      makePodsReady(c);
      expect(order).toEqual(['worker-1', 'worker-2']);
      expect(summary(getDs(c))).toEqual([3, 3, 3, 3, 3]);
      expect(daemonSetRolloutStatus(getDs(c)).message).toBe('daemon set "fluentd" successfully rolled out\n');
    });

    it('adds the network-unavailable toleration only with hostNetwork', () => {
      const c = setup(defaultNodes(1));
      c.create(fluentd({}, { hostNetwork: true }));
      c.reconcile();
      expect(allPods(c)[0]?.spec.tolerations).toEqual([
        ...AUTOMATIC,
        { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' },
      ]);
    });
  });

  describe('C-40 nodeSelector and node label changes', () => {
    const nodes: NodeSpecInput[] = [
      { name: 'worker-1', labels: { disk: 'ssd' } },
      { name: 'worker-2' },
      { name: 'worker-3', labels: { disk: 'ssd' } },
    ];

    it('follows node labels', () => {
      const c = setup(nodes, 5);
      c.create(fluentd({}, { nodeSelector: { disk: 'ssd' } }));
      c.reconcile();
      makePodsReady(c);
      expect(nodesOf(allPods(c))).toEqual(['worker-1', 'worker-3']);
      expect(getDs(c).status?.desiredNumberScheduled).toBe(2);

      label(c, 'worker-2', 'disk', 'ssd');
      expect(nodesOf(allPods(c))).toEqual(['worker-1', 'worker-2', 'worker-3']);
      expect(getDs(c).status?.desiredNumberScheduled).toBe(3);

      label(c, 'worker-1', 'disk', undefined);
      expect(nodesOf(terminating(c))).toEqual(['worker-1']);
      expect(getDs(c).status).toEqual(
        expect.objectContaining({ desiredNumberScheduled: 2, numberMisscheduled: 1 }),
      );
      c.advance(5 * SECOND);
      expect(nodesOf(allPods(c))).toEqual(['worker-2', 'worker-3']);
      expect(getDs(c).status).toEqual(
        expect.objectContaining({ desiredNumberScheduled: 2, numberMisscheduled: 0 }),
      );
    });

    it('creates a pod on an added node and forgets a removed one', () => {
      const c = setup(nodes, 0);
      c.create(fluentd());
      c.reconcile();
      expect(c.injectFault({ kind: 'node-add', node: 'worker-4' }).ok).toBe(true);
      c.reconcile();
      expect(nodesOf(allPods(c))).toEqual(['worker-1', 'worker-2', 'worker-3', 'worker-4']);
      expect(c.injectFault({ kind: 'node-remove', node: 'worker-2' }).ok).toBe(true);
      c.reconcile();
      expect(nodesOf(allPods(c))).toEqual(['worker-1', 'worker-3', 'worker-4']);
      expect(getDs(c).status?.desiredNumberScheduled).toBe(3);
    });
  });

  describe('taints', () => {
    const taint = (t: Taint) => (n: Node) => ({
      ...n,
      spec: { ...n.spec, taints: [...(n.spec.taints ?? []), t] },
    });

    it('keeps a running pod on a new NoSchedule taint but removes it on an untolerated NoExecute taint', () => {
      const c = setup(defaultNodes(2, false), 0);
      c.create(fluentd());
      c.reconcile();
      setNode(c, 'worker-1', taint({ key: 'dedicated', value: 'db', effect: 'NoSchedule' }));
      expect(nodesOf(allPods(c))).toEqual(['worker-1', 'worker-2']);
      expect(getDs(c).status).toEqual(
        expect.objectContaining({ desiredNumberScheduled: 1, numberMisscheduled: 1 }),
      );
      setNode(c, 'worker-2', taint({ key: 'dedicated', value: 'db', effect: 'NoExecute' }));
      expect(nodesOf(allPods(c))).toEqual(['worker-1']);
    });

    it('tolerates cordon and the node condition taints', () => {
      const c = setup(defaultNodes(1, false), 0);
      setNode(c, 'worker-1', (n) => ({
        ...n,
        spec: {
          ...n.spec,
          unschedulable: true,
          taints: [
            { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
            { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
          ],
        },
      }));
      c.create(fluentd());
      c.reconcile();
      expect(nodesOf(allPods(c))).toEqual(['worker-1']);
    });
  });

  describe('RollingUpdate', () => {
    it('C-44 surge: a new pod next to the old one, never fewer than 3 available, never two doubled nodes', () => {
      const c = setup(defaultNodes(3, false), 5);
      c.create(
        fluentd({
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        }),
      );
      c.reconcile();
      makePodsReady(c);
      const h1 = hashOf(allPods(c)[0]!);
      updateSpec(c, (s) => withImage(s, 'fluentd:v1.17'));
      const doubled = () => {
        const perNode = new Map<string, number>();
        for (const p of live(c)) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
        return [...perNode.entries()].filter(([, n]) => n > 1).map(([node]) => node);
      };
      expect(doubled()).toEqual(['worker-1']);
      const surgedNodes: string[] = [];
      for (let step = 0; step < 40; step++) {
        expect(live(c).filter(isReady).length).toBeGreaterThanOrEqual(3);
        expect(doubled().length).toBeLessThanOrEqual(1);
        for (const node of doubled()) if (!surgedNodes.includes(node)) surgedNodes.push(node);
        if (live(c).every((p) => hashOf(p) !== h1) && !terminating(c).length) break;
        makePodsReady(c);
        c.advance(SECOND);
      }
      expect(surgedNodes).toEqual(['worker-1', 'worker-2', 'worker-3']);
      expect(live(c)).toHaveLength(3);
      expect(summary(getDs(c))).toEqual([3, 3, 3, 3, 3]);
    });

    it('rounds maxUnavailable up: 30% of 4 nodes replaces two at a time', () => {
      const c = setup(defaultNodes(4, false), 5);
      c.create(
        fluentd({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '30%' } } }),
      );
      c.reconcile();
      makePodsReady(c);
      updateSpec(c, (s) => withImage(s, 'fluentd:v1.17'));
      expect(nodesOf(terminating(c))).toEqual(['worker-1', 'worker-2']);
      c.advance(5 * SECOND);
      expect(nodesOf(live(c))).toEqual(['worker-1', 'worker-2', 'worker-3', 'worker-4']);
      expect(terminating(c)).toEqual([]);
      makePodsReady(c);
      expect(nodesOf(terminating(c))).toEqual(['worker-3', 'worker-4']);
    });

    it('replaces an unavailable old pod at once, outside the budget', () => {
      const c = setup(defaultNodes(3, false), 5);
      c.create(fluentd());
      c.reconcile();
      makePodsReady(c, (p) => p.spec.nodeName !== 'worker-3');
      updateSpec(c, (s) => withImage(s, 'fluentd:v1.17'));
      // worker-3's old pod is replaced although it uses up the whole budget of 1.
      expect(nodesOf(terminating(c))).toEqual(['worker-3']);
      c.advance(5 * SECOND);
      expect(terminating(c)).toEqual([]);
      makePodsReady(c);
      expect(nodesOf(terminating(c))).toEqual(['worker-1']);
    });

    it('counts a pod available only after minReadySeconds, and waits for it before the next node', () => {
      const c = setup(defaultNodes(2, false), 0);
      c.create(fluentd({ minReadySeconds: 10 }));
      c.reconcile();
      makePodsReady(c);
      expect(getDs(c).status).toEqual(expect.objectContaining({ numberReady: 2, numberUnavailable: 2 }));
      expect(getDs(c).status?.numberAvailable).toBeUndefined();
      expect(c.nextTimerAt()).toBe(c.now + 10 * SECOND);
      c.advance(10 * SECOND);
      expect(getDs(c).status).toEqual(expect.objectContaining({ numberAvailable: 2 }));
      expect(getDs(c).status?.numberUnavailable).toBeUndefined();

      updateSpec(c, (s) => withImage(s, 'fluentd:v1.17'));
      makePodsReady(c);
      const updated = () => allPods(c).filter((p) => p.spec.containers[0]?.image === 'fluentd:v1.17').length;
      expect(updated()).toBe(1);
      c.advance(9 * SECOND);
      expect(updated()).toBe(1);
      c.advance(1 * SECOND);
      expect(updated()).toBe(2);
    });

    it('OnDelete waits for the user', () => {
      const c = setup(defaultNodes(2, false), 0);
      c.create(fluentd({ updateStrategy: { type: 'OnDelete' } }));
      c.reconcile();
      makePodsReady(c);
      const h1 = hashOf(allPods(c)[0]!);
      updateSpec(c, (s) => withImage(s, 'fluentd:v1.17'));
      expect(allPods(c).map(hashOf)).toEqual([h1, h1]);
      c.delete('Pod', 'default', allPods(c)[0]!.metadata.name);
      c.reconcile();
      expect(
        allPods(c)
          .map(hashOf)
          .filter((h) => h !== h1),
      ).toHaveLength(1);
      expect(daemonSetRolloutStatus(getDs(c)).error).toBe(
        'rollout status is only available for RollingUpdate strategy type',
      );
    });
  });

  describe('ownership', () => {
    it('adopts orphaned pods of a re-created DaemonSet instead of creating new ones', () => {
      const c = setup(defaultNodes(2, false), 0);
      c.create(fluentd());
      c.reconcile();
      const before = allPods(c).map((p) => p.metadata.name);
      // What `kubectl delete ds fluentd --cascade=orphan` leaves behind: pods without an owner.
      c.delete('DaemonSet', 'default', 'fluentd');
      for (const p of allPods(c)) c.update({ ...p, metadata: { ...p.metadata, ownerReferences: [] } });
      c.create(fluentd());
      c.reconcile();
      expect(allPods(c).map((p) => p.metadata.name)).toEqual(before);
      expect(allPods(c).map((p) => p.metadata.ownerReferences?.[0]?.uid)).toEqual([
        getDs(c).metadata.uid,
        getDs(c).metadata.uid,
      ]);
    });

    it('releases a pod whose labels stop matching, and replaces it', () => {
      const c = setup(defaultNodes(1, false), 0);
      c.create(fluentd());
      c.reconcile();
      const [p] = allPods(c);
      c.update({ ...p!, metadata: { ...p!.metadata, labels: { app: 'debug' } } });
      c.reconcile();
      expect(c.get('Pod', 'default', p!.metadata.name)?.metadata.ownerReferences ?? []).toEqual([]);
      expect(allPods(c)).toHaveLength(2);
    });
  });

  describe('history', () => {
    it('numbers revisions, reuses a reverted one with a new number, lists change-cause, truncates beyond the limit', () => {
      const c = setup(defaultNodes(1, false), 0);
      c.create(fluentd({ revisionHistoryLimit: 1 }));
      c.reconcile();
      for (const [image, cause] of [
        ['fluentd:v1.17', 'kubectl set image ds/fluentd fluentd=fluentd:v1.17'],
        ['fluentd:v1.16', undefined],
      ] as const) {
        const ds = getDs(c);
        const annotations: Record<string, string> = cause ? { 'kubernetes.io/change-cause': cause } : {};
        c.update({ ...ds, metadata: { ...ds.metadata, annotations }, spec: withImage(ds.spec, image) });
        c.reconcile();
        makePodsReady(c);
      }
      const history = controllerRevisionHistory(c.view(), getDs(c));
      expect(history.map((h) => [h.revision, h.changeCause])).toEqual([
        [2, 'kubectl set image ds/fluentd fluentd=fluentd:v1.17'],
        [3, undefined],
      ]);
      expect(history[1]?.name).toBe(`fluentd-${hashOf(allPods(c)[0]!)}`);
      expect(history[1]?.template.spec.containers[0]?.image).toBe('fluentd:v1.16');

      updateSpec(c, (s) => withImage(s, 'fluentd:v1.18'));
      expect(controllerRevisionHistory(c.view(), getDs(c)).map((h) => h.revision)).toEqual([3, 4]);
    });
  });

  describe('rollout status (spec B.3)', () => {
    const ds = (status: Partial<NonNullable<DaemonSet['status']>>, generation = 2) =>
      ({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'fluentd', generation },
        spec: { updateStrategy: { type: 'RollingUpdate' } },
        status: {
          currentNumberScheduled: 3,
          numberMisscheduled: 0,
          desiredNumberScheduled: 3,
          numberReady: 3,
          observedGeneration: 2,
          ...status,
        },
      }) as unknown as DaemonSet;

    it.each([
      [
        'not observed',
        ds({ observedGeneration: 1 }),
        'Waiting for daemon set spec update to be observed...\n',
        false,
      ],
      [
        'updating',
        ds({ updatedNumberScheduled: 1 }),
        'Waiting for daemon set "fluentd" rollout to finish: 1 out of 3 new pods have been updated...\n',
        false,
      ],
      [
        'availability',
        ds({ updatedNumberScheduled: 3, numberAvailable: 2 }),
        'Waiting for daemon set "fluentd" rollout to finish: 2 of 3 updated pods are available...\n',
        false,
      ],
      [
        'done',
        ds({ updatedNumberScheduled: 3, numberAvailable: 3 }),
        'daemon set "fluentd" successfully rolled out\n',
        true,
      ],
    ])('%s', (_name, object, message, done) => {
      expect(daemonSetRolloutStatus(object)).toEqual({ message, done });
    });
  });

  describe('budgets round up', () => {
    it.each([
      [1, 3, 1],
      ['25%', 3, 1],
      ['30%', 4, 2],
      ['50%', 5, 3],
      ['0%', 5, 0],
      ['100%', 3, 3],
      [0, 3, 0],
    ] as const)('%s of %i → %i', (value, total, expected) => {
      expect(scaledValueRoundUp(value, total)).toBe(expected);
    });
  });

  describe('properties', () => {
    type Op =
      | { kind: 'label'; node: number; on: boolean }
      | { kind: 'taint'; node: number; effect: 'NoSchedule' | 'NoExecute' | 'none' }
      | { kind: 'ready' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('label' as const), node: fc.nat(3), on: fc.boolean() }),
      fc.record({
        kind: fc.constant('taint' as const),
        node: fc.nat(3),
        effect: fc.constantFrom('NoSchedule' as const, 'NoExecute' as const, 'none' as const),
      }),
      fc.record({ kind: fc.constant('ready' as const) }),
    );

    function runOps(ops: Op[], selector: boolean, seed = 1): Cluster {
      const c = setup(defaultNodes(4, false), 2, seed);
      c.create(fluentd({}, selector ? { nodeSelector: { role: 'logs' } } : {}));
      c.reconcile();
      for (const o of ops) {
        const name = `worker-${(o.kind === 'ready' ? 0 : o.node) + 1}`;
        if (o.kind === 'label') label(c, name, 'role', o.on ? 'logs' : undefined);
        if (o.kind === 'taint')
          setNode(c, name, (n) => ({
            ...n,
            spec: {
              ...n.spec,
              taints: o.effect === 'none' ? [] : [{ key: 'dedicated', value: 'x', effect: o.effect }],
            },
          }));
        if (o.kind === 'ready') makePodsReady(c);
        c.advance(SECOND);
      }
      c.advance(10 * SECOND);
      return c;
    }

    it('keeps exactly one pod on every eligible node after random label and taint changes', () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 15 }), fc.boolean(), (ops, selector) => {
          const c = runOps(ops, selector);
          for (const node of c.view().objects.list('Node')) {
            const labelled = !selector || node.metadata.labels?.['role'] === 'logs';
            const effects = (node.spec.taints ?? []).map((t) => t.effect);
            const pods = live(c).filter((p) => p.spec.nodeName === node.metadata.name);
            if (labelled && !effects.length) expect(pods).toHaveLength(1);
            else if (!labelled || effects.includes('NoExecute')) expect(pods).toHaveLength(0);
            else expect(pods.length).toBeLessThanOrEqual(1);
          }
          expect(terminating(c)).toEqual([]);
        }),
        { numRuns: 60 },
      );
    });

    it('rolling updates respect maxUnavailable or maxSurge under random readiness orders', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 6 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 2 }),
          fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { maxLength: 25 }),
          (nodeCount, maxUnavailable, maxSurge, waves) => {
            fc.pre(maxUnavailable + maxSurge > 0);
            const c = setup(defaultNodes(nodeCount, false), 3);
            c.create(
              fluentd({
                updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } },
              }),
            );
            c.reconcile();
            makePodsReady(c);
            const h1 = hashOf(allPods(c)[0]!);
            updateSpec(c, (s) => withImage(s, 'fluentd:v1.17'));
            const check = () => {
              const perNode = new Map<string, Pod[]>();
              for (const p of live(c))
                perNode.set(p.spec.nodeName!, [...(perNode.get(p.spec.nodeName!) ?? []), p]);
              const unavailable = Array.from({ length: nodeCount }, (_, i) => `worker-${i + 1}`).filter(
                (n) => !(perNode.get(n) ?? []).some(isReady),
              ).length;
              const doubled = [...perNode.values()].filter((list) => list.length > 1).length;
              if (maxSurge > 0) {
                expect(unavailable).toBe(0);
                expect(doubled).toBeLessThanOrEqual(maxSurge);
              } else {
                expect(unavailable).toBeLessThanOrEqual(maxUnavailable);
                expect(doubled).toBe(0);
              }
            };
            for (const wave of waves) {
              check();
              // A random subset of the not-ready pods becomes ready in this wave.
              makePodsReady(c, (p) => !!wave[allPods(c).indexOf(p) % wave.length]);
              c.advance(SECOND);
            }
            for (let i = 0; i < 40 && allPods(c).some((p) => hashOf(p) === h1); i++) {
              check();
              makePodsReady(c);
              c.advance(SECOND);
            }
            expect(allPods(c).map(hashOf)).not.toContain(h1);
            expect(live(c)).toHaveLength(nodeCount);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('is deterministic: same seed and inputs, same event stream', () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 8 }), (ops) => {
          const a = JSON.stringify(runOps(ops, true, 7).newEvents());
          const b = JSON.stringify(runOps(ops, true, 7).newEvents());
          expect(a).toBe(b);
        }),
        { numRuns: 10 },
      );
    });
  });
});
