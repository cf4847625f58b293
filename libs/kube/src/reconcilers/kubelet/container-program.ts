// What a container's process does once started, derived from its image and its command/args: when it exits
// and with which code, how it reacts to SIGTERM, when it serves, and what it prints when. Interprets the forms
// learners write (`sleep 3600`, `sh -c 'while true; do echo tick; sleep 5; done'`, `echo hi`, `exit 1`) and
// falls back to the image's default behaviour. Pure; the kubelet and `kubectl logs` share it.
import type { Container } from '../../api/pod';
import type { ResolvedImage } from '../../registry/image-registry';

export interface LogLine {
  /** ms after the container started. */
  offset: number;
  /** Text; may hold placeholders (`{t:nginx}`, `{date}`, `{host}` …) expanded by the log renderer. */
  text: string;
}

export interface ContainerProgram {
  /** ms after start at which the process exits on its own; undefined = runs until stopped. */
  runMs?: number;
  exitCode: number;
  /** ms the process needs to stop after SIGTERM; undefined = it ignores SIGTERM (killed at the deadline). */
  stopMs?: number;
  /** Whether the process listens on its ports (HTTP/TCP/gRPC probes can succeed). */
  serves: boolean;
  /** ms after start from which it answers probes. */
  readyMs: number;
  neverReady: boolean;
  /** Ports it listens on, when known (a probe elsewhere is refused). */
  ports?: number[];
  /** Paths a static web server answers (others get 404), when it is one. */
  httpPaths?: string[];
  /** Output of the finite part, in order. */
  lines: LogLine[];
  /** A loop that prints forever: iterations start at startMs + k·periodMs. */
  loop?: { startMs: number; periodMs: number; lines: LogLine[] };
  /** Files the script creates and removes (for `exec: cat /tmp/healthy` probes). */
  files: { path: string; createdMs?: number; removedMs?: number }[];
  /** The process outgrows the container's memory limit and is killed by the kernel (exit 137, OOMKilled). */
  oomKilled?: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** Ports the catalog's servers listen on (by repository), for probe checks. */
const SERVER_PORTS: Record<string, number[]> = {
  'docker.io/library/nginx': [80],
  'docker.io/library/httpd': [80],
  'docker.io/library/redis': [6379],
  'docker.io/library/postgres': [5432],
  'docker.io/library/mysql': [3306, 33060],
  'docker.io/library/mongo': [27017],
  'docker.io/library/memcached': [11211],
  'docker.io/library/myapp': [8080],
  'docker.io/hashicorp/http-echo': [5678],
  'docker.io/traefik/whoami': [80],
  'docker.io/prom/node-exporter': [9100],
  'quay.io/prometheus/node-exporter': [9100],
  'gcr.io/google-samples/hello-app': [8080],
  'docker.io/grafana/grafana': [3000],
  'registry.k8s.io/nginx-slim': [80],
  'registry.k8s.io/echoserver': [8080],
};

const STATIC_PATHS = ['/', '/index.html'];

export interface ProgramContext {
  /** Container environment, for `$VAR` in echo and images that require variables. */
  env: Record<string, string>;
  podName: string;
  /** The container's memory limit in bytes, when it has one (for memory hogs such as `stress --vm-bytes`). */
  memoryLimit?: number;
}

// Default programs depend only on the image: built once per resolved image (they are never mutated).
const DEFAULTS = new WeakMap<ResolvedImage, ContainerProgram>();

export function containerProgram(
  container: Container,
  image: ResolvedImage,
  context: ProgramContext,
): ContainerProgram {
  const argv = effectiveArgv(container, image);
  let base = DEFAULTS.get(image);
  if (!base) {
    base = defaultProgram(image);
    DEFAULTS.set(image, base);
  }
  if (!argv) return checkEnv(base, image, context);
  return interpretArgv(argv, base, context, () => checkEnv(base as ContainerProgram, image, context));
}

function defaultProgram(image: ResolvedImage): ContainerProgram {
  const b = image.behaviour;
  const repository = image.ref.repository;
  const base: ContainerProgram = {
    exitCode: b.exitCode ?? 0,
    ...(b.stopSeconds !== undefined ? { stopMs: b.stopSeconds * 1000 } : {}),
    serves: b.run === 'serve' || b.run === 'crash-after',
    readyMs: b.readySeconds * 1000,
    neverReady: !!b.neverReady,
    ...(SERVER_PORTS[repository] ? { ports: SERVER_PORTS[repository] } : {}),
    ...(repository.endsWith('/nginx') || repository.endsWith('/httpd') || repository.endsWith('/nginx-slim')
      ? { httpPaths: STATIC_PATHS }
      : {}),
    lines: image.startupLogs.map((text) => ({ offset: 0, text })),
    files: [],
  };
  if (b.run === 'exit') base.runMs = 0;
  if (b.run === 'crash-after') base.runMs = (b.runSeconds ?? 0) * 1000;
  return base;
}

/** The image's default server refusing to start without configuration (mysql without a password). */
function checkEnv(
  program: ContainerProgram,
  image: ResolvedImage,
  context: ProgramContext,
): ContainerProgram {
  const required = image.catalog?.requiresEnv;
  if (!required || required.anyOf.some((name) => context.env[name] !== undefined)) return program;
  return {
    ...program,
    runMs: 0,
    exitCode: required.exitCode,
    serves: false,
    lines: required.logs.map((text) => ({ offset: 0, text: text.split('{version}').join(image.version) })),
  };
}

function effectiveArgv(container: Container, image: ResolvedImage): string[] | undefined {
  if (container.command?.length) return [...container.command, ...(container.args ?? [])];
  if (!container.args?.length) return undefined;
  // Entrypoints that exec their arguments (docker-entrypoint.sh, shells) run them unless they are flags.
  if (image.catalog?.entrypoint === 'binary' || (container.args[0] ?? '').startsWith('-')) return undefined;
  return [...container.args];
}

function basename(path: string): string {
  return path.split('/').pop() ?? path;
}

/** `server` is the image's own program, for scripts that end by running it. */
function interpretArgv(
  argv: string[],
  base: ContainerProgram,
  context: ProgramContext,
  server: () => ContainerProgram,
): ContainerProgram {
  const cmd = basename(argv[0] ?? '');
  if (SHELLS.has(cmd)) {
    const c = argv.indexOf('-c');
    if (c < 0) return { ...quiet(base), runMs: 0, exitCode: 0 };
    return runScript(argv[c + 1] ?? '', base, context, server);
  }
  return runScript(argv.map(quoteWord).join(' '), base, context, server);
}

function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function quiet(base: ContainerProgram): ContainerProgram {
  // A command of the learner's own: nothing of the image's server remains (no output, no ports, runs until
  // the script says otherwise, and as PID 1 without a handler it ignores SIGTERM).
  const { runMs: _runMs, stopMs: _stopMs, ...rest } = base;
  return { ...rest, exitCode: 0, serves: false, lines: [], files: [], neverReady: false, readyMs: 0 };
}

// ---- a tiny shell ------------------------------------------------------------------------------------------

interface Script {
  oom?: boolean;
  /** The script ends in a server of its own (`python -m http.server`), listening on these ports. */
  serves?: number[];
  /** Executing the script's last top-level statement. */
  last?: boolean;
  time: number;
  lines: LogLine[];
  files: ContainerProgram['files'];
  trapsTerm: boolean;
  exit?: number;
  forever?: 'wait' | 'serve';
  loop?: ContainerProgram['loop'];
  status: number;
}

function runScript(
  source: string,
  base: ContainerProgram,
  context: ProgramContext,
  server: () => ContainerProgram,
): ContainerProgram {
  const state: Script = { time: 0, lines: [], files: [], trapsTerm: false, status: 0 };
  const served = execute(splitStatements(source), state, context, {}, true);
  if (served === 'server') {
    // The script ends by running the image's own program (`exec nginx …`, `./server`): what it printed
    // first comes before the program's output, and everything of the program shifts by the script's time.
    const d = server();
    const shift = (l: LogLine) => ({ ...l, offset: l.offset + state.time });
    return {
      ...d,
      lines: [...state.lines, ...d.lines.map(shift)],
      files: [...state.files, ...d.files],
      readyMs: d.readyMs + state.time,
      ...(d.runMs !== undefined ? { runMs: d.runMs + state.time } : {}),
      ...(d.loop ? { loop: { ...d.loop, startMs: d.loop.startMs + state.time } } : {}),
    };
  }
  const program = quiet(base);
  program.lines = state.lines;
  program.files = state.files;
  if (state.oom) {
    // The kernel's OOM killer: SIGKILL as soon as the allocation passes the cgroup limit.
    return { ...program, runMs: state.time, exitCode: 137, oomKilled: true };
  }
  if (state.trapsTerm) program.stopMs = 0;
  if (state.serves) {
    // Python as PID 1 dies on SIGTERM at once (default handler); it answers as soon as it listens.
    return { ...program, serves: true, ports: state.serves, stopMs: 0 };
  }
  if (state.loop) {
    program.loop = state.loop;
    return program;
  }
  if (state.forever) return program;
  program.runMs = state.time;
  program.exitCode = state.exit ?? state.status;
  return program;
}

/** Splits on `;`, `&&`, `||`, `&` and newlines outside quotes, keeping `while …; do …; done` blocks whole. */
function splitStatements(source: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  // Keywords count only in command position (after a separator or do/then/else): `echo waiting for db`
  // has no `for` loop in it.
  let atCommand = true;
  const flush = () => {
    const s = current.trim();
    if (s) out.push(s);
    current = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? '';
    if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      atCommand = false;
      continue;
    }
    if (ch === ';' || ch === '\n' || ch === '&' || ch === '|') {
      atCommand = true;
      if (depth === 0) {
        if ((ch === '&' || ch === '|') && source[i + 1] === ch) i++;
        flush();
        continue;
      }
      current += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      current += ch;
      continue;
    }
    if (atCommand) {
      const word = /^[a-z]+/.exec(source.slice(i, i + 8))?.[0] ?? '';
      // Compound commands stay one statement: while/for/until … done, if … fi, case … esac.
      if (['while', 'for', 'until', 'if', 'case'].includes(word)) depth++;
      if (['done', 'fi', 'esac'].includes(word)) depth = Math.max(0, depth - 1);
      atCommand = ['do', 'then', 'else'].includes(word);
      current += word || ch;
      if (word) i += word.length - 1;
      continue;
    }
    current += ch;
  }
  flush();
  return out;
}

