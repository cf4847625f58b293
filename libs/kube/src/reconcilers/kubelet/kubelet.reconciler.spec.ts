import type { ObjectInput } from '../../api-server/api-server';
import type { Cluster } from '../../runtime/cluster';
import { SECOND } from '../../time/time';
import { Cluster as ClusterClass } from '../../runtime/cluster';
import { nodeLifecycleReconciler } from '../node-lifecycle/node-lifecycle.reconciler';
import { createPod, eventsOf, kubeletCluster, podInput, podNow, testBinder } from './kubelet-test-helpers';
import { kubeletReconciler } from './kubelet.reconciler';
import { backoffDelay, goDuration } from './kubelet.reconciler';

/** Instants (s after `from`) at which notes with `reason` were recorded for `pod`. */
function noteTimes(cluster: Cluster, pod: string, reason: string, from: number): number[] {
  return cluster
    .newEvents()
    .filter((e) => (e.notes ?? []).some((n) => n.reason === reason && n.involvedObject.name === pod))
    .map((e) => (e.at - from) / SECOND);
}

function waitingReason(cluster: Cluster, pod: string): string | undefined {
  return podNow(cluster, pod).status?.containerStatuses?.[0]?.state.waiting?.reason;
}

const pinned = (node: string) => ({ nodeSelector: { 'kubernetes.io/hostname': node } });

describe('kubelet: accepting a pod and pulling its image', () => {
  it('shows ContainerCreating with an IP from the node podCIDR, then Running and Ready once pulled', () => {
    const cluster = kubeletCluster();
    const t0 = cluster.now;
    const pod = createPod(cluster, podInput('web', { image: 'nginx:1.25' }, pinned('worker-1')));
    expect(pod.status?.phase).toBe('Pending');
    expect(waitingReason(cluster, 'web')).toBe('ContainerCreating');
    expect(pod.status?.podIP).toBe('10.244.1.2');
    expect(pod.status?.hostIP).toBe('172.18.0.3');
    expect(pod.status?.qosClass).toBe('BestEffort');
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=False',
      'ContainersReady=False',
      'PodScheduled=True',
    ]);
    expect(pod.status?.conditions?.[2]?.message).toBe('containers with unready status: [c]');

    cluster.advance(5 * SECOND);
    const running = podNow(cluster, 'web');
    expect(running.status?.phase).toBe('Running');
    expect(running.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const status = running.status?.containerStatuses?.[0];
    expect(status?.image).toBe('docker.io/library/nginx:1.25');
    expect(status?.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(status?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    const events = eventsOf(cluster, 'web');
    expect(events.map((e) => e.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    expect(events[1]?.message).toMatch(
      /^Successfully pulled image "nginx:1\.25" in \d\.\d+s \(\d\.\d+s including waiting\)\. Image size: \d+ bytes\.$/,
    );
    const started = noteTimes(cluster, 'web', 'Started', t0)[0] ?? 0;
    expect(started).toBeGreaterThan(2);
    expect(started).toBeLessThan(3);
    const images = cluster.get('Node', undefined, 'worker-1')?.status?.images ?? [];
    expect(images.flatMap((i) => i.names)).toContain('docker.io/library/nginx:1.25');
  });

  it('starts at once when the node already has the image (IfNotPresent), pulls again for :latest (Always)', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('first', { image: 'nginx:1.25' }, pinned('worker-1')));
    cluster.advance(5 * SECOND);
    createPod(cluster, podInput('second', { image: 'nginx:1.25' }, pinned('worker-1')));
    expect(podNow(cluster, 'second').status?.phase).toBe('Running');
    expect(eventsOf(cluster, 'second')[0]?.message).toBe(
      'Container image "nginx:1.25" already present on machine',
    );
    expect(podNow(cluster, 'second').status?.podIP).toBe('10.244.1.3');

    createPod(cluster, podInput('third', { image: 'nginx' }, pinned('worker-1')));
    expect(waitingReason(cluster, 'third')).toBe('ContainerCreating');
    expect(eventsOf(cluster, 'third')[0]?.message).toBe('Pulling image "nginx"');
  });

  it('pulls an image once per node for pods that start together', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('a', { image: 'redis:7.2' }, pinned('worker-2')));
    createPod(cluster, podInput('b', { image: 'redis:7.2' }, pinned('worker-2')));
    cluster.advance(10 * SECOND);
    const a = podNow(cluster, 'a').status?.containerStatuses?.[0]?.state.running?.startedAt;
    expect(a).toBeDefined();
    expect(podNow(cluster, 'b').status?.containerStatuses?.[0]?.state.running?.startedAt).toBe(a);
    expect(cluster.get('Node', undefined, 'worker-2')?.status?.images).toHaveLength(1);
  });
});

