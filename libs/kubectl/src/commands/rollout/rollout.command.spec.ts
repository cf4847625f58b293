import type { Deployment, KubeObject, ObjectInput, ReplicaSet } from '@podlab/kube';
import { harness, WEB_YAML, type Harness } from '../shared/kubectl-harness.fixture';

/** A Deployment with the ReplicaSets a controller would have left: one per (revision, image, change-cause). */
function withHistory(h: Harness, revisions: [number, string, string | undefined][]): Deployment {
  h.run('kubectl apply -f -', WEB_YAML);
  let d = h.cluster.get('Deployment', 'default', 'web')!;
  for (const [revision, image, cause] of revisions) {
    const hash = `hash${revision}`;
    const rs: ObjectInput = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `web-${hash}`,
        namespace: 'default',
        labels: { app: 'web', 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/revision': String(revision),
          ...(cause ? { 'kubernetes.io/change-cause': cause } : {}),
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: d.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
        template: {
          metadata: { labels: { app: 'web', 'pod-template-hash': hash } },
          spec: { containers: [{ name: 'nginx', image }] },
        },
      },
    } as ObjectInput;
    const created = h.cluster.create(rs);
    if (!created.ok) throw new Error(created.error.message);
  }
  const last = revisions[revisions.length - 1]!;
  h.run(`kubectl set image deployment/web nginx=${last[1]}`);
  d = h.cluster.get('Deployment', 'default', 'web')!;
  const updated = h.cluster.update({
    ...d,
    metadata: {
      ...d.metadata,
      annotations: { ...d.metadata.annotations, 'deployment.kubernetes.io/revision': String(last[0]) },
    },
  } as KubeObject);
  if (!updated.ok) throw new Error(updated.error.message);
  return h.cluster.get('Deployment', 'default', 'web')!;
}

describe('kubectl rollout history (spec B.4)', () => {
  it('prints the name line with a trailing space, the table with padding 2, and a blank line', () => {
    const h = harness();
    withHistory(h, [
      [1, 'nginx:1.24', undefined],
      [2, 'nginx:1.25', 'kubectl set image deployment/web nginx=nginx:1.25'],
    ]);
    expect(h.text('kubectl rollout history deployment/web')).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.25\n\n',
    );
  });

  it('errors on a revision that does not exist, and describes one that does', () => {
    const h = harness();
    withHistory(h, [[1, 'nginx:1.24', undefined]]);
    expect(h.text('kubectl rollout history deploy web --revision=7')).toBe(
      'error: unable to find the specified revision\n[exit 1]\n',
    );
    expect(h.run('kubectl rollout history deploy web --revision=1').stdout).toMatch(
      /^deployment\.apps\/web with revision #1\nPod Template:\n {2}Labels:/,
    );
  });

  it('reports NotFound like every command (spec C-58)', () => {
    const h = harness();
    expect(h.text('kubectl rollout history deployment/nope')).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n[exit 1]\n',
    );
  });
});

describe('kubectl rollout undo (spec A.2.10)', () => {
  it('rolls back to the previous revision, copying the template without the hash and the change-cause', () => {
    const h = harness();
    withHistory(h, [
      [1, 'nginx:1.24', 'v1.24'],
      [2, 'nginx:1.25', 'v1.25'],
    ]);
    expect(h.text('kubectl rollout undo deployment/web')).toBe('deployment.apps/web rolled back\n');
    const d = h.cluster.get('Deployment', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0]!.image).toBe('nginx:1.24');
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'web' });
    expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toBe('v1.24');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('rolls back to a given revision, skips when the template already matches, errors on a missing one', () => {
    const h = harness();
    withHistory(h, [
      [1, 'nginx:1.24', undefined],
      [2, 'nginx:1.25', undefined],
      [3, 'nginx:1.26', undefined],
    ]);
    expect(h.text('kubectl rollout undo deployment/web --to-revision=3')).toBe(
      'deployment.apps/web skipped rollback (current template already matches revision 3)\n',
    );
    expect(h.text('kubectl rollout undo deployment/web --to-revision=9')).toBe(
      'error: unable to find specified revision 9 in history\n[exit 1]\n',
    );
    expect(h.text('kubectl rollout undo deployment/web --to-revision=1')).toBe(
      'deployment.apps/web rolled back\n',
    );
  });

  it('refuses a paused deployment and one without history', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    expect(h.text('kubectl rollout undo deployment/web')).toBe(
      'error: no rollout history found for deployment "web"\n[exit 1]\n',
    );
    h.run('kubectl rollout pause deployment/web');
    expect(h.text('kubectl rollout undo deployment/web')).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n[exit 1]\n",
    );
  });
});

