// The kubelet of every node: accepts the pods bound to it, pulls images, starts containers, runs probes,
// restarts crashed containers with back-off, and terminates deleted pods gracefully. Time-based steps are kept
// as `until`/`readyAt`/`exitAt` instants in each pod's `sim` (PodSim); nextWakeAt is the earliest of them.
// A node whose kubelet is down is left alone: its pods freeze until the node comes back.
import type { Condition } from '../../api/meta';
import type { Node } from '../../api/node';
import type {
  Container,
  ContainerState,
  ContainerStatus,
  Pod,
  PodSim,
  PodStatus,
  SimContainer,
} from '../../api/pod';
import type { PersistentVolume } from '../../api/storage';
import { parseImageReference } from '../../registry/image-reference';
import { lookupImage, type ResolvedImage } from '../../registry/image-registry';
import { bytes } from '../shared/quantity';
import { hash32 } from '../../rng/rng';
import type { Reconciler, Write } from '../../runtime/reconciler';
import type { KubeEventNote } from '../../state/cluster-event';
import type { ClusterView } from '../../state/cluster-state';
import { MINUTE, SECOND, parseTime, rfc3339 } from '../../time/time';
import { containerProgram, type ContainerProgram } from './container-program';
import {
  firstSuccess,
  nextFailure,
  probeWindow,
  schedule,
  thresholdFailure,
  type ProbeSchedule,
} from './probes';

export const KUBELET = 'kubelet';
const BACKOFF_BASE = 10 * SECOND;
const BACKOFF_MAX = 300 * SECOND;
/** A container that ran this long without failing starts its back-off afresh. */
const BACKOFF_RESET = 10 * MINUTE;
/** How long the failure reason (`ErrImagePull`, `Error`) shows before the back-off reason replaces it. */
const ERROR_SHOWN = 1 * SECOND;
/** The kubelet's volume-mount wait before it reports `FailedMount`. */
const MOUNT_TIMEOUT = 2 * MINUTE;
/** kubelet --node-status-max-images. */
const MAX_NODE_IMAGES = 50;

export function backoffDelay(failures: number): number {
  return Math.min(BACKOFF_MAX, BACKOFF_BASE * 2 ** Math.max(0, failures));
}

export function kubeletReconciler(): Reconciler {
  return {
    name: KUBELET,
    actor: { type: 'kubelet', node: '' },
    reconcile({ view, now }) {
      const run = new KubeletRun(view, now);
      for (const pod of view.objects.list('Pod')) {
        const nodeName = pod.spec.nodeName;
        if (!nodeName || !run.nodeUp(nodeName) || !isDue(pod, now, run.nodeReady(nodeName))) continue;
        run.sync(pod, nodeName);
      }
      run.flushNodeImages();
      return run.writes;
    },
    nextWakeAt(view) {
      let next: number | undefined;
      const up = new Map<string, boolean>();
      for (const pod of view.objects.list('Pod')) {
        const nodeName = pod.spec.nodeName;
        if (!nodeName || !pod.sim) continue;
        let isUp = up.get(nodeName);
        if (isUp === undefined) {
          const node = view.objects.get('Node', undefined, nodeName);
          isUp = !!node && !node.sim?.kubeletDown;
          up.set(nodeName, isUp);
        }
        if (!isUp) continue;
        const at = podWakeAt(pod, view.now);
        if (at !== undefined && (next === undefined || at < next)) next = at;
      }
      return next;
    },
  };
}

/** The earliest pending instant of a pod after now. */
function podWakeAt(pod: Pod, now: number): number | undefined {
  const sim = pod.sim;
  if (!sim) return undefined;
  let next: number | undefined;
  const consider = (t: number | undefined) => {
    if (t !== undefined && t > now && (next === undefined || t < next)) next = t;
  };
  if (pod.metadata.deletionTimestamp) {
    consider(sim.terminateAt);
    return next;
  }
  for (const c of sim.initContainers ? [...sim.initContainers, ...sim.containers] : sim.containers) {
    consider(c.until);
    if (c.stage === 'running') {
      consider(c.exitAt);
      consider(c.killAt);
      consider(c.readyAt);
      consider(c.startupAt);
      consider(c.unreadyAt);
      consider(c.probeAt);
    }
  }
  return next;
}

/** Whether a pod has anything to do at `now` (cheap; most pods most of the time have nothing). */
function isDue(pod: Pod, now: number, nodeReady: boolean): boolean {
  const sim = pod.sim;
  if (!sim) return true;
  if (pod.metadata.deletionTimestamp) {
    if (sim.terminateAt === undefined || sim.terminateAt <= now) return true;
    const deadline = parseTime(pod.metadata.deletionTimestamp);
    return deadline !== undefined && Math.max(deadline, now) < sim.terminateAt;
  }
  const statuses = pod.status?.containerStatuses ?? [];
  let allReady = true;
  for (let i = 0; i < sim.containers.length; i++) {
    const c = sim.containers[i] as SimContainer;
    if (c.stage === 'attach-waiting' || c.stage === 'starting') return true;
    if (c.until !== undefined && c.until <= now) return true;
    if (imageChanged(pod.spec.containers[i], c, statuses[i])) return true;
    if (c.stage === 'running') {
      if ((c.exitAt !== undefined && c.exitAt <= now) || (c.killAt !== undefined && c.killAt <= now))
        return true;
      if (c.probeAt !== undefined && c.probeAt <= now) return true;
      if (c.startupAt !== undefined && c.startupAt <= now && !statuses[i]?.started) return true;
      const ready = isReadyAt(c, now);
      if (ready !== (statuses[i]?.ready ?? false)) return true;
      if (!ready) allReady = false;
    } else allReady = false;
  }
  // Someone else (node lifecycle) marked the pod not ready while the kubelet was away: report again once the
  // node is Ready (before that, the node controller would mark it again).
  if (!nodeReady) return false;
  const readyCondition = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return pod.status?.phase === 'Running' && readyCondition !== allReady;
}

function isReadyAt(c: SimContainer, now: number): boolean {
  return (
    c.stage === 'running' &&
    c.readyAt !== undefined &&
    c.readyAt <= now &&
    !(c.unreadyAt !== undefined && c.unreadyAt <= now)
  );
}

interface NodeInfo {
  node: Node;
  up: boolean;
  /** The node's Ready condition is True. */
  ready: boolean;
  /** Image references present on the node (status.images names plus pulls finished this round). */
  images: Set<string>;
  /** Pulls in progress on the node: full reference → instant they finish. */
  pulls?: Map<string, number>;
  ip: string;
  newImages: { names: string[]; sizeBytes: number }[];
  /** Pod IPs in use on the node. */
  ips?: Set<string>;
  /** Lowest host number that may be free (addresses below it were taken during this round). */
  nextHost?: number;
}

