// persistentvolume-controller (pkg/controller/volume/persistentvolume) with the simulated external provisioner
// of the default StorageClass and the pvc-protection controller:
// - a PVC without a class gets the default one (retroactive default StorageClass, GA in 1.28);
// - a PVC of a provisioning class is announced (ExternalProvisioning / Provisioning), and ~1 s after creation
//   a PV `pvc-<uid>` is provisioned and both are bound (ProvisioningSucceeded);
// - an unknown class leaves it Pending with ProvisioningFailed; existing Available PVs bind first;
// - pvc-protection: the finalizer goes once no non-terminated pod uses the claim;
// - reclaim: a PV whose claim is gone is deleted (Delete) or Released (Retain).
import type { ObjectMeta } from '../../api/meta';
import type { Pod } from '../../api/pod';
import type { AccessMode, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/storage';
import type { ObjectInput } from '../../api-server/api-server';
import type { Actor, KubeEventNote } from '../../state/cluster-event';
import type { ClusterView } from '../../state/cluster-state';
import type { Reconciler, Write } from '../../runtime/reconciler';
import { parseTime } from '../../time/time';
import { bytes } from '../shared/quantity';

export const PV_CONTROLLER = 'persistentvolume-controller';
const PVC_PROTECTION_CONTROLLER = 'pvc-protection-controller';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
/** How long the simulated provisioner takes to create a disk. */
export const PROVISION_DELAY_MS = 1000;

const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const ANN_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const ANN_BETA_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

export function persistentVolumeReconciler(): Reconciler {
  return {
    name: PV_CONTROLLER,
    actor: { type: 'controller', name: PV_CONTROLLER },
    reconcile: (ctx) => new PvRun(ctx.view).run(),
    nextWakeAt: (view) => {
      let next: number | undefined;
      for (const pvc of view.objects.list('PersistentVolumeClaim')) {
        if (pvc.spec.volumeName || pvc.metadata.deletionTimestamp) continue;
        if (!pvc.metadata.annotations?.[ANN_PROVISIONER]) continue;
        const at = provisionDueAt(pvc);
        if (at > view.now && (next === undefined || at < next)) next = at;
      }
      return next;
    },
  };
}

function provisionDueAt(pvc: PersistentVolumeClaim): number {
  return (parseTime(pvc.metadata.creationTimestamp) ?? 0) + PROVISION_DELAY_MS;
}

/** The component name the simulated external provisioner records events under (`<provisioner>_<instance>`). */
export function provisionerSource(provisioner: string): string {
  return `${provisioner}_simulated-disk-provisioner`;
}

function claimRef(pvc: PersistentVolumeClaim): string {
  return `${pvc.metadata.namespace ?? 'default'}/${pvc.metadata.name}`;
}

function involved(pvc: PersistentVolumeClaim) {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: pvc.metadata.namespace ?? 'default',
    name: pvc.metadata.name,
    uid: pvc.metadata.uid,
    apiVersion: 'v1',
  };
}

