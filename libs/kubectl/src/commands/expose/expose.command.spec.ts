import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

describe('kubectl expose', () => {
  it('creates a Service selecting the Deployment pods, from --port or the container ports', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    expect(h.text('kubectl expose deployment web')).toBe(
      "error: couldn't find port via --port flag or introspection\n[exit 1]\n",
    );
    expect(h.text('kubectl expose deployment web --port=80 --target-port=8080')).toBe(
      'service/web exposed\n',
    );
    const svc = h.cluster.get('Service', 'default', 'web')!;
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.ports).toMatchObject([{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(h.text('kubectl expose deployment web --port=80')).toBe(
      'Error from server (AlreadyExists): services "web" already exists\n[exit 1]\n',
    );
    expect(h.text('kubectl expose deployment web --port=80 --name=web2 --dry-run=client')).toBe(
      'service/web2 exposed (dry run)\n',
    );
  });

  it('makes a headless Service with --cluster-ip=None', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    expect(h.text('kubectl expose deployment web --port=80 --name=web-headless --cluster-ip=None')).toBe(
      'service/web-headless exposed\n',
    );
    expect(h.cluster.get('Service', 'default', 'web-headless')?.spec.clusterIP).toBe('None');
  });
});
