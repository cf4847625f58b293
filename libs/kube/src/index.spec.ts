import { KUBE_API_VERSION } from './index';

describe('kube', () => {
  it('reports the Kubernetes version it simulates', () => {
    expect(KUBE_API_VERSION).toBe('v1.30.0');
  });
});
