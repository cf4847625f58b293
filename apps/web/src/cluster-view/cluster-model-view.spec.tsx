import { Session } from '@podlab/kubectl';
import { renderToStaticMarkup } from 'react-dom/server';
import { ClusterModelView } from './cluster-model-view';
import { buildClusterModel } from './model';
import { advance, objectsOf, run } from './simulated-cluster.test-helper';

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;

describe('ClusterModelView', () => {
  it('renders 200 pods as cards in their node columns, with rollout bars and labelled buttons', () => {
    const session = new Session({ seed: 9, workers: 4 });
    run(session, 'kubectl create deployment big --image=nginx:1.25 --replicas=200');
    advance(session, '1m');
    run(session, 'kubectl set image deployment/big nginx=nginx:1.26');
    advance(session, '1s');
    const model = buildClusterModel(objectsOf(session));
    const html = renderToStaticMarkup(<ClusterModelView model={model} selectedUid={null} />);

    const cards = count(html, /<li class="cv-card"/g);
    expect(cards).toBe(model.cards.size);
    expect(cards).toBeGreaterThanOrEqual(200);
    expect(count(html, /role="listitem" aria-label="Node /g)).toBe(5);
    // Both ReplicaSets are listed, the new one first, and cards of both are on the nodes.
    const rs = [...html.matchAll(/data-replicaset="(big-[a-z0-9]+)" data-new="(true|false)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rs.map(([, isNew]) => isNew)).toEqual(['true', 'false']);
    expect(
      count(html, new RegExp(`class="cv-card"[^>]*data-replicaset="${rs[0]![0]}"`, 'g')),
    ).toBeGreaterThan(0);
    expect(
      count(html, new RegExp(`class="cv-card"[^>]*data-replicaset="${rs[1]![0]}"`, 'g')),
    ).toBeGreaterThan(0);
    expect(html).toMatch(
      /role="progressbar" aria-label="updated" aria-valuemin="0" aria-valuemax="200" aria-valuenow="\d+"/,
    );
    // Every card is a button a screen reader can name.
    expect(count(html, /aria-label="Pod big-[a-z0-9]+-[a-z0-9]+, [A-Za-z]+, ready \d\/1/g)).toBe(cards);
  });

  it('marks the selected object', () => {
    const session = new Session({ seed: 1, workers: 1 });
    run(session, 'kubectl create deployment web --image=nginx:1.25');
    advance(session, '10s');
    const model = buildClusterModel(objectsOf(session));
    const pod = [...model.cards.values()][0]!;
    const html = renderToStaticMarkup(<ClusterModelView model={model} selectedUid={pod.uid} />);
    expect(html).toContain(`aria-pressed="true" aria-label="Pod ${pod.name}, Running, ready 1/1"`);
  });

  it('renders StatefulSet ordinals with their claims and a DaemonSet row per node', () => {
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
    const html = renderToStaticMarkup(<ClusterModelView model={buildClusterModel(objectsOf(session))} />);
    expect([...html.matchAll(/<li data-ordinal="(\d+)">/g)].map((m) => m[1])).toEqual(['0', '1']);
    expect(
      [...html.matchAll(/data-claim="([^"]+)" data-phase="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`),
    ).toEqual(['data-db-0:Bound', 'data-db-1:Bound']);
    expect(
      [...html.matchAll(/<li data-node="([^"]+)">.*?<\/li>/g)].map((m) => [m[1], m[0].includes('no pod')]),
    ).toEqual([
      ['control-plane', true],
      ['worker-1', false],
      ['worker-2', false],
    ]);
  });
});
