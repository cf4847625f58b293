// The one contract every EventStore implementation must pass: run by in-memory-event-store.spec.ts (unit) and
// postgres-event-store.int.spec.ts (integration). Tests isolate themselves with unique stream ids, so they can
// share a database with other suites; readAll assertions look only at this run's streams.
import { randomUUID } from 'node:crypto';
import type { Checkpoint, EventStore, NewEvent, RecordedEvent } from './event-store';
import { retryOnConflict } from './retry-on-conflict';
import { SnapshotSection } from './snapshot-codec';
import { WrongExpectedVersionError } from './wrong-expected-version.error';

export interface EventStoreHarness {
  readonly store: EventStore;
  /** Alters a stored snapshot's state behind the store's back (as a disk or a bad hand-edit would). */
  corruptSnapshot(streamId: string, schemaVersion: number, version: number): Promise<void>;
  close?(): Promise<void>;
}

const event = (n: number, type = 'Counted'): NewEvent => ({
  type,
  data: { n },
  metadata: { actor: 'user:ada', cause: `command-${n}`, correlation: 'corr-1' },
});

async function expectConflict(promise: Promise<unknown>, expected: number, actual: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject({ expectedVersion: expected, actualVersion: actual });
}

export function eventStoreContract(name: string, createHarness: () => Promise<EventStoreHarness>): void {
  describe(`EventStore contract: ${name}`, () => {
    let harness: EventStoreHarness;
    let store: EventStore;
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    const newStream = (label = 's') => `contract-${run}-${label}-${++counter}`;

    beforeAll(async () => {
      harness = await createHarness();
      store = harness.store;
    });
    afterAll(async () => {
      await harness.close?.();
    });

    /**
     * readAll withholds events behind the oldest transaction still in flight anywhere on the server (that is what
     * keeps its delivery in commit order), and other suites (R3) keep such transactions open while these run: wait
     * until what was just appended is visible, with a deadline, instead of reading once.
     */
    async function whenVisible<T>(read: () => Promise<T>, visible: (value: T) => boolean): Promise<T> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const value = await read();
        if (visible(value) || Date.now() > deadline) return value;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    /**
     * Everything readAll delivers from `after` on, for the given streams only, page by page until `expected` of
     * them have arrived (or the deadline: the assertions then show what was missing).
     */
    async function readAllOf(
      streams: string[],
      after: Checkpoint | null,
      limit: number,
      expected: number,
    ): Promise<RecordedEvent[]> {
      const wanted = new Set(streams);
      const delivered: RecordedEvent[] = [];
      let checkpoint = after;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const page = await store.readAll({ after: checkpoint, limit });
        delivered.push(...page.events.filter((e) => wanted.has(e.streamId)));
        checkpoint = page.checkpoint;
        if (page.events.length < limit) {
          if (delivered.length >= expected || Date.now() > deadline) return delivered;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }

    /** The checkpoint just before a stream's first event: readAll from it delivers that event first. */
    async function checkpointBefore(streamId: string): Promise<Checkpoint> {
      const [first] = await store.readStream(streamId, { limit: 1 });
      if (!first) throw new Error(`stream ${streamId} is empty`);
      return { transactionId: first.transactionId, position: String(BigInt(first.globalPosition) - 1n) };
    }

    describe('append and readStream', () => {
      it('appends to a new stream and reads the events back with versions, positions and metadata', async () => {
        const streamId = newStream();
        const result = await store.append(streamId, 'no-stream', [event(1), event(2), event(3, 'Finished')]);
        expect(result.streamVersion).toBe(3);
        expect(result.globalPositions).toHaveLength(3);
        const positions = result.globalPositions.map(BigInt);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

        const read = await store.readStream(streamId);
        expect(read.map((e) => [e.version, e.type, e.data])).toEqual([
          [1, 'Counted', { n: 1 }],
          [2, 'Counted', { n: 2 }],
          [3, 'Finished', { n: 3 }],
        ]);
        expect(read.map((e) => e.globalPosition)).toEqual(result.globalPositions);
        expect(read[0]?.metadata).toEqual({ actor: 'user:ada', cause: 'command-1', correlation: 'corr-1' });
        expect(read[0]?.recordedAt).toBeInstanceOf(Date);
        expect(read.every((e) => e.streamId === streamId && /^\d+$/.test(e.transactionId))).toBe(true);
        // One append is one transaction.
        expect(new Set(read.map((e) => e.transactionId)).size).toBe(1);
        expect(await store.streamVersion(streamId)).toBe(3);
      });

      it('round-trips JSON data faithfully and stores missing metadata as empty', async () => {
        const streamId = newStream();
        const data = {
          text: 'héllo "quoted" \\ ☸',
          nested: { list: [1, 2.5, -3e-7, null, true], empty: {} },
          big: 2 ** 53 - 1,
        };
        await store.append(streamId, 0, [{ type: 'Stored', data }]);
        const [read] = await store.readStream(streamId);
        expect(read?.data).toEqual(data);
        expect(read?.metadata).toEqual({});
      });

      it('reports version 0 and no events for a stream that does not exist', async () => {
        const streamId = newStream();
        expect(await store.streamVersion(streamId)).toBe(0);
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('reads just version, type and data of a range with readStreamData, as readStream has them', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1), event(2, 'Other'), event(3), event(4)]);
        for (const range of [
          {},
          { fromVersion: 2 },
          { fromVersion: 2, toVersion: 3 },
          { fromVersion: 1, limit: 2 },
        ]) {
          const full = await store.readStream(streamId, range);
          expect(await store.readStreamData(streamId, range)).toEqual(
            full.map(({ version, type, data }) => ({ version, type, data })),
          );
        }
        expect(await store.readStreamData(newStream())).toEqual([]);
      });

      it('reads a range of versions with fromVersion, toVersion and limit', async () => {
        const streamId = newStream();
        await store.append(
          streamId,
          'no-stream',
          Array.from({ length: 10 }, (_, i) => event(i + 1)),
        );
        const versions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(streamId, options)).map((e) => e.version);
        expect(await versions({ fromVersion: 4 })).toEqual([4, 5, 6, 7, 8, 9, 10]);
        expect(await versions({ toVersion: 3 })).toEqual([1, 2, 3]);
        expect(await versions({ fromVersion: 3, toVersion: 6, limit: 2 })).toEqual([3, 4]);
        expect(await versions({ fromVersion: 11 })).toEqual([]);
      });

      it('appends with the expected version and continues the numbering', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1)]);
        const result = await store.append(streamId, 1, [event(2), event(3)]);
        expect(result.streamVersion).toBe(3);
        expect((await store.readStream(streamId)).map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it("appends at the end with 'any'", async () => {
        const streamId = newStream();
        expect((await store.append(streamId, 'any', [event(1)])).streamVersion).toBe(1);
        expect((await store.append(streamId, 'any', [event(2), event(3)])).streamVersion).toBe(3);
      });

      it('treats an empty append as a version check that writes nothing', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1)]);
        expect(await store.append(streamId, 1, [])).toEqual({ streamVersion: 1, globalPositions: [] });
        await expectConflict(store.append(streamId, 0, []), 0, 1);
      });
    });

    describe('optimistic concurrency', () => {
      it('rejects a stale expected version with a typed error carrying the actual version, appending nothing', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1), event(2)]);
        await expectConflict(store.append(streamId, 1, [event(3), event(4)]), 1, 2);
        expect(await store.streamVersion(streamId)).toBe(2);
      });

      it("rejects 'no-stream' when the stream exists", async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1)]);
        await expectConflict(store.append(streamId, 'no-stream', [event(2)]), 0, 1);
      });

      it('rejects an expected version ahead of the stream without leaving a gap', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1)]);
        await expectConflict(store.append(streamId, 5, [event(6)]), 5, 1);
        await expectConflict(store.append(newStream(), 2, [event(3)]), 2, 0);
        expect((await store.readStream(streamId)).map((e) => e.version)).toEqual([1]);
      });

      it('lets exactly one of several concurrent appends at the same version win', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(0)]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => store.append(streamId, 1, [event(i + 1), event(i + 100)])),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((o) => o.status === 'rejected')) {
          expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        expect((await store.readStream(streamId)).map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it('retryOnConflict re-reads and retries until every concurrent writer has appended', async () => {
        const streamId = newStream();
        await Promise.all(
          Array.from({ length: 4 }, (_, writer) =>
            (async () => {
              for (let i = 0; i < 5; i++) {
                await retryOnConflict(
                  async () =>
                    store.append(streamId, await store.streamVersion(streamId), [event(writer * 100 + i)]),
                  { maxAttempts: 100 },
                );
              }
            })(),
          ),
        );
        const read = await store.readStream(streamId);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(new Set(read.map((e) => (e.data as { n: number }).n)).size).toBe(20);
      });

      it('retryOnConflict gives up after maxAttempts and rethrows other errors at once', async () => {
        let attempts = 0;
        await expect(
          retryOnConflict(
            async () => {
              attempts++;
              throw new WrongExpectedVersionError('s', 1, 2);
            },
            { maxAttempts: 3 },
          ),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(attempts).toBe(3);
        await expect(retryOnConflict(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      });
    });

    describe('idempotency keys', () => {
      it('returns the first result for a repeated key and appends nothing', async () => {
        const streamId = newStream();
        const first = await store.append(streamId, 'no-stream', [event(1), event(2)], {
          idempotencyKey: 'k1',
        });
        const again = await store.append(streamId, 'no-stream', [event(1), event(2)], {
          idempotencyKey: 'k1',
        });
        expect(again).toEqual(first);
        expect(await store.streamVersion(streamId)).toBe(2);
      });

      it("returns the first result even after the stream moved on, and with 'any'", async () => {
        const streamId = newStream();
        const first = await store.append(streamId, 'any', [event(1)], { idempotencyKey: 'k' });
        await store.append(streamId, 1, [event(2)]);
        expect(await store.append(streamId, 'any', [event(1)], { idempotencyKey: 'k' })).toEqual(first);
        expect(await store.append(streamId, 2, [event(1)], { idempotencyKey: 'k' })).toEqual(first);
        expect(await store.append(streamId, 0, [], { idempotencyKey: 'k' })).toEqual(first);
        expect(await store.streamVersion(streamId)).toBe(2);
      });

      it('scopes keys per stream, and a new key appends', async () => {
        const a = newStream('a');
        const b = newStream('b');
        await store.append(a, 'any', [event(1)], { idempotencyKey: 'same' });
        expect((await store.append(b, 'any', [event(1)], { idempotencyKey: 'same' })).streamVersion).toBe(1);
        expect((await store.append(a, 'any', [event(2)], { idempotencyKey: 'other' })).streamVersion).toBe(2);
      });

      it('does not record the key of an append that failed its version check', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1)]);
        await expectConflict(store.append(streamId, 0, [event(2)], { idempotencyKey: 'late' }), 0, 1);
        expect((await store.append(streamId, 1, [event(2)], { idempotencyKey: 'late' })).streamVersion).toBe(
          2,
        );
      });

      it('appends once when the same key is sent concurrently, and answers all with the first result', async () => {
        for (const expected of ['any', 'no-stream'] as const) {
          const streamId = newStream();
          const results = await Promise.all(
            Array.from({ length: 6 }, () =>
              store.append(streamId, expected, [event(1), event(2)], { idempotencyKey: 'dup' }),
            ),
          );
          expect(await store.streamVersion(streamId)).toBe(2);
          for (const result of results) expect(result).toEqual(results[0]);
        }
      });
    });

    describe('readAll', () => {
      it('delivers every event of every stream once, in order, page by page with checkpoints', async () => {
        const a = newStream('a');
        const b = newStream('b');
        await store.append(a, 'no-stream', [event(1), event(2)]);
        await store.append(b, 'no-stream', [event(3)]);
        await store.append(a, 2, [event(4)]);
        await store.append(b, 1, [event(5), event(6)]);
        const start = await checkpointBefore(a);

        const delivered = await readAllOf([a, b], start, 2, 6);
        expect(delivered.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(delivered.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.version}`)).toEqual([
          'a1',
          'a2',
          'b1',
          'a3',
          'b2',
          'b3',
        ]);
        const order = delivered.map((e) => [BigInt(e.transactionId), BigInt(e.globalPosition)] as const);
        for (let i = 1; i < order.length; i++) {
          const [tx, pos] = order[i] as readonly [bigint, bigint];
          const [prevTx, prevPos] = order[i - 1] as readonly [bigint, bigint];
          expect(tx > prevTx || (tx === prevTx && pos > prevPos)).toBe(true);
        }
      });

      it('returns the checkpoint after the last event, and `after` itself when nothing is new', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1), event(2), event(3)]);
        const start = await checkpointBefore(streamId);
        const page = await whenVisible(
          () => store.readAll({ after: start, limit: 2 }),
          (p) => p.events.length === 2,
        );
        const last = page.events[page.events.length - 1];
        expect(page.events).toHaveLength(2);
        expect(page.checkpoint).toEqual({
          transactionId: last?.transactionId,
          position: last?.globalPosition,
        });

        // Drain to the end: an empty page hands back the same checkpoint.
        let checkpoint = page.checkpoint;
        for (;;) {
          const next = await store.readAll({ after: checkpoint, limit: 500 });
          if (next.events.length === 0) {
            expect(next.checkpoint).toEqual(checkpoint);
            break;
          }
          checkpoint = next.checkpoint;
        }
      });

      it('reads from the beginning with a null checkpoint', async () => {
        const streamId = newStream();
        await store.append(streamId, 'no-stream', [event(1)]);
        const first = await whenVisible(
          () => store.readAll({ after: null, limit: 1 }),
          (p) => p.events.length === 1,
        );
        expect(first.events).toHaveLength(1);
        expect(first.checkpoint).not.toBeNull();
      });
    });

    describe('consumer checkpoints', () => {
      it('loads null for a new consumer, then what was saved last', async () => {
        const consumer = `consumer-${run}-${++counter}`;
        expect(await store.loadCheckpoint(consumer)).toBeNull();
        await store.saveCheckpoint(consumer, { transactionId: '41', position: '7' });
        expect(await store.loadCheckpoint(consumer)).toEqual({ transactionId: '41', position: '7' });
        await store.saveCheckpoint(consumer, {
          transactionId: '9007199254740993',
          position: '9007199254740995',
        });
        expect(await store.loadCheckpoint(consumer)).toEqual({
          transactionId: '9007199254740993',
          position: '9007199254740995',
        });
      });
    });

    describe('snapshots', () => {
      const state = { pods: { web: { phase: 'Running', restarts: 2 } }, order: ['b', 'a'], ratio: 0.1 };

      it('saves and loads a snapshot by stream and schema version', async () => {
        const streamId = newStream();
        await store.saveSnapshot(streamId, { version: 7, schemaVersion: 1, state });
        expect(await store.loadSnapshot(streamId, 1)).toEqual({
          streamId,
          version: 7,
          schemaVersion: 1,
          state,
        });
      });

      it('keeps sections apart: loaded undecoded, decoded on first read, saved again as they were', async () => {
        const streamId = newStream();
        const events = {
          value: { objects: [{ name: 'e1', count: 3 }], expiry: [['k', 'default', 'e1', 5]] },
        };
        await store.saveSnapshot(streamId, {
          version: 5,
          schemaVersion: 3,
          state: { ...state, events },
          sections: ['events'],
        });
        const loaded = await store.loadSnapshot<{ events: SnapshotSection }>(streamId, 3);
        const section = loaded!.state.events;
        expect(section).toBeInstanceOf(SnapshotSection);
        expect(section.decoded).toBe(false);
        expect(JSON.parse(JSON.stringify(loaded!.state))).toEqual({ ...state, events });
        // Saved again (another version) with its section never decoded: its stored bytes go back as they were.
        const again = (await store.loadSnapshot<{ events: SnapshotSection }>(streamId, 3))!.state;
        await store.saveSnapshot(streamId, {
          version: 6,
          schemaVersion: 3,
          state: again,
          sections: ['events'],
        });
        expect(again.events.decoded).toBe(false);
        const copy = await store.loadSnapshot<{ events: SnapshotSection }>(streamId, 3, { maxVersion: 6 });
        expect(Buffer.compare(copy!.state.events.storedBytes(), section.storedBytes())).toBe(0);
        expect(copy!.state.events.value).toEqual(events.value);
        // And the checksum covers the sections: a corrupt row is not served.
        await harness.corruptSnapshot(streamId, 3, 6);
        expect(await store.loadSnapshot(streamId, 3)).toMatchObject({ version: 5 });
      });

      it('serves the newest of the asked schema and the older ones the caller reads, the asked one at a tie', async () => {
        const streamId = newStream();
        await store.saveSnapshot(streamId, { version: 5, schemaVersion: 2, state: { at: 'v5 s2' } });
        await store.saveSnapshot(streamId, { version: 10, schemaVersion: 1, state: { at: 'v10 s1' } });
        await store.saveSnapshot(streamId, { version: 10, schemaVersion: 2, state: { at: 'v10 s2' } });
        await store.saveSnapshot(streamId, {
          version: 15,
          schemaVersion: 1,
          state: { ...state, at: 'v15 s1' },
        });
        await store.saveSnapshot(streamId, { version: 20, schemaVersion: 0, state: { at: 'v20 s0' } });
        expect(await store.loadSnapshot(streamId, 2)).toMatchObject({ version: 10, schemaVersion: 2 });
        expect(await store.loadSnapshot(streamId, 2, { olderSchemas: [1] })).toMatchObject({
          version: 15,
          schemaVersion: 1,
          state: { at: 'v15 s1' },
        });
        expect(await store.loadSnapshot(streamId, 2, { olderSchemas: [1], maxVersion: 14 })).toMatchObject({
          version: 10,
          schemaVersion: 2,
          state: { at: 'v10 s2' },
        });
        // The older schema's checksum is its own: a corrupt one is skipped for the next older snapshot.
        await harness.corruptSnapshot(streamId, 1, 15);
        expect(await store.loadSnapshot(streamId, 2, { olderSchemas: [1] })).toMatchObject({ version: 10 });
      });

      it('returns null when missing, and ignores a snapshot of another schema version', async () => {
        const streamId = newStream();
        expect(await store.loadSnapshot(streamId, 1)).toBeNull();
        await store.saveSnapshot(streamId, { version: 3, schemaVersion: 1, state });
        expect(await store.loadSnapshot(streamId, 2)).toBeNull();
      });

      it('keeps the newest version: a late save of an older one does not replace it', async () => {
        const streamId = newStream();
        await store.saveSnapshot(streamId, { version: 9, schemaVersion: 1, state: { at: 9 } });
        await store.saveSnapshot(streamId, { version: 4, schemaVersion: 1, state: { at: 4 } });
        expect(await store.loadSnapshot(streamId, 1)).toMatchObject({ version: 9, state: { at: 9 } });
        await store.saveSnapshot(streamId, { version: 12, schemaVersion: 1, state: { at: 12 } });
        expect(await store.loadSnapshot(streamId, 1)).toMatchObject({ version: 12, state: { at: 12 } });
      });

      it('never serves a snapshot whose stored state fails its checksum', async () => {
        const streamId = newStream();
        await store.saveSnapshot(streamId, { version: 5, schemaVersion: 3, state });
        await harness.corruptSnapshot(streamId, 3, 5);
        expect(await store.loadSnapshot(streamId, 3)).toBeNull();
      });

      it('keeps every version: loads the newest at or below a version bound', async () => {
        const streamId = newStream();
        for (const version of [500, 1000, 1500])
          await store.saveSnapshot(streamId, { version, schemaVersion: 1, state: { at: version } });
        expect(await store.loadSnapshot(streamId, 1)).toMatchObject({ version: 1500, state: { at: 1500 } });
        expect(await store.loadSnapshot(streamId, 1, { maxVersion: 1499 })).toMatchObject({
          version: 1000,
          state: { at: 1000 },
        });
        expect(await store.loadSnapshot(streamId, 1, { maxVersion: 1000 })).toMatchObject({ version: 1000 });
        expect(await store.loadSnapshot(streamId, 1, { maxVersion: 2000 })).toMatchObject({ version: 1500 });
        expect(await store.loadSnapshot(streamId, 1, { maxVersion: 499 })).toBeNull();
        expect(await store.loadSnapshot(streamId, 2, { maxVersion: 2000 })).toBeNull();
        expect(await store.loadSnapshot(newStream(), 1, { maxVersion: 2000 })).toBeNull();
      });

      it('saving a version again replaces that version only', async () => {
        const streamId = newStream();
        await store.saveSnapshot(streamId, { version: 10, schemaVersion: 1, state: { at: 'first' } });
        await store.saveSnapshot(streamId, { version: 20, schemaVersion: 1, state: { at: 20 } });
        await store.saveSnapshot(streamId, { version: 10, schemaVersion: 1, state: { at: 'second' } });
        expect(await store.loadSnapshot(streamId, 1, { maxVersion: 15 })).toMatchObject({
          version: 10,
          state: { at: 'second' },
        });
        expect(await store.loadSnapshot(streamId, 1)).toMatchObject({ version: 20 });
      });

      it('loads the newest at or before a time bound, skipping snapshots saved without a time', async () => {
        const streamId = newStream();
        await store.saveSnapshot(streamId, {
          version: 100,
          schemaVersion: 1,
          state: { v: 100 },
          time: 1_000,
        });
        await store.saveSnapshot(streamId, {
          version: 200,
          schemaVersion: 1,
          state: { v: 200 },
          time: 5_000.5,
        });
        await store.saveSnapshot(streamId, { version: 300, schemaVersion: 1, state: { v: 300 } });
        await store.saveSnapshot(streamId, {
          version: 400,
          schemaVersion: 1,
          state: { v: 400 },
          time: 9_000,
        });
        expect(await store.loadSnapshot(streamId, 1, { maxTime: 5_000.5 })).toEqual({
          streamId,
          version: 200,
          schemaVersion: 1,
          state: { v: 200 },
          time: 5_000.5,
        });
        expect(await store.loadSnapshot(streamId, 1, { maxTime: 8_999 })).toMatchObject({ version: 200 });
        expect(await store.loadSnapshot(streamId, 1, { maxTime: 1_000_000 })).toMatchObject({ version: 400 });
        expect(await store.loadSnapshot(streamId, 1, { maxTime: 999 })).toBeNull();
        // Both bounds: the newest snapshot within both.
        expect(await store.loadSnapshot(streamId, 1, { maxTime: 9_000, maxVersion: 399 })).toMatchObject({
          version: 200,
        });
      });

      it('skips a corrupt snapshot for the next older one within the bounds', async () => {
        const streamId = newStream();
        await store.saveSnapshot(streamId, { version: 5, schemaVersion: 1, state, time: 50 });
        await store.saveSnapshot(streamId, { version: 10, schemaVersion: 1, state, time: 100 });
        await harness.corruptSnapshot(streamId, 1, 10);
        expect(await store.loadSnapshot(streamId, 1)).toMatchObject({ version: 5, state });
        expect(await store.loadSnapshot(streamId, 1, { maxVersion: 10 })).toMatchObject({ version: 5 });
        expect(await store.loadSnapshot(streamId, 1, { maxTime: 100 })).toMatchObject({ version: 5 });
        await harness.corruptSnapshot(streamId, 1, 5);
        expect(await store.loadSnapshot(streamId, 1)).toBeNull();
      });
    });
  });
}