/** Working copy of one pod while the kubelet syncs it. */
interface PodWork {
  pod: Pod;
  node: NodeInfo;
  sim: SimContainer[];
  statuses: ContainerStatus[];
  notes: KubeEventNote[];
  reasons: string[];
  podIP: string;
  /** `init`: a view of the pod whose `spec.containers` are its init containers (run to completion in order). */
  kind: 'main' | 'init';
  /** Main containers wait while init containers have not all completed. */
  initPending?: boolean;
  multiAttachReported?: boolean;
}

/** Init containers complete when they exit 0; they are not restarted after that. */
function initDone(c: SimContainer | undefined): boolean {
  return !!c && c.stage === 'exited' && c.until === undefined && (c.exitCode ?? 0) === 0;
}

function initFailed(c: SimContainer | undefined): boolean {
  return !!c && c.stage === 'exited' && c.until === undefined && (c.exitCode ?? 0) !== 0;
}

class KubeletRun {
  readonly writes: Write[] = [];
  private readonly nodes = new Map<string, NodeInfo | null>();
  private claimUsers?: Map<string, Pod[]>;
  private readonly nowText: string;
  /** RWO volumes attached during this round: PV name → node. */
  private readonly attachedNow = new Map<string, string>();

  constructor(
    private readonly view: ClusterView,
    private readonly now: number,
  ) {
    this.nowText = rfc3339(now);
  }

  nodeUp(name: string): boolean {
    const info = this.nodeInfo(name);
    return !!info && info.up;
  }

  nodeReady(name: string): boolean {
    return this.nodeInfo(name)?.ready ?? false;
  }

  private nodeInfo(name: string): NodeInfo | undefined {
    let info = this.nodes.get(name);
    if (info === undefined) {
      const node = this.view.objects.get('Node', undefined, name);
      info = node
        ? {
            node,
            up: !node.sim?.kubeletDown,
            ready: node.status?.conditions.find((c) => c.type === 'Ready')?.status === 'True',
            images: new Set((node.status?.images ?? []).flatMap((i) => i.names)),
            ip: node.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '',
            newImages: [],
          }
        : null;
      this.nodes.set(name, info);
    }
    return info ?? undefined;
  }

  sync(pod: Pod, nodeName: string): void {
    const node = this.nodeInfo(nodeName) as NodeInfo;
    if (pod.metadata.deletionTimestamp) {
      this.terminate(pod, node);
      return;
    }
    const work: PodWork = {
      pod,
      node,
      sim: pod.sim ? pod.sim.containers.map((c) => ({ ...c })) : [],
      statuses: (pod.status?.containerStatuses ?? []).map((s) => ({ ...s })),
      notes: [],
      reasons: [],
      podIP: pod.status?.podIP ?? '',
      kind: 'main',
      ...(pod.sim?.multiAttachReported ? { multiAttachReported: true } : {}),
    };
    const accepting = !pod.sim;
    if (accepting) this.accept(work);
    const init = this.initWork(work);
    for (let guard = 0; guard < 64; guard++) {
      let progressed = false;
      if (init) {
        init.podIP = work.podIP;
        // Init containers start once the volumes are mounted; each waits for the one before it.
        if (!work.sim.some((c) => c.stage === 'attach-waiting'))
          for (let i = 0; i < init.sim.length; i++) if (this.step(init, i)) progressed = true;
        work.initPending = !init.sim.every(initDone);
        if (!work.initPending && work.statuses.some((st) => st.state.waiting?.reason === 'PodInitializing')) {
          for (const st of work.statuses)
            if (st.state.waiting?.reason === 'PodInitializing')
              st.state = { waiting: { reason: 'ContainerCreating' } };
          progressed = true;
        }
      }
      for (let i = 0; i < work.sim.length; i++) if (this.step(work, i)) progressed = true;
      if (!progressed) break;
    }
    const status = this.podStatus(work, init);
    const changed =
      accepting || work.reasons.length > 0 || work.notes.length > 0 || statusDiffers(pod.status, status);
    if (!changed) return;
    this.writes.push({
      op: 'update',
      reason: work.reasons[work.reasons.length - 1] ?? 'PodStatusUpdated',
      causeUid: pod.metadata.uid,
      actor: { type: 'kubelet', node: node.node.metadata.name },
      ...(work.notes.length ? { notes: work.notes } : {}),
      object: {
        ...pod,
        status,
        sim: podSim(pod, work, init),
      },
    });
  }

  /** The init containers' side of a pod, sharing notes and reasons with the main work. */
  private initWork(work: PodWork): PodWork | undefined {
    const { pod } = work;
    const specs = pod.spec.initContainers ?? [];
    if (!specs.length) return undefined;
    const shadow: Pod = { ...pod, spec: { ...pod.spec, containers: specs } };
    const existing = pod.sim?.initContainers;
    const statuses = pod.status?.initContainerStatuses;
    return {
      pod: shadow,
      node: work.node,
      sim: existing ? existing.map((c) => ({ ...c })) : specs.map(() => ({ stage: 'starting' })),
      statuses: statuses
        ? statuses.map((st) => ({ ...st }))
        : specs.map((c) => ({
            name: c.name,
            state: { waiting: { reason: 'PodInitializing' } },
            lastState: {},
            ready: false,
            restartCount: 0,
            image: c.image,
            imageID: '',
            started: false,
          })),
      notes: work.notes,
      reasons: work.reasons,
      podIP: work.podIP,
      kind: 'init',
    };
  }

  // ---- acceptance -----------------------------------------------------------------------------------------

