import { Session } from '@podlab/kubectl';
import { actorLabel, explain, objectOfEvent, type HistoryEvent } from './explain';

// The history of a simulated cluster, shaped as sandboxHistory delivers it (actor as "type:name").
function historyOf(session: Session): HistoryEvent[] {
  return session.cluster.newEvents().map((e) => {
    const actor =
      e.actor.type === 'kubelet'
        ? `kubelet:${e.actor.node}`
        : `${e.actor.type}:${'name' in e.actor ? (e.actor.name ?? '') : ''}`;
    const data = JSON.parse(JSON.stringify(e.data)) as Record<string, unknown>;
    return {
      version: e.version,
      type: e.type,
      at: new Date(e.at).toISOString(),
      actor,
      reason: e.reason,
      cause: e.cause ?? null,
      correlation: null,
      data,
      command:
        e.type === 'CommandExecuted'
          ? { line: String(data['line']), exitCode: Number(data['exitCode']) }
          : null,
    };
  });
}

function podsOf(history: HistoryEvent[], prefix: string) {
  return history
    .filter((e) => e.type === 'ObjectCreated')
    .map(objectOfEvent)
    .filter((o) => o?.kind === 'Pod' && o.name.startsWith(prefix))
    .map((o) => o!);
}

describe('explain', () => {
  const session = new Session({ seed: 3, workers: 1 });
  session.command('kubectl create deployment web --image=nginx:1.25 --replicas=1');
  session.directive('advance', ['5s']);
  session.command('kubectl set image deployment/web nginx=nginx:1.26');
  session.directive('advance', ['30s']);
  const history = historyOf(session);

  it("traces a new ReplicaSet's pod back through its ReplicaSet and Deployment to the learner's command", () => {
    const deployment = history.map(objectOfEvent).find((o) => o?.kind === 'Deployment')!;
    const newPods = podsOf(history, 'web-').slice(1);
    const pod = newPods[0]!;
    const why = explain(history, pod);
    expect(why.created).toMatchObject({
      type: 'ObjectCreated',
      actor: 'controller:replicaset-controller',
      actorLabel: 'the replicaset-controller',
      reason: 'SuccessfulCreate',
      object: `Pod/${pod.name}`,
    });
    expect(why.causes.map((s) => [s.actor, s.reason, s.object])).toEqual([
      ['controller:deployment-controller', 'ScalingReplicaSet', expect.stringMatching(/^ReplicaSet\/web-/)],
      ['user:learner', 'kubectl set image', `Deployment/${deployment.name}`],
    ]);
    expect(why.command?.line).toBe('kubectl set image deployment/web nginx=nginx:1.26');
    expect(why.changes.map((s) => s.reason)).toEqual(expect.arrayContaining(['Scheduled', 'Started']));
    expect(why.deleted).toBeNull();
  });

  it('shows when and by whom an old pod was deleted, and nothing after the replay position', () => {
    const oldPod = podsOf(history, 'web-')[0]!;
    const why = explain(history, oldPod);
    expect(why.command?.line).toBe('kubectl create deployment web --image=nginx:1.25 --replicas=1');
    expect(why.deleted?.type).toBe('ObjectDeleted');
    const created = why.created!.version;
    const early = explain(history, oldPod, created);
    expect(early.deleted).toBeNull();
    expect(early.changes).toEqual([]);
    expect(explain(history, oldPod, created - 1).created).toBeNull();
  });

  it('ends the chain at the bootstrap for a node, and survives unknown or cyclic causes', () => {
    const node = history.map(objectOfEvent).find((o) => o?.kind === 'Node')!;
    const why = explain(history, node);
    expect(why.created?.actorLabel).toBe('the system (cluster-bootstrap)');
    expect(why.causes).toEqual([]);
    expect(why.command).toBeNull();
    const cyclic: HistoryEvent[] = [
      {
        version: 1,
        type: 'ObjectCreated',
        at: 'x',
        actor: 'controller:a',
        reason: 'r',
        cause: 2,
        data: { object: { kind: 'Pod', metadata: { name: 'p', uid: 'u' } } },
      },
      { version: 2, type: 'ObjectUpdated', at: 'x', actor: 'controller:b', reason: 'r', cause: 1, data: {} },
    ];
    expect(
      explain(cyclic, { kind: 'Pod', namespace: null, name: 'p', uid: 'u' }).causes.map((s) => s.version),
    ).toEqual([2, 1]);
  });

  it('names actors in words', () => {
    expect(actorLabel('user:0b6f')).toBe('the learner');
    expect(actorLabel('kubelet:worker-2')).toBe('the kubelet on worker-2');
    expect(actorLabel('scheduler:default-scheduler')).toBe('the scheduler (default-scheduler)');
    expect(actorLabel('fault-injector:user:1')).toBe('an injected fault');
  });
});
