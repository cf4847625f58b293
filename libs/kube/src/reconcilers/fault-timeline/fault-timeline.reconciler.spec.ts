import { Cluster } from '../../runtime/cluster';
import type { ObjectInput } from '../../api-server/api-server';
import type { VersionedEvent } from '../../state/cluster-event';
import { FAULT_TIMELINE_ACTOR } from './fault-timeline.reconciler';

const MIN = 60_000;

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    },
  },
} as unknown as ObjectInput;

function scheduled(): Cluster {
  const cluster = Cluster.create();
  cluster.create(deployment);
  cluster.reconcile();
  const start = cluster.now;
  const result = cluster.scheduleFaults([
    { index: 0, at: start + 2 * MIN, fault: { kind: 'node-down', node: 'worker-2' } },
    { index: 1, at: start + 4 * MIN, fault: { kind: 'image-broken', image: 'nginx:1.27' } },
    { index: 2, at: start + 3 * MIN, fault: { kind: 'pod-kill', namespace: 'default', pod: 'nobody' } },
  ]);
  expect(result.ok).toBe(true);
  return cluster;
}

/** The timeline's facts: [type, ms after the cluster's start, index]. */
function timelineFacts(events: readonly VersionedEvent[], start: number): [string, number, number][] {
  return events.flatMap((event): [string, number, number][] => {
    if (event.type === 'FaultInjected' && event.data.scheduled !== undefined)
      return [[event.type, event.at - start, event.data.scheduled]];
    if (event.type === 'ScheduledFaultSkipped') return [[event.type, event.at - start, event.data.index]];
    return [];
  });
}

describe('fault timeline (FaultsScheduled + fault-timeline reconciler)', () => {
  it('fires each fault at its instant however the clock is moved', () => {
    const oneStep = scheduled();
    const start = oneStep.now;
    oneStep.advance(10 * MIN);

    const manySteps = scheduled();
    for (let i = 0; i < 37; i++) manySteps.advance(17_000); // steps that never land on a fault's instant

    const settled = scheduled();
    settled.settle(10 * MIN);

    const expected = [
      ['FaultInjected', 2 * MIN, 0],
      ['ScheduledFaultSkipped', 3 * MIN, 2],
      ['FaultInjected', 4 * MIN, 1],
    ];
    expect(timelineFacts(oneStep.newEvents(), start)).toEqual(expected);
    expect(timelineFacts(manySteps.newEvents(), start)).toEqual(expected);
    expect(timelineFacts(settled.newEvents(), start)).toEqual(expected);
    const fired = oneStep.newEvents().find((e) => e.type === 'FaultInjected');
    expect(fired?.actor).toEqual(FAULT_TIMELINE_ACTOR);
    expect(oneStep.view().brokenImages.has('nginx:1.27')).toBe(true);
    expect(oneStep.view().objects.get('Node', undefined, 'worker-2')?.sim?.kubeletDown).toBe(true);
  });

  it('exposes the next fault as a timer, and nothing once every fault is done', () => {
    const cluster = scheduled();
    const start = cluster.now;
    expect(cluster.nextTimerAt()).toBeLessThanOrEqual(start + 2 * MIN);
    // Only the timeline is pending on an idle cluster at +1m59s: its next timer is the first fault.
    cluster.advanceTo(start + 2 * MIN - 1000);
    expect(cluster.nextTimerAt()).toBe(start + 2 * MIN);
    cluster.advance(10 * MIN);
    expect(cluster.view().faultTimeline.every((entry) => entry.done)).toBe(true);
  });

  it('a skipped fault stays skipped when its target appears later', () => {
    const cluster = scheduled();
    const start = cluster.now;
    cluster.advanceTo(start + 3 * MIN + 1000);
    cluster.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nobody' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    } as ObjectInput);
    cluster.advance(5 * MIN);
    expect(cluster.get('Pod', 'default', 'nobody')).toBeDefined();
    expect(timelineFacts(cluster.newEvents(), start).filter(([, , index]) => index === 2)).toEqual([
      ['ScheduledFaultSkipped', 3 * MIN, 2],
    ]);
  });

  it('is state: a cluster loaded from the stream (or a snapshot) mid-way fires the rest at the same instants', () => {
    const straight = scheduled();
    const start = straight.now;
    const prefixLength = straight.newEvents().length;
    straight.advance(10 * MIN);

    const first = scheduled();
    first.advanceTo(start + 2 * MIN + 30_000); // the first fault has fired
    const fromEvents = Cluster.load(first.newEvents());
    const fromSnapshot = Cluster.load([], {
      snapshot: structuredClone(fromEvents.snapshot()),
    });
    for (const resumed of [fromEvents, fromSnapshot]) {
      resumed.advanceTo(start + 10 * MIN);
      expect(timelineFacts([...first.newEvents(), ...resumed.newEvents()], start)).toEqual(
        timelineFacts(straight.newEvents(), start),
      );
    }
    expect(prefixLength).toBeGreaterThan(0);
  });

  it('refuses a fault in the past and an index used twice, appending nothing', () => {
    const cluster = scheduled();
    const before = cluster.version;
    const past = cluster.scheduleFaults([
      { index: 9, at: cluster.now - 1, fault: { kind: 'node-up', node: 'worker-2' } },
    ]);
    const reused = cluster.scheduleFaults([
      { index: 0, at: cluster.now + MIN, fault: { kind: 'node-up', node: 'worker-2' } },
    ]);
    expect(past.ok).toBe(false);
    expect(reused.ok).toBe(false);
    expect(cluster.version).toBe(before);
  });
});