describe('kubectl rollout pause / resume / restart (spec A.2.7, C-12, C-20)', () => {
  it.each([
    ['kubectl rollout pause deployment/web', 'deployment.apps/web paused\n'],
    ['kubectl rollout pause deployment/web', 'error: deployments.apps "web" is already paused\n[exit 1]\n'],
    [
      'kubectl rollout restart deployment/web',
      `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)\n[exit 1]\n`,
    ],
    ['kubectl rollout resume deployment/web', 'deployment.apps/web resumed\n'],
    ['kubectl rollout resume deployment/web', 'error: deployments.apps "web" is not paused\n[exit 1]\n'],
    ['kubectl rollout restart deployment/web', 'deployment.apps/web restarted\n'],
  ])('%s', (line, expected) => {
    const h = sequence;
    expect(h.text(line)).toBe(expected);
  });

  let sequence: Harness;
  beforeAll(() => {
    sequence = harness();
    sequence.run('kubectl apply -f -', WEB_YAML);
  });

  it('stamps restartedAt with the simulated time', () => {
    const d = sequence.cluster.get('Deployment', 'default', 'web')!;
    expect(d.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(
      '2026-01-01T00:00:00Z',
    );
  });
});

describe('kubectl rollout restart of a whole type', () => {
  it('restarts every deployment of the namespace, in name order', () => {
    const h = harness();
    h.run('kubectl create deployment b --image=nginx');
    h.run('kubectl create deployment a --image=nginx');
    expect(h.text('kubectl rollout restart deployment')).toBe(
      'deployment.apps/a restarted\ndeployment.apps/b restarted\n',
    );
    expect(h.text('kubectl rollout pause deployment')).toBe(
      'error: resource(s) were provided, but no name was specified\n[exit 1]\n',
    );
  });
});

describe('kubectl rollout status (spec B.3)', () => {
  const setStatus = (h: Harness, status: Deployment['status'], generation?: number) => {
    const d = h.cluster.get('Deployment', 'default', 'web')!;
    const result = h.cluster.update({
      ...d,
      metadata: { ...d.metadata, ...(generation ? { generation } : {}) },
      status,
    } as ReplicaSet | Deployment as KubeObject);
    if (!result.ok) throw new Error(result.error.message);
  };

  it.each([
    [{ observedGeneration: 0 }, 'Waiting for deployment spec update to be observed...\n'],
    [
      { observedGeneration: 1, replicas: 3, updatedReplicas: 1 },
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    ],
    [
      { observedGeneration: 1, replicas: 4, updatedReplicas: 3 },
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
    ],
    [
      { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 1 },
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
    ],
    [
      { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
      'deployment "web" successfully rolled out\n',
    ],
  ])('with --watch=false prints the current line: %j', (status, line) => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    setStatus(h, status);
    expect(h.text('kubectl rollout status deployment/web --watch=false')).toBe(line);
  });

  it('errors when the progress deadline is exceeded', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    setStatus(h, {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 1,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    });
    expect(h.text('kubectl rollout status deploy/web')).toBe(
      'error: deployment "web" exceeded its progress deadline\n[exit 1]\n',
    );
  });

  it('watches in a stepped sandbox until its timeout, then gives up', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    setStatus(h, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 1 });
    const start = h.cluster.now;
    expect(h.text('kubectl rollout status deploy/web --timeout=30s')).toBe(
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\nerror: timed out waiting for the condition\n[exit 1]\n',
    );
    expect(h.cluster.now - start).toBe(30_000);
  });

  it('without --timeout waits past the progress deadline (10 min cap stretched to deadline + 1 min)', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    setStatus(h, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 1 });
    const start = h.cluster.now;
    expect(h.run('kubectl rollout status deploy/web').stderr).toBe(
      'error: timed out waiting for the condition\n',
    );
    expect(h.cluster.now - start).toBe(660_000);
  });

  it('prints the current line once in a live sandbox', () => {
    const h = harness({ clock: 'live' });
    h.run('kubectl apply -f -', WEB_YAML);
    setStatus(h, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 1 });
    const start = h.cluster.now;
    expect(h.text('kubectl rollout status deploy/web')).toBe(
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
    );
    expect(h.cluster.now).toBe(start);
  });

  it('reports NotFound (spec C-58)', () => {
    const h = harness();
    expect(h.text('kubectl rollout status deployment/nope')).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n[exit 1]\n',
    );
  });
});
