// M7: `sandbox` query throughput of the built api (production mode, its own process) against a bare Fastify route
// (its own process) that answers the same POST with the very bytes the api answered. Both are loaded by autocannon
// from this process over loopback with the same request, connections and duration; rounds alternate and the
// median counts. The api's rate limiter stays on (RATE_LIMIT_MAX raised so it never refuses the bench): its
// Redis round trip per request is part of what a request costs in production.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { type BenchReport, type MetricInput, median } from '../lib/report';
import {
  buildApi,
  busySandbox,
  cpuSeconds,
  freePort,
  graphql,
  signUp,
  startApi,
  startChild,
} from './api-process';

const M7 = {
  replicas: 10,
  connections: 16,
  warmupSeconds: 2,
  roundSeconds: 6,
  rounds: 3,
  target: 0.6,
};

/** What a sandbox page asks for: metadata, nodes, pods and deployments (no raw objects). */
const SANDBOX_QUERY = `query Sandbox($id: ID!) {
  sandbox(id: $id) {
    id title clock version now generation
    nodes { name ready unschedulable roles podCount cpu memory }
    pods { namespace name phase status readyContainers totalContainers restarts nodeName podIP }
    deployments { namespace name replicas readyReplicas updatedReplicas availableReplicas images }
  }
}`;

/** A bare Fastify app: POST /graphql parses the JSON body (as any route does) and sends the stored answer. */
const BASELINE_SERVER = `
const fastify = require('fastify')({ logger: false });
const answer = require('node:fs').readFileSync(process.env.BENCH_ANSWER_FILE);
fastify.post('/graphql', async (request, reply) => {
  reply.type('application/json; charset=utf-8');
  return answer;
});
fastify.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
`;

interface Context {
  readonly report: BenchReport;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
}

export async function benchSandboxQuery({
  report,
  databaseUrl,
  redisUrl,
  prefix,
}: Context): Promise<MetricInput[]> {
  buildApi((m) => report.progress(`M7: ${m}`));
  const api = await startApi({
    databaseUrl,
    redisUrl,
    prefix: `${prefix}-m7`,
    env: { RATE_LIMIT_MAX: '1000000', RATE_LIMIT_WINDOW_MS: '60000' },
  });
  let baseline: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    const token = await signUp(api.baseUrl, 'm7');
    const id = await busySandbox(api.baseUrl, token, M7.replicas);
    const body = JSON.stringify({ query: SANDBOX_QUERY, variables: { id }, operationName: 'Sandbox' });
    const { data, body: answer } = await graphql<{ sandbox: { pods: unknown[]; version: number } }>(
      api.baseUrl,
      SANDBOX_QUERY,
      { id },
      token,
    );
    report.progress(
      `M7: sandbox of ${data.sandbox.pods.length} pods at version ${data.sandbox.version}; answer ${answer.length} bytes`,
    );
    const answerFile = path.join(tmpdir(), `${prefix}-m7-answer.json`);
    writeFileSync(answerFile, answer);
    const port = await freePort();
    baseline = await startChild(
      'baseline fastify',
      ['-e', BASELINE_SERVER],
      { PORT: String(port), BENCH_ANSWER_FILE: answerFile },
      async () =>
        (
          await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          })
        ).ok,
    );
    const baselineAnswer = await (
      await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    ).text();
    if (baselineAnswer !== answer) throw new Error('the baseline does not answer the same bytes');

    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const load = async (url: string, seconds: number, pid: number) => {
      const cpuBefore = cpuSeconds(pid);
      const result = await autocannon({
        url,
        method: 'POST',
        headers,
        body,
        connections: M7.connections,
        duration: seconds,
      });
      const failed = result.errors + result.timeouts + result.non2xx;
      if (failed > 0) throw new Error(`${url}: ${failed} failed requests (non-2xx ${result.non2xx})`);
      return {
        perSecond: result.requests.total / seconds,
        perCpuSecond: result.requests.total / (cpuSeconds(pid) - cpuBefore),
      };
    };
    const oursUrl = `${api.baseUrl}/graphql`;
    const baseUrl = `http://127.0.0.1:${port}/graphql`;
    report.progress(`M7: warming up both servers (${M7.warmupSeconds}s each)`);
    const basePid = baseline.child.pid ?? 0;
    await load(oursUrl, M7.warmupSeconds, api.pid);
    await load(baseUrl, M7.warmupSeconds, basePid);
    const ours: { perSecond: number; perCpuSecond: number }[] = [];
    const base: { perSecond: number; perCpuSecond: number }[] = [];
    for (let round = 0; round < M7.rounds; round++) {
      const o = await load(oursUrl, M7.roundSeconds, api.pid);
      const b = await load(baseUrl, M7.roundSeconds, basePid);
      ours.push(o);
      base.push(b);
      report.progress(
        `  round ${round + 1}: api ${Math.round(o.perSecond)} req/s (${Math.round(o.perCpuSecond)} per CPU s), bare Fastify ${Math.round(b.perSecond)} req/s (${Math.round(b.perCpuSecond)} per CPU s)`,
      );
    }
    // The answer is still the same after the load (nothing throttled, nothing changed).
    const after = await graphql(api.baseUrl, SANDBOX_QUERY, { id }, token);
    if (after.body !== answer) throw new Error('the api answered differently after the load');
    return [
      {
        metric: `M7 sandbox query (${data.sandbox.pods.length} pods, ${answer.length} B, c=${M7.connections}) vs bare Fastify route with the same JSON`,
        ours: median(ours.map((r) => r.perSecond)),
        baseline: median(base.map((r) => r.perSecond)),
        target: M7.target,
        unit: 'req/s',
      },
      {
        // The servers' own CPU time: independent of what else the machine runs (the client shares the machine).
        metric: 'M7 sandbox query, requests per server CPU second (api process vs bare Fastify process)',
        ours: median(ours.map((r) => r.perCpuSecond)),
        baseline: median(base.map((r) => r.perCpuSecond)),
        target: M7.target,
        unit: 'req/CPU-s',
      },
    ];
  } finally {
    await baseline?.stop();
    await api.stop();
  }
}
