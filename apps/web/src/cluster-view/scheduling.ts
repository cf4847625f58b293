// The two ways the cluster view keeps work bounded, as small classes with injectable timing (unit-tested):
// events are applied in one batch per animation frame, and replay loads only the newest wanted version.

/** Collects items and hands them over in one batch per frame (requestAnimationFrame by default). */
export class FrameBatcher<T> {
  private pending: T[] = [];
  private handle: number | null = null;

  constructor(
    private readonly flush: (batch: T[]) => void,
    private readonly schedule: (run: () => void) => number = (run) => requestAnimationFrame(run),
    private readonly cancel: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.handle === null) this.handle = this.schedule(() => this.run());
  }

  /** Drops what is pending (a restart, an unmount). */
  clear(): void {
    if (this.handle !== null) this.cancel(this.handle);
    this.handle = null;
    this.pending = [];
  }

  private run(): void {
    this.handle = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.flush(batch);
  }
}

/**
 * Loads one key at a time; a key wanted while a load runs replaces any earlier wanted one, and is loaded when the
 * running load ends. Results of keys no longer wanted are dropped. Scrubbing over 100 versions costs two loads.
 */
export class LatestOnly<K, V> {
  private wanted: K | undefined;
  private busy = false;
  private disposed = false;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly onResult: (key: K, value: V) => void,
    private readonly onIdle: () => void = () => undefined,
  ) {}

  want(key: K): void {
    this.wanted = key;
    if (!this.busy) void this.loop();
  }

  /** Nothing is wanted any more (served otherwise): a running load's answer is dropped. */
  cancel(): void {
    this.wanted = undefined;
  }

  dispose(): void {
    this.disposed = true;
  }

  private async loop(): Promise<void> {
    this.busy = true;
    try {
      while (!this.disposed && this.wanted !== undefined) {
        const key = this.wanted;
        const value = await this.load(key);
        if (this.disposed) return;
        if (this.wanted !== key) continue;
        this.wanted = undefined;
        this.onResult(key, value);
      }
    } finally {
      this.busy = false;
      if (!this.disposed) this.onIdle();
    }
  }
}

/**
 * Bounded staleness for a live view: told of versions known to exist (a command's or a clock step's answer), it
 * calls `onBehind` once when the view has not reached them `graceMs` later. The live path trusts the server's
 * event feed; when that feed lags or stalls (its tailer catching up on a backlog, a lease handover, Redis away),
 * the view reloads its snapshot instead of showing an old version for good. One reload per wait: a view that is
 * still behind after it (a reset started a new generation) does not loop.
 */
export class CatchUpWatch {
  private target = 0;
  private handle: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly graceMs: number,
    private readonly shown: () => number,
    private readonly onBehind: () => void,
    private readonly setTimer: (run: () => void, ms: number) => ReturnType<typeof setTimeout> = (run, ms) =>
      setTimeout(run, ms),
    private readonly clearTimer: (handle: ReturnType<typeof setTimeout>) => void = (handle) =>
      clearTimeout(handle),
  ) {}

  /** A version that exists: the view should show it (or a later one) within the grace period. */
  expect(version: number): void {
    if (version <= this.shown()) return;
    this.target = Math.max(this.target, version);
    if (this.handle !== null) return;
    this.handle = this.setTimer(() => {
      this.handle = null;
      const behind = this.shown() < this.target;
      this.target = 0;
      if (behind) this.onBehind();
    }, this.graceMs);
  }

  clear(): void {
    if (this.handle !== null) this.clearTimer(this.handle);
    this.handle = null;
    this.target = 0;
  }
}
