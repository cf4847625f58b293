// Starts the BUILT apps (what `npm start` and the Docker images run) as child processes, and waits on them.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const ENTRY_POINTS = {
  api: 'dist/apps/api/apps/api/src/main.js',
  worker: 'dist/apps/worker/apps/worker/src/main.js',
} as const;
export type AppName = keyof typeof ENTRY_POINTS;

export interface LogLine {
  level?: number;
  msg?: string;
  context?: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function requireBuilt(relativePath: string): string {
  const path = join(ROOT, relativePath);
  if (!existsSync(path)) throw new Error(`${relativePath} is missing: run 'npm run build' first`);
  return path;
}

/** Creates the test database when missing (`npm test` has already made a fresh, migrated one). */
export function ensureTestDatabase(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/lib/ensure-database.js'), TEST_DATABASE_URL], {
    stdio: 'inherit',
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Polls `probe` until it returns a value other than undefined; no fixed sleeps. The bound is generous because
 * a loaded 2-core machine can take tens of seconds to start a NestJS app; a healthy run returns early.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 60_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export class RunningProcess {
  private output = '';
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    // 'close', not 'exit': it fires once the output pipes are drained too, so logs() is complete by then.
    this.exited = new Promise((resolveExit) =>
      child.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolveExit(this.exit);
      }),
    );
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  get text(): string {
    return this.output;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** The JSON log lines written so far (pino, LOG_FORMAT=json). */
  logs(): LogLine[] {
    return this.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  }

  waitForLog(what: string, match: (line: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    return waitFor(
      `${this.name} to log ${what}`,
      () => {
        const found = this.logs().find(match);
        if (found) return found;
        if (this.hasExited) throw new Error(`${this.name} exited early:\n${this.output}`);
        return undefined;
      },
      { timeoutMs },
    );
  }

  /** Sends the signal and resolves with how the process ended (SIGKILL after the grace period). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

const running = new Set<RunningProcess>();
// A failed assertion must not leave servers behind: whatever is still running dies with the test process.
process.on('exit', () => running.forEach((p) => p.child.kill('SIGKILL')));

export function startApp(name: AppName, env: Record<string, string>): RunningProcess {
  const entry = requireBuilt(ENTRY_POINTS[name]);
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new RunningProcess(name, child);
}

/** Waits until GET /health answers 200; fails at once, with the app's output, if the app exits. */
export async function waitForHealth(baseUrl: string, app: RunningProcess): Promise<void> {
  await waitFor(`${baseUrl}/health`, async () => {
    if (app.hasExited) throw new Error(`${app.name} exited before it was healthy:\n${app.text}`);
    const response = await fetch(`${baseUrl}/health`).catch(() => undefined);
    return response?.status === 200 ? true : undefined;
  });
}

/** Serves the built web app with `vite preview` (the same server `npm start` uses), proxying to the api. */
export async function startWebPreview(port: number, apiUrl: string): Promise<RunningProcess> {
  requireBuilt('dist/apps/web/index.html');
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--config',
      'apps/web/vite.config.mts',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: ROOT, env: { ...process.env, API_URL: apiUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const web = new RunningProcess('web', child);
  await waitFor(`vite preview on port ${port}`, async () => {
    if (web.hasExited) throw new Error(`vite preview exited:\n${web.text}`);
    const response = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    return response?.ok ? true : undefined;
  });
  return web;
}