  private accept(work: PodWork): void {
    const { pod, node } = work;
    // hostNetwork pods share the node's address.
    work.podIP = pod.spec.hostNetwork ? node.ip : this.allocateIP(node, pod);
    work.reasons.push('PodAccepted');
    const initializing = (pod.spec.initContainers ?? []).length > 0;
    work.statuses = pod.spec.containers.map((c) => ({
      name: c.name,
      state: { waiting: { reason: initializing ? 'PodInitializing' : 'ContainerCreating' } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: c.image,
      imageID: '',
      started: false,
    }));
    const block = this.volumeBlock(pod, node.node.metadata.name);
    if (block) {
      this.reportMultiAttach(work, block.multiAttach, false);
      work.sim = pod.spec.containers.map(() => ({
        stage: 'attach-waiting',
        until: this.now + MOUNT_TIMEOUT,
      }));
      return;
    }
    this.markAttached(pod, node.node.metadata.name);
    work.sim = pod.spec.containers.map(() => ({ stage: 'starting' }));
  }

  /**
   * The attach/detach controller's Multi-Attach error: when the wait turns into one, and again with each
   * FailedMount while it lasts. Returns whether it reported.
   */
  private reportMultiAttach(work: PodWork, message: string | undefined, again: boolean): boolean {
    if (!message) {
      if (work.multiAttachReported) {
        work.multiAttachReported = false;
        work.reasons.push('VolumeWait');
      }
      return false;
    }
    if (work.multiAttachReported && !again) return false;
    work.notes.push({
      type: 'Warning',
      reason: 'FailedAttachVolume',
      message,
      involvedObject: podRef(work.pod),
      source: { component: 'attachdetach-controller' },
    });
    work.reasons.push('FailedAttachVolume');
    work.multiAttachReported = true;
    return !again;
  }

  private allocateIP(node: NodeInfo, pod: Pod): string {
    if (!node.ips) {
      node.ips = new Set();
      for (const other of this.view.objects.podsOnNode(node.node.metadata.name))
        if (other.status?.podIP) node.ips.add(other.status.podIP);
    }
    const cidr = node.node.spec.podCIDR ?? '10.244.0.0/24';
    const base = cidr.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.244.0';
    // host-local IPAM hands out .2 upwards (.1 is the bridge); the lowest free address keeps it deterministic.
    for (let host = node.nextHost ?? 2; host < 255; host++) {
      const ip = `${base}.${host}`;
      if (!node.ips.has(ip)) {
        node.ips.add(ip);
        node.nextHost = host + 1;
        return ip;
      }
    }
    return `${base}.${2 + (hash32(0, pod.metadata.uid) % 250)}`;
  }

  // ---- volumes --------------------------------------------------------------------------------------------

  /** Why the pod's volumes cannot be mounted on `nodeName` yet, if they cannot. */
  private volumeBlock(pod: Pod, nodeName: string): { failedMount: string; multiAttach?: string } | undefined {
    const namespace = pod.metadata.namespace ?? 'default';
    const claims = (pod.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim);
    for (const volume of claims) {
      const claimName = volume.persistentVolumeClaim?.claimName ?? '';
      const pvc = this.view.objects.get('PersistentVolumeClaim', namespace, claimName);
      const unmounted = `unmounted volumes=[${volume.name}], unattached volumes=[]`;
      if (!pvc) {
        return {
          failedMount: `Unable to attach or mount volumes: ${unmounted}, failed to process volumes=[${volume.name}]: error processing PVC ${namespace}/${claimName}: failed to fetch PVC from API server: persistentvolumeclaims "${claimName}" not found`,
        };
      }
      if (pvc.status?.phase !== 'Bound' || !pvc.spec.volumeName) {
        return {
          failedMount: `Unable to attach or mount volumes: ${unmounted}, failed to process volumes=[${volume.name}]: error processing PVC ${namespace}/${claimName}: PVC is not bound`,
        };
      }
      const pv = this.view.objects.get('PersistentVolume', undefined, pvc.spec.volumeName);
      const users = this.exclusiveUsers(pv, pod, nodeName);
      if (users.length) {
        return {
          failedMount: `Unable to attach or mount volumes: unmounted volumes=[${volume.name}], unattached volumes=[${volume.name}], failed to process volumes=[]: timed out waiting for the condition`,
          multiAttach: `Multi-Attach error for volume "${pvc.spec.volumeName}" Volume is already used by pod(s) ${users.join(', ')}`,
        };
      }
    }
    return undefined;
  }

  /** Pods on other nodes holding a ReadWriteOnce volume (any other pod for ReadWriteOncePod). */
  private exclusiveUsers(pv: PersistentVolume | undefined, pod: Pod, nodeName: string): string[] {
    if (!pv) return [];
    const modes = pv.spec.accessModes ?? [];
    const oncePod = modes.includes('ReadWriteOncePod');
    const once =
      oncePod ||
      (modes.includes('ReadWriteOnce') &&
        !modes.includes('ReadWriteMany') &&
        !modes.includes('ReadOnlyMany'));
    if (!once) return [];
    const attachedTo = this.attachedNow.get(pv.metadata.name);
    const users = new Set<string>();
    const claimRef = pv.spec.claimRef;
    const key = claimRef ? `${claimRef.namespace}/${claimRef.name}` : '';
    for (const other of this.usersOfClaims().get(key) ?? []) {
      if (other.metadata.uid === pod.metadata.uid || !other.spec.nodeName) continue;
      if (!oncePod && other.spec.nodeName === nodeName) continue;
      const phase = other.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const attached = other.sim && other.sim.containers.some((c) => c.stage !== 'attach-waiting');
      if (attached) users.add(other.metadata.name);
    }
    if (attachedTo && (oncePod || attachedTo !== nodeName) && !users.size)
      users.add(this.attachedBy.get(pv.metadata.name) ?? '');
    return [...users].filter(Boolean).sort();
  }

  private readonly attachedBy = new Map<string, string>();

  private markAttached(pod: Pod, nodeName: string): void {
    const namespace = pod.metadata.namespace ?? 'default';
    for (const volume of pod.spec.volumes ?? []) {
      const claimName = volume.persistentVolumeClaim?.claimName;
      if (!claimName) continue;
      const pvName = this.view.objects.get('PersistentVolumeClaim', namespace, claimName)?.spec.volumeName;
      if (pvName && !this.attachedNow.has(pvName)) {
        this.attachedNow.set(pvName, nodeName);
        this.attachedBy.set(pvName, pod.metadata.name);
      }
    }
  }

  /** Pods by the claims (`ns/name`) they mount; built once per round, only when a pod has PVC volumes. */
  private usersOfClaims(): Map<string, Pod[]> {
    if (!this.claimUsers) {
      this.claimUsers = new Map();
      for (const pod of this.view.objects.list('Pod')) {
        for (const volume of pod.spec.volumes ?? []) {
          const claim = volume.persistentVolumeClaim?.claimName;
          if (!claim) continue;
          const key = `${pod.metadata.namespace ?? 'default'}/${claim}`;
          const list = this.claimUsers.get(key) ?? [];
          list.push(pod);
          this.claimUsers.set(key, list);
        }
      }
    }
    return this.claimUsers;
  }

  // ---- container steps ------------------------------------------------------------------------------------

  /** Advances container i by one transition if one is due now. Returns whether anything happened. */
  private step(work: PodWork, i: number): boolean {
    const c = work.sim[i] as SimContainer;
    const now = this.now;
    if (imageChanged(work.pod.spec.containers[i], c, work.statuses[i])) {
      this.definitionChanged(work, i);
      return true;
    }
    switch (c.stage) {
      case 'attach-waiting': {
        const block = this.volumeBlock(work.pod, work.node.node.metadata.name);
        if (!block) {
          this.markAttached(work.pod, work.node.node.metadata.name);
          work.sim = work.sim.map(() => ({ stage: 'starting' }));
          work.multiAttachReported = false;
          return true;
        }
        const due = i === 0 && c.until !== undefined && c.until <= now;
        if (i === 0 && this.reportMultiAttach(work, block.multiAttach, due)) return true;
        if (due) {
          work.notes.push(this.note(work, 'Warning', 'FailedMount', block.failedMount));
          work.reasons.push('FailedMount');
          const last = c.until ?? now;
          const until = last + MOUNT_TIMEOUT * Math.ceil((now - last + 1) / MOUNT_TIMEOUT);
          work.sim = work.sim.map((s) => ({ ...s, until }));
          return true;
        }
        return false;
      }
      case 'starting': {
        if (work.initPending) return false;
        for (let j = 0; j < i; j++) {
          if (work.kind === 'init') {
            if (!initDone(work.sim[j])) return false;
            continue;
          }
          const stage = work.sim[j]?.stage;
          if (stage === 'starting' || stage === 'pulling' || stage === 'attach-waiting') return false;
        }
        this.attempt(work, i);
        return true;
      }
      case 'pulling':
        if (c.until === undefined || c.until > now) return false;
        this.pulled(work, i);
        return true;
      case 'pull-failed':
        if (c.until === undefined || c.until > now) return false;
        this.pullBackoff(work, i);
        return true;
      case 'pull-backoff':
      case 'crash-backoff':
        if (c.until === undefined || c.until > now) return false;
        this.attempt(work, i);
        return true;
      case 'exited':
        if (c.until === undefined || c.until > now) return false;
        this.crashBackoff(work, i);
        return true;
      case 'running':
        return this.stepRunning(work, i);
    }
  }

  /** Starts a container: pull (or not, per policy and what the node has), then create and start. */
  private attempt(work: PodWork, i: number): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const status = work.statuses[i] as ContainerStatus;
    const node = work.node;
    const lookup = lookupImage(this.view, container.image);
    if (!status.state.running) status.image = container.image;
    if (!lookup.ok && lookup.reason === 'InvalidImageName') {
      work.notes.push(this.note(work, 'Warning', 'InspectFailed', lookup.message, i));
      work.notes.push(this.note(work, 'Warning', 'Failed', 'Error: InvalidImageName', i));
      work.reasons.push('InspectFailed');
      status.state = { waiting: { reason: 'InvalidImageName', message: lookup.message } };
      work.sim[i] = {
        ...keepRunHistory(c),
        stage: 'pull-backoff',
        until: this.now + backoffDelay(c.pullFailures ?? 0),
        pullFailures: (c.pullFailures ?? 0) + 1,
      };
      return;
    }
    const full = lookup.ok ? lookup.image.ref.full : (lookup.ref?.full ?? container.image);
    const present = node.images.has(full);
    const policy = container.imagePullPolicy ?? 'IfNotPresent';
    // What the node has runs without asking the registry (a broken registry does not matter then).
    const local = present ? localImage(this.view, container.image) : undefined;
    if (local && policy !== 'Always') {
      work.notes.push(
        this.note(
          work,
          'Normal',
          'Pulled',
          `Container image "${container.image}" already present on machine`,
          i,
        ),
      );
      this.start(work, i, local);
      return;
    }
    if (policy === 'Never') {
      const message = `Container image "${container.image}" is not present with pull policy of Never`;
      work.notes.push(this.note(work, 'Warning', 'ErrImageNeverPull', message, i));
      work.reasons.push('ErrImageNeverPull');
      status.state = { waiting: { reason: 'ErrImageNeverPull', message } };
      work.sim[i] = {
        ...keepRunHistory(c),
        stage: 'pull-backoff',
        until: this.now + backoffDelay(c.pullFailures ?? 0),
        pullFailures: (c.pullFailures ?? 0) + 1,
      };
      return;
    }
    work.notes.push(this.note(work, 'Normal', 'Pulling', `Pulling image "${container.image}"`, i));
    work.reasons.push('Pulling');
    if (!lookup.ok) {
      work.notes.push(
        this.note(
          work,
          'Warning',
          'Failed',
          `Failed to pull image "${container.image}": ${lookup.message}`,
          i,
        ),
      );
      work.notes.push(this.note(work, 'Warning', 'Failed', 'Error: ErrImagePull', i));
      work.reasons.push('ErrImagePull');
      status.state = { waiting: { reason: 'ErrImagePull', message: lookup.message } };
      const failures = c.pullFailures ?? 0;
      work.sim[i] = {
        ...keepRunHistory(c),
        stage: 'pull-failed',
        until: this.now + Math.min(ERROR_SHOWN, backoffDelay(failures)),
        pullFailures: failures + 1,
        pullRequestedAt: this.now,
      };
      return;
    }
    if (present) {
      // `Always` on an image the node has: the registry answers with the same digest, nothing to download.
      const ms = 300 + (hash32(this.view.seed, full, work.pod.metadata.uid, status.restartCount) % 700);
      work.notes.push(
        this.note(
          work,
          'Normal',
          'Pulled',
          pulledMessage(container.image, ms, ms, lookup.image.sizeBytes),
          i,
        ),
      );
      this.start(work, i, lookup.image);
      return;
    }
    const until = this.pullUntil(node, lookup.image);
    work.sim[i] = {
      ...keepRunHistory(c),
      stage: 'pulling',
      until,
      pullRequestedAt: this.now,
    };
    if (!status.state.waiting) status.state = { waiting: { reason: 'ContainerCreating' } };
  }

