import { CoalescedReads } from './coalesced-reads';

/** A read whose completion the test controls; each read returns the "version" current when it STARTED. */
function setup() {
  let version = 0;
  const pending: (() => void)[] = [];
  const started: number[] = [];
  const reads = new CoalescedReads(async (key: string) => {
    const seen = version;
    started.push(seen);
    await new Promise<void>((resolve) => pending.push(resolve));
    if (key === 'broken') throw new Error(`read failed at ${seen}`);
    return `${key}@${seen}`;
  });
  const settle = async () => {
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { reads, started, settle, write: () => version++ };
}

describe('CoalescedReads', () => {
  it('answers callers that arrive during a read with the next read, never with the running one', async () => {
    const { reads, started, settle, write } = setup();
    const first = reads.get('a');
    write(); // a command acknowledged after the first read started…
    const later = Array.from({ length: 10 }, () => reads.get('a')); // …then ten readers arrive
    await settle();
    await expect(first).resolves.toBe('a@0');
    await settle();
    // One more read for all ten, started after they arrived: they see the write.
    await expect(Promise.all(later)).resolves.toEqual(Array(10).fill('a@1'));
    expect(started).toEqual([0, 1]);
    expect(reads.stats).toEqual({ reads: 2, calls: 11 });
  });

  it('keeps keys apart, starts afresh once idle, and gives each caller the error of its own read', async () => {
    const { reads, settle } = setup();
    const a = reads.get('a');
    const b = reads.get('b');
    await settle();
    await settle();
    await expect(Promise.all([a, b])).resolves.toEqual(['a@0', 'b@0']);
    const again = reads.get('a');
    await settle();
    await expect(again).resolves.toBe('a@0');
    expect(reads.stats.reads).toBe(3);

    const outcome = (p: Promise<string>) => p.then(String, (e: Error) => e.message);
    const broken = outcome(reads.get('broken'));
    const queued = outcome(reads.get('broken'));
    await settle();
    await settle();
    await expect(Promise.all([broken, queued])).resolves.toEqual(['read failed at 0', 'read failed at 0']);
    expect(reads.stats.reads).toBe(5);
  });

  it("hands each read its first caller's input, and the next read the merge of its queued callers' inputs", async () => {
    const inputs: number[] = [];
    const pending: (() => void)[] = [];
    const reads = new CoalescedReads<number, number>(
      async (_key, input) => {
        inputs.push(input);
        await new Promise<void>((resolve) => pending.push(resolve));
        return input;
      },
      (queued, arriving) => Math.max(queued, arriving),
    );
    const first = reads.get('a', 1);
    const queued = [reads.get('a', 3), reads.get('a', 5), reads.get('a', 2)];
    pending.shift()?.();
    await expect(first).resolves.toBe(1);
    await new Promise((r) => setImmediate(r));
    pending.shift()?.();
    await expect(Promise.all(queued)).resolves.toEqual([5, 5, 5]);
    expect(inputs).toEqual([1, 5]);
  });
});
