// Test helper: the objects of a simulated cluster (driven with kubectl command lines) as the API returns them.
import type { Session } from '@podlab/kubectl';
import type { ClusterObjects } from './model';
import type { StreamEvent } from './object-store';

export function objectsOf(session: Session): ClusterObjects {
  const view = session.cluster.view();
  const list = (kind: Parameters<typeof view.objects.list>[0]) => view.objects.list(kind) as unknown[];
  return {
    version: view.version,
    now: new Date(view.now).toISOString(),
    nodes: list('Node'),
    pods: list('Pod'),
    replicaSets: list('ReplicaSet'),
    deployments: list('Deployment'),
    statefulSets: list('StatefulSet'),
    daemonSets: list('DaemonSet'),
    persistentVolumeClaims: list('PersistentVolumeClaim'),
  };
}

/** The events the session appended after `afterVersion`, as the sandboxEvents subscription delivers them. */
export function eventsOf(session: Session, afterVersion: number, generation = 0): StreamEvent[] {
  return session.cluster
    .newEvents()
    .filter((e) => e.version > afterVersion)
    .map((e) => ({
      generation,
      version: e.version,
      type: e.type,
      at: new Date(e.at).toISOString(),
      data: JSON.parse(JSON.stringify(e.data)) as unknown,
    }));
}

export function run(session: Session, line: string, stdin?: string): void {
  const out = session.command(line, stdin);
  if (out.exitCode !== 0) throw new Error(`${line}: ${out.stderr}`);
}

export const advance = (session: Session, duration: string): void => {
  session.directive('advance', [duration]);
};
