// The STATUS column of `kubectl get pods` (printers.go printPod), computed from a raw Pod object, and the display
// state the cluster view colours a card by. Pure: the same object always gives the same answer.
import { arr, bool, num, rec, str, type Json } from './json';

/** What a pod card shows, one colour each. */
export type PodDisplayState =
  | 'Pending'
  | 'ContainerCreating'
  | 'Init'
  | 'Running'
  | 'Ready'
  | 'Terminating'
  | 'CrashLoopBackOff'
  | 'ImagePullBackOff'
  | 'Error'
  | 'Completed'
  | 'Unknown';

export const POD_DISPLAY_STATES: readonly PodDisplayState[] = [
  'Pending',
  'ContainerCreating',
  'Init',
  'Running',
  'Ready',
  'Terminating',
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'Error',
  'Completed',
  'Unknown',
];

export interface PodStatusColumns {
  /** kubectl's STATUS text (Running, ContainerCreating, Init:0/1, CrashLoopBackOff, Terminating …). */
  status: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
}

const conditionTrue = (status: Json, type: string): boolean =>
  arr(status['conditions']).some((c) => rec(c)['type'] === type && rec(c)['status'] === 'True');

const terminalPhase = (phase: string | null): boolean => phase === 'Succeeded' || phase === 'Failed';

/** printPod's STATUS, READY and RESTARTS, as kubectl 1.32 derives them (sidecar init containers included). */
export function podStatusColumns(pod: Json): PodStatusColumns {
  const metadata = rec(pod['metadata']);
  const spec = rec(pod['spec']);
  const status = rec(pod['status']);
  const phase = str(status['phase']);
  let reason = str(status['reason']) || phase || '';
  let restarts = 0;
  let restartableRestarts = 0;
  let readyContainers = 0;
  let totalContainers = arr(spec['containers']).length;

  for (const c of arr(status['conditions'])) {
    if (rec(c)['type'] === 'PodScheduled' && rec(c)['reason'] === 'SchedulingGated')
      reason = 'SchedulingGated';
  }

  const initSpecs = arr(spec['initContainers']).map(rec);
  const restartable = new Set(
    initSpecs.filter((c) => c['restartPolicy'] === 'Always').map((c) => str(c['name'])),
  );
  totalContainers += restartable.size;

  let initializing = false;
  const initStatuses = arr(status['initContainerStatuses']).map(rec);
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] as Json;
    const count = num(container['restartCount']);
    restarts += count;
    const isRestartable = restartable.has(str(container['name']));
    if (isRestartable) restartableRestarts += count;
    const state = rec(container['state']);
    const terminated = state['terminated'] === undefined ? null : rec(state['terminated']);
    const waiting = state['waiting'] === undefined ? null : rec(state['waiting']);
    if (terminated && num(terminated['exitCode']) === 0) continue;
    if (isRestartable && bool(container['started'])) {
      if (bool(container['ready'])) readyContainers++;
      continue;
    }
    const waitingReason = waiting ? str(waiting['reason']) : null;
    if (terminated) {
      const why = str(terminated['reason']);
      reason = why ? `Init:${why}` : `Init:ExitCode:${num(terminated['exitCode'])}`;
    } else if (waitingReason && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    restarts = restartableRestarts;
    let hasRunning = false;
    const statuses = arr(status['containerStatuses']).map(rec);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as Json;
      restarts += num(container['restartCount']);
      const state = rec(container['state']);
      const waiting = str(rec(state['waiting'])['reason']);
      const terminated = state['terminated'] === undefined ? null : rec(state['terminated']);
      if (waiting) reason = waiting;
      else if (terminated && str(terminated['reason'])) reason = str(terminated['reason']) as string;
      else if (terminated) reason = `ExitCode:${num(terminated['exitCode'])}`;
      else if (bool(container['ready']) && state['running'] !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning)
      reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }

  if (str(metadata['deletionTimestamp']) && str(status['reason']) === 'NodeLost') reason = 'Unknown';
  else if (str(metadata['deletionTimestamp']) && !terminalPhase(phase)) reason = 'Terminating';

  return { status: reason, readyContainers, totalContainers, restarts };
}

const IMAGE_PULL = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);

/** The colour class of a card: kubectl's STATUS folded into the states the view distinguishes. */
export function displayState(columns: PodStatusColumns, phase: string | null): PodDisplayState {
  const { status } = columns;
  if (status === 'Terminating') return 'Terminating';
  if (status === 'Unknown') return 'Unknown';
  if (status === 'CrashLoopBackOff' || status === 'Init:CrashLoopBackOff') return 'CrashLoopBackOff';
  if (IMAGE_PULL.has(status) || IMAGE_PULL.has(status.replace(/^Init:/, ''))) return 'ImagePullBackOff';
  if (status === 'ContainerCreating' || status === 'PodInitializing') return 'ContainerCreating';
  if (status.startsWith('Init:')) return /^Init:\d+\/\d+$/.test(status) ? 'Init' : 'Error';
  if (status === 'Pending' || status === 'SchedulingGated') return 'Pending';
  if (status === 'Running') {
    return columns.totalContainers > 0 && columns.readyContainers === columns.totalContainers
      ? 'Ready'
      : 'Running';
  }
  if (status === 'NotReady') return 'Running';
  if (status === 'Completed' || status === 'Succeeded') return 'Completed';
  switch (phase) {
    case 'Pending':
      return status === 'Evicted' ? 'Error' : 'Pending';
    case 'Running':
    case 'Failed':
      return 'Error';
    case 'Succeeded':
      return 'Completed';
    default:
      return 'Unknown';
  }
}
