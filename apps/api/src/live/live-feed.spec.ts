import { LiveFeed, type LiveFeedPorts } from './live-feed';
import type { SandboxEventMessage } from './sandbox-event.message';

const SANDBOX = '00000000-0000-4000-8000-000000000001';

function event(version: number, generation = 0): SandboxEventMessage {
  return {
    sandboxId: SANDBOX,
    generation,
    version,
    type: 'ClockAdvanced',
    at: version * 1000,
    actor: 'system:test',
    reason: 'Test',
    cause: null,
    correlation: null,
    recordedAt: new Date(0).toISOString(),
    data: { version },
  };
}

/** A store of generations and a live channel the test pushes into. */
class FakePorts implements LiveFeedPorts {
  readonly streams = new Map<number, SandboxEventMessage[]>([[0, []]]);
  listener: ((message: SandboxEventMessage) => void) | undefined;
  resync: (() => void) | undefined;
  reads = 0;
  stopped = false;

  append(count: number, generation = 0): SandboxEventMessage[] {
    const stream = this.streams.get(generation) ?? [];
    this.streams.set(generation, stream);
    const added = Array.from({ length: count }, (_, i) => event(stream.length + i + 1, generation));
    stream.push(...added);
    return added;
  }

  publish(...messages: SandboxEventMessage[]): void {
    for (const message of messages) this.listener?.(message);
  }

  async read(generation: number, fromVersion: number, limit: number): Promise<SandboxEventMessage[]> {
    this.reads++;
    return (this.streams.get(generation) ?? []).filter((e) => e.version >= fromVersion).slice(0, limit);
  }

  async listen(onMessage: (message: SandboxEventMessage) => void, onResync: () => void): Promise<() => void> {
    this.listener = onMessage;
    this.resync = onResync;
    return () => {
      this.stopped = true;
      this.listener = undefined;
    };
  }
}

async function take(feed: LiveFeed, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = await feed.next();
    if (next.done) break;
    out.push(`${next.value.generation}:${next.value.version}`);
  }
  return out;
}

const options = { generation: 0, afterVersion: 0, batchSize: 2, maxBuffered: 100 };

describe('LiveFeed', () => {
  it('replays the store after afterVersion, then delivers live messages in order', async () => {
    const ports = new FakePorts();
    ports.append(5);
    const feed = new LiveFeed(ports, { ...options, afterVersion: 2 });
    expect(await take(feed, 3)).toEqual(['0:3', '0:4', '0:5']);
    ports.publish(...ports.append(2));
    expect(await take(feed, 2)).toEqual(['0:6', '0:7']);
  });

  it('drops live messages the replay already delivered (published before the subscription, or twice)', async () => {
    const ports = new FakePorts();
    const early = ports.append(3);
    const feed = new LiveFeed(ports, options);
    expect(await take(feed, 3)).toEqual(['0:1', '0:2', '0:3']);
    const late = ports.append(1);
    ports.publish(...early, ...late, ...late);
    expect(await take(feed, 1)).toEqual(['0:4']);
    ports.publish(...ports.append(1));
    expect(await take(feed, 1)).toEqual(['0:5']);
  });

  it('fills a gap between live messages from the store', async () => {
    const ports = new FakePorts();
    const feed = new LiveFeed(ports, options);
    const first = take(feed, 1);
    await new Promise((r) => setImmediate(r));
    const added = ports.append(6);
    ports.publish(added[0]!, added[5]!); // 2…5 lost on the way
    expect(await first).toEqual(['0:1']);
    expect(await take(feed, 5)).toEqual(['0:2', '0:3', '0:4', '0:5', '0:6']);
  });

  it('a slow consumer past the buffer limit reads the store instead and loses nothing', async () => {
    const ports = new FakePorts();
    const feed = new LiveFeed(ports, { ...options, maxBuffered: 3 });
    const first = take(feed, 1);
    await new Promise((r) => setImmediate(r));
    ports.publish(...ports.append(1));
    expect(await first).toEqual(['0:1']);
    const readsBefore = ports.reads;
    ports.publish(...ports.append(10));
    expect(await take(feed, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `0:${i + 2}`));
    expect(ports.reads).toBeGreaterThan(readsBefore);
  });

  it('reads the store again after a reconnect, even when no further message arrives', async () => {
    const ports = new FakePorts();
    const feed = new LiveFeed(ports, options);
    const first = take(feed, 1);
    await new Promise((r) => setImmediate(r));
    ports.append(2); // published while the connection was down: never delivered live
    ports.resync?.();
    expect(await first).toEqual(['0:1']);
    expect(await take(feed, 1)).toEqual(['0:2']);
  });

  it('follows a reset into the new generation from its version 1', async () => {
    const ports = new FakePorts();
    ports.append(2);
    const feed = new LiveFeed(ports, options);
    expect(await take(feed, 2)).toEqual(['0:1', '0:2']);
    const next = ports.append(3, 1);
    ports.publish(next[2]!, event(3, 0));
    expect(await take(feed, 3)).toEqual(['1:1', '1:2', '1:3']);
  });

  it('return() ends a feed waiting for a live message and stops listening', async () => {
    const ports = new FakePorts();
    const feed = new LiveFeed(ports, options);
    const pending = feed.next();
    await new Promise((r) => setImmediate(r));
    await feed.return();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(ports.stopped).toBe(true);
  });

  it('takeReady hands out what follows without waiting: in order, no duplicates, stopping at a gap or a reset', async () => {
    const ports = new FakePorts();
    const feed = new LiveFeed(ports, options);
    expect(feed.takeReady()).toEqual([]); // not started
    const first = take(feed, 1);
    await new Promise((r) => setImmediate(r));
    const added = ports.append(6);
    ports.publish(added[0]!, added[1]!, added[1]!, added[2]!, added[4]!, added[5]!); // 4 lost on the way
    expect(await first).toEqual(['0:1']);
    expect(feed.takeReady().map((e) => e.version)).toEqual([2, 3]);
    expect(feed.takeReady()).toEqual([]);
    // The gap is next()'s: it reads 4 from the store, then 5 and 6 follow.
    expect(await take(feed, 1)).toEqual(['0:4']);
    expect(feed.takeReady().map((e) => e.version)).toEqual([5, 6]);
    const reset = ports.append(2, 1);
    ports.publish(...reset);
    expect(feed.takeReady()).toEqual([]);
    expect(await take(feed, 2)).toEqual(['1:1', '1:2']);
  });

  it('calls onClose once, even for a feed closed before it started', async () => {
    const onClose = jest.fn();
    const feed = new LiveFeed(new FakePorts(), { ...options, onClose });
    await feed.return();
    await feed.return();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
