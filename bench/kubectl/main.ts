// Benchmark "kubectl": what a learner waits for at the prompt, each against a baseline measured in the same run.
// - `kubectl get pods -o wide` on a 10,000-pod sandbox vs JSON.stringify of the same pods (what an API server
//   spends just to serialise the list it would send).
// - `kubectl apply -f` of a 100-object manifest vs creating the same 100 parsed objects through the Cluster API.
// - The session runner's throughput (command + reconcile + record) on a 100-pod sandbox vs runKubectl alone.
import { performance } from 'node:perf_hooks';
import { Cluster, type ObjectInput } from '@podlab/kube';
import { runKubectl, Session, type KubectlContext } from '@podlab/kubectl';
import { stringify } from 'yaml';
import { BenchReport, median } from '../lib/report';

const report = new BenchReport('kubectl');
const files = { read: () => undefined, list: () => [] };

function context(cluster: Cluster, line: string, stdin?: string): KubectlContext {
  return {
    cluster,
    namespace: 'default',
    files,
    clock: 'stepped',
    user: 'bench',
    line,
    ...(stdin !== undefined ? { stdin } : {}),
  };
}

function ratePerSecond(rounds: number, work: () => void): number {
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    rates.push(1000 / (performance.now() - start));
  }
  return median(rates);
}

// ---- get pods -o wide on 10,000 pods -------------------------------------------------------------------------
report.progress('building a 10,000-pod sandbox (500 nodes)');
const big = Cluster.create({
  seed: 5,
  config: {
    nodes: Array.from({ length: 500 }, (_, i) => ({
      name: `node-${String(i + 1).padStart(3, '0')}`,
      cpu: '32',
      memory: '128Gi',
      pods: 110,
    })),
  },
});
const deployment = (name: string, replicas: number): ObjectInput =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
    },
  }) as ObjectInput;
big.create(deployment('web', 10_000));
big.settle(30 * 60 * 1000);
const pods = big.view().objects.list('Pod');
report.progress(`  ${pods.length} pods; timing get pods -o wide`);
const getLines = runKubectl(context(big, 'kubectl get pods -o wide')).stdout.split('\n').length;
if (getLines < 10_001) throw new Error(`get pods printed ${getLines} lines`);
const getRate = ratePerSecond(5, () => runKubectl(context(big, 'kubectl get pods -o wide')));
const stringifyRate = ratePerSecond(5, () => JSON.stringify(big.view().objects.list('Pod')));
report.add({
  metric: 'get pods -o wide, 10,000 pods vs JSON.stringify of them',
  ours: getRate,
  baseline: stringifyRate,
  target: 0.25,
  unit: 'commands/s',
});

// ---- apply of a 100-object manifest --------------------------------------------------------------------------
const objects: ObjectInput[] = Array.from({ length: 50 }, (_, i) => deployment(`app-${i}`, 2)).flatMap(
  (d, i) => [
    d,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `app-${i}` },
      spec: { selector: { app: `app-${i}` }, ports: [{ port: 80 }] },
    } as ObjectInput,
  ],
);
const manifest = objects.map((o) => stringify(o)).join('---\n');
report.progress('timing apply of a 100-object manifest');
const applyRate = ratePerSecond(7, () => {
  const cluster = Cluster.create({ seed: 2 });
  const out = runKubectl(context(cluster, 'kubectl apply -f -', manifest));
  if (out.exitCode !== 0) throw new Error(out.stderr);
});
const createRate = ratePerSecond(7, () => {
  const cluster = Cluster.create({ seed: 2 });
  for (const object of objects)
    if (!cluster.create(structuredClone(object)).ok) throw new Error('create failed');
});
report.add({
  metric: 'apply -f of 100 objects vs Cluster.create of the same parsed objects',
  ours: applyRate,
  baseline: createRate,
  target: 0.25,
  unit: 'applies/s',
});

// ---- runner throughput on a 100-pod sandbox ------------------------------------------------------------------
const commands = [
  'kubectl get pods',
  'kubectl get deploy web -o wide',
  'kubectl describe deployment web',
  'kubectl scale deployment web --replicas=101',
  'kubectl scale deployment web --replicas=100',
  'kubectl get rs',
  'kubectl rollout status deployment/web --watch=false',
  'kubectl get pods -l app=web -o name',
];
const session = new Session({ seed: 9 });
session.command('kubectl apply -f -', JSON.stringify(deployment('web', 100)));
session.directive('settle', []);
report.progress('timing the session runner on a 100-pod sandbox');
const ROUNDS = 40;
const runnerRate = median(
  [0, 1, 2].map(() => {
    const start = performance.now();
    for (let i = 0; i < ROUNDS; i++) for (const line of commands) session.command(line);
    return (ROUNDS * commands.length) / ((performance.now() - start) / 1000);
  }),
);
const bareRate = median(
  [0, 1, 2].map(() => {
    const start = performance.now();
    for (let i = 0; i < ROUNDS; i++) for (const line of commands) runKubectl(context(session.cluster, line));
    return (ROUNDS * commands.length) / ((performance.now() - start) / 1000);
  }),
);
report.add({
  metric: 'session runner (command + reconcile + record) vs runKubectl alone, 100 pods',
  ours: runnerRate,
  baseline: bareRate,
  target: 0.5,
  unit: 'commands/s',
});

report.finish();
