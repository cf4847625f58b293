// The driver adapter the Prisma CLI (migrate, diff, status) runs its WebAssembly schema engine on. Prisma 7 and the
// native schema engine both download binaries at start-up, which these machines cannot reach; Prisma 6.19's
// `engine: 'js'` needs none. adapter-pg 6.19 has bugs in exactly the paths the schema engine uses, patched here
// for the CLI only (the application's runtime client does not need them).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

export interface CliAdapterFactory {
  readonly provider: 'postgres';
  readonly adapterName: string;
  connect(): Promise<Adapter>;
  connectToShadowDb(): Promise<Adapter>;
}

/**
 * prisma/orm#27403: the schema engine reads catalog columns of type `name` and `"char"`, which adapter-pg 6.19
 * refuses to map ("Column type 'name' could not be deserialized"). Both are plain text on the wire, so presenting
 * their OIDs as `text` before the adapter maps the fields is exact.
 */
function presentCatalogTypesAsText(result: unknown): void {
  for (const one of Array.isArray(result) ? result : [result]) {
    const fields = (one as Partial<pg.QueryResult> | undefined)?.fields ?? [];
    for (const field of fields) {
      if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
}

function catalogFriendlyPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // pg-pool calls query with a callback; adapter-pg's transactions use the promise form: patch both.
    client.query = ((...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (error: unknown, result: unknown) => {
          if (!error) presentCatalogTypesAsText(result);
          (last as (error: unknown, result: unknown) => void)(error, result);
        };
        return query(...args);
      }
      const out = query(...args);
      return out instanceof Promise
        ? out.then((result: unknown) => {
            presentCatalogTypesAsText(result);
            return result;
          })
        : out;
    }) as typeof client.query;
  });
  return pool;
}

/**
 * adapter-pg splits a migration script on every `;`, which breaks function bodies, string literals and comments
 * containing one. Postgres runs a multi-statement script itself (simple query protocol), as the native engine does.
 */
function runScriptsWhole(adapter: Adapter, pool: pg.Pool): Adapter {
  return Object.assign(adapter, {
    executeScript: async (script: string): Promise<void> => {
      await pool.query(script);
    },
  });
}

async function connectAdapter(connectionString: string): Promise<Adapter> {
  const pool = catalogFriendlyPool(connectionString);
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  return runScriptsWhole(adapter, pool);
}

async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops shadow databases the engine did not dispose of (`migrate diff` never disposes its shadow adapter). Exit
 * handlers must be synchronous, hence a child process.
 */
function dropAtExit(connectionString: string, names: Set<string>): void {
  process.once('exit', () => {
    if (names.size === 0) return;
    const script = `const { Client } = require('pg');
      (async () => {
        const client = new Client({ connectionString: process.argv[1] });
        await client.connect();
        for (const name of process.argv.slice(2)) await client.query('DROP DATABASE IF EXISTS "' + name + '" WITH (FORCE)');
        await client.end();
      })().catch((error) => { console.error('could not drop the shadow database: ' + error.message); process.exit(1); });`;
    spawnSync(process.execPath, ['-e', script, connectionString, ...names], { stdio: 'inherit' });
  });
}

/**
 * PrismaPg.connectToShadowDb() reuses the main connection string (so `migrate dev` replays the migrations on the
 * main database: "relation already exists") and drops the shadow database while its pool still holds connections.
 * Here the shadow database gets its own URL, and is dropped (forcefully) only after its pool has closed.
 */
export function cliAdapterFactory(connectionString: string): CliAdapterFactory {
  const undisposed = new Set<string>();
  dropAtExit(connectionString, undisposed);
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectAdapter(connectionString),
    async connectToShadowDb() {
      const name = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
      await adminQuery(connectionString, `CREATE DATABASE "${name}"`);
      undisposed.add(name);
      const url = new URL(connectionString);
      url.pathname = `/${name}`;
      const adapter = await connectAdapter(url.toString());
      const dispose = adapter.dispose.bind(adapter);
      return Object.assign(adapter, {
        dispose: async (): Promise<void> => {
          await dispose();
          await adminQuery(connectionString, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          undisposed.delete(name);
        },
      });
    },
  };
}