describe('kubelet: serialized pulls', () => {
  it('pulls one image at a time per node; the later pull reports its waiting', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('two', { name: 'web', image: 'nginx:1.25' }, { ...pinned('worker-1') }));
    createPod(cluster, podInput('cache', { image: 'redis:7.2' }, pinned('worker-1')));
    cluster.advance(20 * SECOND);
    const web = eventsOf(cluster, 'two').find((e) => e.reason === 'Pulled')?.message ?? '';
    const redis = eventsOf(cluster, 'cache').find((e) => e.reason === 'Pulled')?.message ?? '';
    const [, pull, total] = /in ([\d.]+)s \(([\d.]+)s including waiting\)/.exec(redis) ?? [];
    expect(Number(total)).toBeGreaterThan(Number(pull));
    const [, webPull] = /in ([\d.]+)s/.exec(web) ?? [];
    expect(Number(total)).toBeCloseTo(Number(webPull) + Number(pull), 2);
  });
});

describe('kubelet: image pull failures', () => {
  it('an unknown tag alternates ErrImagePull / ImagePullBackOff with back-off 10 s doubling to 300 s', () => {
    const cluster = kubeletCluster();
    const t0 = cluster.now;
    createPod(cluster, podInput('bad', { image: 'nginx:doesnotexist' }));
    expect(waitingReason(cluster, 'bad')).toBe('ErrImagePull');
    expect(podNow(cluster, 'bad').status?.containerStatuses?.[0]?.state.waiting?.message).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    );
    cluster.advance(2 * SECOND);
    expect(waitingReason(cluster, 'bad')).toBe('ImagePullBackOff');
    expect(podNow(cluster, 'bad').status?.phase).toBe('Pending');
    cluster.advance(1000 * SECOND);
    expect(noteTimes(cluster, 'bad', 'Pulling', t0)).toEqual([0, 10, 30, 70, 150, 310, 610, 910]);
    const reasons = eventsOf(cluster, 'bad').map((e) => `${e.reason}: ${e.message.slice(0, 52)}`);
    expect(reasons).toEqual([
      'Pulling: Pulling image "nginx:doesnotexist"',
      'Failed: Failed to pull image "nginx:doesnotexist": rpc error',
      'Failed: Error: ErrImagePull',
      'BackOff: Back-off pulling image "nginx:doesnotexist"',
      'Failed: Error: ImagePullBackOff',
    ]);
    expect(eventsOf(cluster, 'bad').every((e) => e.count === 8)).toBe(true);
  });

  it('keeps the pull back-off apart from the crash back-off', () => {
    const cluster = kubeletCluster();
    cluster.injectFault({ kind: 'image-broken', image: 'busybox:1.36' });
    createPod(cluster, podInput('crash', { image: 'busybox:1.36', command: ['false'] }));
    cluster.advance(15 * SECOND); // two failed pulls: at 0 and 10 s
    cluster.injectFault({ kind: 'image-fixed', image: 'busybox:1.36' });
    cluster.advance(60 * SECOND); // pulled at the 30 s retry, then crashes
    const starts = noteTimes(cluster, 'crash', 'Started', 0);
    expect(starts).toHaveLength(3);
    // The first crash waits 10 s, not the 40 s the pull failures had reached.
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBe(10);
    expect((starts[2] ?? 0) - (starts[1] ?? 0)).toBe(20);
  });

  it.each([
    [
      'nosuchimage',
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nosuchimage:latest": failed to resolve reference "docker.io/library/nosuchimage:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    ],
    [
      'registry.example.com/team/app:1.0',
      'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/team/app:1.0": failed to resolve reference "registry.example.com/team/app:1.0": failed to do request: Head "https://registry.example.com/v2/team/app/manifests/1.0": dial tcp: lookup registry.example.com on 172.18.0.1:53: no such host',
    ],
  ])('%s fails to pull with the runtime message', (image, message) => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('p', { image }));
    expect(podNow(cluster, 'p').status?.containerStatuses?.[0]?.state.waiting?.message).toBe(message);
  });

  it('an invalid reference shows InvalidImageName', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('p', { image: 'Nginx:1.25' }));
    expect(waitingReason(cluster, 'p')).toBe('InvalidImageName');
    expect(eventsOf(cluster, 'p')[0]?.message).toBe(
      'Failed to apply default image tag "Nginx:1.25": couldn\'t parse image reference "Nginx:1.25": invalid reference format: repository name must be lowercase',
    );
  });

  it('a broken image (fault) fails until fixed; a node that has it keeps starting it', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('warm', { image: 'nginx:1.25' }, pinned('worker-1')));
    cluster.advance(5 * SECOND);
    cluster.injectFault({ kind: 'image-broken', image: 'nginx:1.25' });
    createPod(cluster, podInput('cold', { image: 'nginx:1.25' }, pinned('worker-2')));
    expect(waitingReason(cluster, 'cold')).toBe('ErrImagePull');
    expect(podNow(cluster, 'cold').status?.containerStatuses?.[0]?.state.waiting?.message).toContain(
      '503 Service Unavailable',
    );
    createPod(cluster, podInput('cached', { image: 'nginx:1.25' }, pinned('worker-1')));
    expect(podNow(cluster, 'cached').status?.phase).toBe('Running');
    cluster.injectFault({ kind: 'image-fixed', image: 'nginx:1.25' });
    cluster.advance(15 * SECOND);
    expect(podNow(cluster, 'cold').status?.phase).toBe('Running');
  });

  it('registered exercise images resolve, with their behaviour', () => {
    const cluster = kubeletCluster();
    cluster.registerImage({
      name: 'podlab/slow',
      tags: ['1.0'],
      behaviour: { pullSeconds: 1, readySeconds: 20, run: 'serve', stopSeconds: 0 },
    });
    const probe = { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 };
    createPod(cluster, podInput('slow', { image: 'podlab/slow:1.0', readinessProbe: probe }));
    cluster.advance(10 * SECOND);
    expect(podNow(cluster, 'slow').status?.phase).toBe('Running');
    expect(podNow(cluster, 'slow').status?.containerStatuses?.[0]?.ready).toBe(false);
    cluster.advance(20 * SECOND);
    expect(podNow(cluster, 'slow').status?.containerStatuses?.[0]?.ready).toBe(true);
    createPod(cluster, podInput('wrongtag', { image: 'podlab/slow:2.0' }));
    expect(waitingReason(cluster, 'wrongtag')).toBe('ErrImagePull');
  });
});

