// One Redis subscriber connection per api process: SUBSCRIBE to a sandbox's channel when its first local listener
// arrives, UNSUBSCRIBE when the last leaves; each message is parsed once and handed to every local listener.
import type { Redis } from 'ioredis';
import { type SandboxEventMessage, sandboxChannel } from './sandbox-event.message';

type Listener = (message: SandboxEventMessage) => void;
/** Called after a reconnect: messages may have been lost while the connection was down. */
type Resync = () => void;

export class RedisFanout {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly resyncs = new Map<Listener, Resync>();
  private connectedOnce = false;
  /** The SUBSCRIBE in flight or done per channel, so concurrent listeners wait for the same acknowledgement. */
  private readonly subscribed = new Map<string, Promise<unknown>>();

  constructor(
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    subscriber.on('message', (channel: string, payload: string) => this.dispatch(channel, payload));
    // ioredis re-subscribes by itself after a reconnect; what was published meanwhile is read from the store.
    subscriber.on('ready', () => {
      if (this.connectedOnce) for (const resync of [...this.resyncs.values()]) resync();
      this.connectedOnce = true;
    });
  }

  /** Local listeners, for metrics and tests. */
  get listenerCount(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  /** Resolves once Redis acknowledged the subscription, with the function that removes the listener. */
  async listen(sandboxId: string, listener: Listener, resync?: Resync): Promise<() => void> {
    const channel = sandboxChannel(this.prefix, sandboxId);
    if (resync) this.resyncs.set(listener, resync);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    let ack = this.subscribed.get(channel);
    if (!ack) {
      ack = this.subscriber.subscribe(channel);
      this.subscribed.set(channel, ack);
    }
    try {
      await ack;
    } catch (error) {
      this.remove(channel, listener);
      throw error;
    }
    return () => this.remove(channel, listener);
  }

  private remove(channel: string, listener: Listener): void {
    this.resyncs.delete(listener);
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    this.subscribed.delete(channel);
    void this.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  private dispatch(channel: string, payload: string): void {
    const set = this.listeners.get(channel);
    if (!set || set.size === 0) return;
    let message: SandboxEventMessage;
    try {
      message = JSON.parse(payload) as SandboxEventMessage;
    } catch {
      return;
    }
    for (const listener of [...set]) listener(message);
  }
}
