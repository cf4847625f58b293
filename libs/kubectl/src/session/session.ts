// One learner session against an in-memory sandbox: the cluster, the files written in it, and the clock.
// `run(step)` executes one script step and returns what the transcript shows for it; `runScript(text)` runs a
// whole session script. Pure: no I/O, no wall clock (a live clock's `now` is passed in by the caller).
import {
  Cluster,
  FAULT_KINDS,
  SECOND,
  clusterConfig,
  defaultNodes,
  parseDuration,
  type Fault,
  type FaultKind,
  type NodeTaintSpec,
  type Reconciler,
} from '@podlab/kube';
import type { CommandOutput, KubectlContext, SandboxFiles } from '../command/command';
import { tokenize } from '../command/command-line';
import { runKubectl } from '../command/run-kubectl';
import { parseScript, type Step } from './session-script';

export interface SessionOptions {
  /** Defaults for a session that has no `@ cluster` directive. */
  seed?: number;
  workers?: number;
  controlPlane?: boolean;
  clock?: 'stepped' | 'live';
  user?: string;
  /** Replace the controllers (tests). */
  reconcilers?: Reconciler[];
  /** Run against this cluster (e.g. an exercise's prepared sandbox) instead of creating one. */
  cluster?: Cluster;
}

const DEFAULT_SETTLE_MS = 10 * 60 * SECOND;

