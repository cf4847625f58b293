// `kubectl logs`: the simulated output of a container, rebuilt from its program (image + command) and the
// run's start and end instants — a server's start-up lines at its start, a shell loop's lines at the times
// the loop printed them, up to now. Pure: a function of the cluster's state.
import type { Container, ContainerStatus, Pod, SimContainer } from '../api/pod';
import { fail, ok, type ApiError, type Result } from '../api-server/api-error';
import { lookupImage } from '../registry/image-registry';
import { programOf } from '../reconcilers/kubelet/kubelet.reconciler';
import type { ContainerProgram, LogLine } from '../reconcilers/kubelet/container-program';
import type { ClusterView } from '../state/cluster-state';
import { parseTime } from '../time/time';

export interface ContainerLogOptions {
  /** The previous (terminated) run instead of the current one (`--previous`). */
  previous?: boolean;
  /** Only the last N lines (`--tail`). */
  tailLines?: number;
  /** Only lines printed in the last N seconds (`--since`). */
  sinceSeconds?: number;
  /** Prefix each line with its RFC 3339 timestamp, nanoseconds (`--timestamps`). */
  timestamps?: boolean;
}

/** The kernel string nodes report (bootstrap.ts), as programs print it. */
const KERNEL = '6.1.0-podlab-amd64';
/** Safety cap for runaway loops (a 1 s loop over a simulated year). */
const MAX_LINES = 200_000;

const badRequest = (message: string): ApiError => ({ code: 400, reason: 'BadRequest', message });

/** The log text (each line ends with `\n`), or the API error kubectl prints. */
export function containerLogs(
  view: ClusterView,
  pod: Pod,
  containerName: string,
  options: ContainerLogOptions = {},
): Result<string> {
  // Init containers have logs too (`kubectl logs pod -c init-db`).
  const mainIndex = pod.spec.containers.findIndex((c) => c.name === containerName);
  const isInit = mainIndex < 0;
  const index = isInit
    ? (pod.spec.initContainers ?? []).findIndex((c) => c.name === containerName)
    : mainIndex;
  const container = isInit ? pod.spec.initContainers?.[index] : pod.spec.containers[index];
  if (!container)
    return fail(badRequest(`container ${containerName} is not valid for pod ${pod.metadata.name}`));
  const nodeName = pod.spec.nodeName;
  const status = (isInit ? pod.status?.initContainerStatuses : pod.status?.containerStatuses)?.find(
    (s) => s.name === containerName,
  );
  // The API server has no kubelet to ask for a pod without a node: the stream is empty (LogLocation).
  if (!nodeName) return ok('');
  const node = view.objects.get('Node', undefined, nodeName);
  if (node?.sim?.kubeletDown) {
    const ip = node.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
    return fail({
      code: 500,
      reason: 'InternalError',
      message: `Get "https://${ip}:10250/containerLogs/${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}/${containerName}": dial tcp ${ip}:10250: connect: no route to host`,
    });
  }
  const sim = (isInit ? pod.sim?.initContainers : pod.sim?.containers)?.[index];
  const run = selectRun(view, pod, container, status, sim, options.previous ?? false);
  if (!run.ok) return run;
  const { start, end } = run.value;
  const lookup = lookupImage(view, container.image, { ignoreBroken: true });
  if (!lookup.ok) return ok('');
  const program = programOf(container, lookup.image, pod);
  const since = options.sinceSeconds !== undefined ? view.now - options.sinceSeconds * 1000 : -Infinity;
  let lines = renderLines(program, start, end, since, options.tailLines);
  const context = { podName: pod.metadata.name, podIP: pod.status?.podIP ?? '' };
  lines = lines.slice(-MAX_LINES);
  const text = lines
    .map(({ at, text: line }) => {
      const rendered = expandPlaceholders(line, at, context);
      return options.timestamps ? `${nanoTimestamp(at)} ${rendered}` : rendered;
    })
    .map((line) => `${line}\n`)
    .join('');
  return ok(text);
}

/** Start and end instants of the run whose output is asked for. */
function selectRun(
  view: ClusterView,
  pod: Pod,
  container: Container,
  status: ContainerStatus | undefined,
  sim: SimContainer | undefined,
  previous: boolean,
): Result<{ start: number; end: number }> {
  const podName = pod.metadata.name;
  const name = container.name;
  if (previous) {
    // While crash-looping the last run sits in lastState; right after an exit it is still state.terminated
    // and lastState holds the one before.
    const last = status?.lastState.terminated;
    if (!last)
      return fail(badRequest(`previous terminated container "${name}" in pod "${podName}" not found`));
    return ok({ start: parseTime(last.startedAt) ?? view.now, end: parseTime(last.finishedAt) ?? view.now });
  }
  const running = status?.state.running;
  if (running) {
    const start =
      sim?.stage === 'running' && sim.startedAt !== undefined ? sim.startedAt : parseTime(running.startedAt);
    return ok({ start: start ?? view.now, end: view.now });
  }
  const terminated = status?.state.terminated ?? status?.lastState.terminated;
  if (terminated) {
    return ok({
      start: parseTime(terminated.startedAt) ?? view.now,
      end: parseTime(terminated.finishedAt) ?? view.now,
    });
  }
  const reason = status?.state.waiting?.reason ?? 'ContainerCreating';
  return fail(badRequest(`container "${name}" in pod "${podName}" is waiting to start: ${reason}`));
}