describe('kubelet: containers that exit', () => {
  it('C-52: a container that exits at once restarts at 10, 30, 70, 150, 310, 610, 910 s', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('crash', { image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }));
    cluster.advance(3 * SECOND);
    const first = cluster.newEvents().find((e) => e.notes?.some((n) => n.reason === 'Started'))?.at ?? 0;
    const pod = podNow(cluster, 'crash');
    expect(pod.status?.phase).toBe('Running');
    expect(waitingReason(cluster, 'crash')).toBe('CrashLoopBackOff');
    expect(pod.status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.message).toBe(
      `back-off 10s restarting failed container=c pod=crash_default(${pod.metadata.uid})`,
    );
    cluster.advance(1000 * SECOND);
    expect(noteTimes(cluster, 'crash', 'Started', first)).toEqual([0, 10, 30, 70, 150, 310, 610, 910]);
    expect(podNow(cluster, 'crash').status?.containerStatuses?.[0]?.restartCount).toBe(7);
    expect(eventsOf(cluster, 'crash').find((e) => e.reason === 'BackOff')?.message).toBe(
      `Back-off restarting failed container c in pod crash_default(${pod.metadata.uid})`,
    );
  });

  it('shows Error for a moment right after the exit, then CrashLoopBackOff', () => {
    const cluster = kubeletCluster();
    const pod = createPod(cluster, podInput('crash', { image: 'busybox:1.36', command: ['false'] }));
    cluster.advanceTo(pod.sim?.containers[0]?.until ?? 0);
    expect(podNow(cluster, 'crash').status?.containerStatuses?.[0]?.state.terminated?.reason).toBe('Error');
    cluster.advance(1 * SECOND);
    expect(waitingReason(cluster, 'crash')).toBe('CrashLoopBackOff');
  });

  it('busybox without a command exits 0 (Completed) and crash-loops under restartPolicy Always', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('bb', { image: 'busybox' }));
    cluster.advance(15 * SECOND);
    const status = podNow(cluster, 'bb').status?.containerStatuses?.[0];
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(status?.restartCount).toBe(1);
  });

  it.each([
    ['Never', ['echo', 'hi'], 'Succeeded', 0, 'Completed'],
    ['OnFailure', ['echo', 'hi'], 'Succeeded', 0, 'Completed'],
    ['Never', ['sh', '-c', 'exit 3'], 'Failed', 3, 'Error'],
  ] as const)('restartPolicy %s with %j ends %s', (policy, command, phase, exitCode, reason) => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('job', { image: 'busybox:1.36', command: [...command] }, { restartPolicy: policy }),
    );
    cluster.advance(60 * SECOND);
    const pod = podNow(cluster, 'job');
    expect(pod.status?.phase).toBe(phase);
    expect(pod.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode, reason });
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('PodCompleted');
    expect(cluster.nextTimerAt()).toBeUndefined();
  });

  it('OnFailure restarts a failing container', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput(
        'job',
        { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 2; exit 1'] },
        { restartPolicy: 'OnFailure' },
      ),
    );
    cluster.advance(30 * SECOND);
    expect(podNow(cluster, 'job').status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });

  it('resets the back-off after a run of 10 minutes', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('long', { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 660; exit 1'] }),
    );
    cluster.advance(5 * SECOND);
    const first = cluster.newEvents().find((e) => e.notes?.some((n) => n.reason === 'Started'))?.at ?? 0;
    cluster.advance(2100 * SECOND);
    expect(noteTimes(cluster, 'long', 'Started', first)).toEqual([0, 670, 1340, 2010]);
  });

  it('a container-crash fault restarts the container with back-off', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'nginx:1.25' }));
    cluster.advance(5 * SECOND);
    cluster.injectFault({ kind: 'container-crash', namespace: 'default', pod: 'web' });
    cluster.reconcile();
    expect(podNow(cluster, 'web').status?.containerStatuses?.[0]?.state.terminated?.exitCode).toBe(137);
    expect(podNow(cluster, 'web').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    cluster.advance(5 * SECOND);
    expect(waitingReason(cluster, 'web')).toBe('CrashLoopBackOff');
    cluster.advance(6 * SECOND);
    const status = podNow(cluster, 'web').status?.containerStatuses?.[0];
    expect(status?.restartCount).toBe(1);
    expect(status?.ready).toBe(true);
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('back-off is 10 s doubling to 300 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n) / SECOND)).toEqual([
      10, 20, 40, 80, 160, 300, 300, 300,
    ]);
    expect([523, 2354, 2000, 62_500, 3_600_000].map(goDuration)).toEqual([
      '523ms',
      '2.354s',
      '2s',
      '1m2.5s',
      '1h0m0s',
    ]);
  });
});

