// The pod row of `kubectl get pods` (printers.go printPod, spec A.9): READY, STATUS, RESTARTS.
import type { Container, ContainerStatus, Pod } from '@podlab/kube';
import { humanDuration } from './human-duration';

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

const isRestartableInit = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

const conditionTrue = (pod: Pod, type: string): boolean =>
  (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

const terminal = (phase: string | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';

function laterOf(current: number, status: ContainerStatus): number {
  const finished = status.lastState?.terminated?.finishedAt;
  if (!finished) return current;
  const t = Date.parse(finished);
  return Number.isNaN(t) || t <= current ? current : t;
}

export function podSummary(pod: Pod, now: number): PodSummary {
  const spec = pod.spec;
  const status = pod.status;
  let restarts = 0;
  let restartableRestarts = 0;
  let totalContainers = spec.containers.length;
  let readyContainers = 0;
  // 0 stands for Go's zero time (no known termination).
  let lastRestart = 0;
  let lastRestartableRestart = 0;

  let reason: string = status?.reason || status?.phase || '';
  for (const c of status?.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] as ContainerStatus;
    restarts += container.restartCount;
    lastRestart = laterOf(lastRestart, container);
    const restartable = isRestartableInit(initContainers.get(container.name));
    if (restartable) {
      restartableRestarts += container.restartCount;
      lastRestartableRestart = laterOf(lastRestartableRestart, container);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && container.started) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      reason = terminated.reason ? `Init:${terminated.reason}` : `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const statuses = status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as ContainerStatus;
      restarts += container.restartCount;
      lastRestart = laterOf(lastRestart, container);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = `ExitCode:${terminated.exitCode}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose last container completed while another still runs is shown as running (or not ready).
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal(status?.phase)) reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== 0) {
    restartsText = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}