interface TimedLine {
  at: number;
  text: string;
}

function renderLines(
  program: ContainerProgram,
  start: number,
  end: number,
  since: number,
  tail?: number,
): TimedLine[] {
  const out: TimedLine[] = [];
  const push = (line: LogLine, base: number) => {
    const at = base + line.offset;
    if (at <= end && at >= since) out.push({ at, text: line.text });
  };
  for (const line of program.lines) push(line, start);
  const loop = program.loop;
  if (loop && loop.lines.length) {
    const first = start + loop.startMs;
    if (end >= first) {
      const last = Math.floor((end - first) / loop.periodMs);
      let from = Math.max(0, Math.ceil((since - first - loop.periodMs) / loop.periodMs));
      // With --tail only the last iterations matter; keep one spare for lines not yet printed in the last one.
      if (tail !== undefined) from = Math.max(from, last - Math.ceil(tail / loop.lines.length) - 1);
      from = Math.max(from, last - MAX_LINES);
      for (let k = from; k <= last; k++) for (const line of loop.lines) push(line, first + k * loop.periodMs);
    }
  }
  out.sort((a, b) => a.at - b.at);
  return tail !== undefined ? (tail <= 0 ? [] : out.slice(-tail)) : out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Each program's own timestamp format, at instant `at` (UTC). */
export function formatLogTime(format: string, at: number): string {
  const d = new Date(at);
  const Y = d.getUTCFullYear();
  const M = pad(d.getUTCMonth() + 1);
  const D = pad(d.getUTCDate());
  const h = pad(d.getUTCHours());
  const m = pad(d.getUTCMinutes());
  const s = pad(d.getUTCSeconds());
  const ms = pad(d.getUTCMilliseconds(), 3);
  const day = DAYS[d.getUTCDay()] ?? '';
  const mon = MONTHS[d.getUTCMonth()] ?? '';
  switch (format) {
    case 'nginx':
      return `${Y}/${M}/${D} ${h}:${m}:${s}`;
    case 'redis':
      return `${D} ${mon} ${Y} ${h}:${m}:${s}.${ms}`;
    case 'pg':
      return `${Y}-${M}-${D} ${h}:${m}:${s}.${ms}`;
    case 'pgshort':
      return `${Y}-${M}-${D} ${h}:${m}:${s}`;
    case 'apache':
      return `${day} ${mon} ${D} ${h}:${m}:${s}.${ms}000 ${Y}`;
    case 'mysql':
      return `${Y}-${M}-${D}T${h}:${m}:${s}.${ms}000Z`;
    case 'mysqlentry':
      return `${Y}-${M}-${D} ${h}:${m}:${s}+00:00`;
    case 'mongo':
      return `${Y}-${M}-${D}T${h}:${m}:${s}.${ms}+00:00`;
    case 'fluentd':
      return `${Y}-${M}-${D} ${h}:${m}:${s}`;
    case 'fluentbit':
      return `${Y}/${M}/${D} ${h}:${m}:${s}`;
    case 'glog':
      return `${M}${D} ${h}:${m}:${s}.${ms}000`;
    case 'date':
      // busybox `date`: Thu Jan  1 00:00:05 UTC 2026
      return `${day} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${h}:${m}:${s} UTC ${Y}`;
    default:
      return `${Y}-${M}-${D}T${h}:${m}:${s}.${ms}Z`;
  }
}

function expandPlaceholders(line: string, at: number, context: { podName: string; podIP: string }): string {
  if (!line.includes('{')) return line;
  return line.replace(
    /\{(t:(\w+)|date|host|ip|kernel)\}/g,
    (_, token: string, format: string | undefined) => {
      if (format) return formatLogTime(format, at);
      if (token === 'date') return formatLogTime('date', at);
      if (token === 'host') return context.podName;
      if (token === 'ip') return context.podIP;
      return KERNEL;
    },
  );
}

/** RFC 3339 with nanoseconds, as `kubectl logs --timestamps` prints. */
function nanoTimestamp(at: number): string {
  return new Date(at).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
