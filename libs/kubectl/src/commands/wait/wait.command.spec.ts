import type { KubeObject } from '@podlab/kube';
import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

describe('kubectl wait', () => {
  it('reports a met condition, times out on an unmet one after --timeout of simulated time', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    const d = h.cluster.get('Deployment', 'default', 'web')!;
    h.cluster.update({
      ...d,
      status: { observedGeneration: 1, conditions: [{ type: 'Available', status: 'True' }] },
    } as KubeObject);
    expect(h.text('kubectl wait --for=condition=available deployment/web')).toBe(
      'deployment.apps/web condition met\n',
    );
    const start = h.cluster.now;
    expect(h.text('kubectl wait --for=condition=Progressing deployment/web --timeout=10s')).toBe(
      'error: timed out waiting for the condition on deployments/web\n[exit 1]\n',
    );
    expect(h.cluster.now - start).toBe(10_000);
    expect(h.text(`kubectl wait --for=jsonpath='{.spec.replicas}'=3 deploy/web`)).toBe(
      'deployment.apps/web condition met\n',
    );
    expect(h.text('kubectl wait --for=delete deploy/gone')).toBe('');
    expect(h.text('kubectl wait deploy/web')).toBe('error: --for must be specified\n[exit 1]\n');
    expect(h.text('kubectl wait --for=condition=Ready pods -l app=none')).toBe(
      'error: no matching resources found\n[exit 1]\n',
    );
  });
});