describe('kubelet: probes', () => {
  it('readiness: first probe at initialDelaySeconds, ready when a probe succeeds', () => {
    const cluster = kubeletCluster();
    const probe = { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5, periodSeconds: 10 };
    createPod(cluster, podInput('web', { image: 'nginx:1.25', readinessProbe: probe }));
    cluster.advance(4 * SECOND);
    const startedAt = cluster.newEvents().find((e) => e.notes?.some((n) => n.reason === 'Started'))?.at ?? 0;
    expect(podNow(cluster, 'web').status?.containerStatuses?.[0]?.ready).toBe(false);
    cluster.advanceTo(startedAt + 5 * SECOND - 1);
    expect(podNow(cluster, 'web').status?.containerStatuses?.[0]?.ready).toBe(false);
    cluster.advanceTo(startedAt + 5 * SECOND);
    expect(podNow(cluster, 'web').status?.containerStatuses?.[0]?.ready).toBe(true);
    expect(podNow(cluster, 'web').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('readiness: a slow server fails probes (Unhealthy) until it serves', () => {
    const cluster = kubeletCluster();
    const probe = { tcpSocket: { port: 5432 }, periodSeconds: 3 };
    createPod(cluster, podInput('db', { image: 'postgres:16', readinessProbe: probe }));
    cluster.advance(10 * SECOND);
    const startedAt = cluster.newEvents().find((e) => e.notes?.some((n) => n.reason === 'Started'))?.at ?? 0;
    cluster.advance(20 * SECOND);
    const readyAt = Date.parse(
      podNow(cluster, 'db').status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '',
    );
    // postgres answers 4 s after start; probes at 0, 3 fail, the one at 6 s succeeds.
    expect(readyAt - Math.floor(startedAt / 1000) * 1000).toBe(6 * SECOND);
    const unhealthy = eventsOf(cluster, 'db').find((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toEqual({
      reason: 'Unhealthy',
      message: 'Readiness probe failed: dial tcp 10.244.1.2:5432: connect: connection refused',
      count: 2,
    });
  });

  it('readiness on a port nothing listens on: never ready, Running, Unhealthy every period', () => {
    const cluster = kubeletCluster();
    const probe = { httpGet: { path: '/', port: 8080 }, periodSeconds: 10 };
    createPod(cluster, podInput('web', { image: 'nginx:1.25', readinessProbe: probe }));
    cluster.advance(65 * SECOND);
    const pod = podNow(cluster, 'web');
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(eventsOf(cluster, 'web').find((e) => e.reason === 'Unhealthy')?.count).toBe(7);
  });

  it('liveness: the documented exec example is killed after three failures and restarted', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('liveness-exec', {
        image: 'registry.k8s.io/busybox',
        args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
        livenessProbe: {
          exec: { command: ['cat', '/tmp/healthy'] },
          initialDelaySeconds: 5,
          periodSeconds: 5,
        },
      }),
    );
    // registry.k8s.io/busybox is not in the catalog: it fails like on a cluster without that image.
    expect(waitingReason(cluster, 'liveness-exec')).toBe('ErrImagePull');

    createPod(
      cluster,
      podInput('live', {
        image: 'busybox:1.36',
        args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
        livenessProbe: {
          exec: { command: ['cat', '/tmp/healthy'] },
          initialDelaySeconds: 5,
          periodSeconds: 5,
        },
      }),
    );
    cluster.advance(3 * SECOND);
    const startedAt =
      cluster
        .newEvents()
        .find((e) => e.notes?.some((n) => n.reason === 'Started' && n.involvedObject.name === 'live'))?.at ??
      0;
    cluster.advanceTo(startedAt + 39 * SECOND);
    expect(podNow(cluster, 'live').status?.containerStatuses?.[0]?.state.running).toBeDefined();
    cluster.advanceTo(startedAt + 40 * SECOND);
    expect(noteTimes(cluster, 'live', 'Unhealthy', startedAt)).toEqual([30, 35, 40]);
    expect(noteTimes(cluster, 'live', 'Killing', startedAt)).toEqual([40]);
    expect(eventsOf(cluster, 'live').find((e) => e.reason === 'Killing')?.message).toBe(
      'Container c failed liveness probe, will be restarted',
    );
    expect(eventsOf(cluster, 'live').find((e) => e.reason === 'Unhealthy')?.message).toBe(
      "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    );
    cluster.advanceTo(startedAt + 50 * SECOND);
    expect(podNow(cluster, 'live').status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });
});

describe('kubelet: graceful termination', () => {
  it('nginx stops within a second of SIGTERM; the kubelet then removes the pod', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'nginx:1.25' }));
    cluster.advance(5 * SECOND);
    cluster.delete('Pod', 'default', 'web');
    cluster.reconcile();
    expect(podNow(cluster, 'web').metadata.deletionTimestamp).toBeDefined();
    expect(eventsOf(cluster, 'web').at(-1)).toMatchObject({
      reason: 'Killing',
      message: 'Stopping container c',
    });
    cluster.advance(1 * SECOND);
    expect(cluster.get('Pod', 'default', 'web')).toBeUndefined();
  });

  it.each([
    [undefined, 30],
    [10, 10],
  ])('sleep ignores SIGTERM and is killed when the grace period (%s) ends', (grace, seconds) => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput(
        'sleeper',
        { image: 'busybox:1.36', command: ['sleep', '3600'] },
        grace ? { terminationGracePeriodSeconds: grace } : {},
      ),
    );
    cluster.advance(5 * SECOND);
    cluster.delete('Pod', 'default', 'sleeper');
    cluster.advance((seconds - 1) * SECOND);
    expect(cluster.get('Pod', 'default', 'sleeper')).toBeDefined();
    cluster.advance(1 * SECOND);
    expect(cluster.get('Pod', 'default', 'sleeper')).toBeUndefined();
  });

  it('a second delete with a shorter grace period kills sooner', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('sleeper', { image: 'busybox:1.36', command: ['sleep', '3600'] }));
    cluster.advance(5 * SECOND);
    cluster.delete('Pod', 'default', 'sleeper');
    cluster.advance(2 * SECOND);
    cluster.delete('Pod', 'default', 'sleeper', { gracePeriodSeconds: 3 });
    cluster.advance(2 * SECOND);
    expect(cluster.get('Pod', 'default', 'sleeper')).toBeDefined();
    cluster.advance(1 * SECOND);
    expect(cluster.get('Pod', 'default', 'sleeper')).toBeUndefined();
  });

  it('a pod deleted while its image is still pulling goes at once', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'postgres:16' }));
    cluster.delete('Pod', 'default', 'web');
    cluster.reconcile();
    expect(cluster.get('Pod', 'default', 'web')).toBeUndefined();
  });
});

