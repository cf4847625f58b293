// Probe timelines for a running container, in closed form: probes run at start + initialDelay + k·period; a
// probe succeeds while the process answers (an interval [okFrom, okTo)). From that follow when the container
// turns ready (readiness), when it is killed (liveness/startup: failureThreshold consecutive failures) and the
// instants at which failures are reported.
import type { Container, Probe } from '../../api/pod';
import type { ContainerProgram } from './container-program';

export interface ProbeWindow {
  /** First instant the probe succeeds; undefined = never. */
  okFrom?: number;
  /** First instant it fails again; undefined = never. */
  okTo?: number;
  /** What a failing probe reports. */
  failure: string;
}

export interface ProbeSchedule {
  first: number;
  period: number;
  failureThreshold: number;
  window: ProbeWindow;
}

export function schedule(
  probe: Probe,
  startedAt: number,
  window: ProbeWindow,
  notBefore = startedAt,
): ProbeSchedule {
  const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
  let first = startedAt + Math.max(0, probe.initialDelaySeconds ?? 0) * 1000;
  if (first < notBefore) first += Math.ceil((notBefore - first) / period) * period;
  return { first, period, failureThreshold: Math.max(1, probe.failureThreshold ?? 3), window };
}

/** The first probe instant at or after `t`. */
function instantAtOrAfter(s: ProbeSchedule, t: number): number {
  if (t <= s.first) return s.first;
  return s.first + Math.ceil((t - s.first) / s.period) * s.period;
}

/** First probe instant that succeeds (the container turns ready / started), if any. */
export function firstSuccess(s: ProbeSchedule): number | undefined {
  const { okFrom, okTo } = s.window;
  if (okFrom === undefined) return undefined;
  const t = instantAtOrAfter(s, okFrom);
  return okTo !== undefined && t >= okTo ? undefined : t;
}

/** The instant of the failureThreshold-th consecutive failure after the probe starts failing. */
export function thresholdFailure(s: ProbeSchedule): number | undefined {
  const { okFrom, okTo } = s.window;
  const n = s.failureThreshold;
  const killAfter = (from: number) => instantAtOrAfter(s, from) + (n - 1) * s.period;
  if (okFrom === undefined) return killAfter(s.first);
  const beforeOk = instantAtOrAfter(s, s.first);
  const failuresBefore = okFrom <= beforeOk ? 0 : Math.ceil((okFrom - beforeOk) / s.period);
  if (failuresBefore >= n) return killAfter(s.first);
  if (okTo !== undefined) return killAfter(okTo);
  return undefined;
}

/** The next failing probe instant strictly after `after`. */
export function nextFailure(s: ProbeSchedule, after: number): number | undefined {
  const t = instantAtOrAfter(s, after + 1);
  const { okFrom, okTo } = s.window;
  if (okFrom === undefined || t < okFrom) return t;
  if (okTo === undefined) return undefined;
  return t >= okTo ? t : instantAtOrAfter(s, okTo);
}

/** When the process answers a probe, and what a failure says. */
export function probeWindow(
  probe: Probe,
  container: Container,
  program: ContainerProgram,
  startedAt: number,
  podIP: string,
): ProbeWindow {
  if (probe.exec) {
    const argv = probe.exec.command ?? [];
    const joined = argv.join(' ');
    const fileCheck = /^(?:\/bin\/)?(cat|ls|stat|test\s+-[ef]|\[\s+-[ef])\s+(\S+)/.exec(
      argv[0] === 'sh' || argv[0] === '/bin/sh' ? (argv[2] ?? '') : joined,
    );
    if (fileCheck) {
      const path = fileCheck[2] ?? '';
      const file = program.files.find((f) => f.path === path);
      const failure =
        fileCheck[1] === 'cat'
          ? `cat: can't open '${path}': No such file or directory`
          : fileCheck[1] === 'ls'
            ? `ls: ${path}: No such file or directory`
            : '';
      if (!file || file.createdMs === undefined) return { failure };
      return {
        okFrom: startedAt + file.createdMs,
        ...(file.removedMs !== undefined ? { okTo: startedAt + file.removedMs } : {}),
        failure,
      };
    }
    return { okFrom: startedAt, failure: '' };
  }
  const port = resolvePort(probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port, container);
  const host = `${podIP}:${port ?? 0}`;
  const refused = probe.httpGet
    ? `Get "${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${host}${probe.httpGet.path ?? '/'}": dial tcp ${host}: connect: connection refused`
    : probe.grpc
      ? `timeout: failed to connect service "${host}" within 1s`
      : `dial tcp ${host}: connect: connection refused`;
  const listening =
    program.serves &&
    !program.neverReady &&
    (port === undefined || !program.ports || program.ports.includes(port));
  if (!listening) return { failure: refused };
  if (probe.httpGet && program.httpPaths && !program.httpPaths.includes(probe.httpGet.path ?? '/'))
    return { failure: 'HTTP probe failed with statuscode: 404' };
  return { okFrom: startedAt + program.readyMs, failure: refused };
}

function resolvePort(port: number | string | undefined, container: Container): number | undefined {
  if (port === undefined) return undefined;
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}
