import { createPod, kubeletCluster, podInput, podNow } from '../reconcilers/kubelet/kubelet-test-helpers';
import { SECOND } from '../time/time';
import { containerLogs, formatLogTime } from './container-logs';
import type { Cluster } from '../runtime/cluster';

function logs(
  cluster: Cluster,
  pod: string,
  options: Parameters<typeof containerLogs>[3] = {},
  container = 'c',
) {
  const result = containerLogs(cluster.view(), podNow(cluster, pod), container, options);
  return result.ok ? result.value : `ERROR ${result.error.message}`;
}

function startedAt(cluster: Cluster, pod: string): number {
  return (
    cluster
      .newEvents()
      .find((e) => e.notes?.some((n) => n.reason === 'Started' && n.involvedObject.name === pod))?.at ?? NaN
  );
}

describe('containerLogs', () => {
  const loop = { image: 'busybox:1.36', command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'] };

  it('a busybox loop prints tick at the right simulated times, up to now', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('ticker', loop));
    cluster.advance(2 * SECOND);
    const start = startedAt(cluster, 'ticker');
    cluster.advanceTo(start + 12 * SECOND);
    expect(logs(cluster, 'ticker')).toBe('tick\ntick\ntick\n');
    cluster.advanceTo(start + 15 * SECOND);
    expect(logs(cluster, 'ticker')).toBe('tick\ntick\ntick\ntick\n');
    expect(logs(cluster, 'ticker', { tailLines: 2 })).toBe('tick\ntick\n');
    expect(logs(cluster, 'ticker', { sinceSeconds: 6 })).toBe('tick\ntick\n');
    const stamped = logs(cluster, 'ticker', { timestamps: true }).split('\n');
    expect(stamped[1]).toBe(`${new Date(start + 5 * SECOND).toISOString().replace('Z', '000000Z')} tick`);
  });

  it('the seed DaemonSet logger (sleep 60) prints one tick a minute', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('logger', { ...loop, command: ['sh', '-c', 'while true; do echo tick; sleep 60; done'] }),
    );
    cluster.advance(2 * SECOND);
    cluster.advanceTo(startedAt(cluster, 'logger') + 150 * SECOND);
    expect(logs(cluster, 'logger')).toBe('tick\ntick\ntick\n');
  });

  it('expands $(date) and $HOSTNAME the way busybox prints them', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('clock', {
        image: 'busybox:1.36',
        command: ['sh', '-c', 'while true; do echo "$(date) $HOSTNAME"; sleep 10; done'],
      }),
    );
    cluster.advance(2 * SECOND);
    const start = startedAt(cluster, 'clock');
    cluster.advanceTo(start + 10 * SECOND);
    expect(logs(cluster, 'clock')).toBe(
      `${formatLogTime('date', start)} clock\n${formatLogTime('date', start + 10 * SECOND)} clock\n`,
    );
    expect(formatLogTime('date', Date.UTC(2026, 0, 1, 0, 0, 5))).toBe('Thu Jan  1 00:00:05 UTC 2026');
  });

  it('nginx prints its docker-entrypoint lines and its version at start-up', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'nginx:1.25' }));
    cluster.advance(5 * SECOND);
    const lines = logs(cluster, 'web').split('\n');
    expect(lines[0]).toBe(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    );
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(lines.some((l) => /^2026\/01\/01 00:00:0\d \[notice\] 1#1: nginx\/1\.25\.5$/.test(l))).toBe(true);
  });

  it('redis prints its banner', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('cache', { image: 'redis:7.2' }));
    cluster.advance(5 * SECOND);
    expect(logs(cluster, 'cache')).toMatch(
      /^1:C 01 Jan 2026 00:00:0\d\.\d{3} \* oO0OoO0OoO0Oo Redis is starting/,
    );
    expect(logs(cluster, 'cache')).toContain('Ready to accept connections tcp');
  });

  it('echo hi prints hi; mysql without a password explains why it exits', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('hi', { image: 'busybox:1.36', command: ['echo', 'hi'] }, { restartPolicy: 'Never' }),
    );
    createPod(cluster, podInput('db', { image: 'mysql:8.4' }));
    cluster.advance(10 * SECOND);
    expect(logs(cluster, 'hi')).toBe('hi\n');
    expect(logs(cluster, 'db')).toContain(
      '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
    );
    expect(podNow(cluster, 'db').status?.containerStatuses?.[0]?.lastState.terminated?.exitCode).toBe(1);
  });

  it('errors as the API server returns them when there is nothing to show', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'nginx:1.25' }));
    expect(logs(cluster, 'web')).toBe(
      'ERROR container "c" in pod "web" is waiting to start: ContainerCreating',
    );
    cluster.advance(5 * SECOND);
    expect(logs(cluster, 'web', { previous: true })).toBe(
      'ERROR previous terminated container "c" in pod "web" not found',
    );
    expect(logs(cluster, 'web', {}, 'nope')).toBe('ERROR container nope is not valid for pod web');
    const unscheduled = {
      ...podNow(cluster, 'web'),
      spec: { ...podNow(cluster, 'web').spec, nodeName: undefined },
    };
    const empty = containerLogs(cluster.view(), unscheduled, 'c');
    expect(empty.ok && empty.value).toBe('');
    createPod(cluster, podInput('bad', { image: 'nginx:nope' }));
    cluster.advance(2 * SECOND);
    expect(logs(cluster, 'bad')).toBe(
      'ERROR container "c" in pod "bad" is waiting to start: ImagePullBackOff',
    );
  });

  it('--previous shows the run before a restart; a crash-looping container shows its last run', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('crash', {
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo starting; sleep 2; echo boom; exit 1'],
      }),
    );
    cluster.advance(5 * SECOND);
    const start = startedAt(cluster, 'crash');
    expect(logs(cluster, 'crash')).toBe('starting\nboom\n');
    expect(logs(cluster, 'crash', { previous: true })).toBe('starting\nboom\n');
    cluster.advanceTo(start + 13 * SECOND);
    expect(podNow(cluster, 'crash').status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(logs(cluster, 'crash')).toBe('starting\n');
  });

  it('a node whose kubelet is down cannot serve logs', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('web', { image: 'nginx:1.25' }, { nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } }),
    );
    cluster.advance(5 * SECOND);
    cluster.injectFault({ kind: 'node-down', node: 'worker-2' });
    expect(logs(cluster, 'web')).toBe(
      'ERROR Get "https://172.18.0.4:10250/containerLogs/default/web/c": dial tcp 172.18.0.4:10250: connect: no route to host',
    );
  });

  it('init containers have logs', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput(
        'app',
        { image: 'nginx:1.25' },
        {
          initContainers: [
            {
              name: 'init-db',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'echo waiting for db; sleep 2; echo done'],
            },
          ],
        },
      ),
    );
    cluster.advance(10 * SECOND);
    expect(logs(cluster, 'app', {}, 'init-db')).toBe('waiting for db\ndone\n');
  });
});