  /** When a pull of this image on this node finishes: joins a pull already under way. */
  private pullUntil(node: NodeInfo, image: ResolvedImage): number {
    if (!node.pulls) {
      node.pulls = new Map();
      for (const other of this.view.objects.podsOnNode(node.node.metadata.name)) {
        const scan = (sims: SimContainer[] | undefined, specs: Container[] | undefined) =>
          sims?.forEach((c, j) => {
            if (c.stage !== 'pulling' || c.until === undefined || c.until <= this.now) return;
            const spec = specs?.[j];
            const found = spec ? localImage(this.view, spec.image) : undefined;
            if (found) node.pulls?.set(found.ref.full, c.until);
          });
        scan(other.sim?.initContainers, other.spec.initContainers);
        scan(other.sim?.containers, other.spec.containers);
      }
    }
    const existing = node.pulls.get(image.ref.full);
    if (existing !== undefined && existing > this.now) return existing;
    // The kubelet pulls one image at a time (serializeImagePulls): a new image waits for the pulls queued
    // before it on the node.
    let busy = this.now;
    for (const until of node.pulls.values()) if (until > busy) busy = until;
    const until = busy + pullDuration(this.view.seed, image);
    node.pulls.set(image.ref.full, until);
    return until;
  }

  private pulled(work: PodWork, i: number): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const lookup = lookupImage(this.view, container.image);
    if (!lookup.ok) {
      // The registry broke during the pull.
      this.attempt(work, i);
      return;
    }
    const took = this.now - (c.pullRequestedAt ?? this.now);
    const pulling = Math.min(took, pullDuration(this.view.seed, lookup.image));
    work.notes.push(
      this.note(
        work,
        'Normal',
        'Pulled',
        pulledMessage(container.image, pulling, took, lookup.image.sizeBytes),
        i,
      ),
    );
    const node = work.node;
    if (!node.images.has(lookup.image.ref.full)) {
      node.images.add(lookup.image.ref.full);
      node.newImages.push({
        names: [lookup.image.imageID, lookup.image.ref.full],
        sizeBytes: lookup.image.sizeBytes,
      });
    }
    this.start(work, i, lookup.image);
  }

  private pullBackoff(work: PodWork, i: number): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const message = `Back-off pulling image "${container.image}"`;
    work.notes.push(this.note(work, 'Normal', 'BackOff', message, i));
    work.notes.push(this.note(work, 'Warning', 'Failed', 'Error: ImagePullBackOff', i));
    work.reasons.push('BackOff');
    (work.statuses[i] as ContainerStatus).state = { waiting: { reason: 'ImagePullBackOff', message } };
    const failedAt = c.pullRequestedAt ?? this.now;
    work.sim[i] = { ...c, stage: 'pull-backoff', until: failedAt + backoffDelay((c.pullFailures ?? 1) - 1) };
  }

  /** Created + Started: the container runs from now. */
  private start(work: PodWork, i: number, image: ResolvedImage): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const status = work.statuses[i] as ContainerStatus;
    const now = this.now;
    const restart = c.startedAt !== undefined || status.restartCount > 0 || !!status.lastState.terminated;
    if (restart) {
      // The run that ended becomes lastState; the count goes up.
      if (status.state.terminated) status.lastState = { terminated: status.state.terminated };
      status.restartCount += 1;
    }
    const program = programOf(container, image, work.pod);
    const containerID = `containerd://${hex64(work.pod.metadata.uid, container.name, String(status.restartCount))}`;
    work.notes.push(this.note(work, 'Normal', 'Created', `Created container ${container.name}`, i));
    work.notes.push(this.note(work, 'Normal', 'Started', `Started container ${container.name}`, i));
    work.reasons.push('Started');
    const timeline = runTimeline(container, program, now, work.podIP);
    status.state = { running: { startedAt: this.nowText } };
    status.image = image.ref.full;
    status.imageID = image.imageID;
    status.containerID = containerID;
    // With a startup probe the container counts as started only once that probe succeeds.
    status.started =
      !container.startupProbe || (timeline.startupAt !== undefined && timeline.startupAt <= now);
    status.ready = timeline.readyAt !== undefined && timeline.readyAt <= now;
    work.sim[i] = {
      stage: 'running',
      startedAt: now,
      ...(c.backoffCount ? { backoffCount: c.backoffCount } : {}),
      ...(timeline.startupAt !== undefined ? { startupAt: timeline.startupAt } : {}),
      ...(timeline.readyAt !== undefined ? { readyAt: timeline.readyAt } : {}),
      ...(timeline.unreadyAt !== undefined ? { unreadyAt: timeline.unreadyAt } : {}),
      ...(program.runMs !== undefined ? { exitAt: now + program.runMs, exitCode: program.exitCode } : {}),
      ...(timeline.killAt !== undefined ? { killAt: timeline.killAt, killReason: timeline.killReason } : {}),
      ...(timeline.probeAt !== undefined ? { probeAt: timeline.probeAt } : {}),
    };
  }

  private stepRunning(work: PodWork, i: number): boolean {
    const c = work.sim[i] as SimContainer;
    const status = work.statuses[i] as ContainerStatus;
    const now = this.now;
    let progressed = false;
    if (c.probeAt !== undefined && c.probeAt <= now) {
      this.reportProbes(work, i);
      progressed = true;
    }
    const exitAt = c.exitAt ?? Infinity;
    const killAt = c.killAt ?? Infinity;
    const end = Math.min(exitAt, killAt);
    if (end <= now) {
      this.ended(work, i, killAt < exitAt);
      return true;
    }
    if (c.startupAt !== undefined && c.startupAt <= now && !status.started) {
      status.started = true;
      work.reasons.push('ContainerStarted');
      progressed = true;
    }
    const ready = isReadyAt(c, now);
    if (ready !== status.ready) {
      status.ready = ready;
      work.reasons.push(ready ? 'ContainerReady' : 'ContainerNotReady');
      progressed = true;
    }
    return progressed;
  }

  /**
   * The spec names a new image: a running container is killed and started again at once with it (no
   * back-off, the restart counts); a container waiting to retry a failed pull tries the new image now.
   */
  private definitionChanged(work: PodWork, i: number): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const status = work.statuses[i] as ContainerStatus;
    if (c.stage === 'running') {
      work.notes.push(
        this.note(
          work,
          'Normal',
          'Killing',
          `Container ${container.name} definition changed, will be restarted`,
          i,
        ),
      );
      const old = localImage(this.view, status.image);
      const program = old ? programOf(container, old, work.pod) : undefined;
      const exitCode = program?.stopMs !== undefined ? 0 : 137;
      status.state = {
        terminated: {
          exitCode,
          reason: exitCode === 0 ? 'Completed' : 'Error',
          startedAt: status.state.running?.startedAt ?? this.nowText,
          finishedAt: this.nowText,
          containerID: status.containerID ?? '',
        },
      } as ContainerState;
      status.ready = false;
      status.started = false;
      work.sim[i] = { ...keepRunHistory(c), stage: 'crash-backoff', until: this.now };
      work.reasons.push('Killing');
      return;
    }
    status.image = container.image;
    // A new image has no pull back-off history.
    const { pullFailures: _pullFailures, ...rest } = keepRunHistory(c);
    work.sim[i] = { ...rest, stage: 'pull-backoff', until: this.now };
    work.reasons.push('ImageChanged');
  }

  /** `Unhealthy` events for the failing probes between the last report and now. */
  private reportProbes(work: PodWork, i: number): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const image = localImage(this.view, container.image);
    const started = c.startedAt ?? this.now;
    const end = Math.min(c.exitAt ?? Infinity, c.killAt ?? Infinity);
    let next: number | undefined;
    if (image) {
      const program = programOf(container, image, work.pod);
      const timeline = runTimeline(container, program, started, work.podIP);
      let t = c.probeAt as number;
      let reported = 0;
      for (const { kind, schedule: s } of timeline.schedules) {
        let at: number | undefined = t;
        if (!isFailureAt(s, at)) at = nextFailure(s, at);
        while (at !== undefined && at <= this.now && at <= end && reported < 100) {
          work.notes.push(
            this.note(work, 'Warning', 'Unhealthy', `${kind} probe failed: ${s.window.failure}`, i),
          );
          reported++;
          at = nextFailure(s, at);
        }
      }
      t = this.now;
      next = nextProbeEvent(timeline.schedules, t, end);
    }
    work.reasons.push('Unhealthy');
    const updated: SimContainer = { ...c };
    if (next !== undefined) updated.probeAt = next;
    else delete updated.probeAt;
    work.sim[i] = updated;
  }

  /** The container's process ended (exit, fault, or killed by a failing probe). */
  private ended(work: PodWork, i: number, killed: boolean): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const status = work.statuses[i] as ContainerStatus;
    const at = Math.min(c.exitAt ?? Infinity, c.killAt ?? Infinity);
    let exitCode = c.exitCode ?? 0;
    if (killed) {
      const probe = c.killReason === 'startup' ? 'startup' : 'liveness';
      work.notes.push(
        this.note(
          work,
          'Normal',
          'Killing',
          `Container ${container.name} failed ${probe} probe, will be restarted`,
          i,
        ),
      );
      const image = localImage(this.view, container.image);
      const program = image ? programOf(container, image, work.pod) : undefined;
      exitCode = program?.stopMs !== undefined ? 0 : 137;
    }
    work.reasons.push(killed ? 'Killing' : 'ContainerExited');
    let reason = exitCode === 0 ? 'Completed' : 'Error';
    if (!killed && exitCode === 137 && c.exitAt !== undefined) {
      const image = localImage(this.view, container.image);
      if (image && programOf(container, image, work.pod).oomKilled) reason = 'OOMKilled';
    }
    const terminated = {
      exitCode,
      reason,
      startedAt: status.state.running?.startedAt ?? rfc3339(c.startedAt ?? at),
      finishedAt: rfc3339(at),
      containerID: status.containerID ?? '',
    };
    status.state = { terminated } as ContainerState;
    status.ready = false;
    status.started = false;
    const policy = work.pod.spec.restartPolicy ?? 'Always';
    // Init containers run to completion: a success is final, a failure is retried unless policy is Never.
    const restart =
      work.kind === 'init'
        ? exitCode !== 0 && policy !== 'Never'
        : policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (!restart) {
      work.sim[i] = {
        stage: 'exited',
        exitAt: at,
        exitCode,
        ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
      };
      return;
    }
    const ranLong = c.startedAt !== undefined && at - c.startedAt >= BACKOFF_RESET;
    const failures = ranLong ? 0 : (c.backoffCount ?? 0);
    const delay = backoffDelay(failures);
    work.sim[i] = {
      stage: 'exited',
      until: Math.max(this.now, at) + Math.min(ERROR_SHOWN, delay),
      exitAt: at,
      exitCode,
      backoffCount: failures + 1,
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
    };
  }

  private crashBackoff(work: PodWork, i: number): void {
    const container = work.pod.spec.containers[i] as Container;
    const c = work.sim[i] as SimContainer;
    const status = work.statuses[i] as ContainerStatus;
    const pod = work.pod;
    const delay = backoffDelay((c.backoffCount ?? 1) - 1);
    const podName = `${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid})`;
    if (status.state.terminated) status.lastState = { terminated: status.state.terminated };
    status.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(delay)} restarting failed container=${container.name} pod=${podName}`,
      },
    };
    work.notes.push(
      this.note(
        work,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${container.name} in pod ${podName}`,
        i,
      ),
    );
    work.reasons.push('BackOff');
    work.sim[i] = { ...c, stage: 'crash-backoff', until: (c.exitAt ?? this.now) + delay };
  }

  // ---- termination ----------------------------------------------------------------------------------------

  private terminate(pod: Pod, node: NodeInfo): void {
    const sim = pod.sim;
    const remove = (notes: KubeEventNote[]) =>
      this.writes.push({
        op: 'delete',
        kind: 'Pod',
        namespace: pod.metadata.namespace ?? 'default',
        name: pod.metadata.name,
        options: { gracePeriodSeconds: 0, uid: pod.metadata.uid },
        reason: 'PodTerminated',
        causeUid: pod.metadata.uid,
        actor: { type: 'kubelet', node: node.node.metadata.name },
        ...(notes.length ? { notes } : {}),
      });
    const deadline = parseTime(pod.metadata.deletionTimestamp) ?? this.now;
    if (sim?.terminateAt !== undefined) {
      // A second delete with a shorter grace period moved the deadline forward: SIGKILL comes sooner.
      const at = Math.min(sim.terminateAt, Math.max(deadline, this.now));
      if (at <= this.now) remove([]);
      else if (at < sim.terminateAt)
        this.writes.push({
          op: 'update',
          reason: 'Killing',
          causeUid: pod.metadata.uid,
          actor: { type: 'kubelet', node: node.node.metadata.name },
          object: { ...pod, sim: { ...sim, terminateAt: at } },
        });
      return;
    }
    const notes: KubeEventNote[] = [];
    let terminateAt = this.now;
    const work: PodWork = {
      pod,
      node,
      sim: [],
      statuses: [],
      notes,
      reasons: [],
      podIP: pod.status?.podIP ?? '',
      kind: 'main',
    };
    const initWork: PodWork = {
      ...work,
      pod: { ...pod, spec: { ...pod.spec, containers: pod.spec.initContainers ?? [] } },
      kind: 'init',
    };
    const running = [
      ...(sim?.initContainers ?? []).map((c, i) => ({ c, i, w: initWork })),
      ...(sim?.containers ?? []).map((c, i) => ({ c, i, w: work })),
    ];
    running.forEach(({ c, i, w }) => {
      if (c.stage !== 'running') return;
      const container = w.pod.spec.containers[i] as Container;
      notes.push(this.note(w, 'Normal', 'Killing', `Stopping container ${container.name}`, i));
      const image = localImage(this.view, container.image);
      const program = image ? programOf(container, image, pod) : undefined;
      const natural = Math.min(c.exitAt ?? Infinity, c.killAt ?? Infinity);
      // SIGTERM: a process that handles it stops after its stopSeconds; one that ignores it (sleep, sh loops as
      // PID 1) is killed with SIGKILL when the grace period ends.
      let stop = program?.stopMs !== undefined ? this.now + program.stopMs : deadline;
      stop = Math.min(stop, Math.max(deadline, this.now), Math.max(natural, this.now));
      if (stop > terminateAt) terminateAt = stop;
    });
    if (terminateAt <= this.now) {
      remove(notes);
      return;
    }
    this.writes.push({
      op: 'update',
      reason: 'Killing',
      causeUid: pod.metadata.uid,
      actor: { type: 'kubelet', node: node.node.metadata.name },
      ...(notes.length ? { notes } : {}),
      object: { ...pod, sim: { ...(sim ?? { containers: [] }), terminateAt } },
    });
  }

  // ---- pod status -----------------------------------------------------------------------------------------

  private podStatus(work: PodWork, init?: PodWork): PodStatus {
    const { pod, statuses, sim, node } = work;
    const previous = pod.status;
    const time = this.nowText;
    const final = sim.length > 0 && sim.every((c) => c.stage === 'exited' && c.until === undefined);
    const started = statuses.some(
      (s) => s.state.running || s.state.terminated || s.lastState.terminated || s.restartCount > 0,
    );
    const initFailedFinally = !!init && init.sim.some(initFailed);
    const incomplete = init
      ? init.sim.flatMap((c, i) => (initDone(c) ? [] : [init.statuses[i]?.name ?? '']))
      : [];
    const phase: PodStatus['phase'] = initFailedFinally
      ? 'Failed'
      : incomplete.length
        ? 'Pending'
        : final
          ? statuses.every((s) => (s.state.terminated?.exitCode ?? 0) === 0)
            ? 'Succeeded'
            : 'Failed'
          : started
            ? 'Running'
            : 'Pending';
    const completed = phase === 'Succeeded' || phase === 'Failed';
    const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
    const ready = phase === 'Running' && unready.length === 0;
    const readiness = (type: string): Condition =>
      ready
        ? { type, status: 'True' }
        : completed
          ? { type, status: 'False', reason: 'PodCompleted' }
          : {
              type,
              status: 'False',
              reason: 'ContainersNotReady',
              message: `containers with unready status: [${unready.join(' ')}]`,
            };
    const wanted: Condition[] = [
      // The sandbox exists once the volumes are mounted, and is torn down when the pod has completed.
      {
        type: 'PodReadyToStartContainers',
        status: completed || sim.some((c) => c.stage === 'attach-waiting') ? 'False' : 'True',
      },
      incomplete.length
        ? {
            type: 'Initialized',
            status: 'False',
            reason: 'ContainersNotInitialized',
            message: `containers with incomplete status: [${incomplete.join(' ')}]`,
          }
        : { type: 'Initialized', status: 'True' },
      readiness('Ready'),
      readiness('ContainersReady'),
      { type: 'PodScheduled', status: 'True' },
    ];
    const existing = previous?.conditions ?? [];
    const conditions: Condition[] = wanted.map((w) => {
      const old = existing.find((c) => c.type === w.type);
      if (w.type === 'PodScheduled' && old) return old;
      // Unchanged conditions keep their objects (and timestamps).
      if (old && old.status === w.status && old.reason === w.reason && old.message === w.message) return old;
      return {
        type: w.type,
        status: w.status,
        ...(w.reason ? { reason: w.reason } : {}),
        ...(w.message ? { message: w.message } : {}),
        lastProbeTime: null,
        lastTransitionTime: old && old.status === w.status ? (old.lastTransitionTime ?? time) : time,
      };
    });
    for (const c of existing) if (!wanted.some((w) => w.type === c.type)) conditions.push(c);
    return {
      ...(previous ?? {}),
      phase,
      conditions,
      hostIP: node.ip,
      hostIPs: [{ ip: node.ip }],
      podIP: work.podIP,
      podIPs: [{ ip: work.podIP }],
      startTime: previous?.startTime ?? time,
      ...(init ? { initContainerStatuses: init.statuses } : {}),
      containerStatuses: statuses,
      qosClass: previous?.qosClass ?? qosClass(pod),
    };
  }

  private note(
    work: PodWork,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    container?: number,
  ): KubeEventNote {
    const name = container !== undefined ? work.pod.spec.containers[container]?.name : undefined;
    const list = work.kind === 'init' ? 'initContainers' : 'containers';
    return {
      type,
      reason,
      message,
      involvedObject: { ...podRef(work.pod), ...(name ? { fieldPath: `spec.${list}{${name}}` } : {}) },
      source: { component: KUBELET, host: work.node.node.metadata.name },
    };
  }

  /** Node status images after pulls: newest pulls join the list, largest first, at most 50 (the kubelet's cap). */
  flushNodeImages(): void {
    const names = [...this.nodes.keys()].sort();
    for (const name of names) {
      const info = this.nodes.get(name);
      if (!info || !info.newImages.length) continue;
      const node = info.node;
      const images = [...(node.status?.images ?? []), ...info.newImages]
        .sort((a, b) => b.sizeBytes - a.sizeBytes || ((a.names[0] ?? '') < (b.names[0] ?? '') ? -1 : 1))
        .slice(0, MAX_NODE_IMAGES);
      if (!node.status) continue;
      this.writes.push({
        op: 'update',
        reason: 'ImagePulled',
        actor: { type: 'kubelet', node: name },
        object: { ...node, status: { ...node.status, images } },
      });
    }
  }
}

