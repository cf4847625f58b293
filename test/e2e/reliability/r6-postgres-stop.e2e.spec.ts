// R6: Postgres stopped with `pg_ctl stop -m immediate` (no checkpoint, every connection cut mid-transaction) during
// a stream of runCommand appends, then started again. A PRIVATE cluster (initdb in a temp dir, free port, migrated),
// never the shared 5432. Asserted:
// - every command whose response came back (acknowledged) is in the stream after the restart, at the version the
//   response named, with its own command line: an acknowledgement means committed;
// - while Postgres is down the api answers every request with a GraphQL error that has a stable code and a short
//   message: no stack trace, no driver internals;
// - the same api process (never restarted) serves commands again once Postgres is back.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { freePort, waitFor } from '../support/apps';
import { PrivatePostgres } from '../support/private-services';
import {
  RUN,
  type RunResult,
  createSandbox,
  drillEnv,
  readStream,
  signUp,
  startApi,
} from '../support/reliability';
import { GraphQLClient, type GraphQLResponse } from '../support/sandbox-client';

interface Outcome {
  n: number;
  at: number;
  result?: RunResult;
  errors?: NonNullable<GraphQLResponse<unknown>['errors']>;
  transport?: string;
}

const DATABASE = 'podlab_r6';
const WRITERS = 4;

describe('R6: Postgres stopped immediately during appends', () => {
  let postgres: PrivatePostgres;
  let stopApi: (() => Promise<unknown>) | undefined;

  afterAll(async () => {
    await stopApi?.();
    await postgres?.destroy();
  });

  it('keeps every acknowledged command, answers clear errors while down, and recovers without a restart', async () => {
    postgres = await PrivatePostgres.start(DATABASE);
    const url = postgres.urlOf(DATABASE);
    const port = await freePort();
    const { api } = await startApi(drillEnv({ DATABASE_URL: url }), port);
    stopApi = () => api.stop('SIGKILL');
    const { client } = await signUp(new GraphQLClient(`http://127.0.0.1:${port}`), 'r6');
    const sandboxId = await createSandbox(client, { clock: 'STEPPED', nodes: 1 });

    const outcomes: Outcome[] = [];
    let next = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const n = next++;
        const at = Date.now();
        try {
          const body = await client.raw<{ runCommand: RunResult }>(RUN, {
            id: sandboxId,
            command: `kubectl create namespace ns-${n}`,
            stdin: null,
            key: randomUUID(),
          });
          if (body.data?.runCommand) outcomes.push({ n, at, result: body.data.runCommand });
          else outcomes.push({ n, at, errors: body.errors ?? [] });
        } catch (error) {
          outcomes.push({ n, at, transport: (error as Error).message });
        }
        // While Postgres is down the errors come back at once: do not spin.
        if (outcomes.at(-1)?.result === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const acked = () => outcomes.filter((o) => o.result !== undefined);
    const writers = Array.from({ length: WRITERS }, writer);

    await waitFor('40 acknowledged commands', () => (acked().length >= 40 ? true : undefined));
    const stoppedAt = Date.now();
    postgres.stopImmediate();
    await waitFor('errors while Postgres is down', () =>
      outcomes.filter((o) => o.at > stoppedAt && o.errors).length >= 10 ? true : undefined,
    );
    // A read that needs no database row (the exercise catalog) must not take the process down either: it used to
    // start reading the caller's attempts eagerly and, with no field awaiting them, the failed read was an
    // unhandled rejection that killed the api.
    const catalog = await client.raw<{ exercises: { id: string }[] }>(`{ exercises { id } }`, {});
    expect(catalog.data?.exercises.length ?? catalog.errors?.[0]?.extensions?.code).toBeTruthy();
    const restartedAt = Date.now();
    await postgres.startServer();
    await waitFor(
      '20 acknowledged commands after the restart',
      () => (acked().filter((o) => o.at > restartedAt).length >= 20 ? true : undefined),
      { timeoutMs: 30_000 },
    );
    stop = true;
    await Promise.all(writers);
    expect(api.hasExited).toBe(false);

    // While down: GraphQL errors with a stable code and a short message, never a stack trace or driver detail.
    const down = outcomes.filter((o) => o.at > stoppedAt && o.at < restartedAt && o.errors);
    expect(down.length).toBeGreaterThanOrEqual(10);
    for (const outcome of down) {
      for (const error of outcome.errors ?? []) {
        expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        expect(error.message).not.toMatch(/\n\s+at |ECONNREFUSED|terminat|pg_|prisma|sql/i);
        expect(JSON.stringify(error.extensions)).not.toMatch(/stack|ECONNREFUSED/i);
      }
    }
    // No request was left without an answer (no transport failure: the api never dropped a connection).
    expect(outcomes.filter((o) => o.transport)).toEqual([]);

    // Every acknowledged command is in the stream, at its version, with its own line.
    const db = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const events = await readStream(db, sandboxId);
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
      const byVersion = new Map(events.map((e) => [e.version, e]));
      for (const { n, result } of acked()) {
        const event = byVersion.get(result!.version);
        expect(event?.type).toBe('CommandExecuted');
        expect(event?.data.data['line']).toBe(`kubectl create namespace ns-${n}`);
        expect(event?.data.data['exitCode']).toBe(0);
      }
      // And each is folded into the state: the Namespace exists (unacknowledged ones may or may not).
      const { sandbox } = await client.request<{ sandbox: { objects: { name: string }[] } }>(
        `query ($id: ID!) { sandbox(id: $id) { objects(kind: "Namespace") { name } } }`,
        { id: sandboxId },
      );
      const names = new Set(sandbox.objects.map((o) => o.name));
      for (const { n } of acked()) expect(names.has(`ns-${n}`)).toBe(true);
      // No command ran twice: each line appears at most once.
      const lines = events.filter((e) => e.type === 'CommandExecuted').map((e) => e.data.data['line']);
      expect(new Set(lines).size).toBe(lines.length);
    } finally {
      await db.end();
    }
  });
});
