// Golden fragments of spec B.7 from hand-built objects.
import type { Deployment, KubeEvent, KubeObject, Pod, ReplicaSet } from '@podlab/kube';
import { fakeView } from '../../testing/fake-view.fixture';
import {
  ago,
  daemonSet,
  deployment,
  M,
  NOW,
  pod,
  replicaSet,
  S,
  statefulSet,
} from '../../testing/objects.fixture';
import { describeObject, smartLabelFor } from './describers';
import { describePodTemplate } from './pod-template';
import { rfc1123z } from './describe-writer';

const event = (
  involved: KubeObject,
  reason: string,
  message: string,
  first: number,
  last: number,
  count: number,
): KubeEvent => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {
    name: `${involved.metadata.name}.${reason}`,
    namespace: 'default',
    uid: `e-${reason}`,
    resourceVersion: '1',
    creationTimestamp: ago(first),
  },
  involvedObject: {
    kind: involved.kind,
    name: involved.metadata.name,
    namespace: 'default',
    uid: involved.metadata.uid,
  },
  reason,
  message,
  type: reason === 'BackOff' ? 'Warning' : 'Normal',
  source: { component: involved.kind === 'Deployment' ? 'deployment-controller' : 'kubelet' },
  count,
  firstTimestamp: ago(first),
  lastTimestamp: ago(last),
});

const owned = (rs: ReplicaSet, d: Deployment, replicas: number, created: number): ReplicaSet => ({
  ...rs,
  metadata: {
    ...rs.metadata,
    creationTimestamp: ago(created),
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: d.metadata.name,
        uid: d.metadata.uid,
        controller: true,
      },
    ],
  },
  spec: { ...rs.spec, replicas },
  status: { replicas },
});

