// R7: the whole system (api + worker) SIGKILLed mid-reconcile and restarted; the final state must equal an
// uninterrupted run of the same script with the same seed.
//
// What "equal" can mean: a LIVE sandbox's controllers run at wall-clock instants, so two LIVE runs never make the
// same events at the same instants, crash or not. A STEPPED sandbox is deterministic: simulated time moves only by
// advanceClock, and the controllers run inline in the api's request at each timer. So the drill uses a STEPPED
// sandbox and kills both processes while the api computes a long advanceClock (a 30-replica rollout over ten
// simulated minutes). The client then does what a client must: retries a command with the same idempotency key
// (the store runs it at most once) and turns "advance by d" into "advance to T" by reading the simulated `now`
// first (an advance is one append: it either committed whole or not at all). Equal then means, and is asserted as:
// - the same objects, every field of every object (uids and names come from the seeded RNG; nothing is volatile in
//   a stepped sandbox), and the same simulated `now` and stream version;
// - the same event stream: every event's type and data, in order (only the correlation ids, which name requests,
//   and the recording wall times differ).
import { type RunningProcess, freePort } from '../support/apps';
import {
  createSandbox,
  deployment,
  drillEnv,
  readStream,
  run,
  signUp,
  startApi,
  startWorker,
  testDatabase,
} from '../support/reliability';
import { GraphQLClient } from '../support/sandbox-client';

type Step = { command: string; stdin?: string } | { advanceToMs: number };

const SCRIPT: Step[] = [
  { command: 'kubectl apply -f -', stdin: deployment('web', 30, 'nginx:1.25') },
  { advanceToMs: 60_000 },
  { command: 'kubectl set image deployment/web web=nginx:1.27.1' },
  { advanceToMs: 11 * 60_000 }, // the long one: the whole rollout, killed while the api computes it
  { command: 'kubectl scale deployment web --replicas=12' },
  { command: 'kubectl expose deployment web --port=80' },
  { advanceToMs: 14 * 60_000 },
];
const KILL_AT_STEP = 3;

interface Projection {
  version: number;
  now: string;
  objects: { kind: string; namespace: string | null; name: string; raw: unknown }[];
}

async function project(client: GraphQLClient, id: string): Promise<Projection> {
  const { sandbox } = await client.request<{ sandbox: Projection }>(
    `query ($id: ID!) { sandbox(id: $id) { version now objects { kind namespace name raw } } }`,
    { id },
  );
  const key = (o: Projection['objects'][number]) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;
  return { ...sandbox, objects: [...sandbox.objects].sort((a, b) => key(a).localeCompare(key(b))) };
}

const simulatedNow = async (client: GraphQLClient, id: string) => Date.parse((await project(client, id)).now);

/** One step, safe to retry: commands by a per-step idempotency key, advances to a target instant. */
async function runStep(client: GraphQLClient, id: string, start: number, index: number): Promise<void> {
  const step = SCRIPT[index]!;
  if ('command' in step) {
    const result = await run(client, id, step.command, step.stdin, `r7-step-${index}`);
    expect(result.exitCode).toBe(0);
    return;
  }
  const remaining = start + step.advanceToMs - (await simulatedNow(client, id));
  if (remaining <= 0) return;
  await client.request(
    `mutation ($id: ID!, $d: String!) { advanceClock(sandboxId: $id, duration: $d) { version } }`,
    {
      id,
      d: `${remaining}ms`,
    },
  );
}

describe('R7: the whole system SIGKILLed mid-reconcile, then restarted', () => {
  const env = drillEnv();
  const processes: RunningProcess[] = [];
  const db = testDatabase();

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await db.end();
  });

  async function start(): Promise<GraphQLClient> {
    const port = await freePort();
    const [{ api }, worker] = await Promise.all([startApi(env, port), startWorker(env)]);
    processes.push(api, worker);
    return new GraphQLClient(`http://127.0.0.1:${port}`);
  }

  it('ends in the same state and the same stream as an uninterrupted run with the same seed', async () => {
    let anonymous = await start();
    const { client: first, token } = await signUp(anonymous, 'r7');
    const reference = await createSandbox(first, { clock: 'STEPPED', nodes: 4, seed: 42 });
    const crashed = await createSandbox(first, { clock: 'STEPPED', nodes: 4, seed: 42 });
    const start0 = await simulatedNow(first, reference);
    expect(await simulatedNow(first, crashed)).toBe(start0);

    // The uninterrupted run.
    let longStepMs = 0;
    for (let i = 0; i < SCRIPT.length; i++) {
      const began = Date.now();
      await runStep(first, reference, start0, i);
      if (i === KILL_AT_STEP) longStepMs = Date.now() - began;
    }

    // The same script, with api and worker SIGKILLed while the long advance is being computed.
    for (let i = 0; i < KILL_AT_STEP; i++) await runStep(first, crashed, start0, i);
    const before = (await readStream(db, crashed)).length;
    let answered = false;
    const inFlight = runStep(first, crashed, start0, KILL_AT_STEP).then(
      () => (answered = true),
      () => undefined,
    );
    // A third of the way into the time the same step took in the reference run: the api is computing it.
    const killAfterMs = Math.max(20, Math.round(longStepMs / 3));
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await inFlight;
    // Killed mid-request: the answer never came (whether the append committed is what the retry must cope with).
    expect(answered).toBe(false);
    const committedBeforeKill = (await readStream(db, crashed)).length > before;

    anonymous = await start();
    const client = anonymous.withToken(token);
    for (let i = KILL_AT_STEP; i < SCRIPT.length; i++) await runStep(client, crashed, start0, i);

    const [expected, actual] = await Promise.all([project(client, reference), project(client, crashed)]);
    expect(actual.objects.length).toBeGreaterThan(20);
    expect(actual).toEqual(expected);
    const strip = (events: Awaited<ReturnType<typeof readStream>>) =>
      events.map((e) => ({ version: e.version, type: e.type, data: e.data, actor: e.metadata.actor }));
    const [expectedStream, actualStream] = await Promise.all([
      readStream(db, reference),
      readStream(db, crashed),
    ]);
    expect(strip(actualStream)).toEqual(strip(expectedStream));
    // Whether the kill came before or after the advance's commit, the result is the same: say which it was.
    console.info(
      `R7: the long step took ${longStepMs} ms uninterrupted; killed ${killAfterMs} ms into it; it had ${committedBeforeKill ? 'committed' : 'not committed'} (stream at ${before})`,
    );
  });
});
