// M8: fan-out of a sandbox's live events to 1,000 `sandboxEvents` subscribers through the built api (its own
// process: the tailer reads the commit-ordered store, publishes on Redis, the api's one subscriber connection
// hands each message to every subscription, which writes the once-serialised bytes to its socket), against a raw
// `ws` server (its own process) broadcasting the very bytes the api sent to 1,000 plain `ws` clients.
//
// The events are real: a template sandbox is driven through the api (a Deployment rolled out, scaled, its image
// changed), and its events are appended to a fresh sandbox of the same shape and seed in bursts. Both sides are
// timed from the trigger (the append / the "go") to the moment every client holds every message of the burst; the
// clients (in this process) only count frames, so they cost the same on both sides. Rounds alternate; medians count.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { PostgresEventStore } from '@podlab/event-store';
import { type BenchReport, type MetricInput, median } from '../lib/report';
import {
  advanceClock,
  buildApi,
  busySandbox,
  cpuSeconds,
  freePort,
  graphql,
  runCommand,
  signUp,
  startApi,
  startChild,
} from './api-process';

const M8 = {
  subscribers: 1000,
  eventsPerBurst: 200,
  rounds: 3,
  connectBatch: 50,
  target: 0.7,
  timeoutMs: 120_000,
};

const SUBSCRIPTION = `subscription Events($id: ID!, $after: Int!) {
  sandboxEvents(sandboxId: $id, afterVersion: $after) {
    sandboxId generation version type at actor reason cause correlation data
  }
}`;

/** The raw baseline: a ws server that, on "go" (stdin), sends every stored message to every client. */
const BASELINE_SERVER = `
const { WebSocketServer } = require('ws');
const messages = JSON.parse(require('node:fs').readFileSync(process.env.BENCH_MESSAGES_FILE, 'utf8')).map((m) => Buffer.from(m));
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT) });
const clients = new Set();
server.on('connection', (ws) => { clients.add(ws); ws.on('close', () => clients.delete(ws)); });
server.on('listening', () => console.log('ready'));
let lines = '';
process.stdin.on('data', async (chunk) => {
  lines += chunk;
  while (lines.includes('\\n')) {
    const line = lines.slice(0, lines.indexOf('\\n'));
    lines = lines.slice(line.length + 1);
    if (line !== 'go') continue;
    for (const message of messages) {
      for (const ws of clients) ws.send(message, { binary: false });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
});
`;

interface Context {
  readonly report: BenchReport;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
}

/** A set of clients that count the frames they receive; `expect(n)` resolves when every client has n more. */
class Clients {
  readonly sockets: WebSocket[] = [];
  private readonly counts: number[] = [];
  private targets: number[] = [];
  private missing = 0;
  private done: (() => void) | undefined;
  /** Frames kept by the first client, to check order and to replay in the baseline. */
  readonly sample: Buffer[] = [];
  keepSample = false;

  add(socket: WebSocket): number {
    const index = this.sockets.push(socket) - 1;
    this.counts.push(0);
    socket.on('message', (data: Buffer) => {
      const count = ++this.counts[index]!;
      if (index === 0 && this.keepSample) this.sample.push(data);
      if (count === this.targets[index]) {
        this.missing--;
        if (this.missing === 0) this.done?.();
      }
    });
    return index;
  }

