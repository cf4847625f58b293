// Test harness for command golden tests: a cluster (no controllers unless given, so replies depend only on the
// command), sandbox files, and `run(line, stdin)` returning kubectl's output.
import { Cluster, type Reconciler } from '@podlab/kube';
import type { CommandOutput, KubectlContext } from '../../command/command';
import { runKubectl } from '../../command/run-kubectl';

export interface Harness {
  cluster: Cluster;
  files: Map<string, string>;
  run(line: string, stdin?: string): CommandOutput;
  /** stdout + stderr + `[exit N]`, as a transcript shows it. */
  text(line: string, stdin?: string): string;
}

export function harness(options: { reconcilers?: Reconciler[]; clock?: 'stepped' | 'live' } = {}): Harness {
  const cluster = Cluster.create({ seed: 1, reconcilers: options.reconcilers ?? [] });
  const files = new Map<string, string>();
  const run = (line: string, stdin?: string): CommandOutput => {
    const ctx: KubectlContext = {
      cluster,
      namespace: 'default',
      ...(stdin !== undefined ? { stdin } : {}),
      files: { read: (p) => files.get(p), list: () => [...files.keys()].sort() },
      clock: options.clock ?? 'stepped',
      user: 'learner',
      line,
    };
    return runKubectl(ctx);
  };
  return {
    cluster,
    files,
    run,
    text: (line, stdin) => {
      const out = run(line, stdin);
      return `${out.stdout}${out.stderr}${out.exitCode ? `[exit ${out.exitCode}]\n` : ''}`;
    },
  };
}

export const WEB_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;