function podSim(pod: Pod, work: PodWork, init: PodWork | undefined): PodSim {
  const sim: PodSim = { ...(pod.sim ?? {}), containers: work.sim };
  if (init) sim.initContainers = init.sim;
  if (work.multiAttachReported) sim.multiAttachReported = true;
  else delete sim.multiAttachReported;
  return sim;
}

/** Whether the pod-level part of the status changed (container changes are tracked as they happen). */
function statusDiffers(before: PodStatus | undefined, after: PodStatus): boolean {
  if (
    !before ||
    before.phase !== after.phase ||
    before.podIP !== after.podIP ||
    before.hostIP !== after.hostIP
  )
    return true;
  const a = before.conditions ?? [];
  const b = after.conditions ?? [];
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Condition;
    const y = b[i] as Condition;
    if (x.type !== y.type || x.status !== y.status || x.reason !== y.reason || x.message !== y.message)
      return true;
    if (x.lastTransitionTime !== y.lastTransitionTime) return true;
  }
  return false;
}

/** Fields a container keeps across attempts: when it last ran (restart counting) and its back-off counters. */
function keepRunHistory(c: SimContainer): Partial<SimContainer> {
  return {
    ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
    ...(c.backoffCount ? { backoffCount: c.backoffCount } : {}),
    ...(c.pullFailures ? { pullFailures: c.pullFailures } : {}),
  };
}