function words(statement: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of statement) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (current || has) out.push(current);
      current = '';
      has = false;
      continue;
    }
    current += ch;
  }
  if (current || has) out.push(current);
  return out;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'infinity' || text === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

/** Expands `$VAR`, `${VAR}`, `$(date)`, `` `date` ``, `$(hostname)`. `{date}` is rendered per line later. */
function expand(text: string, context: ProgramContext, vars: Record<string, string>): string {
  return text
    .replace(/\$\(\s*date[^)]*\)|`\s*date[^`]*`/g, '{date}')
    .replace(/\$\(\s*hostname\s*\)|`\s*hostname\s*`/g, context.podName)
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
      const name = a ?? b ?? '';
      if (name === 'HOSTNAME') return context.podName;
      return vars[name] ?? context.env[name] ?? '';
    });
}

type Outcome = 'ok' | 'stop' | 'server';

function execute(
  statements: string[],
  state: Script,
  context: ProgramContext,
  vars: Record<string, string>,
  top = false,
): Outcome {
  for (let i = 0; i < statements.length; i++) {
    // The last command of the script is the container's process: one we do not know is the image's own.
    state.last = top && i === statements.length - 1;
    const outcome = executeOne(statements[i] ?? '', state, context, vars);
    if (outcome !== 'ok') return outcome;
  }
  state.last = false;
  return 'ok';
}

function executeOne(
  statement: string,
  state: Script,
  context: ProgramContext,
  vars: Record<string, string>,
): Outcome {
  const loop = /^while\s+(.+?)\s*;?\s*do\s+([\s\S]*?)\s*;?\s*done$/.exec(statement);
  if (loop) return runWhile(loop[1] ?? '', loop[2] ?? '', state, context, vars);
  const forLoop = /^for\s+(\w+)\s+in\s+(.+?)\s*;\s*do\s+([\s\S]*?)\s*;?\s*done$/.exec(statement);
  if (forLoop) {
    for (const value of words(forLoop[2] ?? '')) {
      const outcome = execute(splitStatements(forLoop[3] ?? ''), state, context, {
        ...vars,
        [forLoop[1] ?? '']: value,
      });
      if (outcome !== 'ok') return outcome;
    }
    return 'ok';
  }
  const redirect = /\s(\d?>>?)\s*(\S+)\s*$/.exec(statement);
  const toFile =
    redirect && !/^\/dev\/(stdout|stderr)$|^&[12]$/.test(redirect[2] ?? '') ? redirect[2] : undefined;
  const body = redirect ? statement.slice(0, redirect.index) : statement;
  const argv = words(body);
  const cmd = basename(argv[0] ?? '');
  const out = (text: string) => {
    if (toFile) touch(state, toFile);
    else state.lines.push({ offset: state.time, text: expand(text, context, vars) });
  };
  switch (cmd) {
    case '':
    case ':':
    case 'true':
      state.status = 0;
      return 'ok';
    case 'false':
      state.status = 1;
      return 'ok';
    case 'exec':
      return executeOne(statement.replace(/^\s*exec\s+/, ''), state, context, vars);
    case 'echo': {
      const args = argv.slice(1).filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a)));
      out(args.join(' '));
      state.status = 0;
      return 'ok';
    }
    case 'printf':
      for (const line of (argv[1] ?? '').replace(/\\n$/, '').split('\\n')) out(line);
      return 'ok';
    case 'date':
      out('{date}');
      return 'ok';
    case 'hostname':
      out(context.podName);
      return 'ok';
    case 'sleep': {
      const s = seconds(argv[1]);
      if (s === undefined) {
        out(`sleep: invalid number '${argv[1] ?? ''}'`);
        state.status = 1;
        return 'ok';
      }
      if (s === Infinity) {
        state.forever = 'wait';
        return 'stop';
      }
      state.time += s * 1000;
      return 'ok';
    }
    case 'tail':
      if (argv.includes('-f')) {
        state.forever = 'wait';
        return 'stop';
      }
      return 'ok';
    case 'wait':
      return 'ok';
    case 'python':
    case 'python3':
      if (argv[1] === '-m' && argv[2] === 'http.server') {
        const port = Number(argv[3] ?? 8000) || 8000;
        out(`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...`);
        state.serves = [port];
        state.forever = 'serve';
        return 'stop';
      }
      return state.last ? 'server' : 'ok';
    case 'stress': {
      // polinux/stress as in the "Assign Memory Resources" docs: --vm-bytes beyond the limit gets OOM-killed.
      const at = argv.indexOf('--vm-bytes');
      const wanted = at >= 0 ? stressBytes(argv[at + 1]) : undefined;
      if (wanted !== undefined && context.memoryLimit !== undefined && wanted > context.memoryLimit) {
        state.time += 1000;
        state.oom = true;
        return 'stop';
      }
      if (at >= 0)
        out(
          `stress: info: [1] dispatching hogs: 0 cpu, 0 io, ${argv[argv.indexOf('--vm') + 1] ?? '1'} vm, 0 hdd`,
        );
      state.forever = 'wait';
      return 'stop';
    }
    case 'exit': {
      const code = Number(argv[1] ?? state.status);
      state.exit = Number.isFinite(code) ? code & 255 : 2;
      return 'stop';
    }
    case 'touch':
      for (const path of argv.slice(1)) touch(state, path);
      return 'ok';
    case 'rm':
      for (const path of argv.slice(1).filter((a) => !a.startsWith('-'))) {
        const file = state.files.find((f) => f.path === path && f.removedMs === undefined);
        if (file) file.removedMs = state.time;
      }
      return 'ok';
    case 'trap':
      if (/TERM|15|EXIT|INT/.test(statement)) state.trapsTerm = true;
      return 'ok';
    case 'nginx':
    case 'nginx-debug':
    case 'redis-server':
    case 'postgres':
    case 'mysqld':
    case 'mongod':
    case 'memcached':
    case 'httpd':
    case 'httpd-foreground':
    case 'fluentd':
    case 'docker-entrypoint.sh':
    case '/docker-entrypoint.sh':
      return 'server';
    default:
      if (cmd.startsWith('docker-entrypoint')) return 'server';
      // Setup steps (cd, mkdir, cp …) do nothing visible; an unknown final command runs the image's program.
      return state.last ? 'server' : 'ok';
  }
}

/** stress sizes: a number with an optional B/K/M/G suffix, powers of 1024. */
function stressBytes(text: string | undefined): number | undefined {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(text ?? '');
  if (!m) return undefined;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}

function touch(state: Script, path: string): void {
  if (!state.files.some((f) => f.path === path && f.removedMs === undefined))
    state.files.push({ path, createdMs: state.time });
}

function runWhile(
  condition: string,
  body: string,
  state: Script,
  context: ProgramContext,
  vars: Record<string, string>,
): Outcome {
  const cond = condition.trim();
  const endless = /^(true|:|\[\s*(1|true)\s*\]|\[\[\s*(1|true)\s*\]\]|sleep\s+\S+)$/.test(cond);
  if (!endless) return 'ok';
  const startMs = state.time;
  const inner: Script = { time: 0, lines: [], files: [], trapsTerm: false, status: 0 };
  const sleepCond = /^sleep\s+(\S+)$/.exec(cond);
  if (sleepCond) inner.time += (seconds(sleepCond[1]) ?? 1) * 1000;
  const outcome = execute(splitStatements(body), inner, context, vars);
  if (inner.trapsTerm) state.trapsTerm = true;
  if (outcome === 'server') return 'server';
  if (inner.forever || inner.exit !== undefined) {
    state.lines.push(...inner.lines.map((l) => ({ ...l, offset: l.offset + startMs })));
    state.time += inner.time;
    if (inner.exit !== undefined) state.exit = inner.exit;
    else state.forever = 'wait';
    return 'stop';
  }
  // A loop without sleeps would spin; print once a second, which is what a learner would see scroll past.
  state.loop = { startMs, periodMs: inner.time > 0 ? inner.time : 1000, lines: inner.lines };
  return 'stop';
}