/** Simulated time since the cluster started, Go-duration style: `0s`, `500ms`, `5s`, `2m30s`, `1h0m5s`. */
export function formatElapsed(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < SECOND) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sText = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${sText}`;
  if (m) return `${m}m${sText}`;
  return sText;
}

class MemoryFiles implements SandboxFiles {
  readonly files = new Map<string, string>();
  read(path: string): string | undefined {
    return this.files.get(normalize(path));
  }
  list(): string[] {
    return [...this.files.keys()].sort();
  }
  write(path: string, content: string): void {
    this.files.set(normalize(path), content);
  }
}

const normalize = (path: string) => path.replace(/^\.\//, '');

export class Session {
  private clusterValue: Cluster | undefined;
  private readonly files = new MemoryFiles();
  private started = false;

  constructor(private readonly options: SessionOptions = {}) {
    this.clusterValue = options.cluster;
  }

  get cluster(): Cluster {
    if (!this.clusterValue)
      this.clusterValue = this.createCluster(
        this.options.seed ?? 1,
        this.options.workers ?? 3,
        this.options.controlPlane ?? true,
      );
    return this.clusterValue;
  }

  get clock(): 'stepped' | 'live' {
    return this.options.clock ?? 'stepped';
  }

  /** Simulated ms since the cluster was created. */
  elapsed(): number {
    return this.cluster.now - this.cluster.view().config.startTime;
  }

  private createCluster(seed: number, workers: number, controlPlane: boolean): Cluster {
    return Cluster.create({
      seed,
      config: clusterConfig({ nodes: defaultNodes(workers, controlPlane) }),
      ...(this.options.reconcilers ? { reconcilers: this.options.reconcilers } : {}),
    });
  }

  /** Runs one step; returns the transcript text for it (the step's line first). */
  run(step: Step): string {
    const out =
      step.kind === 'command' ? this.command(step.command, step.stdin) : this.directive(step.name, step.args);
    this.started = true;
    return `${step.text}\n${render(out)}`;
  }

  /** Runs a command line (kubectl, or the few shell commands a learner uses to write files). */
  command(line: string, stdin?: string): CommandOutput {
    const cluster = this.cluster;
    let out: CommandOutput;
    try {
      out = this.dispatch(line, stdin);
      // After every command the controllers run to quiescence at the current instant.
      cluster.reconcile();
    } catch (error) {
      // A simulator bug (a controller that never settles …) must not end the session: report it as such.
      out = internalError(error);
    }
    cluster.recordCommand(
      line,
      { ...out, ...(stdin !== undefined ? { stdin } : {}) },
      {
        type: 'user',
        name: this.options.user ?? 'learner',
      },
    );
    return out;
  }

  /** A line, possibly a pipeline (`cat <<EOF | kubectl apply -f -`): stdout feeds the next stdin. */
  private dispatch(line: string, stdin?: string): CommandOutput {
    const segments = splitPipeline(line);
    let input = stdin;
    let stderr = '';
    let last: CommandOutput = { stdout: '', stderr: '', exitCode: 0 };
    for (const segment of segments) {
      last = this.dispatchOne(segment.trim(), input);
      stderr += last.stderr;
      input = last.stdout;
    }
    return { ...last, stderr };
  }

  private dispatchOne(line: string, stdin?: string): CommandOutput {
    const words = tokenize(line);
    if (!words.ok) return { stdout: '', stderr: `podlab: ${words.error}\n`, exitCode: 2 };
    const [program, ...args] = words.words;
    if (program === 'cat') return this.cat(args, stdin);
    const ctx: KubectlContext = {
      cluster: this.cluster,
      namespace: 'default',
      ...(stdin !== undefined ? { stdin } : {}),
      files: this.files,
      clock: this.clock,
      user: this.options.user ?? 'learner',
      line,
    };
    return runKubectl(ctx);
  }

  /** `cat FILE`, `cat > FILE <<EOF` / `cat <<EOF > FILE` (write a manifest into the sandbox). */
  private cat(args: string[], stdin?: string): CommandOutput {
    const redirect = args.findIndex((a) => a === '>' || a.startsWith('>'));
    if (redirect >= 0) {
      const target = args[redirect] === '>' ? args[redirect + 1] : args[redirect]!.slice(1);
      if (!target)
        return { stdout: '', stderr: "podlab: syntax error near unexpected token `newline'\n", exitCode: 2 };
      this.files.write(target, stdin ?? '');
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    if (!args.length) return { stdout: stdin ?? '', stderr: '', exitCode: 0 };
    let stdout = '';
    let stderr = '';
    for (const path of args) {
      const content = this.files.read(path);
      if (content === undefined) stderr += `cat: ${path}: No such file or directory\n`;
      else stdout += content;
    }
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  }

  /** `@ cluster`, `@ advance`, `@ settle`, `@ fault`: the line is echoed by run(); this returns the rest. */
  directive(name: string, args: string[]): CommandOutput {
    try {
      return this.runDirective(name, args);
    } catch (error) {
      return internalError(error);
    }
  }

  private runDirective(name: string, args: string[]): CommandOutput {
    const fail = (message: string): CommandOutput => ({ stdout: '', stderr: `${message}\n`, exitCode: 1 });
    const time = (): CommandOutput => ({
      stdout: `[t=${formatElapsed(this.elapsed())}]\n`,
      stderr: '',
      exitCode: 0,
    });
    switch (name) {
      case 'cluster': {
        if (this.started || this.clusterValue) return fail('@ cluster must be the first step of a session');
        const options = keyValues(args);
        const nodes = options['nodes'] !== undefined ? Number(options['nodes']) : (this.options.workers ?? 3);
        const seed = options['seed'] !== undefined ? Number(options['seed']) : (this.options.seed ?? 1);
        const cp =
          options['control-plane'] !== undefined
            ? options['control-plane'] === 'true'
            : (this.options.controlPlane ?? true);
        if (!Number.isInteger(nodes) || nodes < 0)
          return fail(`@ cluster: invalid nodes=${options['nodes']}`);
        if (!Number.isInteger(seed)) return fail(`@ cluster: invalid seed=${options['seed']}`);
        this.clusterValue = this.createCluster(seed, nodes, cp);
        return time();
      }
      case 'advance': {
        const ms = parseDuration(args[0] ?? '');
        if (ms === undefined || args.length !== 1)
          return fail(`@ advance: expected a duration such as 500ms, 5s, 2m, 1h`);
        this.cluster.advance(ms);
        return time();
      }
      case 'settle': {
        const ms = args.length ? parseDuration(args[0]!) : DEFAULT_SETTLE_MS;
        if (ms === undefined) return fail(`@ settle: expected a duration such as 30s or 10m`);
        this.cluster.settle(ms);
        return time();
      }
      case 'fault': {
        const fault = parseFault(args);
        if (typeof fault === 'string') return fail(`@ fault: ${fault}`);
        const result = this.cluster.injectFault(fault);
        if (!result.ok) return fail(`@ fault: ${result.error.message}`);
        this.cluster.reconcile();
        return time();
      }
      default:
        return fail(`unknown directive "@ ${name}" (expected cluster, advance, settle or fault)`);
    }
  }
}