function isTerminated(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

class PvRun {
  readonly writes: Write[] = [];
  private usage?: Map<string, Pod[]>;
  /** PVs bound in this pass (two claims must not take the same one). */
  private readonly taken = new Set<string>();

  constructor(private readonly view: ClusterView) {}

  run(): Write[] {
    const defaultClass = this.view.objects
      .list('StorageClass')
      .find((sc) => sc.metadata.annotations?.[ANN_DEFAULT_CLASS] === 'true');
    for (const pvc of this.view.objects.list('PersistentVolumeClaim')) this.syncClaim(pvc, defaultClass);
    for (const pv of this.view.objects.list('PersistentVolume')) this.syncVolume(pv);
    return this.writes;
  }

  /** Non-terminated pods by the `namespace/claim` they mount (built once, only when needed). */
  private podsUsing(pvc: PersistentVolumeClaim): Pod[] {
    if (!this.usage) {
      this.usage = new Map();
      for (const pod of this.view.objects.list('Pod')) {
        if (isTerminated(pod)) continue;
        for (const volume of pod.spec.volumes ?? []) {
          const name = volume.persistentVolumeClaim?.claimName;
          if (!name) continue;
          const key = `${pod.metadata.namespace ?? 'default'}/${name}`;
          const list = this.usage.get(key) ?? [];
          list.push(pod);
          this.usage.set(key, list);
        }
      }
    }
    return this.usage.get(claimRef(pvc)) ?? [];
  }

  private syncClaim(pvc: PersistentVolumeClaim, defaultClass: StorageClass | undefined): void {
    if (pvc.metadata.deletionTimestamp) {
      this.releaseProtection(pvc);
      return;
    }
    if (pvc.spec.volumeName) {
      this.syncBoundClaim(pvc, pvc.spec.volumeName);
      return;
    }
    const className = pvc.spec.storageClassName;
    if (className === undefined && defaultClass) {
      // Retroactive default StorageClass: the controller fills in the class of a class-less claim.
      this.writes.push({
        op: 'update',
        reason: 'DefaultStorageClassAssigned',
        causeUid: pvc.metadata.uid,
        object: { ...pvc, spec: { ...pvc.spec, storageClassName: defaultClass.metadata.name } },
      });
      return;
    }
    const existing = this.findAvailableVolume(pvc, className ?? '');
    if (existing) {
      this.bind(pvc, existing, []);
      return;
    }
    if (!className) {
      this.pendingOnce(pvc, {
        type: 'Normal',
        reason: 'FailedBinding',
        message: 'no persistent volumes available for this claim and no storage class is set',
      });
      return;
    }
    const storageClass = this.view.objects.get('StorageClass', undefined, className);
    if (!storageClass) {
      this.pendingOnce(pvc, {
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message: `storageclass.storage.k8s.io "${className}" not found`,
      });
      return;
    }
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer') {
      const consumer = this.podsUsing(pvc).find((p) => p.spec.nodeName);
      if (!consumer) {
        this.pendingOnce(pvc, {
          type: 'Normal',
          reason: 'WaitForFirstConsumer',
          message: 'waiting for first consumer to be created before binding',
        });
        return;
      }
      if (pvc.metadata.annotations?.[ANN_SELECTED_NODE] !== consumer.spec.nodeName) {
        this.announce(pvc, storageClass, { [ANN_SELECTED_NODE]: consumer.spec.nodeName! });
        return;
      }
    }
    if (!pvc.metadata.annotations?.[ANN_PROVISIONER]) {
      this.announce(pvc, storageClass, {});
      return;
    }
    // Already provisioned in an earlier round whose claim update went stale: bind to it.
    const pvName = `pvc-${pvc.metadata.uid}`;
    const provisioned = this.view.objects.get('PersistentVolume', undefined, pvName);
    if (provisioned) {
      if (provisioned.spec.claimRef?.uid === pvc.metadata.uid) this.bind(pvc, provisioned, []);
      return;
    }
    if (this.view.now < provisionDueAt(pvc)) return;
    this.provision(pvc, storageClass, pvName);
  }

  /** Pending (once) with the event that says why; the written phase marks the event as recorded. */
  private pendingOnce(
    pvc: PersistentVolumeClaim,
    note: Pick<KubeEventNote, 'type' | 'reason' | 'message'>,
  ): void {
    if (pvc.status?.phase === 'Pending') return;
    this.writes.push({
      op: 'update',
      reason: note.reason,
      causeUid: pvc.metadata.uid,
      object: { ...pvc, status: { ...pvc.status, phase: 'Pending' } },
      notes: [{ ...note, involvedObject: involved(pvc), source: { component: PV_CONTROLLER } }],
    });
  }

  /** Hands the claim to the external provisioner: annotations, Pending, and both controllers' events. */
  private announce(pvc: PersistentVolumeClaim, sc: StorageClass, extra: Record<string, string>): void {
    const first = !pvc.metadata.annotations?.[ANN_PROVISIONER];
    this.writes.push({
      op: 'update',
      reason: 'ExternalProvisioning',
      causeUid: pvc.metadata.uid,
      object: {
        ...pvc,
        metadata: {
          ...pvc.metadata,
          annotations: {
            ...pvc.metadata.annotations,
            [ANN_PROVISIONER]: sc.provisioner,
            [ANN_BETA_PROVISIONER]: sc.provisioner,
            ...extra,
          },
        },
        status: { ...pvc.status, phase: 'Pending' },
      },
      notes: first
        ? [
            {
              type: 'Normal',
              reason: 'ExternalProvisioning',
              message: `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
              involvedObject: involved(pvc),
              source: { component: PV_CONTROLLER },
            },
            {
              type: 'Normal',
              reason: 'Provisioning',
              message: `External provisioner is provisioning volume for claim "${claimRef(pvc)}"`,
              involvedObject: involved(pvc),
              source: { component: provisionerSource(sc.provisioner) },
            },
          ]
        : [],
    });
  }

  private provision(pvc: PersistentVolumeClaim, sc: StorageClass, pvName: string): void {
    const storage = pvc.spec.resources?.requests?.storage ?? '1Gi';
    const accessModes: AccessMode[] = pvc.spec.accessModes ?? ['ReadWriteOnce'];
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: { [ANN_PROVISIONED_BY]: sc.provisioner },
        finalizers: [PV_PROTECTION_FINALIZER],
      },
      spec: {
        capacity: { storage },
        accessModes,
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace: pvc.metadata.namespace ?? 'default',
          name: pvc.metadata.name,
          uid: pvc.metadata.uid,
          apiVersion: 'v1',
        },
        csi: { driver: sc.provisioner, volumeHandle: pvName },
      },
      status: { phase: 'Bound' },
    } as ObjectInput;
    this.writes.push({
      op: 'create',
      reason: 'ProvisioningSucceeded',
      causeUid: pvc.metadata.uid,
      actor: { type: 'controller', name: provisionerSource(sc.provisioner) },
      object: pv,
    });
    this.writes.push(
      this.claimBoundWrite(pvc, pvName, { storage }, accessModes, [
        {
          type: 'Normal',
          reason: 'ProvisioningSucceeded',
          message: `Successfully provisioned volume ${pvName}`,
          involvedObject: involved(pvc),
          source: { component: provisionerSource(sc.provisioner) },
        },
      ]),
    );
  }

  /** The smallest Available, unclaimed PV of the class that is big enough and offers the access modes. */
  private findAvailableVolume(pvc: PersistentVolumeClaim, className: string): PersistentVolume | undefined {
    const wanted = bytes(pvc.spec.resources?.requests?.storage);
    const modes = pvc.spec.accessModes ?? [];
    let best: PersistentVolume | undefined;
    for (const pv of this.view.objects.list('PersistentVolume')) {
      const ref = pv.spec.claimRef;
      // A PV pre-bound to this claim by name (claimRef without uid, or with its uid) is taken as is.
      if (
        ref &&
        !pv.metadata.deletionTimestamp &&
        ref.namespace === (pvc.metadata.namespace ?? 'default') &&
        ref.name === pvc.metadata.name &&
        (!ref.uid || ref.uid === pvc.metadata.uid)
      )
        return pv;
      if (ref || pv.metadata.deletionTimestamp || this.taken.has(pv.metadata.name)) continue;
      if (pv.status?.phase && pv.status.phase !== 'Available') continue;
      if ((pv.spec.storageClassName ?? '') !== className) continue;
      if (!modes.every((m) => pv.spec.accessModes.includes(m))) continue;
      const size = bytes(pv.spec.capacity.storage);
      if (size < wanted) continue;
      if (!best || size < bytes(best.spec.capacity.storage)) best = pv;
    }
    return best;
  }

  /** Binds an existing PV to the claim: the PV's claimRef and phase, then the claim. */
  private bind(pvc: PersistentVolumeClaim, pv: PersistentVolume, notes: KubeEventNote[]): void {
    this.taken.add(pv.metadata.name);
    if (pv.spec.claimRef?.uid !== pvc.metadata.uid || pv.status?.phase !== 'Bound') {
      this.writes.push({
        op: 'update',
        reason: 'VolumeBound',
        causeUid: pvc.metadata.uid,
        object: {
          ...pv,
          metadata: {
            ...pv.metadata,
            annotations: { ...pv.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' },
          },
          spec: {
            ...pv.spec,
            claimRef: {
              kind: 'PersistentVolumeClaim',
              namespace: pvc.metadata.namespace ?? 'default',
              name: pvc.metadata.name,
              uid: pvc.metadata.uid,
              apiVersion: 'v1',
            },
          },
          status: { ...pv.status, phase: 'Bound' },
        },
      });
    }
    this.writes.push(
      this.claimBoundWrite(pvc, pv.metadata.name, pv.spec.capacity, pv.spec.accessModes, notes),
    );
  }

  private claimBoundWrite(
    pvc: PersistentVolumeClaim,
    pvName: string,
    capacity: PersistentVolume['spec']['capacity'],
    accessModes: AccessMode[],
    notes: KubeEventNote[],
  ): Write {
    return {
      op: 'update',
      reason: 'ClaimBound',
      causeUid: pvc.metadata.uid,
      object: {
        ...pvc,
        metadata: {
          ...pvc.metadata,
          annotations: {
            ...pvc.metadata.annotations,
            [ANN_BIND_COMPLETED]: 'yes',
            [ANN_BOUND_BY_CONTROLLER]: 'yes',
          },
        },
        spec: { ...pvc.spec, volumeName: pvName },
        status: { ...pvc.status, phase: 'Bound', accessModes, capacity },
      },
      ...(notes.length ? { notes } : {}),
    };
  }

  /** A claim with spec.volumeName: finish binding (pre-bound claims) or report the volume lost. */
  private syncBoundClaim(pvc: PersistentVolumeClaim, pvName: string): void {
    const pv = this.view.objects.get('PersistentVolume', undefined, pvName);
    if (!pv) {
      if (pvc.status?.phase === 'Lost') return;
      this.writes.push({
        op: 'update',
        reason: 'ClaimLost',
        causeUid: pvc.metadata.uid,
        object: { ...pvc, status: { ...pvc.status, phase: 'Lost' } },
        notes: [
          {
            type: 'Warning',
            reason: 'ClaimLost',
            message: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
            involvedObject: involved(pvc),
            source: { component: PV_CONTROLLER },
          },
        ],
      });
      return;
    }
    if (pvc.status?.phase === 'Bound') return;
    if (pv.spec.claimRef && pv.spec.claimRef.uid !== pvc.metadata.uid) return;
    this.bind(pvc, pv, []);
  }

  /** pvc-protection: the finalizer goes when no non-terminated pod uses the claim. */
  private releaseProtection(pvc: PersistentVolumeClaim): void {
    const finalizers = pvc.metadata.finalizers ?? [];
    if (!finalizers.includes(PVC_PROTECTION_FINALIZER) || this.podsUsing(pvc).length) return;
    const metadata: ObjectMeta = {
      ...pvc.metadata,
      finalizers: finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER),
    };
    if (!metadata.finalizers?.length) delete metadata.finalizers;
    const actor: Actor = { type: 'controller', name: PVC_PROTECTION_CONTROLLER };
    this.writes.push({
      op: 'update',
      reason: 'PVCProtectionReleased',
      actor,
      causeUid: pvc.metadata.uid,
      object: { ...pvc, metadata },
    });
  }

  private syncVolume(pv: PersistentVolume): void {
    const ref = pv.spec.claimRef;
    const claim = ref ? this.view.objects.get('PersistentVolumeClaim', ref.namespace, ref.name) : undefined;
    const claimAlive = !!ref && !!claim && (!ref.uid || claim.metadata.uid === ref.uid);
    if (pv.metadata.deletionTimestamp) {
      // pv-protection: a volume still bound to a live claim stays until the claim lets go.
      const finalizers = pv.metadata.finalizers ?? [];
      if (!finalizers.includes(PV_PROTECTION_FINALIZER) || (claimAlive && pv.status?.phase === 'Bound'))
        return;
      const metadata: ObjectMeta = {
        ...pv.metadata,
        finalizers: finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER),
      };
      if (!metadata.finalizers?.length) delete metadata.finalizers;
      this.writes.push({ op: 'update', reason: 'PVProtectionReleased', object: { ...pv, metadata } });
      return;
    }
    if (!ref) {
      if (!pv.status?.phase && !this.taken.has(pv.metadata.name))
        this.writes.push({
          op: 'update',
          reason: 'VolumeAvailable',
          object: { ...pv, status: { phase: 'Available' } },
        });
      return;
    }
    if (claimAlive) return;
    if (!ref.uid) {
      // Pre-bound by name to a claim that does not exist yet: it waits, Available.
      if (!pv.status?.phase)
        this.writes.push({
          op: 'update',
          reason: 'VolumeAvailable',
          object: { ...pv, status: { phase: 'Available' } },
        });
      return;
    }
    // The claim is gone: reclaim.
    if (pv.status?.phase === 'Released' || pv.status?.phase === 'Failed') {
      if ((pv.spec.persistentVolumeReclaimPolicy ?? 'Retain') !== 'Delete') return;
    }
    if ((pv.spec.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete') {
      this.writes.push({
        op: 'delete',
        kind: 'PersistentVolume',
        name: pv.metadata.name,
        options: { uid: pv.metadata.uid },
        reason: 'VolumeReclaimed',
        causeUid: ref.uid,
      });
      return;
    }
    if (pv.status?.phase !== 'Released')
      this.writes.push({
        op: 'update',
        reason: 'VolumeReleased',
        causeUid: ref.uid,
        object: { ...pv, status: { ...pv.status, phase: 'Released' } },
      });
  }
}
