// Public API of @podlab/kube: the simulated Kubernetes cluster (pure, deterministic).
export const KUBE_API_VERSION = 'v1.30.0';