describe('kubelet: node down', () => {
  it('freezes the node pods; deleted pods stay Terminating until the node is back', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'nginx:1.25' }, pinned('worker-1')));
    createPod(cluster, podInput('late', { image: 'redis:7.2' }, pinned('worker-1')));
    cluster.advance(1 * SECOND);
    cluster.injectFault({ kind: 'node-down', node: 'worker-1' });
    const frozen = JSON.stringify(podNow(cluster, 'late').status);
    cluster.delete('Pod', 'default', 'web');
    cluster.advance(10 * 60 * SECOND);
    expect(podNow(cluster, 'web').metadata.deletionTimestamp).toBeDefined();
    expect(JSON.stringify(podNow(cluster, 'late').status)).toBe(frozen);
    expect(cluster.nextTimerAt()).toBeUndefined();

    cluster.injectFault({ kind: 'node-up', node: 'worker-1' });
    cluster.reconcile();
    expect(cluster.get('Pod', 'default', 'web')).toBeUndefined();
    expect(podNow(cluster, 'late').status?.phase).toBe('Running');
  });
});

describe('kubelet: with the node lifecycle controller', () => {
  it('reports its pods Ready again when the node is back, after the controller marked them NotReady', () => {
    const cluster = ClusterClass.create({
      freezeObjects: true,
      reconcilers: [nodeLifecycleReconciler(), testBinder(), kubeletReconciler()],
    });
    createPod(
      cluster,
      podInput(
        'agent',
        { image: 'fluentd:latest' },
        { ...pinned('worker-2'), tolerations: [{ operator: 'Exists' }] },
      ),
    );
    cluster.advance(10 * SECOND);
    expect(podNow(cluster, 'agent').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    cluster.injectFault({ kind: 'node-down', node: 'worker-2' });
    cluster.advance(60 * SECOND);
    expect(podNow(cluster, 'agent').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe(
      'False',
    );
    cluster.injectFault({ kind: 'node-up', node: 'worker-2' });
    cluster.advance(1 * SECOND);
    const pod = podNow(cluster, 'agent');
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(pod.status?.conditions?.map((c) => c.type)).toEqual([
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ]);
  });
});

describe('kubelet: volumes', () => {
  const pv = (name: string, modes: string[], claim: string): ObjectInput =>
    ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: modes,
        storageClassName: 'standard',
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace: 'default',
          name: claim,
          uid: 'x',
          apiVersion: 'v1',
        },
      },
      status: { phase: 'Bound' },
    }) as ObjectInput;
  const pvc = (name: string, volumeName?: string): ObjectInput =>
    ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'default' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        ...(volumeName ? { volumeName } : {}),
      },
      status: volumeName ? { phase: 'Bound' } : { phase: 'Pending' },
    }) as ObjectInput;
  const withClaim = (name: string, node: string) =>
    podInput(
      name,
      { image: 'nginx:1.25', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] },
      { ...pinned(node), volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'data' } }] },
    );

  it('RWO: a second pod on another node stays ContainerCreating with a Multi-Attach error', () => {
    const cluster = kubeletCluster();
    cluster.create(pv('pvc-1234', ['ReadWriteOnce'], 'data'));
    cluster.create(pvc('data', 'pvc-1234'));
    createPod(cluster, withClaim('a', 'worker-1'));
    createPod(cluster, withClaim('b', 'worker-2'));
    createPod(cluster, withClaim('c', 'worker-1'));
    cluster.advance(5 * SECOND);
    expect(podNow(cluster, 'a').status?.phase).toBe('Running');
    expect(podNow(cluster, 'c').status?.phase).toBe('Running');
    expect(waitingReason(cluster, 'b')).toBe('ContainerCreating');
    expect(podNow(cluster, 'b').status?.conditions?.[0]).toMatchObject({
      type: 'PodReadyToStartContainers',
      status: 'False',
    });
    expect(eventsOf(cluster, 'b')).toEqual([
      {
        reason: 'FailedAttachVolume',
        message: 'Multi-Attach error for volume "pvc-1234" Volume is already used by pod(s) a',
        count: 1,
      },
    ]);
    cluster.advance(2 * 60 * SECOND);
    expect(eventsOf(cluster, 'b').at(-1)).toEqual({
      reason: 'FailedMount',
      message:
        'Unable to attach or mount volumes: unmounted volumes=[www], unattached volumes=[www], failed to process volumes=[]: timed out waiting for the condition',
      count: 1,
    });
    cluster.delete('Pod', 'default', 'a');
    cluster.delete('Pod', 'default', 'c');
    cluster.advance(10 * SECOND);
    expect(podNow(cluster, 'b').status?.phase).toBe('Running');
  });

  it('RWO: pods that waited for the claim together: the first attaches, the other reports Multi-Attach at once', () => {
    const cluster = kubeletCluster();
    cluster.create(pvc('data'));
    createPod(cluster, withClaim('a', 'worker-1'));
    createPod(cluster, withClaim('b', 'worker-2'));
    cluster.advance(30 * SECOND);
    cluster.create(pv('pvc-9', ['ReadWriteOnce'], 'data'));
    const claim = cluster.get('PersistentVolumeClaim', 'default', 'data');
    if (!claim) throw new Error('no claim');
    cluster.update({ ...claim, spec: { ...claim.spec, volumeName: 'pvc-9' }, status: { phase: 'Bound' } });
    cluster.reconcile();
    expect(eventsOf(cluster, 'b')).toEqual([
      {
        reason: 'FailedAttachVolume',
        message: 'Multi-Attach error for volume "pvc-9" Volume is already used by pod(s) a',
        count: 1,
      },
    ]);
    cluster.advance(2 * 60 * SECOND);
    expect(eventsOf(cluster, 'b').map((e) => `${e.reason} x${e.count}`)).toEqual([
      'FailedAttachVolume x2',
      'FailedMount x1',
    ]);
    expect(podNow(cluster, 'a').status?.phase).toBe('Running');
    expect(waitingReason(cluster, 'b')).toBe('ContainerCreating');
  });

  it('RWX volumes mount on several nodes', () => {
    const cluster = kubeletCluster();
    cluster.create(pv('pvc-rwx', ['ReadWriteMany'], 'data'));
    cluster.create(pvc('data', 'pvc-rwx'));
    createPod(cluster, withClaim('a', 'worker-1'));
    createPod(cluster, withClaim('b', 'worker-2'));
    cluster.advance(5 * SECOND);
    expect(podNow(cluster, 'b').status?.phase).toBe('Running');
  });

  it('waits while the claim is unbound and starts once it is bound', () => {
    const cluster = kubeletCluster();
    cluster.create(pvc('data'));
    createPod(cluster, withClaim('a', 'worker-1'));
    cluster.advance(2 * 60 * SECOND);
    expect(waitingReason(cluster, 'a')).toBe('ContainerCreating');
    expect(eventsOf(cluster, 'a').at(-1)?.message).toBe(
      'Unable to attach or mount volumes: unmounted volumes=[www], unattached volumes=[], failed to process volumes=[www]: error processing PVC default/data: PVC is not bound',
    );
    cluster.create(pv('pvc-1', ['ReadWriteOnce'], 'data'));
    const claim = cluster.get('PersistentVolumeClaim', 'default', 'data');
    if (!claim) throw new Error('no claim');
    cluster.update({ ...claim, spec: { ...claim.spec, volumeName: 'pvc-1' }, status: { phase: 'Bound' } });
    cluster.advance(5 * SECOND);
    expect(podNow(cluster, 'a').status?.phase).toBe('Running');
  });
});

