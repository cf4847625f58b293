// One subscriber's ordered, gap-free view of a sandbox's events: listen first, replay from the store (versions
// after `afterVersion`), then deliver live messages, dropping the ones already delivered and reading any gap back
// from the store. A reset moves the sandbox to a new stream generation: the feed follows it from its version 1.
import type { SandboxEventMessage } from './sandbox-event.message';

export interface LiveFeedPorts {
  /** Events of one generation's stream from `fromVersion`, oldest first, at most `limit`. */
  read(generation: number, fromVersion: number, limit: number): Promise<readonly SandboxEventMessage[]>;
  /**
   * Starts delivering the sandbox's live messages to `onMessage`; resolves once the subscription is active (so
   * nothing committed after the replay's read can be missed), with the function that stops it. `onResync` is
   * called when live messages may have been lost (a reconnect): the feed then reads the store again.
   */
  listen(onMessage: (message: SandboxEventMessage) => void, onResync: () => void): Promise<() => void>;
}

export interface LiveFeedOptions {
  readonly generation: number;
  readonly afterVersion: number;
  /** Store reads per round trip. */
  readonly batchSize: number;
  /** Live messages buffered for a slow consumer; past this the buffer is dropped and refilled from the store. */
  readonly maxBuffered: number;
  /** Called once when the feed closes (bookkeeping of open feeds). */
  readonly onClose?: () => void;
}

export class LiveFeed implements AsyncIterableIterator<SandboxEventMessage> {
  private generation: number;
  private delivered: number;
  private readonly buffer: SandboxEventMessage[] = [];
  private overflowed = false;
  /** Reading from the store up to this version before taking live messages again. */
  private catchUpTo: number | null = null;
  private gapFilledFor: SandboxEventMessage | undefined;
  private waiter: (() => void) | undefined;
  private stop: (() => void) | undefined;
  private closed = false;
  private started = false;
  /** Ready to hand out, in order. */
  private readonly pending: SandboxEventMessage[] = [];

  constructor(
    private readonly ports: LiveFeedPorts,
    private readonly options: LiveFeedOptions,
  ) {
    this.generation = options.generation;
    this.delivered = options.afterVersion;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<SandboxEventMessage>> {
    if (!this.started) await this.start();
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      const ready = this.pending.shift();
      if (ready) return { done: false, value: ready };
      await this.fill();
    }
  }

  /**
   * Everything deliverable right now without I/O, in order (after a `next()` resolved): what is pending, then the
   * buffered live messages that follow without a gap. Whatever needs the store (a gap, an overflow, a resync) is
   * left for `next()`. Lets a consumer write a burst in one go instead of one promise round trip per event.
   */
  takeReady(): SandboxEventMessage[] {
    if (this.closed || !this.started) return [];
    const ready = this.pending.splice(0);
    if (this.overflowed || this.catchUpTo !== null) return ready;
    while (this.buffer.length > 0) {
      const message = this.buffer[0] as SandboxEventMessage;
      if (message.generation > this.generation) break; // the switch is next()'s, with its bookkeeping
      if (message.generation === this.generation && message.version > this.delivered + 1) break; // a gap
      this.buffer.shift();
      if (message.generation < this.generation || message.version <= this.delivered) continue;
      this.delivered = message.version;
      ready.push(message);
    }
    return ready;
  }

  async return(): Promise<IteratorResult<SandboxEventMessage>> {
    this.close();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<SandboxEventMessage>> {
    this.close();
    throw error;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stop?.();
    this.stop = undefined;
    this.buffer.length = 0;
    this.pending.length = 0;
    this.wake();
    this.options.onClose?.();
  }

  private async start(): Promise<void> {
    this.started = true;
    const stop = await this.ports.listen(
      (message) => this.receive(message),
      () => this.resync(),
    );
    if (this.closed) stop();
    else this.stop = stop;
    this.catchUpTo = Number.MAX_SAFE_INTEGER;
  }

  private receive(message: SandboxEventMessage): void {
    if (this.closed) return;
    if (this.buffer.length >= this.options.maxBuffered) {
      // A consumer this far behind reads from the store instead: memory stays bounded, nothing is lost.
      this.buffer.length = 0;
      this.overflowed = true;
    } else this.buffer.push(message);
    this.wake();
  }

  /** Live messages may have been lost: read the store again before taking live ones. */
  private resync(): void {
    if (this.closed) return;
    this.overflowed = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Moves the next events to deliver into `pending` (at most one store batch), or waits for a live message. */
  private async fill(): Promise<void> {
    if (this.overflowed) {
      this.overflowed = false;
      this.catchUpTo = Number.MAX_SAFE_INTEGER;
    }
    if (this.catchUpTo !== null) {
      await this.readBatch(this.catchUpTo);
      return;
    }
    const message = this.buffer.shift();
    if (!message) {
      await new Promise<void>((resolve) => (this.waiter = resolve));
      return;
    }
    if (message.generation < this.generation) return;
    if (message.generation > this.generation) {
      this.generation = message.generation;
      this.delivered = 0;
    }
    if (message.version <= this.delivered) return;
    if (message.version === this.delivered + 1) {
      this.accept(message);
      return;
    }
    // A gap: the messages in between were published before we listened, or lost. The store has them; the message
    // goes back to the front and is delivered once they are.
    if (this.gapFilledFor === message) return; // the store had nothing more: drop it, the next gap refills it
    this.gapFilledFor = message;
    this.buffer.unshift(message);
    this.catchUpTo = message.version - 1;
  }

  private async readBatch(target: number): Promise<void> {
    if (this.delivered >= target) {
      this.catchUpTo = null;
      return;
    }
    const generation = this.generation;
    const limit = Math.min(this.options.batchSize, target - this.delivered);
    const batch = await this.ports.read(generation, this.delivered + 1, limit);
    if (this.closed || generation !== this.generation) return;
    for (const event of batch) if (event.version === this.delivered + 1) this.accept(event);
    if (batch.length < limit || this.delivered >= target) this.catchUpTo = null;
  }

  private accept(message: SandboxEventMessage): void {
    this.delivered = message.version;
    this.pending.push(message);
  }
}