function isFailureAt(s: ProbeSchedule, t: number): boolean {
  if (t < s.first || (t - s.first) % s.period !== 0) return false;
  const { okFrom, okTo } = s.window;
  return okFrom === undefined || t < okFrom || (okTo !== undefined && t >= okTo);
}

interface RunTimeline {
  /** Startup probe success (only with a startup probe). */
  startupAt?: number;
  readyAt?: number;
  unreadyAt?: number;
  killAt?: number;
  killReason?: 'liveness' | 'startup';
  probeAt?: number;
  schedules: { kind: 'Readiness' | 'Liveness' | 'Startup'; schedule: ProbeSchedule }[];
}

/** Readiness, liveness and startup outcomes of one run that started at `startedAt`. */
export function runTimeline(
  container: Container,
  program: ContainerProgram,
  startedAt: number,
  podIP: string,
): RunTimeline {
  const schedules: RunTimeline['schedules'] = [];
  let startedOk = startedAt;
  let killAt: number | undefined;
  let killReason: 'liveness' | 'startup' | undefined;
  let startupAt: number | undefined;
  const window = (probe: NonNullable<Container['readinessProbe']>) =>
    probeWindow(probe, container, program, startedAt, podIP);
  if (container.startupProbe) {
    const s = schedule(container.startupProbe, startedAt, window(container.startupProbe));
    schedules.push({ kind: 'Startup', schedule: s });
    const ok = firstSuccess(s);
    const fail = thresholdFailure(s);
    if (ok === undefined || (fail !== undefined && fail < ok)) {
      killAt = fail;
      killReason = 'startup';
      startedOk = Infinity;
    } else {
      startedOk = ok;
      startupAt = ok;
      // Once started, the startup probe stops running.
      s.window = { ...s.window, okTo: undefined };
    }
  }
  let readyAt: number | undefined;
  let unreadyAt: number | undefined;
  if (startedOk !== Infinity) {
    if (container.readinessProbe) {
      const s = schedule(container.readinessProbe, startedAt, window(container.readinessProbe), startedOk);
      schedules.push({ kind: 'Readiness', schedule: s });
      readyAt = firstSuccess(s);
      if (readyAt !== undefined && s.window.okTo !== undefined) {
        // Ready until failureThreshold probes in a row fail after the process stops answering.
        const firstFailure = nextFailure(s, s.window.okTo - 1);
        if (firstFailure !== undefined) unreadyAt = firstFailure + (s.failureThreshold - 1) * s.period;
      }
    } else readyAt = startedOk;
    if (container.livenessProbe) {
      const s = schedule(container.livenessProbe, startedAt, window(container.livenessProbe), startedOk);
      schedules.push({ kind: 'Liveness', schedule: s });
      const fail = thresholdFailure(s);
      if (fail !== undefined && (killAt === undefined || fail < killAt)) {
        killAt = fail;
        killReason = 'liveness';
      }
    }
  }
  const end = Math.min(
    killAt ?? Infinity,
    program.runMs !== undefined ? startedAt + program.runMs : Infinity,
  );
  if (readyAt !== undefined && readyAt >= end) readyAt = undefined;
  const probeAt = nextProbeEvent(schedules, startedAt - 1, end);
  return {
    ...(startupAt !== undefined && startupAt < end ? { startupAt } : {}),
    ...(readyAt !== undefined ? { readyAt } : {}),
    ...(unreadyAt !== undefined && unreadyAt < end ? { unreadyAt } : {}),
    ...(killAt !== undefined ? { killAt, killReason } : {}),
    ...(probeAt !== undefined ? { probeAt } : {}),
    schedules,
  };
}