describe('kubelet: determinism and scale', () => {
  const scenario = (seed: number) => {
    const cluster = kubeletCluster(seed);
    createPod(cluster, podInput('web', { image: 'nginx:1.25' }));
    createPod(cluster, podInput('crash', { image: 'busybox', command: ['false'] }));
    createPod(cluster, podInput('bad', { image: 'nginx:nope' }));
    cluster.advance(120 * SECOND);
    cluster.delete('Pod', 'default', 'web');
    cluster.advance(60 * SECOND);
    return JSON.stringify(cluster.newEvents());
  };

  it('same seed and inputs give the same event stream', () => {
    expect(scenario(7)).toBe(scenario(7));
  });

  it('brings 2,000 pods on 100 nodes to Ready, one IP each, in one batch per instant', () => {
    const cluster = kubeletCluster(1, 100);
    for (let i = 0; i < 2000; i++)
      cluster.create(podInput(`p-${String(i).padStart(4, '0')}`, { image: 'nginx:1.25' }));
    cluster.settle(60 * SECOND);
    const pods = cluster.view().objects.list('Pod');
    expect(
      pods.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
    ).toBe(true);
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(2000);
    expect(cluster.nextTimerAt()).toBeUndefined();
  });
});

describe('kubelet: init containers', () => {
  const withInit = (command: string[], policy?: 'Always' | 'OnFailure' | 'Never') =>
    podInput(
      'app',
      { image: 'nginx:1.25' },
      {
        initContainers: [
          { name: 'init-wait', image: 'busybox:1.36', command },
          { name: 'init-done', image: 'busybox:1.36', command: ['echo', 'ready'] },
        ],
        ...(policy ? { restartPolicy: policy } : {}),
      },
    );

  it('run one after the other to completion before the containers start', () => {
    const cluster = kubeletCluster();
    const pod = createPod(cluster, withInit(['sleep', '5']));
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');
    expect(pod.status?.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [init-wait init-done]',
    });
    cluster.advance(3 * SECOND);
    expect(podNow(cluster, 'app').status?.initContainerStatuses?.[0]?.state.running).toBeDefined();
    cluster.advance(10 * SECOND);
    const done = podNow(cluster, 'app');
    expect(done.status?.initContainerStatuses?.map((s) => s.state.terminated?.reason)).toEqual([
      'Completed',
      'Completed',
    ]);
    expect(done.status?.conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
    expect(done.status?.phase).toBe('Running');
    expect(done.status?.containerStatuses?.[0]?.ready).toBe(true);
    const starts = cluster
      .newEvents()
      .flatMap((e) =>
        (e.notes ?? []).filter((n) => n.reason === 'Started').map((n) => n.involvedObject.fieldPath),
      );
    expect(starts).toEqual([
      'spec.initContainers{init-wait}',
      'spec.initContainers{init-done}',
      'spec.containers{c}',
    ]);
  });

  it('a failing init container is retried with back-off; under Never the pod fails', () => {
    const cluster = kubeletCluster();
    createPod(cluster, withInit(['sh', '-c', 'exit 1']));
    cluster.advance(40 * SECOND);
    const pod = podNow(cluster, 'app');
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.initContainerStatuses?.[0]?.restartCount).toBe(2);
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');

    const never = kubeletCluster();
    createPod(never, withInit(['sh', '-c', 'exit 1'], 'Never'));
    never.advance(40 * SECOND);
    expect(podNow(never, 'app').status?.phase).toBe('Failed');
    expect(podNow(never, 'app').status?.initContainerStatuses?.[0]?.restartCount).toBe(0);
  });
});

