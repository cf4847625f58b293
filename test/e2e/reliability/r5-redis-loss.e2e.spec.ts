// R5: Redis is only a doorbell. A PRIVATE redis-server (never the shared 6379) is SIGKILLed and restarted empty
// in the middle of a rollout, and later FLUSHALLed in the middle of another: every delayed wake-up (the kubelets'
// image pulls and readiness timers) is lost with it, the resync job scheduler too. The periodic resync (every
// RESYNC_EVERY_MS, from Postgres' next_timer_at) must restore the wake-ups and the rollouts must complete.
import { type RunningProcess, waitFor } from '../support/apps';
import { PrivateRedis } from '../support/private-services';
import {
  type Stack,
  createSandbox,
  deployment,
  drillEnv,
  readState,
  readStream,
  rolloutComplete,
  run,
  servingImages,
  signUp,
  startStack,
  testDatabase,
} from '../support/reliability';
import type { GraphQLClient } from '../support/sandbox-client';

describe('R5: Redis killed and restarted, and FLUSHALL: the resync recovers, nothing is lost', () => {
  let redis: PrivateRedis;
  let stack: Stack;
  let learner: GraphQLClient;
  const db = testDatabase();

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = await startStack(drillEnv({ REDIS_URL: redis.url }));
    ({ client: learner } = await signUp(stack.client));
  });

  afterAll(async () => {
    await Promise.all([stack?.api.stop('SIGKILL'), stack?.worker?.stop('SIGKILL')]);
    await redis?.stop();
    await db.end();
  });

  // Progress is observed through the `sandbox` query, never through commands: a LIVE command catches the clock up
  // itself and rings the worker, which would hide a lost wake-up.
  async function rolledOut(
    id: string,
    image: string,
    worker: RunningProcess | undefined,
    replicas: number,
    timeoutMs = 45_000,
  ): Promise<void> {
    await waitFor(
      `the rollout to ${image} to complete`,
      async () => {
        if (worker?.hasExited) throw new Error(`the worker exited:\n${worker.text}`);
        const state = await readState(learner, id);
        const web = state.deployments.find((d) => d.name === 'web');
        return web &&
          rolloutComplete(web) &&
          servingImages(state.pods).join() === Array.from({ length: replicas }, () => image).join()
          ? true
          : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  async function underWay(id: string): Promise<void> {
    const state = await readState(learner, id);
    const web = state.deployments.find((d) => d.name === 'web');
    expect(web && rolloutComplete(web)).toBe(false);
  }

  it('a Redis SIGKILL + restart (empty) mid-rollout, then FLUSHALL mid-rollout: both rollouts complete', async () => {
    const id = await createSandbox(learner, { clock: 'LIVE', nodes: 2, seed: 5 });
    expect((await run(learner, id, 'kubectl apply -f -', deployment('web', 2, 'nginx:1.25'))).exitCode).toBe(
      0,
    );
    await rolledOut(id, 'nginx:1.25', stack.worker, 2);

    // 1. A rollout starts (image pulls are timers: delayed jobs in Redis), then Redis dies and comes back empty.
    await run(learner, id, 'kubectl set image deployment/web web=nginx:1.27');
    await underWay(id);
    await redis.kill();
    // While Redis is down a command is still acknowledged (committed in Postgres, the sandbox marked due in its row):
    // the doorbell it could not ring is the resync's job. Scale to 3 while the rollout runs.
    const sentAt = Date.now();
    const scaled = await run(learner, id, 'kubectl scale deployment web --replicas=3');
    expect(scaled.exitCode).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await redis.restart();
    // The resync runs every second: a rollout of two pods (pull + start ≈ 3.5 s each) ends well within 20 s.
    await rolledOut(id, 'nginx:1.27', stack.worker, 3, 20_000);
    await stack.worker!.waitForLog('the resync scheduler re-created', (l) =>
      /resync job scheduler was missing/.test(l.msg ?? ''),
    );

    // 2. Another rollout, and every key of the queue is deleted while it is under way.
    await run(learner, id, 'kubectl set image deployment/web web=nginx:1.26.0');
    await underWay(id);
    await redis.flushAll();
    await rolledOut(id, 'nginx:1.26.0', stack.worker, 3, 20_000);

    // Nothing pending is left behind, and the stream is whole: versions 1…n without a gap.
    await waitFor('no pending timer', async () => {
      const { rows } = await db.query<{ next_timer_at: Date | null }>(
        'SELECT next_timer_at FROM sandboxes WHERE id = $1',
        [id],
      );
      return rows[0]?.next_timer_at === null ? true : undefined;
    });
    const events = await readStream(db, id);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    // The api never stopped: its health check sees Redis again.
    const health = (await (await fetch(`${stack.client.baseUrl}/health`)).json()) as {
      details: Record<string, { status: string }>;
    };
    expect(health.details['redis']?.status).toBe('up');
  });
});
