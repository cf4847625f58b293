// Benchmark "kubectl" (issue 4, Performance): `kubectl get pods -o wide` on a 10,000-pod sandbox, `kubectl apply`
// of a 100-object manifest, and the session runner's throughput in commands/s on a 100-pod sandbox. Each is
// measured against a baseline in the same run: JSON.stringify of the same pods, creating the same 100 objects
// through the Cluster API directly, and the same commands through runKubectl + reconcile without the runner.
import { performance } from 'node:perf_hooks';
import { Cluster, type ObjectInput } from '@podlab/kube';
import { Session, runKubectl, type KubectlContext } from '@podlab/kubectl';
import { parseAllDocuments } from 'yaml';
import { BenchReport, median } from '../lib/report';

const report = new BenchReport('kubectl');

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

function context(cluster: Cluster, line: string, stdin?: string): KubectlContext {
  return {
    cluster,
    namespace: 'default',
    ...(stdin !== undefined ? { stdin } : {}),
    files: { read: () => undefined, list: () => [] },
    clock: 'stepped',
    user: 'bench',
    line,
  };
}

function deployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;
}

// ---- get pods -o wide on 10,000 pods ---------------------------------------------------------------------------
report.progress('building a 10,000-pod sandbox (100 nodes, one Deployment)');
const big = Cluster.create({
  seed: 5,
  config: {
    nodes: Array.from({ length: 100 }, (_, i) => ({
      name: `node-${String(i + 1).padStart(3, '0')}`,
      cpu: '64',
      memory: '256Gi',
      pods: 110,
    })),
  },
});
const created = runKubectl(context(big, 'kubectl apply -f -', deployment('web', 10_000)));
if (created.exitCode !== 0) throw new Error(created.stderr);
big.settle(30 * 60 * 1000);
const pods = big.view().objects.list('Pod');
report.progress(`  ${pods.length} pods`);
const getMs: number[] = [];
const jsonMs: number[] = [];
for (let round = 0; round < 5; round++) {
  const get = time(() => runKubectl(context(big, 'kubectl get pods -o wide')));
  if (get.value.exitCode !== 0 || get.value.stdout.split('\n').length < 10_000) throw new Error('get failed');
  getMs.push(get.ms);
  jsonMs.push(time(() => JSON.stringify(pods)).ms);
  report.progress(
    `  round ${round + 1}/5: get -o wide ${get.ms.toFixed(0)} ms, JSON.stringify ${jsonMs.at(-1)!.toFixed(0)} ms`,
  );
}
report.add({
  metric: 'get pods -o wide, 10,000 pods (ms per command) vs JSON.stringify of the pods',
  ours: median(getMs),
  baseline: median(jsonMs),
  target: 0.2,
  unit: 'ms',
  better: 'lower',
});

// ---- apply of a 100-object manifest ------------------------------------------------------------------------------
const manifest = Array.from({ length: 100 }, (_, i) => deployment(`app-${i}`, 1)).join('---\n');
const applyMs: number[] = [];
const directMs: number[] = [];
for (let round = 0; round < 5; round++) {
  const cluster = Cluster.create({ seed: round, reconcilers: [] });
  const apply = time(() => runKubectl(context(cluster, 'kubectl apply -f -', manifest)));
  if (apply.value.exitCode !== 0 || !apply.value.stdout.includes('app-99 created'))
    throw new Error(apply.value.stderr);
  applyMs.push(apply.ms);
  const direct = Cluster.create({ seed: round, reconcilers: [] });
  directMs.push(
    time(() => {
      for (const doc of parseAllDocuments(manifest) as { toJS(): unknown }[]) {
        const result = direct.create(doc.toJS() as ObjectInput);
        if (!result.ok) throw new Error(result.error.message);
      }
    }).ms,
  );
  report.progress(
    `  round ${round + 1}/5: apply ${apply.ms.toFixed(1)} ms, parse + create ${directMs.at(-1)!.toFixed(1)} ms`,
  );
}
report.add({
  metric: 'apply -f of 100 objects (ms) vs YAML parse + Cluster.create of them',
  ours: median(applyMs),
  baseline: median(directMs),
  target: 0.3,
  unit: 'ms',
  better: 'lower',
});

// ---- runner throughput on a 100-pod sandbox ----------------------------------------------------------------------
const COMMANDS = [
  'kubectl get pods',
  'kubectl get deploy web',
  'kubectl scale deployment web --replicas=100',
  'kubectl get rs -o wide',
  'kubectl label deployment web tier=front --overwrite',
  'kubectl describe deployment web',
  'kubectl get pods -l app=web -o name',
  'kubectl rollout history deployment/web',
];
const session = new Session({ seed: 9, workers: 3 });
session.command('kubectl apply -f -', deployment('web', 100));
session.cluster.settle(10 * 60 * 1000);
const N = 400;
const runner = time(() => {
  for (let i = 0; i < N; i++) session.command(COMMANDS[i % COMMANDS.length]!);
});
// The baseline does what any caller of runKubectl must do after a command: let the controllers settle.
const directCluster = session.cluster;
const direct = time(() => {
  for (let i = 0; i < N; i++) {
    runKubectl(context(directCluster, COMMANDS[i % COMMANDS.length]!));
    directCluster.reconcile();
  }
});
const reconcileOnly = time(() => {
  for (let i = 0; i < N; i++) directCluster.reconcile();
});
report.progress(
  `  runner ${N} commands in ${runner.ms.toFixed(0)} ms; runKubectl + reconcile ${direct.ms.toFixed(0)} ms; reconcile alone ${reconcileOnly.ms.toFixed(0)} ms`,
);
report.add({
  metric: 'session runner commands/s (100 pods) vs runKubectl + reconcile',
  ours: N / (runner.ms / 1000),
  baseline: N / (direct.ms / 1000),
  target: 0.8,
  unit: 'commands/s',
});

report.finish();
