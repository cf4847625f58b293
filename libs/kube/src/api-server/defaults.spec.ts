import type { KubeObject } from '../api/objects';
import { applyDefaults } from './defaults';

describe('applyDefaults', () => {
  it('gives a new Namespace the name label, the kubernetes finalizer and phase Active', () => {
    const input = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } as KubeObject;
    expect(applyDefaults(input)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(input).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  });

  it("keeps a Namespace's own labels and status", () => {
    const input = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { team: 'a' } },
      status: { phase: 'Terminating' },
    } as KubeObject;
    const out = applyDefaults(input) as Extract<KubeObject, { kind: 'Namespace' }>;
    expect(out.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'team-a' });
    expect(out.status).toEqual({ phase: 'Terminating' });
  });
});
