import type { Node } from '../../api/node';
import type { Pod, Toleration } from '../../api/pod';
import type { ObjectInput } from '../../api-server/api-server';
import { Cluster } from '../../runtime/cluster';
import { defaultNodes } from '../../state/cluster-config';
import { SECOND } from '../../time/time';
import { nodeLifecycleReconciler } from './node-lifecycle.reconciler';

const T0 = Date.UTC(2026, 0, 1);
const at = (seconds: number) => new Date(T0 + seconds * SECOND).toISOString().replace('.000Z', 'Z');

function runningPod(name: string, node: string, tolerations?: Toleration[]): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name.split('-')[0]! } },
    spec: {
      nodeName: node,
      containers: [{ name: 'c', image: 'nginx:1.25' }],
      ...(tolerations ? { tolerations } : {}),
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: at(0) },
        { type: 'Ready', status: 'True', lastTransitionTime: at(0) },
      ],
      containerStatuses: [
        {
          name: 'c',
          image: 'nginx:1.25',
          imageID: '',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: at(0) } },
          lastState: {},
        },
      ],
    },
  } as ObjectInput;
}

/** What the DaemonSet controller adds to its pods: NoExecute tolerations without seconds. */
const daemonTolerations: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
];

function cluster(grace = 40): Cluster {
  return Cluster.create({
    config: { nodes: defaultNodes(3, false), nodeMonitorGracePeriodSeconds: grace },
    reconcilers: [nodeLifecycleReconciler()],
    freezeObjects: true,
  });
}

const node = (c: Cluster, name: string): Node => c.get('Node', undefined, name)!;
const pod = (c: Cluster, name: string): Pod | undefined => c.get('Pod', 'default', name);
const ready = (c: Cluster, name: string) => node(c, name).status?.conditions.find((x) => x.type === 'Ready');
const podReady = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const taints = (c: Cluster, name: string) =>
  (node(c, name).spec.taints ?? []).map((t) => `${t.key}:${t.effect}${t.timeAdded ? `@${t.timeAdded}` : ''}`);
const events = (c: Cluster, reason: string) =>
  c
    .view()
    .objects.list('Event')
    .filter((e) => e.reason === reason)
    .map((e) => ({ object: e.involvedObject.name, message: e.message, from: e.source.component }));

