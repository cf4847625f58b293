// core/v1 PersistentVolumeClaim / PersistentVolume and storage.k8s.io/v1 StorageClass.
import type { Condition, LabelSelector, ObjectMeta, Quantities } from './meta';

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

export interface PersistentVolumeClaim {
  apiVersion: 'v1';
  kind: 'PersistentVolumeClaim';
  metadata: ObjectMeta;
  spec: {
    accessModes?: AccessMode[];
    resources?: { requests?: Quantities; limits?: Quantities };
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: 'Filesystem' | 'Block';
    selector?: LabelSelector;
  };
  status?: {
    phase?: 'Pending' | 'Bound' | 'Lost';
    accessModes?: AccessMode[];
    capacity?: Quantities;
    conditions?: Condition[];
  };
}

export interface PersistentVolume {
  apiVersion: 'v1';
  kind: 'PersistentVolume';
  metadata: ObjectMeta;
  spec: {
    capacity: Quantities;
    accessModes: AccessMode[];
    persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle';
    storageClassName?: string;
    volumeMode?: 'Filesystem' | 'Block';
    claimRef?: {
      kind: 'PersistentVolumeClaim';
      namespace: string;
      name: string;
      uid: string;
      apiVersion: 'v1';
    };
    csi?: { driver: string; volumeHandle: string };
    hostPath?: { path: string };
  };
  status?: { phase: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed'; message?: string };
}

export interface StorageClass {
  apiVersion: 'storage.k8s.io/v1';
  kind: 'StorageClass';
  metadata: ObjectMeta;
  provisioner: string;
  reclaimPolicy?: 'Retain' | 'Delete';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  allowVolumeExpansion?: boolean;
  parameters?: Record<string, string>;
}
