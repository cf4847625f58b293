import { InMemoryEventStore } from '@podlab/event-store';
import { SandboxEventTailer } from './event-tailer';
import type { SandboxEventMessage } from './sandbox-event.message';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

function clockEvent(at: number) {
  return {
    type: 'ClockAdvanced',
    data: { v: 1, at, actor: { type: 'system', name: 't' }, reason: 'Tick', data: { to: at } },
    metadata: { actor: 'system:t', correlation: 'c-1' },
  };
}

describe('SandboxEventTailer', () => {
  it('publishes each sandbox event once, in commit order, and resumes from the saved checkpoint', async () => {
    const store = new InMemoryEventStore();
    const published: { sandboxId: string; payload: string }[] = [];
    const publish = async (batch: readonly { sandboxId: string; payload: string }[]) => {
      published.push(...batch);
    };
    await store.append(`sandbox-${A}`, 'no-stream', [clockEvent(1), clockEvent(2)]);
    await store.append('accounts-1', 'no-stream', [{ type: 'Other', data: {} }]);
    await store.append(`sandbox-${B}~2`, 'no-stream', [clockEvent(3)]);

    const tailer = new SandboxEventTailer(store, publish, { consumer: 'test', batchSize: 2 });
    while ((await tailer.pollOnce()) > 0);
    const messages = published.map((p) => JSON.parse(p.payload) as SandboxEventMessage);
    expect(messages.map((m) => [m.sandboxId, m.generation, m.version, m.at])).toEqual([
      [A, 0, 1, 1],
      [A, 0, 2, 2],
      [B, 2, 1, 3],
    ]);
    expect(messages[0]).toMatchObject({
      actor: 'system:t',
      reason: 'Tick',
      correlation: 'c-1',
      data: { to: 1 },
    });
    expect(published.map((p) => p.sandboxId)).toEqual([A, A, B]);

    // A new process (fresh tailer) starts from the saved checkpoint: nothing is published twice.
    await store.append(`sandbox-${A}`, 2, [clockEvent(4)]);
    const next = new SandboxEventTailer(store, publish, { consumer: 'test', batchSize: 10 });
    expect(await next.pollOnce()).toBe(1);
    expect(await next.pollOnce()).toBe(0);
    expect(published).toHaveLength(4);
  });

  it('starts at the head on a first start when the source can tell where that is', async () => {
    const store = new InMemoryEventStore();
    await store.append(`sandbox-${A}`, 'no-stream', [clockEvent(1)]);
    const head = (await store.readAll({ after: null, limit: 100 })).checkpoint;
    const published: string[] = [];
    const tailer = new SandboxEventTailer(
      {
        readAll: (o) => store.readAll(o),
        loadCheckpoint: (c) => store.loadCheckpoint(c),
        saveCheckpoint: (c, p) => store.saveCheckpoint(c, p),
        headCheckpoint: async () => head,
      },
      async (batch) => void published.push(...batch.map((m) => m.payload)),
      { consumer: 'fresh', batchSize: 10 },
    );
    expect(await tailer.pollOnce()).toBe(0);
    await store.append(`sandbox-${A}`, 1, [clockEvent(2)]);
    expect(await tailer.pollOnce()).toBe(1);
    expect(published.map((p) => (JSON.parse(p) as SandboxEventMessage).version)).toEqual([2]);
    expect(await store.loadCheckpoint('fresh')).not.toBeNull();
  });
});