describe('kubelet: changes to a running pod', () => {
  const setImage = (cluster: Cluster, name: string, image: string) => {
    const pod = podNow(cluster, name);
    const result = cluster.update({
      ...pod,
      spec: { ...pod.spec, containers: pod.spec.containers.map((c) => ({ ...c, image })) },
    });
    if (!result.ok) throw new Error(result.error.message);
    cluster.reconcile();
  };

  it('a new image restarts the container at once with it (kubectl set image pod/…)', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'nginx:1.25' }));
    cluster.advance(5 * SECOND);
    setImage(cluster, 'web', 'nginx:1.26');
    expect(eventsOf(cluster, 'web').find((e) => e.message.includes('definition changed'))?.message).toBe(
      'Container c definition changed, will be restarted',
    );
    cluster.advance(5 * SECOND);
    const status = podNow(cluster, 'web').status?.containerStatuses?.[0];
    expect(status?.image).toBe('docker.io/library/nginx:1.26');
    expect(status?.restartCount).toBe(1);
    expect(status?.ready).toBe(true);
  });

  it('fixing the image of a pod in ImagePullBackOff pulls the new one without waiting out the back-off', () => {
    const cluster = kubeletCluster();
    createPod(cluster, podInput('web', { image: 'nginx:1.255' }));
    cluster.advance(100 * SECOND);
    expect(waitingReason(cluster, 'web')).toBe('ImagePullBackOff');
    const fixedAt = cluster.now;
    setImage(cluster, 'web', 'nginx:1.25');
    expect(
      cluster
        .newEvents()
        .filter((e) => e.at === fixedAt && e.notes?.some((n) => n.message === 'Pulling image "nginx:1.25"')),
    ).toHaveLength(1);
    cluster.advance(5 * SECOND);
    expect(podNow(cluster, 'web').status?.phase).toBe('Running');
    expect(podNow(cluster, 'web').status?.containerStatuses?.[0]?.restartCount).toBe(0);
  });

  it('hostNetwork pods get the node address', () => {
    const cluster = kubeletCluster();
    const pod = createPod(
      cluster,
      podInput(
        'exporter',
        { image: 'prom/node-exporter:v1.8.2' },
        { ...pinned('worker-3'), hostNetwork: true },
      ),
    );
    expect(pod.status?.podIP).toBe('172.18.0.5');
  });

  it('a memory hog above its limit is OOMKilled and restarted', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('memory-demo', {
        image: 'polinux/stress',
        command: ['stress'],
        args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
        resources: { limits: { memory: '100Mi' }, requests: { memory: '50Mi' } },
      }),
    );
    cluster.advance(5 * SECOND);
    const status = podNow(cluster, 'memory-demo').status?.containerStatuses?.[0];
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(status?.state.waiting?.reason).toBe('CrashLoopBackOff');

    createPod(
      cluster,
      podInput('memory-ok', {
        image: 'polinux/stress',
        command: ['stress'],
        args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'],
        resources: { limits: { memory: '200Mi' } },
      }),
    );
    cluster.advance(5 * SECOND);
    expect(podNow(cluster, 'memory-ok').status?.containerStatuses?.[0]?.state.running).toBeDefined();
    expect(podNow(cluster, 'memory-ok').status?.qosClass).toBe('Burstable');
  });
});

