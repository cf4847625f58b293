import { eventStoreContract } from './event-store.contract';
import { InMemoryEventStore, snapshotId, type StoredSnapshotRecord } from './in-memory-event-store';
import { decodeSnapshotState, encodeSnapshotState } from './snapshot-codec';

eventStoreContract('in-memory', async () => {
  const snapshots = new Map<string, StoredSnapshotRecord>();
  return {
    store: new InMemoryEventStore({ snapshots }),
    async corruptSnapshot(streamId, schemaVersion, version) {
      const id = snapshotId(streamId, schemaVersion, version);
      const record = snapshots.get(id);
      if (!record) throw new Error('no snapshot to corrupt');
      // One value changed inside the stored bytes (decoded, edited, encoded again), the checksum left as it was.
      const json = JSON.stringify(decodeSnapshotState(record.packed));
      if (!json.includes('Running')) throw new Error('nothing to corrupt');
      snapshots.set(id, {
        ...record,
        packed: encodeSnapshotState(JSON.parse(json.replace('Running', 'Pending'))),
      });
    },
  };
});

describe('InMemoryEventStore', () => {
  it('stamps events with the injected clock', async () => {
    const store = new InMemoryEventStore({ now: () => new Date('2026-01-02T03:04:05Z') });
    await store.append('s', 'no-stream', [{ type: 'Happened', data: {} }]);
    expect((await store.readStream('s'))[0]?.recordedAt.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('hands out copies: mutating a read event does not change the store', async () => {
    const store = new InMemoryEventStore();
    await store.append('s', 'no-stream', [{ type: 'Happened', data: { list: [1] } }]);
    const [read] = await store.readStream('s');
    (read?.data as { list: number[] }).list.push(2);
    expect((await store.readStream('s'))[0]?.data).toEqual({ list: [1] });
  });
});
