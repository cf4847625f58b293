import { displayState, podStatusColumns } from './pod-status';

const container = (state: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'app',
  ready: false,
  restartCount: 0,
  state,
  ...extra,
});

function pod(
  status: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
) {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'u', ...metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

function shown(p: unknown) {
  const columns = podStatusColumns(p as Record<string, unknown>);
  const phase = ((p as { status?: { phase?: string } }).status?.phase ?? null) as string | null;
  return [
    columns.status,
    displayState(columns, phase),
    `${columns.readyContainers}/${columns.totalContainers}`,
    columns.restarts,
  ];
}

describe('pod STATUS and display state (kubectl printPod)', () => {
  it.each([
    ['unscheduled', pod({ phase: 'Pending' }), ['Pending', 'Pending', '0/1', 0]],
    [
      'creating',
      pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'ContainerCreating' } })] }),
      ['ContainerCreating', 'ContainerCreating', '0/1', 0],
    ],
    [
      'running and ready',
      pod({ phase: 'Running', containerStatuses: [container({ running: {} }, { ready: true })] }),
      ['Running', 'Ready', '1/1', 0],
    ],
    [
      'running, not ready',
      pod({ phase: 'Running', containerStatuses: [container({ running: {} })] }),
      ['Running', 'Running', '0/1', 0],
    ],
    [
      'crash loop',
      pod({
        phase: 'Running',
        containerStatuses: [container({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 4 })],
      }),
      ['CrashLoopBackOff', 'CrashLoopBackOff', '0/1', 4],
    ],
    [
      'image pull back-off',
      pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'ImagePullBackOff' } })] }),
      ['ImagePullBackOff', 'ImagePullBackOff', '0/1', 0],
    ],
    [
      'image pull error',
      pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'ErrImagePull' } })] }),
      ['ErrImagePull', 'ImagePullBackOff', '0/1', 0],
    ],
    [
      'terminating',
      pod(
        { phase: 'Running', containerStatuses: [container({ running: {} }, { ready: true })] },
        { deletionTimestamp: '2026-01-01T00:00:00Z' },
      ),
      ['Terminating', 'Terminating', '1/1', 0],
    ],
    [
      'node lost',
      pod({ phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      ['Unknown', 'Unknown', '0/1', 0],
    ],
    [
      'completed',
      pod({
        phase: 'Succeeded',
        containerStatuses: [container({ terminated: { exitCode: 0, reason: 'Completed' } })],
      }),
      ['Completed', 'Completed', '0/1', 0],
    ],
    [
      'exited with an error',
      pod({
        phase: 'Failed',
        containerStatuses: [container({ terminated: { exitCode: 1, reason: 'Error' } })],
      }),
      ['Error', 'Error', '0/1', 0],
    ],
    [
      'exit code without a reason',
      pod({ phase: 'Running', containerStatuses: [container({ terminated: { exitCode: 137 } })] }),
      ['ExitCode:137', 'Error', '0/1', 0],
    ],
    [
      'waiting for an init container',
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [container({ running: {} }, { name: 'init' })],
          containerStatuses: [container({ waiting: { reason: 'PodInitializing' } })],
        },
        {},
        { initContainers: [{ name: 'init', image: 'busybox' }] },
      ),
      ['Init:0/1', 'Init', '0/1', 0],
    ],
    [
      'a crashing init container',
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            container({ waiting: { reason: 'CrashLoopBackOff' } }, { name: 'init', restartCount: 2 }),
          ],
        },
        {},
        { initContainers: [{ name: 'init', image: 'busybox' }] },
      ),
      ['Init:CrashLoopBackOff', 'CrashLoopBackOff', '0/1', 2],
    ],
    [
      'a running sidecar counts as a ready container',
      pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [container({ running: {} }, { name: 'proxy', started: true, ready: true })],
          containerStatuses: [container({ running: {} }, { ready: true })],
        },
        {},
        { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
      ),
      ['Running', 'Ready', '2/2', 0],
    ],
  ])('%s', (_name, input, expected) => {
    expect(shown(input)).toEqual(expected);
  });

  it('survives objects without status or spec', () => {
    expect(shown({ metadata: { name: 'x' } })).toEqual(['', 'Unknown', '0/0', 0]);
  });
});