/** Splits a line at `|` outside quotes (a pipeline of simple commands). */
export function splitPipeline(line: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') {
        current += ch + (line[i + 1] ?? '');
        i++;
        continue;
      }
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') {
      current += ch + (line[i + 1] ?? '');
      i++;
      continue;
    } else if (ch === '|' && line[i + 1] !== '|') {
      segments.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  segments.push(current);
  return segments;
}

function internalError(error: unknown): CommandOutput {
  const message = error instanceof Error ? error.message : String(error);
  return { stdout: '', stderr: `podlab: internal error in the simulator: ${message}\n`, exitCode: 70 };
}

function keyValues(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq > 0) out[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return out;
}

/** `@ fault <kind> <target> [key=value…]` → a Fault. Pods are `name` or `namespace/name`. */
export function parseFault(args: readonly string[]): Fault | string {
  const [kind, target, ...rest] = args;
  if (!kind || !FAULT_KINDS.includes(kind as FaultKind))
    return `unknown fault kind "${kind ?? ''}" (one of ${FAULT_KINDS.join(', ')})`;
  if (!target) return `${kind} needs a target`;
  const options = keyValues(rest);
  const pod = () => {
    const slash = target.indexOf('/');
    return slash > 0
      ? { namespace: target.slice(0, slash), pod: target.slice(slash + 1) }
      : { namespace: options['namespace'] ?? 'default', pod: target };
  };
  switch (kind as FaultKind) {
    case 'node-down':
    case 'node-up':
    case 'node-remove':
      return { kind: kind as 'node-down', node: target };
    case 'node-add': {
      const labels = options['labels']
        ? Object.fromEntries(
            options['labels'].split(',').map((kv) => [kv.split('=')[0]!, kv.split('=')[1] ?? '']),
          )
        : undefined;
      const taints: NodeTaintSpec[] | undefined = options['taints']
        ? options['taints'].split(',').map((t) => {
            const [kv, effect] = t.split(':');
            const [key, value] = (kv ?? '').split('=');
            return {
              key: key!,
              ...(value ? { value } : {}),
              effect: (effect ?? 'NoSchedule') as NodeTaintSpec['effect'],
            };
          })
        : undefined;
      return {
        kind: 'node-add',
        node: target,
        ...(labels ? { labels } : {}),
        ...(taints ? { taints } : {}),
        ...(options['cpu'] ? { cpu: options['cpu'] } : {}),
        ...(options['memory'] ? { memory: options['memory'] } : {}),
        ...(options['pods'] ? { pods: Number(options['pods']) } : {}),
      };
    }
    case 'pod-kill':
      return { kind: 'pod-kill', ...pod() };
    case 'container-crash':
      return {
        kind: 'container-crash',
        ...pod(),
        ...(options['container'] ? { container: options['container'] } : {}),
        ...(options['exitCode'] ? { exitCode: Number(options['exitCode']) } : {}),
      };
    case 'image-broken':
    case 'image-fixed':
      return { kind: kind as 'image-broken', image: target };
  }
}

/**
 * stdout, then stderr, then `[exit N]` when N ≠ 0. Output that does not end with a newline (`-o jsonpath=…`)
 * gets one, so the next step starts on its own line, as the next prompt would.
 */
export function render(out: CommandOutput): string {
  const nl = (text: string) => (text && !text.endsWith('\n') ? `${text}\n` : text);
  return `${nl(out.stdout)}${nl(out.stderr)}${out.exitCode !== 0 ? `[exit ${out.exitCode}]\n` : ''}`;
}

/** Runs a whole session script and returns its transcript (or the script's syntax error). */
export function runScript(
  text: string,
  options: SessionOptions = {},
): { ok: true; transcript: string } | { ok: false; error: string } {
  const parsed = parseScript(text);
  if (!parsed.ok) return parsed;
  const session = new Session(options);
  let transcript = '';
  for (const step of parsed.steps) transcript += session.run(step);
  return { ok: true, transcript };
}
