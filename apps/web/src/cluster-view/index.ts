export { ClusterView } from './cluster-view';
export type { ClusterViewProps, ObjectRef } from './contract';
