import { Session } from '@podlab/kubectl';
import { buildClusterModel, ordinalOf, type ClusterModel, type WorkloadModel } from './model';
import { advance, objectsOf, run } from './simulated-cluster.test-helper';

// Real objects: a simulated cluster driven by kubectl command lines, as the API would return them in `raw`.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.25" }] }
`;

const workload = <K extends WorkloadModel['kind']>(model: ClusterModel, kind: K, name: string) => {
  const found = model.workloads.find((w) => w.kind === kind && w.ref.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as Extract<WorkloadModel, { kind: K }>;
};

const allCards = (model: ClusterModel) => model.columns.flatMap((c) => c.groups.flatMap((g) => g.pods));

describe('buildClusterModel on a real simulated cluster', () => {
  it('shows nodes as columns and a Deployment → ReplicaSets → Pods during a rolling update', () => {
    const session = new Session({ seed: 3, workers: 2 });
    run(session, 'kubectl apply -f -', DEPLOYMENT);
    const creating = buildClusterModel(objectsOf(session));
    expect(creating.columns.map((c) => c.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    expect(creating.columns[0]?.taints).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
    expect(creating.columns[0]?.roles).toEqual(['control-plane']);
    expect(allCards(creating).map((c) => c.state)).toEqual([
      'ContainerCreating',
      'ContainerCreating',
      'ContainerCreating',
    ]);
    expect(workload(creating, 'Deployment', 'web').rollout).toMatchObject({
      desired: 3,
      ready: 0,
      complete: false,
    });

    advance(session, '30s');
    const settled = buildClusterModel(objectsOf(session));
    expect(settled.counts.Ready).toBe(3);
    const web = workload(settled, 'Deployment', 'web');
    expect(web.rollout).toEqual({
      desired: 3,
      updated: 3,
      ready: 3,
      available: 3,
      current: 3,
      complete: true,
    });
    expect(web.replicaSets).toHaveLength(1);
    expect(web.replicaSets[0]?.pods.map((p) => p.state)).toEqual(['Ready', 'Ready', 'Ready']);

    run(session, 'kubectl set image deployment/web web=nginx:1.26');
    advance(session, '2s');
    const middle = buildClusterModel(objectsOf(session));
    const rolling = workload(middle, 'Deployment', 'web');
    expect(rolling.rollout?.complete).toBe(false);
    expect(rolling.images).toEqual(['nginx:1.26']);
    const [newer, older] = rolling.replicaSets;
    expect([newer?.revision, newer?.isNew, older?.revision, older?.isNew]).toEqual([2, true, 1, false]);
    expect(newer?.pods.length).toBeGreaterThan(0);
    expect(older?.pods.length).toBeGreaterThan(0);
    expect(newer?.pods.every((p) => p.current === true && p.images === 'nginx:1.26')).toBe(true);
    expect(older?.pods.every((p) => p.current === false && p.images === 'nginx:1.25')).toBe(true);
    // Every pod is a card in its node's column, in a group named after its ReplicaSet.
    const cards = allCards(middle);
    expect(cards).toHaveLength(middle.cards.size);
    for (const column of middle.columns)
      for (const group of column.groups)
        for (const pod of group.pods) {
          expect(pod.nodeName).toBe(column.name);
          expect(group.label).toBe(`web › ${pod.replicaSet}`);
        }

    // Old pods terminate (for about a second here), then only the new ReplicaSet has pods.
    let sawTerminating = false;
    for (
      let i = 0;
      i < 400 && !workload(buildClusterModel(objectsOf(session)), 'Deployment', 'web').rollout?.complete;
      i++
    ) {
      advance(session, '250ms');
      const now = buildClusterModel(objectsOf(session));
      if (allCards(now).some((c) => c.state === 'Terminating' && c.current === false)) sawTerminating = true;
    }
    expect(sawTerminating).toBe(true);
    advance(session, '60s');
    const done = buildClusterModel(objectsOf(session));
    const finished = workload(done, 'Deployment', 'web');
    expect(finished.rollout?.complete).toBe(true);
    expect(finished.replicaSets.map((rs) => [rs.revision, rs.desired, rs.pods.length])).toEqual([
      [2, 3, 3],
      [1, 0, 0],
    ]);
  });

  it('lists StatefulSet ordinals with their claims, and one DaemonSet pod per node', () => {
    const session = new Session({ seed: 5, workers: 2 });
    run(
      session,
      'kubectl apply -f -',
      `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 2
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: "postgres:16" }] }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { containers: [{ name: agent, image: "nginx:1.25" }] }
`,
    );
    advance(session, '2m');
    const model = buildClusterModel(objectsOf(session));
    const db = workload(model, 'StatefulSet', 'db');
    expect(
      db.ordinals.map((o) => [
        o.ordinal,
        o.podName,
        o.pod?.name,
        o.pod?.ordinal,
        o.claims.map((c) => c.ref.name),
      ]),
    ).toEqual([
      [0, 'db-0', 'db-0', 0, ['data-db-0']],
      [1, 'db-1', 'db-1', 1, ['data-db-1']],
    ]);
    expect(db.ordinals.every((o) => o.claims[0]?.phase === 'Bound')).toBe(true);
    expect(db.rollout?.complete).toBe(true);

    const agent = workload(model, 'DaemonSet', 'agent');
    // The tainted control plane gets none (no toleration); each worker exactly one.
    expect(agent.perNode.map((n) => [n.node, n.pod?.nodeName ?? null])).toEqual([
      ['control-plane', null],
      ['worker-1', 'worker-1'],
      ['worker-2', 'worker-2'],
    ]);
    expect(agent.rollout).toMatchObject({ desired: 2, ready: 2, complete: true });

    // Scaled down, the claim of ordinal 1 stays and is still shown, without a pod.
    run(session, 'kubectl scale statefulset db --replicas=1');
    advance(session, '2m');
    const scaled = workload(buildClusterModel(objectsOf(session)), 'StatefulSet', 'db');
    expect(
      scaled.ordinals.map((o) => [o.ordinal, o.pod?.name ?? null, o.claims.map((c) => c.ref.name)]),
    ).toEqual([
      [0, 'db-0', ['data-db-0']],
      [1, null, ['data-db-1']],
    ]);
  });

  it('keeps unchanged cards identical across builds, so memoised cards do not re-render', () => {
    const session = new Session({ seed: 2, workers: 3 });
    run(session, 'kubectl create deployment big --image=nginx:1.25 --replicas=200');
    advance(session, '1m');
    const before = buildClusterModel(objectsOf(session));
    expect(before.cards.size).toBe(200);
    expect(before.counts.Ready).toBe(200);
    const victim = [...before.cards.values()][17]!;
    run(session, `kubectl delete pod ${victim.name} --wait=false`);
    const after = buildClusterModel(objectsOf(session), before);
    let same = 0;
    for (const [uid, card] of after.cards) if (before.cards.get(uid) === card) same++;
    // 199 untouched pods keep their card objects; the deleted one and its replacement are new.
    expect(same).toBe(199);
    expect(after.cards.get(victim.uid)).not.toBe(victim);
    expect(after.cards.size).toBe(201);
  });
});

describe('ordinalOf', () => {
  it('reads the ordinal of <set>-<n> and nothing else', () => {
    expect(ordinalOf('db', 'db-0')).toBe(0);
    expect(ordinalOf('db', 'db-12')).toBe(12);
    expect(ordinalOf('db', 'db-01')).toBeNull();
    expect(ordinalOf('db', 'db-x')).toBeNull();
    expect(ordinalOf('db', 'dbx-1')).toBeNull();
  });
});
