// resource.Quantity parsing (apimachinery pkg/api/resource) for what requests, limits and allocatable use:
// CPU in cores or millicores, memory and storage with binary (Ki…Ei) or decimal (k…E) suffixes.
import type { Container, PodSpec } from '../../api/pod';

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The value of a quantity in base units (cores, bytes, pods); undefined when it does not parse. */
export function parseQuantity(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const suffix = match[2];
  if (match[3] !== undefined) return amount * 10 ** Number(match[3]);
  if (suffix && suffix in BINARY) return amount * (BINARY[suffix] ?? 1);
  return amount * (DECIMAL[suffix ?? ''] ?? 1);
}

/** CPU in millicores, rounded up as the API rounds sub-milli CPU (`0.0001` → 1m). */
export function cpuMillis(value: string | number | undefined): number {
  const cores = parseQuantity(value);
  return cores === undefined ? 0 : Math.ceil(Math.round(cores * 1e6) / 1e3);
}

/** Bytes (memory, storage, ephemeral-storage), rounded up to a whole byte. */
export function bytes(value: string | number | undefined): number {
  const amount = parseQuantity(value);
  return amount === undefined ? 0 : Math.ceil(amount);
}

export interface PodRequests {
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
}

/** Scheduler defaults for containers that request nothing (pkg/scheduler/util: DefaultMilliCPURequest …). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 2 ** 20;

function containerRequest(c: Container, nonZero: boolean): PodRequests {
  const requests = c.resources?.requests ?? {};
  const cpu = requests.cpu;
  const memory = requests.memory;
  return {
    cpu: cpu === undefined && nonZero ? DEFAULT_MILLI_CPU_REQUEST : cpuMillis(cpu),
    memory: memory === undefined && nonZero ? DEFAULT_MEMORY_REQUEST : bytes(memory),
  };
}

/**
 * Effective pod requests as the scheduler computes them (resource.PodRequests): the sum over containers, raised
 * to the largest init container's request. `nonZero` substitutes 100m / 200Mi for unset requests (scoring only).
 */
export function podRequests(spec: PodSpec, nonZero = false): PodRequests {
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers) {
    const r = containerRequest(c, nonZero);
    cpu += r.cpu;
    memory += r.memory;
  }
  for (const c of spec.initContainers ?? []) {
    const r = containerRequest(c, nonZero);
    if (c.restartPolicy === 'Always') {
      // Sidecar (restartable init) containers run alongside the app containers.
      cpu += r.cpu;
      memory += r.memory;
      continue;
    }
    cpu = Math.max(cpu, r.cpu);
    memory = Math.max(memory, r.memory);
  }
  return { cpu, memory };
}
