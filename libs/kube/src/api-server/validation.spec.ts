import type { ObjectInput } from './api-server';
import { Cluster } from '../runtime/cluster';

const deployment = (app: string): ObjectInput =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
    },
  }) as ObjectInput;

describe('API server validation on update', () => {
  it('prints an immutable selector as Go %#v, unquoted (spec B.6)', () => {
    const cluster = Cluster.create();
    cluster.create(deployment('web'));
    const current = cluster.get('Deployment', 'default', 'web')!;
    const changed = deployment('web2') as unknown as typeof current;
    const result = cluster.update({ ...current, spec: changed.spec });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toBe(
        'Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
      );
  });

  it('forbids pod spec changes other than images and added tolerations, and allows those', () => {
    const cluster = Cluster.create();
    cluster.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    } as ObjectInput);
    const pod = cluster.get('Pod', 'default', 'p')!;
    const withPort = cluster.update({
      ...pod,
      spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0]!, ports: [{ containerPort: 80 }] }] },
    });
    expect(withPort.ok).toBe(false);
    if (!withPort.ok)
      expect(withPort.error.message).toMatch(
        /^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
      );
    const newImage = cluster.update({
      ...pod,
      spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0]!, image: 'nginx:1.26' }] },
    });
    expect(newImage.ok).toBe(true);
    const current = cluster.get('Pod', 'default', 'p')!;
    const moreTolerations = cluster.update({
      ...current,
      spec: {
        ...current.spec,
        tolerations: [...(current.spec.tolerations ?? []), { key: 'k', operator: 'Exists' }],
      },
    });
    expect(moreTolerations.ok).toBe(true);
  });
});