function nextProbeEvent(schedules: RunTimeline['schedules'], after: number, end: number): number | undefined {
  let next: number | undefined;
  for (const { schedule: s } of schedules) {
    const t = nextFailure(s, after);
    if (t !== undefined && t <= end && (next === undefined || t < next)) next = t;
  }
  return next;
}

/** The image as the node has it: registry faults do not change what an already pulled image does. */
export function localImage(view: ClusterView, image: string): ResolvedImage | undefined {
  const lookup = lookupImage(view, image, { ignoreBroken: true });
  return lookup.ok ? lookup.image : undefined;
}

export function programOf(container: Container, image: ResolvedImage, pod: Pod): ContainerProgram {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) env[e.name] = e.value ?? '';
  const limit = container.resources?.limits?.memory;
  return containerProgram(container, image, {
    env,
    podName: pod.metadata.name,
    ...(limit !== undefined ? { memoryLimit: bytes(limit) } : {}),
  });
}

// Normalized names of what container specs say (`nginx` → `docker.io/library/nginx:latest`), memoized: the
// kubelet compares them with what runs on every sync.
const FULL_NAMES = new Map<string, string>();

export function fullImageName(image: string): string {
  let full = FULL_NAMES.get(image);
  if (full === undefined) {
    const parsed = parseImageReference(image);
    full = parsed.ok ? parsed.ref.full : image;
    if (FULL_NAMES.size > 10_000) FULL_NAMES.clear();
    FULL_NAMES.set(image, full);
  }
  return full;
}