describe('node lifecycle', () => {
  describe.each([40, 50])('C-46 node failure timeline (grace %i s)', (grace) => {
    const shift = grace - 40;
    let c: Cluster;
    beforeEach(() => {
      // given web, fluentd (DaemonSet tolerations) and db-1 running on worker-2
      c = cluster(grace);
      c.create(runningPod('web-abcde', 'worker-2'));
      c.create(runningPod('fluentd-xyz12', 'worker-2', daemonTolerations));
      c.create(runningPod('db-1', 'worker-2'));
      c.create(runningPod('web-fghjk', 'worker-1'));
      // when worker-2 stops heartbeating at t=0
      c.injectFault({ kind: 'node-down', node: 'worker-2' });
      c.reconcile();
    });

    it('keeps the node Ready until the grace period has passed', () => {
      expect(c.nextTimerAt()).toBe(T0 + grace * SECOND);
      c.advance((grace - 1) * SECOND);
      expect(ready(c, 'worker-2')?.status).toBe('True');
      expect(taints(c, 'worker-2')).toEqual([]);
      expect(podReady(pod(c, 'web-abcde'))).toBe('True');
    });

    it(`marks the node Unknown, taints it and makes its pods not ready at t=${40 + shift}s`, () => {
      c.advance(grace * SECOND);
      expect(c.now).toBe(T0 + grace * SECOND);
      expect(ready(c, 'worker-2')).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: at(grace),
        lastHeartbeatTime: at(0),
      });
      expect(node(c, 'worker-2').status?.conditions.every((x) => x.status === 'Unknown')).toBe(true);
      expect(taints(c, 'worker-2')).toEqual([
        `node.kubernetes.io/unreachable:NoExecute@${at(grace)}`,
        'node.kubernetes.io/unreachable:NoSchedule',
      ]);
      for (const name of ['web-abcde', 'fluentd-xyz12', 'db-1']) {
        const p = pod(c, name)!;
        expect(podReady(p)).toBe('False');
        expect(p.status?.phase).toBe('Running');
        expect(p.status?.containerStatuses?.[0]?.ready).toBe(false);
      }
      // pods elsewhere are untouched
      expect(podReady(pod(c, 'web-fghjk'))).toBe('True');
      expect(events(c, 'NodeNotReady')).toContainEqual({
        object: 'worker-2',
        message: 'Node worker-2 status is now: NodeNotReady',
        from: 'node-controller',
      });
      // and nothing more is written at this instant (no write loop)
      expect(c.reconcile()).toBe(0);
    });

    it(`evicts web and db-1 at t=${340 + shift}s (taint time + 300 s), keeps fluentd`, () => {
      c.advance((grace + 299) * SECOND);
      expect(pod(c, 'web-abcde')?.metadata.deletionTimestamp).toBeUndefined();
      c.advance(1 * SECOND);
      expect(c.now).toBe(T0 + (grace + 300) * SECOND);
      for (const name of ['web-abcde', 'db-1']) {
        const p = pod(c, name)!;
        // Terminating: still there (the kubelet cannot confirm), with a deletion timestamp
        expect(p.metadata.deletionTimestamp).toBeDefined();
        expect(p.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({
          status: 'True',
          reason: 'DeletionByTaintManager',
        });
      }
      expect(pod(c, 'fluentd-xyz12')?.metadata.deletionTimestamp).toBeUndefined();
      expect(events(c, 'TaintManagerEviction')).toEqual([
        {
          object: 'db-1',
          message: 'Marking for deletion Pod default/db-1',
          from: 'taint-eviction-controller',
        },
        {
          object: 'web-abcde',
          message: 'Marking for deletion Pod default/web-abcde',
          from: 'taint-eviction-controller',
        },
      ]);
      const deletion = c
        .newEvents()
        .find((e) => e.type === 'ObjectUpdated' && e.reason === 'TaintManagerEviction');
      expect(deletion?.actor).toEqual({ type: 'controller', name: 'taint-eviction-controller' });
      // nothing else is pending for this controller while the node stays down
      expect(c.nextTimerAt()).toBeUndefined();
    });

    it('removes the taints and reports Ready again when the kubelet returns', () => {
      c.advance(400 * SECOND);
      c.injectFault({ kind: 'node-up', node: 'worker-2' });
      c.reconcile();
      expect(ready(c, 'worker-2')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
      expect(node(c, 'worker-2').status?.conditions.some((x) => x.status === 'Unknown')).toBe(false);
      expect(taints(c, 'worker-2')).toEqual([]);
      expect(events(c, 'NodeReady')).toEqual([
        { object: 'worker-2', message: 'Node worker-2 status is now: NodeReady', from: 'kubelet' },
      ]);
      expect(c.reconcile()).toBe(0);
    });
  });

  describe('taint-based eviction', () => {
    it.each<[string, Toleration[] | undefined, number | undefined]>([
      ['no toleration: deleted at once', [], 0],
      [
        'tolerationSeconds 60: deleted 60 s after the taint',
        [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }],
        60,
      ],
      [
        'toleration without seconds: kept',
        [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }],
        undefined,
      ],
      ['Exists with no key tolerates everything', [{ operator: 'Exists' }], undefined],
      [
        'Equal with another value does not tolerate',
        [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoExecute' }],
        0,
      ],
    ])('%s', (_name, tolerations, seconds) => {
      const c = cluster();
      c.create(runningPod('app-1', 'worker-1', tolerations));
      c.advance(10 * SECOND);
      const n = node(c, 'worker-1');
      c.update({
        ...n,
        spec: { ...n.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] },
      });
      c.reconcile();
      // the controller stamps when it saw the NoExecute taint
      expect(taints(c, 'worker-1')).toEqual([`dedicated:NoExecute@${at(10)}`]);
      c.advance(120 * SECOND);
      const p = pod(c, 'app-1');
      if (seconds === undefined) expect(p?.metadata.deletionTimestamp).toBeUndefined();
      else {
        expect(p?.metadata.deletionTimestamp).toBeDefined();
        const write = c
          .newEvents()
          .find(
            (e) => e.type === 'ObjectUpdated' && e.reason === 'TaintManagerEviction' && 'object' in e.data,
          );
        expect(write?.at).toBe(T0 + (10 + seconds) * SECOND);
      }
    });
  });

  describe('disruption modes', () => {
    it('stops NoExecute tainting in a small zone with more than 2 and ≥55% nodes not ready', () => {
      // given a control-plane and 3 workers, all workers with a pod
      const c = Cluster.create({ reconcilers: [nodeLifecycleReconciler()], freezeObjects: true });
      for (const w of ['worker-1', 'worker-2', 'worker-3']) c.create(runningPod(`web-${w}`, w));
      // when every worker stops heartbeating (3 of 4 nodes)
      for (const w of ['worker-1', 'worker-2', 'worker-3']) c.injectFault({ kind: 'node-down', node: w });
      c.advance(400 * SECOND);
      // then they are NotReady and unschedulable, but nothing is tainted NoExecute nor evicted
      for (const w of ['worker-1', 'worker-2', 'worker-3']) {
        expect(ready(c, w)?.status).toBe('Unknown');
        expect(taints(c, w)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
        expect(pod(c, `web-${w}`)?.metadata.deletionTimestamp).toBeUndefined();
        expect(podReady(pod(c, `web-${w}`))).toBe('False');
      }
    });

    it('removes NoExecute taints when no node of the zone is ready (full disruption)', () => {
      const c = cluster();
      c.create(runningPod('web-abcde', 'worker-1'));
      c.injectFault({ kind: 'node-down', node: 'worker-1' });
      c.advance(40 * SECOND);
      expect(taints(c, 'worker-1')).toContain(`node.kubernetes.io/unreachable:NoExecute@${at(40)}`);
      c.injectFault({ kind: 'node-down', node: 'worker-2' });
      c.injectFault({ kind: 'node-down', node: 'worker-3' });
      c.advance(100 * SECOND);
      for (const w of ['worker-1', 'worker-2', 'worker-3'])
        expect(taints(c, w)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
      c.advance(400 * SECOND);
      expect(pod(c, 'web-abcde')?.metadata.deletionTimestamp).toBeUndefined();
    });
  });

  it('taints a cordoned node unschedulable and untaints it on uncordon', () => {
    const c = cluster();
    const n = node(c, 'worker-3');
    c.update({ ...n, spec: { ...n.spec, unschedulable: true } });
    c.reconcile();
    expect(taints(c, 'worker-3')).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
    const cordoned = node(c, 'worker-3');
    c.update({ ...cordoned, spec: { ...cordoned.spec, unschedulable: false } });
    c.reconcile();
    expect(taints(c, 'worker-3')).toEqual([]);
    expect(node(c, 'worker-3').spec.taints).toBeUndefined();
    expect(events(c, 'NodeNotSchedulable')).toEqual([
      { object: 'worker-3', message: 'Node worker-3 status is now: NodeNotSchedulable', from: 'kubelet' },
    ]);
    expect(events(c, 'NodeSchedulable')).toEqual([
      { object: 'worker-3', message: 'Node worker-3 status is now: NodeSchedulable', from: 'kubelet' },
    ]);
  });

  it('marks a Node nobody runs a kubelet for Unknown (never updated) after the grace period', () => {
    const c = cluster();
    c.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'manual' }, spec: {} } as ObjectInput);
    c.advance(39 * SECOND);
    expect(node(c, 'manual').status).toBeUndefined();
    c.advance(1 * SECOND);
    expect(ready(c, 'manual')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });
    expect(
      node(c, 'manual')
        .status?.conditions.map((x) => x.type)
        .sort(),
    ).toEqual(['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready']);
    expect(taints(c, 'manual')).toEqual([
      `node.kubernetes.io/unreachable:NoExecute@${at(40)}`,
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    expect(c.reconcile()).toBe(0);
  });

  it('force-deletes pods bound to a node that no longer exists (PodGC)', () => {
    const c = cluster();
    c.create(runningPod('web-abcde', 'worker-3'));
    c.create(runningPod('web-fghjk', 'worker-1'));
    c.injectFault({ kind: 'node-remove', node: 'worker-3' });
    c.reconcile();
    expect(pod(c, 'web-abcde')).toBeUndefined();
    expect(pod(c, 'web-fghjk')).toBeDefined();
    const gc = c.newEvents().find((e) => e.type === 'ObjectDeleted' && e.data.name === 'web-abcde');
    expect(gc?.actor).toEqual({ type: 'controller', name: 'pod-garbage-collector' });
  });

  it('is deterministic: same inputs → identical event stream', () => {
    const run = () => {
      const c = cluster();
      c.create(runningPod('web-abcde', 'worker-2'));
      c.injectFault({ kind: 'node-down', node: 'worker-2' });
      c.advance(400 * SECOND);
      return JSON.stringify(c.newEvents());
    };
    expect(run()).toBe(run());
  });
});