  expect(frames: number, timeoutMs: number): { arrived: Promise<number> } {
    this.targets = this.counts.map((count) => count + frames);
    this.missing = this.sockets.length;
    return {
      arrived: new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${this.missing} of ${this.sockets.length} clients still missing frames`)),
          timeoutMs,
        );
        this.done = () => {
          clearTimeout(timer);
          resolve(performance.now());
        };
      }),
    };
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}

function open(url: string, protocol?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A graphql-transport-ws subscriber, subscribed once the server acknowledged the connection. */
async function subscriber(
  url: string,
  token: string,
  variables: Record<string, unknown>,
): Promise<WebSocket> {
  const socket = await open(url, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('message', (data: Buffer) =>
      String(data) === '{"type":"connection_ack"}' ? resolve() : reject(new Error(`no ack: ${String(data)}`)),
    );
    socket.once('close', (code) => reject(new Error(`closed ${code}`)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  });
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables } }));
  return socket;
}

async function inBatches<T>(count: number, batch: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += batch)
    out.push(
      ...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, k) => make(i + k)))),
    );
  return out;
}

export async function benchFanout({
  report,
  databaseUrl,
  redisUrl,
  prefix,
}: Context): Promise<MetricInput[]> {
  buildApi((m) => report.progress(`M8: ${m}`));
  const api = await startApi({
    databaseUrl,
    redisUrl,
    prefix: `${prefix}-m8`,
    env: { RATE_LIMIT_MAX: '1000000', LIVE_MAX_SUBSCRIPTIONS_PER_USER: String(M8.subscribers + 10) },
  });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'podlab-bench-m8' });
  const ours = new Clients();
  const raw = new Clients();
  let baseline: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    const token = await signUp(api.baseUrl, 'm8');
    report.progress('M8: recording a template session (rollout, scale, image change) through the api');
    const seed = 11;
    const template = await busySandbox(api.baseUrl, token, 10, seed);
    await runCommand(api.baseUrl, token, template, 'kubectl scale deployment web --replicas=20');
    await advanceClock(api.baseUrl, token, template, '1m');
    await runCommand(api.baseUrl, token, template, 'kubectl set image deployment/web web=nginx:1.28');
    await advanceClock(api.baseUrl, token, template, '3m');
    const { data } = await graphql<{ createSandbox: { id: string; version: number } }>(
      api.baseUrl,
      `mutation { createSandbox(input: { title: "bench m8", clock: STEPPED, nodes: 3, seed: ${seed} }) { id version } }`,
      {},
      token,
    );
    const target = data.createSandbox.id;
    const streamId = `sandbox-${target}`;
    let head = data.createSandbox.version;
    const { rows } = await pool.query<{ type: string; data: unknown; metadata: Record<string, string> }>(
      'SELECT type, data, metadata FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version',
      [`sandbox-${template}`, head],
    );
    if (rows.length === 0) throw new Error('the template session recorded no events');
    const sizes = rows.map((r) => JSON.stringify(r.data).length);
    report.progress(
      `M8: ${rows.length} template events (data ${Math.round(median(sizes))} B median, ${Math.max(...sizes)} B max)`,
    );
    const store = new PostgresEventStore(pool);
    let cursor = 0;
    const burst = async (count: number) => {
      const events = Array.from({ length: count }, () => {
        const row = rows[cursor++ % rows.length]!;
        return {
          type: row.type,
          data: row.data,
          metadata: { ...row.metadata, correlation: `bench-${randomUUID()}` },
        };
      });
      const { streamVersion } = await store.append(streamId, head, events);
      head = streamVersion;
    };

    report.progress(`M8: ${M8.subscribers} subscribers connect to the api`);
    const after = head;
    const sockets = await inBatches(M8.subscribers, M8.connectBatch, () =>
      subscriber(api.wsUrl, token, { id: target, after }),
    );
    for (const socket of sockets) ours.add(socket);
    // Every subscription listens once a first event reaches every client.
    const warm = ours.expect(1, M8.timeoutMs);
    await burst(1);
    await warm.arrived;

    report.progress(`M8: ${M8.subscribers} plain ws clients connect to the raw broadcast server`);
    const port = await freePort();
    const messagesFile = path.join(tmpdir(), `${prefix}-m8-messages.json`);
    const results = {
      ours: [] as number[],
      raw: [] as number[],
      oursCpu: [] as number[],
      rawCpu: [] as number[],
    };
    for (let round = 0; round < M8.rounds; round++) {
      ours.keepSample = round === 0;
      const arrival = ours.expect(M8.eventsPerBurst, M8.timeoutMs);
      const apiCpu = cpuSeconds(api.pid);
      const start = performance.now();
      await burst(M8.eventsPerBurst);
      const end = await arrival.arrived;
      results.oursCpu.push(cpuSeconds(api.pid) - apiCpu);
      results.ours.push((M8.eventsPerBurst * M8.subscribers) / ((end - start) / 1000));
      if (round === 0) {
        // The frames are the api's next messages, versions in order: the baseline replays exactly these bytes.
        const versions = ours.sample.map((frame) => {
          const message = JSON.parse(String(frame)) as {
            type: string;
            payload: { data?: { sandboxEvents?: { version: number } } };
          };
          if (message.type !== 'next') throw new Error(`unexpected frame ${String(frame).slice(0, 200)}`);
          return message.payload.data?.sandboxEvents?.version;
        });
        const first = after + 2;
        if (versions.some((v, i) => v !== first + i)) throw new Error(`out of order: ${versions.join(',')}`);
        const bytes = ours.sample.reduce((sum, f) => sum + f.length, 0);
        report.progress(
          `M8: ${ours.sample.length} frames per subscriber, ${Math.round(bytes / ours.sample.length)} B mean`,
        );
        writeFileSync(messagesFile, JSON.stringify(ours.sample.map(String)));
        baseline = await startChild(
          'raw ws broadcast',
          ['-e', BASELINE_SERVER],
          { PORT: String(port), BENCH_MESSAGES_FILE: messagesFile },
          (output) => output.includes('ready'),
        );
        const rawSockets = await inBatches(M8.subscribers, M8.connectBatch, () =>
          open(`ws://127.0.0.1:${port}`),
        );
        for (const socket of rawSockets) raw.add(socket);
      }
      const rawArrival = raw.expect(M8.eventsPerBurst, M8.timeoutMs);
      const rawPid = baseline?.child.pid ?? 0;
      const rawCpu = cpuSeconds(rawPid);
      const rawStart = performance.now();
      baseline?.child.stdin?.write('go\n');
      const rawEnd = await rawArrival.arrived;
      results.rawCpu.push(cpuSeconds(rawPid) - rawCpu);
      results.raw.push((M8.eventsPerBurst * M8.subscribers) / ((rawEnd - rawStart) / 1000));
      report.progress(
        `  round ${round + 1}: api ${Math.round(results.ours.at(-1) ?? 0)} msgs/s (${((end - start) / 1000).toFixed(2)}s), raw ws ${Math.round(
          results.raw.at(-1) ?? 0,
        )} msgs/s (${((rawEnd - rawStart) / 1000).toFixed(2)}s); server CPU api ${results.oursCpu.at(-1)?.toFixed(2)}s, raw ${results.rawCpu
          .at(-1)
          ?.toFixed(2)}s`,
      );
    }
    // The same work judged by the servers' own CPU time: independent of what else this machine runs meanwhile.
    const deliveries = M8.eventsPerBurst * M8.subscribers;
    return [
      {
        metric: `M8 fan-out of ${M8.eventsPerBurst}-event bursts to ${M8.subscribers} subscribers (api: store → Redis → graphql-ws) vs raw ws broadcast of the same bytes`,
        ours: median(results.ours),
        baseline: median(results.raw),
        target: M8.target,
        unit: 'msgs/s',
      },
      {
        metric: `M8 fan-out, messages per server CPU second (api process vs raw ws process)`,
        ours: deliveries / median(results.oursCpu),
        baseline: deliveries / median(results.rawCpu),
        target: M8.target,
        unit: 'msgs/CPU-s',
      },
    ];
  } finally {
    ours.close();
    raw.close();
    await baseline?.stop();
    await pool.end().catch(() => undefined);
    await api.stop();
  }
}