describe('kubelet: readiness that goes away', () => {
  it('turns NotReady after failureThreshold failed readiness probes, without a restart', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('flaky', {
        image: 'busybox:1.36',
        command: ['sh', '-c', 'touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 3600'],
        readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5 },
      }),
    );
    cluster.advance(2 * SECOND);
    const startedAt = cluster.newEvents().find((e) => e.notes?.some((n) => n.reason === 'Started'))?.at ?? 0;
    expect(podNow(cluster, 'flaky').status?.containerStatuses?.[0]?.ready).toBe(true);
    // Probes at 20, 25, 30 fail: NotReady from the third.
    cluster.advanceTo(startedAt + 29 * SECOND);
    expect(podNow(cluster, 'flaky').status?.containerStatuses?.[0]?.ready).toBe(true);
    cluster.advanceTo(startedAt + 30 * SECOND);
    const pod = podNow(cluster, 'flaky');
    expect(pod.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(noteTimes(cluster, 'flaky', 'Unhealthy', startedAt)).toEqual([20, 25, 30]);
  });
});

describe('kubelet: startup probes', () => {
  it('hold off readiness and liveness until the startup probe succeeds', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('db', {
        image: 'postgres:16',
        startupProbe: { tcpSocket: { port: 5432 }, periodSeconds: 2, failureThreshold: 30 },
        livenessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 10, failureThreshold: 1 },
      }),
    );
    cluster.advance(6 * SECOND);
    const startedAt = cluster.newEvents().find((e) => e.notes?.some((n) => n.reason === 'Started'))?.at ?? 0;
    cluster.advanceTo(startedAt + 3 * SECOND);
    expect(podNow(cluster, 'db').status?.containerStatuses?.[0]).toMatchObject({
      started: false,
      ready: false,
    });
    // postgres answers after 4 s: the startup probe at 4 s succeeds; the liveness probe never ran before it.
    cluster.advanceTo(startedAt + 4 * SECOND);
    expect(podNow(cluster, 'db').status?.containerStatuses?.[0]).toMatchObject({
      started: true,
      ready: true,
    });
    cluster.advance(60 * SECOND);
    expect(podNow(cluster, 'db').status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(eventsOf(cluster, 'db').find((e) => e.reason === 'Unhealthy')).toMatchObject({
      message: 'Startup probe failed: dial tcp 10.244.1.2:5432: connect: connection refused',
      count: 2,
    });
  });

  it('a startup probe that never succeeds kills the container after failureThreshold', () => {
    const cluster = kubeletCluster();
    createPod(
      cluster,
      podInput('web', {
        image: 'nginx:1.25',
        startupProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5, failureThreshold: 3 },
      }),
    );
    cluster.advance(5 * SECOND);
    const startedAt = cluster.newEvents().find((e) => e.notes?.some((n) => n.reason === 'Started'))?.at ?? 0;
    cluster.advanceTo(startedAt + 10 * SECOND);
    expect(noteTimes(cluster, 'web', 'Killing', startedAt)).toEqual([10]);
    expect(eventsOf(cluster, 'web').find((e) => e.reason === 'Killing')?.message).toBe(
      'Container c failed startup probe, will be restarted',
    );
  });
});
