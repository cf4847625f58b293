// Concurrent reads of one key share work without ever answering with something read before the caller arrived:
// the first caller starts a read; callers that arrive while it runs wait for the NEXT read, which starts when the
// running one settles and answers all of them. So a learner who reads after an acknowledged command always sees
// it (read-your-writes), and N requests for one sandbox at once cost about two reads instead of N: one sandbox row,
// one checkout of the cached cluster (a cluster is checked out by one reader at a time; concurrent readers used to
// miss the cache and fold the stream again each).
// A caller may hand the read an input (the sandbox's record it already loaded, so the read need not load it
// again): the next read gets the inputs of the callers queued for it combined by `merge` (default: the latest).
export class CoalescedReads<T, A = void> {
  private readonly slots = new Map<
    string,
    { readonly running: Promise<T>; queued?: Promise<T>; next?: { input: A } }
  >();
  private counts = { reads: 0, calls: 0 };

  constructor(
    private readonly read: (key: string, input: A) => Promise<T>,
    private readonly merge: (queued: A, arriving: A) => A = (_queued, arriving) => arriving,
  ) {}

  /** Reads started and calls answered (tests, metrics). */
  get stats(): { readonly reads: number; readonly calls: number } {
    return { ...this.counts };
  }

  get(key: string, input: A): Promise<T> {
    this.counts.calls++;
    const slot = this.slots.get(key);
    if (!slot) return this.launch(key, input);
    slot.next = { input: slot.next ? this.merge(slot.next.input, input) : input };
    if (!slot.queued) {
      const after = () => this.launch(key, (slot.next as { input: A }).input);
      slot.queued = slot.running.then(after, after);
    }
    return slot.queued;
  }

  private launch(key: string, input: A): Promise<T> {
    this.counts.reads++;
    let running: Promise<T>;
    try {
      running = this.read(key, input);
    } catch (error) {
      running = Promise.reject(error);
    }
    const slot: { readonly running: Promise<T>; queued?: Promise<T>; next?: { input: A } } = { running };
    this.slots.set(key, slot);
    const settled = () => {
      // The next read (if callers queued) has replaced or will replace this slot itself.
      if (this.slots.get(key) === slot && !slot.queued) this.slots.delete(key);
    };
    running.then(settled, settled);
    return running;
  }
}
