import type { ObjectInput } from '../../api-server/api-server';
import { Cluster } from '../../runtime/cluster';
import { SECOND } from '../../time/time';
import { persistentVolumeReconciler } from './persistent-volume.reconciler';

const T0 = Date.UTC(2026, 0, 1);

function claim(name: string, extra: Record<string, unknown> = {}, storage = '1Gi'): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
  } as ObjectInput;
}

function podUsing(name: string, claimName: string): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeName: 'worker-1',
      containers: [{ name: 'c', image: 'nginx:1.25', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    },
    status: { phase: 'Running' },
  } as ObjectInput;
}

function given() {
  return Cluster.create({ reconcilers: [persistentVolumeReconciler()], freezeObjects: true });
}

const events = (c: Cluster, name: string) =>
  c
    .view()
    .objects.list('Event')
    .filter((e) => e.involvedObject.name === name)
    .map((e) => ({ type: e.type, reason: e.reason, message: e.message, from: e.source.component }));

describe('persistentvolume-controller', () => {
  it('provisions a PV for a claim of the default class about 1 s after creation, and binds both', () => {
    // given a claim without a class
    const c = given();
    c.create(claim('data'));
    c.reconcile();
    // then it gets the default class, stays Pending and is handed to the provisioner
    let pvc = c.get('PersistentVolumeClaim', 'default', 'data')!;
    expect(pvc.spec.storageClassName).toBe('standard');
    expect(pvc.status?.phase).toBe('Pending');
    expect(pvc.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBe(
      'podlab.dev/simulated-disk',
    );
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(events(c, 'data')).toEqual([
      {
        type: 'Normal',
        reason: 'ExternalProvisioning',
        message:
          "Waiting for a volume to be created either by the external provisioner 'podlab.dev/simulated-disk' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
        from: 'persistentvolume-controller',
      },
      {
        type: 'Normal',
        reason: 'Provisioning',
        message: 'External provisioner is provisioning volume for claim "default/data"',
        from: 'podlab.dev/simulated-disk_simulated-disk-provisioner',
      },
    ]);
    expect(c.get('PersistentVolume', undefined, `pvc-${pvc.metadata.uid}`)).toBeUndefined();
    expect(c.nextTimerAt()).toBe(T0 + 1 * SECOND);

    // when a second passes
    c.advance(1 * SECOND);

    // then the PV exists and both are Bound
    pvc = c.get('PersistentVolumeClaim', 'default', 'data')!;
    const pvName = `pvc-${pvc.metadata.uid}`;
    const pv = c.get('PersistentVolume', undefined, pvName)!;
    expect(pv.spec).toMatchObject({
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: pvc.metadata.uid },
    });
    expect(pv.status?.phase).toBe('Bound');
    expect(pvc.spec.volumeName).toBe(pvName);
    expect(pvc.status).toEqual({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
    });
    expect(events(c, 'data').at(-1)).toEqual({
      type: 'Normal',
      reason: 'ProvisioningSucceeded',
      message: `Successfully provisioned volume ${pvName}`,
      from: 'podlab.dev/simulated-disk_simulated-disk-provisioner',
    });
    expect(c.reconcile()).toBe(0);
    expect(c.nextTimerAt()).toBeUndefined();
  });

  it('leaves a claim of an unknown class Pending with ProvisioningFailed, once', () => {
    const c = given();
    c.create(claim('data', { storageClassName: 'fast' }));
    c.advance(5 * SECOND);
    const pvc = c.get('PersistentVolumeClaim', 'default', 'data')!;
    expect(pvc.status?.phase).toBe('Pending');
    expect(pvc.spec.volumeName).toBeUndefined();
    expect(events(c, 'data')).toEqual([
      {
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message: 'storageclass.storage.k8s.io "fast" not found',
        from: 'persistentvolume-controller',
      },
    ]);
    expect(c.reconcile()).toBe(0);
    expect(c.view().objects.list('PersistentVolume')).toEqual([]);
  });

  it('keeps a deleted claim Terminating while a pod uses it, then reclaims (Delete) its volume', () => {
    const c = given();
    c.create(claim('data'));
    c.advance(1 * SECOND);
    c.create(podUsing('app', 'data'));
    const pvName = c.get('PersistentVolumeClaim', 'default', 'data')!.spec.volumeName!;
    // when the claim is deleted while in use
    c.delete('PersistentVolumeClaim', 'default', 'data');
    c.reconcile();
    // then it stays (Terminating) with the protection finalizer
    const terminating = c.get('PersistentVolumeClaim', 'default', 'data');
    expect(terminating?.metadata.deletionTimestamp).toBeDefined();
    expect(terminating?.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(c.get('PersistentVolume', undefined, pvName)).toBeDefined();
    // when the pod is gone
    c.delete('Pod', 'default', 'app', { gracePeriodSeconds: 0 });
    c.reconcile();
    // then the claim goes and the Delete-policy volume with it
    expect(c.get('PersistentVolumeClaim', 'default', 'data')).toBeUndefined();
    expect(c.get('PersistentVolume', undefined, pvName)).toBeUndefined();
  });

  it('does not count terminated pods as users of a claim', () => {
    const c = given();
    c.create(claim('data'));
    c.advance(1 * SECOND);
    c.create({ ...podUsing('job', 'data'), status: { phase: 'Succeeded' } } as ObjectInput);
    c.delete('PersistentVolumeClaim', 'default', 'data');
    c.reconcile();
    expect(c.get('PersistentVolumeClaim', 'default', 'data')).toBeUndefined();
  });

  it('releases a Retain-policy volume when its claim is gone', () => {
    const c = given();
    c.create({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'keep' },
      provisioner: 'podlab.dev/simulated-disk',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
    } as ObjectInput);
    c.create(claim('data', { storageClassName: 'keep' }));
    c.advance(1 * SECOND);
    const pvName = c.get('PersistentVolumeClaim', 'default', 'data')!.spec.volumeName!;
    c.delete('PersistentVolumeClaim', 'default', 'data');
    c.reconcile();
    const pv = c.get('PersistentVolume', undefined, pvName);
    expect(pv?.status?.phase).toBe('Released');
    expect(pv?.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(c.reconcile()).toBe(0);
  });

  it('binds an existing Available volume (smallest that fits) before provisioning', () => {
    const c = given();
    for (const [name, size] of [
      ['pv-big', '10Gi'],
      ['pv-small', '2Gi'],
      ['pv-tiny', '500Mi'],
    ] as const)
      c.create({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name },
        spec: {
          capacity: { storage: size },
          accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: '',
          hostPath: { path: `/mnt/${name}` },
        },
      } as ObjectInput);
    c.reconcile();
    expect(c.get('PersistentVolume', undefined, 'pv-small')?.status?.phase).toBe('Available');
    c.create(claim('data', { storageClassName: '' }));
    c.reconcile();
    const pvc = c.get('PersistentVolumeClaim', 'default', 'data')!;
    expect(pvc.spec.volumeName).toBe('pv-small');
    expect(pvc.status?.phase).toBe('Bound');
    expect(pvc.status?.capacity).toEqual({ storage: '2Gi' });
    expect(c.get('PersistentVolume', undefined, 'pv-small')?.spec.claimRef?.uid).toBe(pvc.metadata.uid);
    expect(c.get('PersistentVolume', undefined, 'pv-big')?.status?.phase).toBe('Available');
  });

  it('waits for the first consumer with WaitForFirstConsumer classes', () => {
    const c = given();
    c.create({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local' },
      provisioner: 'podlab.dev/simulated-disk',
      volumeBindingMode: 'WaitForFirstConsumer',
    } as ObjectInput);
    c.create(claim('data', { storageClassName: 'local' }));
    c.advance(5 * SECOND);
    expect(c.get('PersistentVolumeClaim', 'default', 'data')?.status?.phase).toBe('Pending');
    expect(events(c, 'data').map((e) => e.reason)).toEqual(['WaitForFirstConsumer']);
    c.create(podUsing('app', 'data'));
    c.reconcile();
    const pvc = c.get('PersistentVolumeClaim', 'default', 'data')!;
    expect(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe('worker-1');
    expect(pvc.status?.phase).toBe('Bound');
  });

  it('is deterministic', () => {
    const run = () => {
      const c = given();
      c.create(claim('a'));
      c.create(claim('b', { storageClassName: 'nope' }));
      c.advance(3 * SECOND);
      return JSON.stringify(c.newEvents());
    };
    expect(run()).toBe(run());
  });
});
