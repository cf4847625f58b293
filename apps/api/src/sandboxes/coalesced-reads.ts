// Concurrent reads of one key share work without ever answering with something read before the caller arrived:
// the first caller starts a read; callers that arrive while it runs wait for the NEXT read, which starts when the
// running one settles and answers all of them. So a learner who reads after an acknowledged command always sees
// it (read-your-writes), and N requests for one sandbox at once cost about two reads instead of N: one sandbox row,
// one checkout of the cached cluster (a cluster is checked out by one reader at a time; concurrent readers used to
// miss the cache and fold the stream again each).
export class CoalescedReads<T> {
  private readonly slots = new Map<string, { readonly running: Promise<T>; queued?: Promise<T> }>();
  private counts = { reads: 0, calls: 0 };

  constructor(private readonly read: (key: string) => Promise<T>) {}

  /** Reads started and calls answered (tests, metrics). */
  get stats(): { readonly reads: number; readonly calls: number } {
    return { ...this.counts };
  }

  get(key: string): Promise<T> {
    this.counts.calls++;
    const slot = this.slots.get(key);
    if (!slot) return this.launch(key);
    const after = () => this.launch(key);
    slot.queued ??= slot.running.then(after, after);
    return slot.queued;
  }

  private launch(key: string): Promise<T> {
    this.counts.reads++;
    let running: Promise<T>;
    try {
      running = this.read(key);
    } catch (error) {
      running = Promise.reject(error);
    }
    const slot: { readonly running: Promise<T>; queued?: Promise<T> } = { running };
    this.slots.set(key, slot);
    const settled = () => {
      // The next read (if callers queued) has replaced or will replace this slot itself.
      if (this.slots.get(key) === slot && !slot.queued) this.slots.delete(key);
    };
    running.then(settled, settled);
    return running;
  }
}
