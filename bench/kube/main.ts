// Benchmark "kube": how fast the pure cluster core folds its stream and how fast it runs a large cluster.
// M3: folding events vs JSON.parse of the same serialized events, measured in the same run.
// Scale point: 500 nodes and a 10,000-replica Deployment from apply to all pods Ready.
import { performance } from 'node:perf_hooks';
import { Cluster, fold, type ClusterEvent, type ObjectInput } from '@podlab/kube';
import { BenchReport, median } from '../lib/report';

const report = new BenchReport('kube');

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

// ---- M3: small events --------------------------------------------------------------------------------------
// A stream of a busy session's small facts: clock ticks, learner commands, Kubernetes event notes and small
// object updates (Namespaces), after a real ClusterCreated + bootstrap.
function smallEventStream(count: number): ClusterEvent[] {
  const head = [...Cluster.create({ seed: 3 }).newEvents()] as ClusterEvent[];
  const namespace = head.find((e) => e.type === 'ObjectCreated' && e.data.object.kind === 'Namespace');
  if (!namespace || namespace.type !== 'ObjectCreated') throw new Error('no namespace in bootstrap');
  const events: ClusterEvent[] = head;
  let at = head[head.length - 1]!.at;
  for (let i = 0; events.length < count; i++) {
    at += 100;
    switch (i % 4) {
      case 0:
        events.push({
          type: 'ClockAdvanced',
          v: 1,
          at,
          actor: { type: 'system', name: 'clock' },
          reason: 'ClockAdvanced',
          data: { to: at },
        });
        break;
      case 1:
        events.push({
          type: 'CommandExecuted',
          v: 1,
          at,
          actor: { type: 'user', name: 'ada' },
          reason: 'CommandExecuted',
          data: { line: 'kubectl get pods', stdout: 'No resources found', stderr: '', exitCode: 0 },
        });
        break;
      case 2: {
        const object = namespace.data.object;
        events.push({
          type: 'ObjectUpdated',
          v: 1,
          at,
          actor: { type: 'user', name: 'ada' },
          reason: 'kubectl label',
          data: {
            object: {
              ...object,
              metadata: {
                ...object.metadata,
                resourceVersion: String(1000 + i),
                labels: { team: `t${i % 7}` },
              },
            },
          },
        });
        break;
      }
      default:
        events.push({
          type: 'KubeEventsRecorded',
          v: 1,
          at,
          actor: { type: 'scheduler', name: 'default-scheduler' },
          reason: 'FailedScheduling',
          data: {},
        });
    }
  }
  return events;
}

function measureFold(label: string, events: ClusterEvent[], rounds: number) {
  const lines = events.map((e) => JSON.stringify(e));
  const parseRates: number[] = [];
  const foldRates: number[] = [];
  const bothRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const parsed = time(() => lines.map((line) => JSON.parse(line) as ClusterEvent));
    const folded = time(() => fold(parsed.value));
    const both = time(() => fold(lines.map((line) => JSON.parse(line) as ClusterEvent)));
    parseRates.push(events.length / (parsed.ms / 1000));
    foldRates.push(events.length / (folded.ms / 1000));
    bothRates.push(events.length / (both.ms / 1000));
    report.progress(
      `  ${label} round ${round + 1}/${rounds}: parse ${Math.round(parseRates.at(-1)!)}/s, fold ${Math.round(foldRates.at(-1)!)}/s`,
    );
  }
  return {
    parse: median(parseRates),
    fold: median(foldRates),
    parseAndFold: median(bothRates),
    bytes: lines.reduce((n, l) => n + l.length, 0),
  };
}

report.progress('M3: building 1,000,000 small events');
const small = smallEventStream(1_000_000);
const m3 = measureFold('M3 small events', small, 5);
report.add({
  metric: 'M3 fold of small events vs JSON.parse of them',
  ours: m3.fold,
  baseline: m3.parse,
  target: 0.7,
  unit: 'events/s',
});
report.add({
  metric: 'M3 fold of small events vs 1,000,000 events/s goal',
  ours: m3.fold,
  baseline: 1_000_000,
  target: 1,
  unit: 'events/s',
});
report.add({
  metric: 'M3 JSON.parse + fold vs JSON.parse alone (from stored JSON)',
  ours: m3.parseAndFold,
  baseline: m3.parse,
  target: 0.5,
  unit: 'events/s',
});

// ---- Scale point -------------------------------------------------------------------------------------------
const NODES = 500;
const REPLICAS = 10_000;
report.progress(`scale point: ${NODES} nodes, Deployment with ${REPLICAS} replicas`);
const cluster = Cluster.create({
  seed: 11,
  config: {
    nodes: Array.from({ length: NODES }, (_, i) => ({
      name: `node-${String(i + 1).padStart(3, '0')}`,
      cpu: '32',
      memory: '128Gi',
      pods: 110,
    })),
  },
});
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: REPLICAS,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
    },
  },
} as ObjectInput;
const before = cluster.version;
const cpuBefore = process.cpuUsage();
const run = time(() => {
  const created = cluster.create(deployment);
  if (!created.ok) throw new Error(created.error.message);
  cluster.settle(30 * 60 * 1000);
});
const dep = cluster.get('Deployment', 'default', 'web');
const ready = cluster
  .view()
  .objects.list('Pod')
  .filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
if (ready !== REPLICAS || dep?.status?.availableReplicas !== REPLICAS) {
  throw new Error(
    `scale point did not converge: ${ready} ready pods, deployment available ${dep?.status?.availableReplicas}`,
  );
}
const stream = cluster.newEvents();
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// Pods per second of CPU: the figure the goal is stated in; wall time on a shared machine drifts with load.
const podsPerSecond = REPLICAS / cpuSeconds;
report.progress(
  `  ${REPLICAS} pods Ready in ${cpuSeconds.toFixed(2)} s of CPU, all threads (${(run.ms / 1000).toFixed(2)} s wall; ${Math.round(podsPerSecond)} pods per CPU second), ${stream.length - before} events, simulated ${((cluster.now - stream[0]!.at) / 1000).toFixed(0)} s`,
);
const refold = time(() => fold(stream));
report.progress(`  fold of the ${stream.length}-event stream: ${refold.ms.toFixed(0)} ms`);
report.add({
  metric: 'scale: pods Ready per second (500 nodes, 10k replicas) vs 20,000/s goal',
  ours: podsPerSecond,
  baseline: 20_000,
  target: 1,
  unit: 'pods/s',
});
report.add({
  metric: 'scale: fold of the resulting stream vs JSON.parse of it',
  ...(() => {
    const lines = stream.map((e) => JSON.stringify(e));
    const parse = time(() => lines.map((l) => JSON.parse(l) as ClusterEvent));
    return { ours: stream.length / (refold.ms / 1000), baseline: stream.length / (parse.ms / 1000) };
  })(),
  target: 0.7,
  unit: 'events/s',
});

report.finish();
