import type { Namespace } from '../api/node';
import { applyDefaults } from './defaults';

const META = { uid: 'u-1', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z' };

describe('applyDefaults', () => {
  it('gives a new Namespace the name label, the kubernetes finalizer and phase Active', () => {
    const input: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { ...META, name: 'team-a' } };
    expect(applyDefaults(input)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { ...META, name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(input).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { ...META, name: 'team-a' } });
  });

  it("keeps a Namespace's own labels and status", () => {
    const input: Namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { ...META, name: 'team-a', labels: { team: 'a' } },
      status: { phase: 'Terminating' },
    };
    const out = applyDefaults(input);
    expect(out.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'team-a' });
    expect(out.status).toEqual({ phase: 'Terminating' });
  });
});
