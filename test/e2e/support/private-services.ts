// PRIVATE Redis and Postgres servers for the reliability drills that kill, flush or stop them: each on a free port
// in a temp dir, never the shared 6379/5432. Postgres runs as the `postgres` user when the tests run as root
// (initdb refuses root).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ROOT, freePort, waitFor } from './apps';

const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/** A redis-server of our own (no persistence): kill it, restart it on the same port, FLUSHALL it. */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      throw new Error('redis is still running');
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitFor(`private redis on ${this.port}`, async () => {
      if (child.exitCode !== null) throw new Error('redis-server exited');
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG' ? true : undefined;
      } finally {
        client.disconnect();
      }
    });
  }

  /** SIGKILL: the server dies at once and, without persistence, comes back empty. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async flushAll(): Promise<void> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** A Postgres cluster of our own (initdb in a temp dir, free port), migrated with the project's migrations. */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(database = 'podlab_private'): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'podlab-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    const server = new PrivatePostgres(dir, await freePort());
    const [cmd, args] = asPostgresUser(join(PG_BIN, 'initdb'), [
      '-D',
      join(dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    execFileSync(cmd, args, { stdio: 'ignore' });
    await server.startServer();
    const admin = new pg.Client({ connectionString: server.urlOf('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    execFileSync('npm', ['run', '-s', 'db:migrate'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: server.urlOf(database) },
      stdio: 'ignore',
    });
    return server;
  }

  urlOf(database: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private pgCtl(args: string[]): void {
    const [cmd, all] = asPostgresUser(join(PG_BIN, 'pg_ctl'), ['-D', join(this.dir, 'data'), ...args]);
    execFileSync(cmd, all, { stdio: 'ignore' });
  }

  /** Starts the server and waits until it accepts connections. */
  async startServer(): Promise<void> {
    this.pgCtl([
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`,
      '-w',
      'start',
    ]);
    await waitFor(`private postgres on ${this.port}`, async () => {
      const client = new pg.Client({ connectionString: this.urlOf('postgres') });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return undefined;
      } finally {
        await client.end().catch(() => undefined);
      }
    });
  }

  /** `pg_ctl stop -m immediate`: no checkpoint, clients cut off mid-transaction (crash recovery on restart). */
  stopImmediate(): void {
    this.pgCtl(['-m', 'immediate', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      this.pgCtl(['-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
