// Public API of @podlab/kubectl: kubectl command lines and printers over @podlab/kube (pure).
export { KUBE_API_VERSION } from '@podlab/kube';
