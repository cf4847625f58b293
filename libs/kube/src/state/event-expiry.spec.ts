// Kubernetes Event expiry (the API server's --event-ttl) as part of the fold: no stream event removes them.
import type { ObjectInput } from '../api-server/api-server';
import { Cluster } from '../runtime/cluster';
import { HOUR, MINUTE, SECOND } from '../time/time';
import type { ClusterEvent } from './cluster-event';
import { fold } from './evolve';
import { restoreSnapshot, takeSnapshot } from './snapshot';

function pod(name: string, image: string): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'main', image }] },
  } as ObjectInput;
}

function eventsOf(cluster: Cluster, name: string) {
  return cluster
    .view()
    .objects.list('Event', 'default')
    .filter((e) => e.involvedObject.name === name);
}

// Timestamps have second precision: an Event was last recorded within the second its lastTimestamp names.
function lastRecordsOf(cluster: Cluster, name: string): { first: number; last: number } {
  const times = eventsOf(cluster, name).map((e) => Date.parse(e.lastTimestamp));
  return { first: Math.min(...times), last: Math.max(...times) + SECOND };
}

describe('Event expiry (--event-ttl)', () => {
  it('keeps an Event for the TTL after its last record (1 h by default), then it is gone', () => {
    const cluster = Cluster.create({ seed: 1, freezeObjects: true });
    cluster.create(pod('web', 'nginx:1.25'));
    cluster.settle(5 * MINUTE);
    const reasons = eventsOf(cluster, 'web').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']));
    const { first, last } = lastRecordsOf(cluster, 'web');
    expect(last - first).toBeLessThan(MINUTE);

    cluster.advanceTo(first + HOUR - SECOND);
    expect(eventsOf(cluster, 'web').map((e) => e.reason)).toEqual(reasons);
    cluster.advanceTo(last + HOUR);
    expect(eventsOf(cluster, 'web')).toEqual([]);
    expect(cluster.view().objects.count('Event')).toBe(0);
    // Only the Events go: the pod runs on.
    expect(cluster.get('Pod', 'default', 'web')?.status?.phase).toBe('Running');
  });

  it('expires in the fold: no stream event deletes an Event', () => {
    const cluster = Cluster.create({ seed: 2 });
    cluster.create(pod('web', 'nginx:1.25'));
    cluster.advance(2 * HOUR);
    expect(eventsOf(cluster, 'web')).toEqual([]);
    const events = cluster.newEvents();
    expect(events.filter((e) => e.type === 'ObjectDeleted' && e.data.kind === 'Event')).toEqual([]);
    expect(fold(events).objects.count('Event')).toBe(0);
  });

  it('counts from the last record: a repeated Event lives on with its count, one-off ones expire', () => {
    const cluster = Cluster.create({ seed: 3, freezeObjects: true });
    cluster.create(pod('bad', 'nginx:doesnotexist'));
    cluster.advance(2 * HOUR);
    const events = eventsOf(cluster, 'bad');
    const byReason = new Map(events.map((e) => [e.reason, e]));
    // Scheduled happened once, 2 h ago.
    expect(byReason.has('Scheduled')).toBe(false);
    // The pull back-off repeats every 5 min: still there, aggregated since the start.
    const backOff = events.find((e) => e.message.startsWith('Back-off pulling image'));
    expect(backOff).toBeDefined();
    expect(backOff!.count).toBeGreaterThan(12);
    expect(Date.parse(backOff!.firstTimestamp)).toBeLessThan(cluster.now - HOUR);
    expect(Date.parse(backOff!.lastTimestamp)).toBeGreaterThan(cluster.now - HOUR);
  });

  it('a repeat after expiry starts a new Event with count 1', () => {
    const cluster = Cluster.create({ seed: 4, config: { eventTtlSeconds: 60 } });
    const image = 'nginx:doesnotexist';
    cluster.create(pod('bad', image));
    // Back-off reaches its 5 min ceiling: from then on each repeat comes after the 60 s TTL.
    const backOffs = new Map<string, number>();
    for (let minute = 0; minute < 40; minute++) {
      cluster.advance(MINUTE);
      for (const event of eventsOf(cluster, 'bad')) {
        expect(cluster.now - Date.parse(event.lastTimestamp)).toBeLessThanOrEqual(60 * SECOND);
        if (event.message.startsWith('Back-off pulling image'))
          backOffs.set(event.metadata.name, event.count);
      }
    }
    // Early repeats (10 s, 20 s … apart) aggregate; the 5-minute ones each start a new Event at count 1.
    const counts = [...backOffs.values()];
    expect(counts.filter((count) => count === 1).length).toBeGreaterThanOrEqual(4);
    expect(counts.length).toBeGreaterThanOrEqual(5);
  });

  it('follows config.eventTtlSeconds', () => {
    const cluster = Cluster.create({ seed: 5, config: { eventTtlSeconds: 120 } });
    cluster.create(pod('web', 'nginx:1.25'));
    cluster.settle(MINUTE);
    const { first, last } = lastRecordsOf(cluster, 'web');
    cluster.advanceTo(first + 119 * SECOND);
    expect(eventsOf(cluster, 'web').length).toBeGreaterThan(0);
    cluster.advanceTo(last + 120 * SECOND);
    expect(eventsOf(cluster, 'web')).toEqual([]);
  });

  it('defaults to 1 h for streams whose config predates the setting', () => {
    const cluster = Cluster.create({ seed: 6 });
    cluster.create(pod('web', 'nginx:1.25'));
    cluster.advance(2 * HOUR);
    const events = cluster.newEvents().map((event): ClusterEvent => {
      if (event.type !== 'ClusterCreated') return event;
      const { eventTtlSeconds, ...config } = event.data.config;
      expect(eventTtlSeconds).toBe(3600);
      return { ...event, data: { ...event.data, config } };
    });
    // The last event is the clock moving 2 h on: before it, the pod's Events are there.
    expect(events.at(-1)?.type).toBe('ClockAdvanced');
    expect(fold(events.slice(0, -1)).objects.count('Event')).toBeGreaterThan(0);
    expect(fold(events).objects.count('Event')).toBe(0);
  });

  it('snapshot + tail across an expiry folds to the full fold', () => {
    const cluster = Cluster.create({ seed: 7, config: { eventTtlSeconds: 90 } });
    cluster.create(pod('bad', 'nginx:doesnotexist'));
    cluster.create(pod('web', 'nginx:1.25'));
    cluster.advance(20 * MINUTE);
    const events = cluster.newEvents();
    const full = JSON.stringify(takeSnapshot(fold(events)));
    for (let cut = 1; cut < events.length; cut += 7) {
      const head = restoreSnapshot(JSON.parse(JSON.stringify(takeSnapshot(fold(events.slice(0, cut))))));
      expect(JSON.stringify(takeSnapshot(fold(events.slice(cut), head)))).toBe(full);
    }
  });
});