describe('describe deployment (B.7)', () => {
  const d: Deployment = {
    ...deployment('web', 10 * M),
    metadata: {
      ...deployment('web', 10 * M).metadata,
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    status: {
      replicas: 4,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
  const oldTemplate = { ...d.spec.template, spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }] } };
  const oldRS = owned(
    {
      ...replicaSet('web', '7c5ddbdf54', 10 * M),
      spec: { ...replicaSet('web', '7c5ddbdf54', 0).spec, template: oldTemplate },
    },
    d,
    1,
    10 * M,
  );
  const newTemplate = {
    ...d.spec.template,
    metadata: { labels: { app: 'web', 'pod-template-hash': '5d9c8b7f46' } },
  };
  const newRS = owned(
    {
      ...replicaSet('web', '5d9c8b7f46', 2 * M),
      spec: { ...replicaSet('web', '5d9c8b7f46', 0).spec, template: newTemplate },
    },
    d,
    3,
    2 * M,
  );
  const scaled = event(d, 'ScalingReplicaSet', 'Scaled up replica set web-5d9c8b7f46 to 3', 2 * M, 2 * M, 1);
  const text = describeObject(fakeView([d, oldRS, newRS, scaled], NOW), d);

  it('prints the header fields, tab-aligned with padding 2', () => {
    expect(
      text.startsWith(
        [
          'Name:                   web',
          'Namespace:              default',
          `CreationTimestamp:      ${rfc1123z(ago(10 * M))}`,
          'Labels:                 <none>',
          'Annotations:            deployment.kubernetes.io/revision: 2',
          'Selector:               app=web',
          'Replicas:               3 desired | 3 updated | 4 total | 3 available | 1 unavailable',
          'StrategyType:           RollingUpdate',
          'MinReadySeconds:        0',
          'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
          'Pod Template:',
          '  Labels:  app=web',
          '  Containers:',
          '   nginx:',
          '    Image:         nginx:1.25',
          '    Port:          <none>',
          '    Host Port:     <none>',
          '    Environment:   <none>',
          '    Mounts:        <none>',
          '  Volumes:         <none>',
          '  Node-Selectors:  <none>',
          '  Tolerations:     <none>',
          'Conditions:',
          '  Type           Status  Reason',
          '  ----           ------  ------',
          '  Available      True    MinimumReplicasAvailable',
          '  Progressing    True    NewReplicaSetAvailable',
          'OldReplicaSets:  web-7c5ddbdf54 (1/1 replicas created)',
          'NewReplicaSet:   web-5d9c8b7f46 (3/3 replicas created)',
          'Events:',
          '  Type    Reason             Age   From                   Message',
          '  ----    ------             ----  ----                   -------',
          '  Normal  ScalingReplicaSet  2m    deployment-controller  Scaled up replica set web-5d9c8b7f46 to 3',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });

  it('exports the pod template describer for rollout history --revision', () => {
    expect(describePodTemplate(d.spec.template)).toBe(
      [
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.25',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        '',
      ].join('\n'),
    );
  });

  it('Recreate has no RollingUpdateStrategy line; no ReplicaSets → no RS lines; no events → Events: <none>', () => {
    const recreate: Deployment = { ...d, spec: { ...d.spec, strategy: { type: 'Recreate' } } };
    const out = describeObject(fakeView([recreate], NOW), recreate);
    expect(out).toContain('StrategyType:       Recreate\nMinReadySeconds:    0\nPod Template:\n');
    expect(out).not.toContain('OldReplicaSets');
    expect(out.endsWith('\nEvents:         <none>\n')).toBe(true);
  });
});

describe('describe pod (B.7)', () => {
  const base = pod('web-7c5ddbdf54-2xkqz', 10 * M);
  const p: Pod = {
    ...base,
    metadata: {
      ...base.metadata,
      deletionTimestamp: ago(-2 * M),
      deletionGracePeriodSeconds: 30,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c5ddbdf54', uid: 'rs', controller: true },
      ],
    },
    spec: {
      ...base.spec,
      tolerations: [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    },
    status: { ...base.status!, hostIP: '172.18.0.3', startTime: ago(10 * M) },
  };
  const backoff = event(
    p,
    'BackOff',
    'Back-off restarting failed container nginx in pod web',
    10 * M,
    2 * M,
    3,
  );
  const text = describeObject(fakeView([p, backoff], NOW), p);

  it('shows Terminating (lasts …) and the grace period', () => {
    expect(text).toContain(
      '\nStatus:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n',
    );
  });

  it('prints tolerations sorted by key with op=Exists for Ns', () => {
    expect(text).toContain(
      'Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n' +
        '                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n',
    );
  });

  it('prints repeated events as `2m (x3 over 10m)`', () => {
    expect(text).toContain(
      '  Warning  BackOff  2m (x3 over 10m)  kubelet  Back-off restarting failed container nginx in pod web\n',
    );
  });

  it('prints IPs, Controlled By, container state, conditions with trailing spaces', () => {
    expect(text).toContain(
      'IP:                        10.244.1.5\nIPs:\n  IP:           10.244.1.5\nControlled By:  ReplicaSet/web-7c5ddbdf54\n',
    );
    expect(text).toContain('    State:          Running\n      Started:      ');
    expect(text).toContain('    Ready:          True\n    Restart Count:  0\n');
    expect(text).toContain('Conditions:\n  Type           Status\n  Ready          True \n');
    expect(text).toContain('Node:                      worker-1/172.18.0.3\n');
  });
});

describe('describe replicaset, statefulset, daemonset (B.7)', () => {
  it('replicaset: Controlled By, Replicas, Pods Status', () => {
    const d = deployment('web', M);
    const rs = owned(replicaSet('web', '7c5ddbdf54', M), d, 3, M);
    const pods = ['a', 'b', 'c'].map((s) => ({
      ...pod(`web-7c5ddbdf54-${s}`, S),
      metadata: {
        ...pod(`web-7c5ddbdf54-${s}`, S).metadata,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rs.metadata.name,
            uid: rs.metadata.uid,
            controller: true,
          },
        ],
      },
    }));
    const text = describeObject(fakeView([rs, ...pods], NOW), rs);
    expect(text).toContain(
      'Controlled By:  Deployment/web\nReplicas:       3 current / 3 desired\nPods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n',
    );
  });

  it('statefulset: Replicas, Update Strategy, Partition', () => {
    const sts = statefulSet('db', M);
    const text = describeObject(fakeView([sts], NOW), sts);
    expect(text).toContain(
      'Replicas:           3 desired | 3 total\nUpdate Strategy:    RollingUpdate\n  Partition:        0\nPods Status:        0 Running',
    );
  });

  it('daemonset: node counts without tabs', () => {
    const ds = daemonSet('fluentd', M);
    const text = describeObject(fakeView([ds], NOW), ds);
    expect(text).toContain(
      'Desired Number of Nodes Scheduled: 3\nCurrent Number of Nodes Scheduled: 3\nNumber of Nodes Scheduled with Up-to-date Pods: 3\nNumber of Nodes Scheduled with Available Pods: 3\nNumber of Nodes Misscheduled: 0\nPods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n',
    );
    expect(
      text.startsWith('Name:           fluentd\nSelector:       app=fluentd\nNode-Selector:  <none>\n'),
    ).toBe(true);
  });
});

describe('generic describer labels (smartLabelFor)', () => {
  it.each([
    ['apiVersion', 'API Version'],
    ['creationTimestamp', 'Creation Timestamp'],
    ['uid', 'UID'],
    ['podIP', 'Pod IP'],
    ['dnsPolicy', 'Dns Policy'],
    ['pod-template-hash', 'Pod - Template - Hash'],
    ['app.kubernetes.io/name', 'app.kubernetes.io/name'],
  ])('%s → %s', (field, label) => {
    expect(smartLabelFor(field)).toBe(label);
  });
});
