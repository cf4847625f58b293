import { Session } from '@podlab/kubectl';
import { ObjectStore, VIEW_KINDS } from './object-store';
import { ReplayStates, type HistoryDataEvent } from './replay-states';
import { advance, eventsOf, objectsOf, run } from './simulated-cluster.test-helper';
import type { ClusterObjects } from './model';

const sorted = (objects: ClusterObjects) => {
  const out: Record<string, unknown> = { version: objects.version };
  for (const key of Object.values(VIEW_KINDS))
    out[key] = JSON.parse(JSON.stringify(objects[key])).sort(
      (a: { metadata: { name: string } }, b: { metadata: { name: string } }) =>
        a.metadata.name < b.metadata.name ? -1 : 1,
    );
  return out;
};

describe('ReplayStates', () => {
  const session = new Session({ seed: 6, workers: 2 });
  run(session, 'kubectl create deployment web --image=nginx:1.25 --replicas=3');
  advance(session, '20s');
  const start = objectsOf(session);
  const middleVersion = start.version;
  run(session, 'kubectl set image deployment/web nginx=nginx:1.26');
  advance(session, '40s');
  const end = objectsOf(session);
  const history = new Map<number, HistoryDataEvent>(eventsOf(session, 0).map((e) => [e.version, e]));

  it('computes a later position from a kept state and the events after it, equal to the real state', () => {
    const states = new ReplayStates();
    states.add(ObjectStore.from(start, 0));
    const reached = states.at(end.version, history);
    expect(reached).not.toBeNull();
    expect(sorted(reached!.snapshot)).toEqual(sorted(end));
    expect(states.at(middleVersion, history)?.snapshot).toBe(start);
  });

  it('asks the server (null) before the first kept state, past maxLocal events, or over a missing event', () => {
    const states = new ReplayStates(10);
    expect(states.at(end.version, history)).toBeNull();
    states.add(ObjectStore.from(start, 0));
    expect(states.at(middleVersion - 1, history)).toBeNull();
    expect(states.at(middleVersion + 11, history)).toBeNull();
    expect(states.at(middleVersion + 10, history)?.version).toBe(middleVersion + 10);
    const holed = new Map(history);
    holed.delete(middleVersion + 3);
    const withHole = new ReplayStates();
    withHole.add(ObjectStore.from(start, 0));
    expect(withHole.at(middleVersion + 5, holed)).toBeNull();
    expect(withHole.at(middleVersion + 2, holed)?.version).toBe(middleVersion + 2);
  });

  it('keeps far positions as new starting points', () => {
    const states = new ReplayStates(100_000, 40, 5);
    states.add(ObjectStore.from(start, 0));
    const far = states.at(middleVersion + 20, history)!;
    // The next position starts from the kept one: nothing before it is needed any more.
    const trimmed = new Map([...history].filter(([v]) => v > middleVersion + 20));
    expect(states.at(middleVersion + 25, trimmed)?.version).toBe(middleVersion + 25);
    expect(far.version).toBe(middleVersion + 20);
  });
});