/** The container's spec names another image than the one it runs or last tried (kubectl set image pod/…). */
function imageChanged(
  container: Container | undefined,
  c: SimContainer,
  status: ContainerStatus | undefined,
): boolean {
  if (!container || !status) return false;
  if (c.stage === 'running') return fullImageName(container.image) !== status.image;
  if (c.stage === 'pull-backoff' || c.stage === 'pull-failed') return container.image !== status.image;
  return false;
}

function podRef(pod: Pod) {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    apiVersion: 'v1',
  };
}

function hex64(...parts: string[]): string {
  // Hash the strings once, then stretch the result numerically.
  const h = hash32(0xc0de, ...parts);
  let out = '';
  for (let i = 0; i < 8; i++) out += hash32(h, i).toString(16).padStart(8, '0');
  return out;
}

/** Go's time.Duration String() for durations truncated to milliseconds: `523ms`, `2.354s`, `1m2.5s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}

/**
 * How long pulling an image takes. Every node pulls at the same speed, so pods that start together are ready
 * together (and the reconcile rounds stay batched: one instant for all of them, not one per node).
 */
function pullDuration(seed: number, image: ResolvedImage): number {
  const jitter = 0.85 + (hash32(seed, image.ref.full) % 3000) / 10000;
  return Math.max(100, Math.round(image.behaviour.pullSeconds * 1000 * jitter));
}

function pulledMessage(image: string, pullMs: number, totalMs: number, size: number): string {
  return `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(totalMs)} including waiting). Image size: ${size} bytes.`;
}

/** QoS class as the API server computes it (Guaranteed / Burstable / BestEffort). */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const resource of ['cpu', 'memory']) {
      const limit = limits[resource];
      const request = requests[resource] ?? limit;
      if (!limit || request !== limit) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
