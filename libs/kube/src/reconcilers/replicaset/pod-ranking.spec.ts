import type { Pod } from '../../api/pod';
import { rfc3339 } from '../../time/time';
import { compareForDeletion, logBucket, podDeletionCost, podsToDelete } from './pod-ranking';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;

interface PodShape {
  uid?: string;
  node?: string;
  phase?: 'Pending' | 'Running' | 'Unknown';
  readySince?: number;
  cost?: string;
  restarts?: number;
  created?: number;
}

function pod(shape: PodShape): Pod {
  const uid = shape.uid ?? 'u';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: uid,
      namespace: 'default',
      uid,
      resourceVersion: '1',
      creationTimestamp: rfc3339(shape.created ?? NOW - 10 * MIN),
      ...(shape.cost !== undefined
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': shape.cost } }
        : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(shape.node ? { nodeName: shape.node } : {}) },
    status: {
      phase: shape.phase ?? 'Running',
      conditions:
        shape.readySince !== undefined
          ? [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(shape.readySince) }]
          : [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'c',
          image: 'nginx',
          imageID: '',
          ready: shape.readySince !== undefined,
          restartCount: shape.restarts ?? 0,
        },
      ],
    },
  } as Pod;
}

const ready = NOW - 60 * MIN;

describe('compareForDeletion (ActivePodsWithRanks.Less)', () => {
  it.each`
    criterion                        | first                                             | second                                                  | firstRank | secondRank
    ${'1 unassigned first'}          | ${{ phase: 'Pending' }}                           | ${{ node: 'n', phase: 'Pending' }}                      | ${0}      | ${0}
    ${'2 Pending before Unknown'}    | ${{ node: 'n', phase: 'Pending' }}                | ${{ node: 'n', phase: 'Unknown' }}                      | ${0}      | ${0}
    ${'2 Unknown before Running'}    | ${{ node: 'n', phase: 'Unknown' }}                | ${{ node: 'n', phase: 'Running' }}                      | ${0}      | ${0}
    ${'3 not ready first'}           | ${{ node: 'n' }}                                  | ${{ node: 'n', readySince: ready }}                     | ${0}      | ${0}
    ${'4 lower deletion cost first'} | ${{ node: 'n', readySince: ready, cost: '-100' }} | ${{ node: 'n', readySince: ready - 5 * MIN }}           | ${0}      | ${5}
    ${'5 crowded node first'}        | ${{ node: 'n', readySince: ready - 50 * MIN }}    | ${{ node: 'm', readySince: ready }}                     | ${3}      | ${1}
    ${'6 more recently ready first'} | ${{ node: 'n', readySince: NOW - 3 * MIN }}       | ${{ node: 'm', readySince: NOW - 120 * MIN }}           | ${1}      | ${1}
    ${'7 more restarts first'}       | ${{ node: 'n', readySince: ready, restarts: 2 }}  | ${{ node: 'm', readySince: ready, created: NOW - MIN }} | ${1}      | ${1}
    ${'8 newer first'}               | ${{ node: 'n', created: NOW - 2 * MIN }}          | ${{ node: 'm', created: NOW - 100 * MIN }}              | ${1}      | ${1}
  `('$criterion', ({ first, second, firstRank, secondRank }) => {
    const a = { pod: pod({ ...first, uid: 'z' }), rank: firstRank };
    const b = { pod: pod({ ...second, uid: 'a' }), rank: secondRank };
    expect(compareForDeletion(a, b, NOW)).toBeLessThan(0);
    expect(compareForDeletion(b, a, NOW)).toBeGreaterThan(0);
  });

  it('ready times in the same log2 bucket tie-break by uid', () => {
    // 64 s and 65 s ago: both in bucket floor(log2(6.4e10)) = 35.
    expect(logBucket(NOW - 64_000, NOW)).toBe(logBucket(NOW - 65_000, NOW));
    const x = { pod: pod({ uid: 'b', node: 'n', readySince: NOW - 64_000 }), rank: 1 };
    const y = { pod: pod({ uid: 'a', node: 'n', readySince: NOW - 65_000 }), rank: 1 };
    expect(compareForDeletion(y, x, NOW)).toBeLessThan(0);
  });

  it('reads pod-deletion-cost as an int32 (invalid counts as 0)', () => {
    expect(podDeletionCost(pod({ cost: '-100' }))).toBe(-100);
    expect(podDeletionCost(pod({ cost: '+7' }))).toBe(7);
    expect(podDeletionCost(pod({ cost: 'abc' }))).toBe(0);
    expect(podDeletionCost(pod({ cost: '99999999999' }))).toBe(0);
    expect(podDeletionCost(pod({}))).toBe(0);
  });
});

describe('podsToDelete', () => {
  it('ranks nodes by the pods of the whole family and returns everything when all go', () => {
    const onBusy = pod({ uid: 'p1', node: 'busy', readySince: ready });
    const onQuiet = pod({ uid: 'p2', node: 'quiet', readySince: ready });
    const sibling = pod({ uid: 's', node: 'busy', readySince: ready });
    expect(
      podsToDelete([onQuiet, onBusy], [onBusy, onQuiet, sibling], 1, NOW).map((p) => p.metadata.uid),
    ).toEqual(['p1']);
    expect(podsToDelete([onQuiet, onBusy], [], 2, NOW)).toHaveLength(2);
  });

  it('does not depend on the input order', () => {
    const pods = ['e', 'b', 'd', 'a', 'c'].map((uid) => pod({ uid, node: 'n', readySince: ready }));
    const forward = podsToDelete(pods, pods, 2, NOW).map((p) => p.metadata.uid);
    const backward = podsToDelete([...pods].reverse(), pods, 2, NOW).map((p) => p.metadata.uid);
    expect(forward).toEqual(backward);
    expect(forward).toEqual(['a', 'b']);
  });
});
