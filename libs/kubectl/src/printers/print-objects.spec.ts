// Golden tests: the printed examples of spec B.2, byte for byte, from constructed objects.
import {
  container,
  creatingPod,
  daemonSet,
  deployment,
  H,
  D,
  M,
  node,
  NOW,
  pod,
  pvc,
  replicaSet,
  runningStatus,
  S,
  statefulSet,
  ago,
} from '../testing/objects.fixture';
import { printObjects } from './print-objects';

const table = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

describe('printObjects: spec B.2 examples', () => {
  it('pods', () => {
    const out = printObjects(
      [
        pod('web-7c5ddbdf54-2xkqz', 12 * S),
        pod('web-7c5ddbdf54-9w4hd', 12 * S),
        creatingPod('web-7c5ddbdf54-fz8lb', 3 * S),
      ],
      { now: NOW },
    );
    expect(out).toEqual({
      stdout: table([
        'NAME                   READY   STATUS              RESTARTS   AGE',
        'web-7c5ddbdf54-2xkqz   1/1     Running             0          12s',
        'web-7c5ddbdf54-9w4hd   1/1     Running             0          12s',
        'web-7c5ddbdf54-fz8lb   0/1     ContainerCreating   0          3s',
      ]),
      stderr: '',
      exitCode: 0,
    });
  });

  it('pods -o wide', () => {
    expect(printObjects([pod('web-7c5ddbdf54-2xkqz', 12 * S)], { now: NOW, output: 'wide' }).stdout).toBe(
      table([
        'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES',
        'web-7c5ddbdf54-2xkqz   1/1     Running   0          12s   10.244.1.5   worker-1   <none>           <none>',
      ]),
    );
  });

  it('deployments, plain and wide', () => {
    expect(printObjects([deployment('web', 5 * M)], { now: NOW }).stdout).toBe(
      table(['NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'web    3/3     3            3           5m']),
    );
    expect(printObjects([deployment('web', 5 * M)], { now: NOW, output: 'wide' }).stdout).toBe(
      table([
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    3/3     3            3           5m    nginx        nginx:1.25   app=web',
      ]),
    );
  });

  it('replicasets, plain and wide', () => {
    const rs = replicaSet('web', '7c5ddbdf54', 5 * M);
    expect(printObjects([rs], { now: NOW }).stdout).toBe(
      table([
        'NAME             DESIRED   CURRENT   READY   AGE',
        'web-7c5ddbdf54   3         3         3       5m',
      ]),
    );
    expect(printObjects([rs], { now: NOW, output: 'wide' }).stdout).toBe(
      table([
        'NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web-7c5ddbdf54   3         3         3       5m    nginx        nginx:1.25   app=web,pod-template-hash=7c5ddbdf54',
      ]),
    );
  });

  it('statefulsets and daemonsets', () => {
    expect(printObjects([statefulSet('db', 2 * M)], { now: NOW }).stdout).toBe(
      table(['NAME   READY   AGE', 'db     3/3     2m']),
    );
    // The spec's example shows `1m`, which HumanDuration cannot produce (under 120 s prints seconds); 2m here.
    expect(printObjects([daemonSet('fluentd', 2 * M)], { now: NOW }).stdout).toBe(
      table([
        'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE',
        'fluentd   3         3         3       3            3           <none>          2m',
      ]),
    );
  });

  it('nodes with roles, NotReady and SchedulingDisabled', () => {
    const out = printObjects(
      [node('control-plane', 10 * D), node('worker-1', 10 * D), node('worker-2', 10 * D, 'Unknown', true)],
      { now: NOW },
    );
    expect(out.stdout).toBe(
      table([
        'NAME            STATUS                        ROLES           AGE   VERSION',
        'control-plane   Ready                         control-plane   10d   v1.30.0',
        'worker-1        Ready                         <none>          10d   v1.30.0',
        'worker-2        NotReady,SchedulingDisabled   <none>          10d   v1.30.0',
      ]),
    );
  });

  it('persistentvolumeclaims, bound and pending', () => {
    const out = printObjects(
      [pvc('data-db-0', 2 * M, 'pvc-3f1c2a9e-5d1b-4c55-9a8e-1b2c3d4e5f60'), pvc('data-db-1', 5 * S)],
      { now: NOW },
    );
    expect(out.stdout).toBe(
      table([
        'NAME        STATUS    VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'data-db-0   Bound     pvc-3f1c2a9e-5d1b-4c55-9a8e-1b2c3d4e5f60   1Gi        RWO            standard       <unset>                 2m',
        'data-db-1   Pending                                                                        standard       <unset>                 5s',
      ]),
    );
  });
});

describe('printObjects: table options', () => {
  it('multi-kind output: kind prefixes and a blank line between tables', () => {
    const out = printObjects([pod('web-7c5ddbdf54-2xkqz', 12 * S), deployment('web', 5 * M)], {
      now: NOW,
      withKindPrefix: true,
    });
    expect(out.stdout).toBe(
      table([
        'NAME                       READY   STATUS    RESTARTS   AGE',
        'pod/web-7c5ddbdf54-2xkqz   1/1     Running   0          12s',
        '',
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   3/3     3            3           5m',
      ]),
    );
  });

  it('-A adds NAMESPACE to namespaced kinds only', () => {
    const out = printObjects([pod('web-1', 12 * S), node('worker-1', 10 * D)], {
      now: NOW,
      allNamespaces: true,
    });
    expect(out.stdout.split('\n')[0]?.startsWith('NAMESPACE ')).toBe(true);
    expect(out.stdout.split('\n')[3]?.startsWith('NAME ')).toBe(true);
  });

  it('-A adds NAMESPACE first, --show-labels adds LABELS last, --no-headers drops the header', () => {
    const p = pod('web-1', 12 * S);
    expect(printObjects([p], { now: NOW, allNamespaces: true, showLabels: true }).stdout).toBe(
      table([
        'NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE   LABELS',
        'default     web-1   1/1     Running   0          12s   app=web',
      ]),
    );
    expect(printObjects([p], { now: NOW, noHeaders: true }).stdout).toBe(
      table(['web-1   1/1   Running   0     12s']),
    );
  });

  it('cuts cells at the first newline and marks them with ...', () => {
    const p = pod('web-1', 12 * S, {
      status: { phase: 'Failed', reason: 'Evicted\nmore', conditions: [] },
    });
    expect(printObjects([p], { now: NOW }).stdout).toContain(' Evicted...   0 ');
  });

  it('prints nothing for no objects (the command says "No resources found")', () => {
    expect(printObjects([], { now: NOW })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});

describe('printObjects: -o name, yaml, json', () => {
  const p = pod('web-1', 12 * S);
  it('name', () => {
    expect(printObjects([p, deployment('web', M)], { now: NOW, output: 'name' }).stdout).toBe(
      'pod/web-1\ndeployment.apps/web\n',
    );
  });

  it('yaml of one object: sorted keys, quoted ambiguous strings, no sim field', () => {
    const out = printObjects([deployment('web', 5 * M)], { now: NOW, output: 'yaml' }).stdout;
    expect(out).toBe(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  creationTimestamp: "${ago(5 * M)}"`,
        '  generation: 1',
        '  name: web',
        '  namespace: default',
        '  resourceVersion: "1"',
        '  uid: uid-web',
        'spec:',
        '  replicas: 3',
        '  selector:',
        '    matchLabels:',
        '      app: web',
        '  template:',
        '    metadata:',
        '      labels:',
        '        app: web',
        '    spec:',
        '      containers:',
        '      - image: nginx:1.25',
        '        name: nginx',
        'status:',
        '  availableReplicas: 3',
        '  readyReplicas: 3',
        '  replicas: 3',
        '  updatedReplicas: 3',
        '',
      ].join('\n'),
    );
    expect(printObjects([p], { now: NOW, output: 'yaml' }).stdout).not.toContain('sim');
  });

  it('yaml/json of a list: kind List with items', () => {
    const yaml = printObjects([p], { now: NOW, output: 'yaml', asList: true }).stdout;
    expect(yaml.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n')).toBe(true);
    expect(yaml.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect(printObjects([], { now: NOW, output: 'json' }).stdout).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });

  it('json with 4-space indent and no sim field', () => {
    const json = printObjects([p], { now: NOW, output: 'json' }).stdout;
    expect(json).toContain('\n    "apiVersion": "v1",\n    "kind": "Pod",\n');
    expect(JSON.parse(json).sim).toBeUndefined();
    expect(json).not.toContain('"sim"');
  });

  it('rejects an unknown format with kubectl text', () => {
    const out = printObjects([p], { now: NOW, output: 'xml' });
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^error: unable to match a printer suitable for the output format "xml"/);
  });
});

describe('printObjects: jsonpath and custom-columns', () => {
  const pods = [
    pod('web-1', 12 * S),
    pod('web-2', 12 * S, {
      spec: { containers: [container('nginx', 'nginx:1.25'), container('side', 'busybox:1.36')] },
    }),
  ];

  it.each([
    ['{.items[*].metadata.name}', 'web-1 web-2'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'web-1\nweb-2\n'],
    ['{.items[0].status.conditions[?(@.type=="Ready")].status}', 'True'],
    ['{.items[1].spec.containers[*].image}', 'nginx:1.25 busybox:1.36'],
    ['{.items[-1:].metadata.name}', 'web-2'],
    ['{.items[*].metadata.missing}', ''],
    ['names: {..metadata.name}', 'names: web-1 web-2'],
    ['{.items[0].metadata.labels}', '{"app":"web"}'],
    [
      '{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}',
      'web-1\t10.244.1.5\nweb-2\t10.244.1.5\n',
    ],
  ])('jsonpath %s', (template, expected) => {
    expect(printObjects(pods, { now: NOW, output: `jsonpath=${template}`, asList: true }).stdout).toBe(
      expected,
    );
  });

  it('jsonpath on a single object', () => {
    expect(
      printObjects([deployment('web', M)], { now: NOW, output: 'jsonpath={.spec.replicas}' }).stdout,
    ).toBe('3');
  });

  it('custom-columns prints maps and lists the way Go fmt does', () => {
    const out = printObjects([pods[0] as never], {
      now: NOW,
      output: 'custom-columns=LABELS:.metadata.labels,PORTS:.spec.containers[0].ports',
      noHeaders: true,
    });
    expect(out.stdout).toBe('map[app:web]   <none>\n');
  });

  it('json escapes <, > and & as Go does', () => {
    const p = pod('web-1', 12 * S, {
      metadata: { ...pod('web-1', 0).metadata, annotations: { note: '<a & b>' } },
    });
    expect(printObjects([p], { now: NOW, output: 'json' }).stdout).toContain(
      '"note": "\\u003ca \\u0026 b\\u003e"',
    );
    expect(printObjects([p], { now: NOW, output: 'jsonpath={.metadata.annotations}' }).stdout).toBe(
      '{"note":"\\u003ca \\u0026 b\\u003e"}',
    );
  });

  it('custom-columns joins several values with commas and prints <none> for nothing', () => {
    const out = printObjects(pods, {
      now: NOW,
      output: 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,NODE:.spec.nodeNam',
    });
    expect(out.stdout).toBe(
      table([
        'NAME    IMAGE                     NODE',
        'web-1   nginx:1.25                <none>',
        'web-2   nginx:1.25,busybox:1.36   <none>',
      ]),
    );
  });
});

describe('pod STATUS column (spec A.9)', () => {
  const status = (overrides: Partial<NonNullable<ReturnType<typeof pod>['status']>>, extra: object = {}) =>
    printObjects([pod('p', 10 * M, { status: { phase: 'Running', ...overrides }, ...extra })], {
      now: NOW,
      noHeaders: true,
    })
      .stdout.trim()
      .split(/ {3,}/);
  const waiting = (reason: string, restartCount = 0) => ({
    ...runningStatus(),
    ready: false,
    restartCount,
    state: { waiting: { reason } },
  });

  it.each([
    'ContainerCreating',
    'ErrImagePull',
    'ImagePullBackOff',
    'CrashLoopBackOff',
    'CreateContainerConfigError',
  ])('waiting reason %s replaces the phase', (reason) => {
    expect(status({ phase: 'Pending', containerStatuses: [waiting(reason)] })[2]).toBe(reason);
  });

  it('restarts with the last termination time: N (5m ago)', () => {
    const cs = {
      ...waiting('CrashLoopBackOff', 3),
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * M) } },
    };
    expect(status({ containerStatuses: [cs] }).slice(1, 4)).toEqual([
      '0/1',
      'CrashLoopBackOff',
      '3 (5m ago)',
    ]);
  });

  it('terminated reasons and exit codes', () => {
    const term = (t: { exitCode: number; reason?: string }) => ({
      ...runningStatus(),
      ready: false,
      state: { terminated: t },
    });
    expect(
      status({ phase: 'Succeeded', containerStatuses: [term({ exitCode: 0, reason: 'Completed' })] })[2],
    ).toBe('Completed');
    expect(status({ phase: 'Running', containerStatuses: [term({ exitCode: 137 })] })[2]).toBe(
      'ExitCode:137',
    );
  });

  it('Completed with a container still running becomes Running or NotReady', () => {
    const done = {
      ...runningStatus('a'),
      ready: false,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    };
    const ready = [{ type: 'Ready', status: 'True' as const }];
    expect(status({ conditions: ready, containerStatuses: [done, runningStatus('b')] })[2]).toBe('Running');
    expect(status({ conditions: [], containerStatuses: [done, runningStatus('b')] })[2]).toBe('NotReady');
  });

  it('the first container decides when several are waiting (scanned last to first)', () => {
    expect(status({ containerStatuses: [waiting('ErrImagePull'), waiting('ContainerCreating')] })[2]).toBe(
      'ErrImagePull',
    );
  });

  it('init containers: Init:X/Y, Init:<reason>, Init:ExitCode:N', () => {
    const spec = { containers: [container()], initContainers: [container('init-a'), container('init-b')] };
    const done = {
      ...runningStatus('init-a'),
      ready: false,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    };
    const running = { ...runningStatus('init-b'), ready: false };
    expect(status({ phase: 'Pending', initContainerStatuses: [done, running] }, { spec })[2]).toBe(
      'Init:1/2',
    );
    expect(
      status({ phase: 'Pending', initContainerStatuses: [waiting('CrashLoopBackOff')] }, { spec })[2],
    ).toBe('Init:CrashLoopBackOff');
    const failed = { ...runningStatus('init-a'), ready: false, state: { terminated: { exitCode: 2 } } };
    expect(status({ phase: 'Pending', initContainerStatuses: [failed] }, { spec })[2]).toBe(
      'Init:ExitCode:2',
    );
  });

  it('deletionTimestamp → Terminating, NodeLost → Unknown, not for finished pods', () => {
    const deleting = {
      metadata: {
        name: 'p',
        namespace: 'default',
        uid: 'u',
        resourceVersion: '1',
        creationTimestamp: ago(M),
        deletionTimestamp: ago(0),
      },
    };
    expect(status({ containerStatuses: [runningStatus()] }, deleting)[2]).toBe('Terminating');
    expect(status({ reason: 'NodeLost', containerStatuses: [runningStatus()] }, deleting)[2]).toBe('Unknown');
    expect(status({ phase: 'Succeeded', containerStatuses: [] }, deleting)[2]).toBe('Succeeded');
  });

  it('an unscheduled pod is Pending with NODE <none>', () => {
    const p = pod('p', M, { spec: { containers: [container()] }, status: { phase: 'Pending' } });
    expect(printObjects([p], { now: NOW, output: 'wide', noHeaders: true }).stdout).toBe(
      'p     0/1   Pending   0     60s   <none>   <none>   <none>   <none>\n',
    );
  });

  it('SchedulingGated', () => {
    expect(
      status({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      })[2],
    ).toBe('SchedulingGated');
  });
});

it('unused helpers stay referenced', () => {
  expect(H).toBeGreaterThan(M);
});

describe('printObjects: jsonpath errors', () => {
  it('reports parse errors as cli-runtime does', () => {
    expect(printObjects([], { now: NOW, output: 'jsonpath={.items[' }).stderr).toBe(
      'error: error parsing jsonpath {.items[, unclosed action\n',
    );
  });
});
