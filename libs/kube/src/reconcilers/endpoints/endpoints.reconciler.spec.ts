import type { Pod } from '../../api/pod';
import type { ObjectInput } from '../../api-server/api-server';
import { Cluster } from '../../runtime/cluster';
import { endpointsReconciler } from './endpoints.reconciler';

function pod(
  name: string,
  options: {
    ip?: string;
    ready?: boolean;
    labels?: Record<string, string>;
    node?: string;
    spec?: Partial<Pod['spec']>;
  } = {},
): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: options.labels ?? { app: 'web' } },
    spec: {
      nodeName: options.node ?? 'worker-1',
      containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 8080 }] }],
      ...options.spec,
    },
    status: {
      phase: options.ip ? 'Running' : 'Pending',
      ...(options.ip ? { podIP: options.ip } : {}),
      conditions: [{ type: 'Ready', status: options.ready ? 'True' : 'False' }],
    },
  } as ObjectInput;
}

function service(name: string, spec: Record<string, unknown>): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec,
  } as ObjectInput;
}

function given() {
  return Cluster.create({ reconcilers: [endpointsReconciler()], freezeObjects: true });
}

const ref = (c: Cluster, name: string) => {
  const p = c.get('Pod', 'default', name)!;
  return { kind: 'Pod', namespace: 'default', name, uid: p.metadata.uid };
};

describe('endpoint-controller', () => {
  it('lists ready pods as addresses and the others as notReadyAddresses, with resolved target ports', () => {
    const c = given();
    c.create(pod('web-a', { ip: '10.244.1.5', ready: true }));
    c.create(pod('web-b', { ip: '10.244.2.3', node: 'worker-2' }));
    c.create(pod('web-c'));
    c.create(pod('other', { ip: '10.244.1.9', ready: true, labels: { app: 'other' } }));
    c.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }));
    c.reconcile();
    const ep = c.get('Endpoints', 'default', 'web')!;
    expect(ep.metadata.labels).toEqual({ app: 'web' });
    expect(ep.metadata.annotations).toEqual({
      'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z',
    });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: '10.244.1.5', nodeName: 'worker-1', targetRef: ref(c, 'web-a') }],
        notReadyAddresses: [{ ip: '10.244.2.3', nodeName: 'worker-2', targetRef: ref(c, 'web-b') }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    // nothing changed → nothing written
    expect(c.reconcile()).toBe(0);
  });

  it('moves a pod to addresses when it becomes Ready and drops it when it terminates', () => {
    const c = given();
    c.create(pod('web-a', { ip: '10.244.1.5' }));
    c.create(
      service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
    );
    c.reconcile();
    expect(c.get('Endpoints', 'default', 'web')?.subsets?.[0]?.addresses).toBeUndefined();
    const p = c.get('Pod', 'default', 'web-a')!;
    c.advance(5000);
    c.update({ ...p, status: { ...p.status!, conditions: [{ type: 'Ready', status: 'True' }] } });
    c.reconcile();
    expect(
      c.get('Endpoints', 'default', 'web')?.metadata.annotations?.[
        'endpoints.kubernetes.io/last-change-trigger-time'
      ],
    ).toBe('2026-01-01T00:00:05Z');
    expect(c.get('Endpoints', 'default', 'web')?.subsets).toEqual([
      {
        addresses: [{ ip: '10.244.1.5', nodeName: 'worker-1', targetRef: ref(c, 'web-a') }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    c.delete('Pod', 'default', 'web-a');
    c.reconcile();
    expect(c.get('Pod', 'default', 'web-a')?.metadata.deletionTimestamp).toBeDefined();
    expect(c.get('Endpoints', 'default', 'web')?.subsets).toBeUndefined();
  });

  it('sets hostnames for a headless Service whose pods name it as subdomain', () => {
    const c = given();
    for (const [i, ip] of ['10.244.1.7', '10.244.2.7'].entries())
      c.create(
        pod(`db-${i}`, {
          ip,
          ready: true,
          labels: { app: 'db' },
          spec: { hostname: `db-${i}`, subdomain: 'db' },
        }),
      );
    c.create(service('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }));
    c.reconcile();
    const ep = c.get('Endpoints', 'default', 'db')!;
    expect(ep.metadata.labels).toEqual({ app: 'db', 'service.kubernetes.io/headless': '' });
    expect(ep.subsets?.[0]?.addresses?.map((a) => [a.ip, a.hostname])).toEqual([
      ['10.244.1.7', 'db-0'],
      ['10.244.2.7', 'db-1'],
    ]);
  });

  it('creates nothing for a Service without selector and deletes Endpoints of a deleted Service', () => {
    const c = given();
    c.create(service('external', { ports: [{ port: 80 }] }));
    c.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    c.reconcile();
    expect(c.get('Endpoints', 'default', 'external')).toBeUndefined();
    const empty = c.get('Endpoints', 'default', 'web');
    expect(empty).toBeDefined();
    expect(empty?.subsets).toBeUndefined();
    c.delete('Service', 'default', 'web');
    c.reconcile();
    expect(c.get('Endpoints', 'default', 'web')).toBeUndefined();
  });

  it("keeps the API server's own default/kubernetes Endpoints", () => {
    const c = given();
    c.reconcile();
    expect(c.get('Endpoints', 'default', 'kubernetes')?.subsets).toEqual([
      { addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
    ]);
    expect(c.reconcile()).toBe(0);
  });

  it('leaves out pods whose named target port they do not expose', () => {
    const c = given();
    c.create(pod('web-a', { ip: '10.244.1.5', ready: true }));
    c.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'metrics' }] }));
    c.reconcile();
    expect(c.get('Endpoints', 'default', 'web')?.subsets).toBeUndefined();
  });
});
