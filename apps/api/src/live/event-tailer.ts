// The commit-ordered tail of the event store: reads every event after the saved checkpoint (readAll delivers in
// commit order and never past a transaction that could still commit before it), publishes the sandbox streams'
// events, one message per event, then saves the checkpoint. At least once: a crash between publishing and saving
// republishes a batch, which subscribers drop by version.
import { type SandboxEventMessage, type StoredSandboxEvent, toMessage } from './sandbox-event.message';

export interface TailCheckpoint {
  readonly transactionId: string;
  readonly position: string;
}

/** The part of libs/event-store's EventStore the tailer uses. */
export interface TailSource {
  readAll(options: {
    readonly after: TailCheckpoint | null;
    readonly limit: number;
  }): Promise<{ readonly events: readonly StoredSandboxEvent[]; readonly checkpoint: TailCheckpoint | null }>;
  loadCheckpoint(consumer: string): Promise<TailCheckpoint | null>;
  saveCheckpoint(consumer: string, checkpoint: TailCheckpoint): Promise<void>;
  /**
   * Where readAll stands now (the last event it would deliver), for a first start: subscribers replay history
   * from the streams themselves, so the tail only needs what commits from now on. Absent: start from the beginning.
   */
  headCheckpoint?(): Promise<TailCheckpoint | null>;
}

/** Publishes a batch in order (one Redis pipeline): each message is serialised exactly once. */
export type PublishBatch = (messages: readonly { sandboxId: string; payload: string }[]) => Promise<void>;

export interface TailerOptions {
  readonly consumer: string;
  readonly batchSize: number;
}

export class SandboxEventTailer {
  private checkpoint: TailCheckpoint | null | undefined;

  constructor(
    private readonly source: TailSource,
    private readonly publish: PublishBatch,
    private readonly options: TailerOptions,
  ) {}

  /** Forgets the in-memory checkpoint: the next poll reloads the saved one (after losing and regaining the lease). */
  reset(): void {
    this.checkpoint = undefined;
  }

  /** One read-publish-save round; returns how many events were read (a full batch means: poll again at once). */
  async pollOnce(): Promise<number> {
    if (this.checkpoint === undefined) {
      this.checkpoint = await this.source.loadCheckpoint(this.options.consumer);
      if (this.checkpoint === null && this.source.headCheckpoint) {
        this.checkpoint = await this.source.headCheckpoint();
        if (this.checkpoint) await this.source.saveCheckpoint(this.options.consumer, this.checkpoint);
      }
    }
    const { events, checkpoint } = await this.source.readAll({
      after: this.checkpoint,
      limit: this.options.batchSize,
    });
    if (events.length === 0) return 0;
    const messages: { sandboxId: string; payload: string }[] = [];
    for (const event of events) {
      const message: SandboxEventMessage | null = toMessage(event);
      if (message) messages.push({ sandboxId: message.sandboxId, payload: JSON.stringify(message) });
    }
    if (messages.length > 0) await this.publish(messages);
    if (checkpoint) {
      await this.source.saveCheckpoint(this.options.consumer, checkpoint);
      this.checkpoint = checkpoint;
    }
    return events.length;
  }
}
