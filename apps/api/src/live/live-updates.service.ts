// Live updates in this api process: (1) the tailer, run by whichever api process holds the Redis lease, publishes
// each committed sandbox event once to its sandbox's channel; (2) one subscriber connection fans the messages out
// to this process's GraphQL subscriptions, each a LiveFeed (replay from the store, then live, no gaps).
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { type AppConfig } from '@podlab/config';
import { type EventStore } from '@podlab/event-store';
import { type SandboxRecord, streamIdOf } from '@podlab/sandbox';
import { APP_CONFIG } from '../config/app-config.module';
import { ApiError } from '../errors/api-error';
import { EVENT_STORE, SandboxConnections } from '../sandboxes/sandbox-infrastructure';
import { postgresTailSource } from './postgres-tail-source';
import { SandboxEventTailer } from './event-tailer';
import { LiveFeed } from './live-feed';
import { RedisFanout } from './redis-fanout';
import { RedisLease } from './redis-lease';
import { sandboxChannel, toMessage } from './sandbox-event.message';

/** How often the lease holder polls the store when the last poll found nothing. */
export const TAIL_INTERVAL_MS = 50;
const TAIL_BATCH = 500;
const LEASE_TTL_MS = 5_000;
const LEASE_CHECK_MS = 1_000;
const FEED_BATCH = 500;
const FEED_MAX_BUFFERED = 10_000;

@Injectable()
export class LiveUpdatesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveUpdates');
  private readonly prefix: string;
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private fanout: RedisFanout | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly openFeeds = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(SandboxConnections) private readonly connections: SandboxConnections,
  ) {
    this.prefix = config.QUEUE_PREFIX;
  }

  /**
   * Starts with the HTTP server (Fastify's onListen), so an application that never listens (the schema emitter,
   * in-process tests) opens no Redis connection.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onListen', async () => this.start());
  }

  private start(): void {
    if (this.loop || this.stopped) return;
    const options = { maxRetriesPerRequest: null, lazyConnect: false } as const;
    this.publisher = new Redis(this.config.REDIS_URL, { ...options, connectionName: 'podlab-api-live-pub' });
    this.subscriber = new Redis(this.config.REDIS_URL, { ...options, connectionName: 'podlab-api-live-sub' });
    // ioredis reconnects (and re-subscribes) by itself; feeds fill any gap from the store.
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.fanout = new RedisFanout(this.subscriber, this.prefix);
    this.loop = this.runTailer(this.publisher);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await Promise.all([this.publisher, this.subscriber].map((r) => r?.quit().catch(() => r.disconnect())));
  }

  /** A subscription's iterator: events of the sandbox's current generation after `afterVersion`, in order. */
  feed(sandbox: SandboxRecord, afterVersion: number, userId: string): LiveFeed {
    const fanout = this.fanout;
    if (!fanout) throw new Error('live updates are not started');
    const open = this.openFeeds.get(userId) ?? 0;
    const limit = this.config.LIVE_MAX_SUBSCRIPTIONS_PER_USER;
    if (open >= limit)
      throw new ApiError('RATE_LIMITED', `at most ${limit} open subscriptions per user`, { limit });
    this.openFeeds.set(userId, open + 1);
    const onClose = (): void => {
      const left = (this.openFeeds.get(userId) ?? 1) - 1;
      if (left > 0) this.openFeeds.set(userId, left);
      else this.openFeeds.delete(userId);
    };
    return new LiveFeed(
      {
        read: async (generation, fromVersion, limit) => {
          const events = await this.store.readStream(streamIdOf({ id: sandbox.id, generation }), {
            fromVersion,
            limit,
          });
          return events.flatMap((event) => toMessage(event) ?? []);
        },
        listen: (onMessage, onResync) => fanout.listen(sandbox.id, onMessage, onResync),
      },
      {
        generation: sandbox.generation,
        afterVersion,
        batchSize: FEED_BATCH,
        maxBuffered: FEED_MAX_BUFFERED,
        onClose,
      },
    );
  }

  private async runTailer(redis: Redis): Promise<void> {
    const lease = new RedisLease(redis, `${this.prefix}:live:tailer-lease`, LEASE_TTL_MS);
    const tailer = new SandboxEventTailer(
      postgresTailSource(this.store, this.connections.pool),
      async (messages) => {
        const pipeline = redis.pipeline();
        for (const m of messages) pipeline.publish(sandboxChannel(this.prefix, m.sandboxId), m.payload);
        const results = await pipeline.exec();
        const failed = results?.find(([error]) => error);
        if (failed?.[0]) throw failed[0];
      },
      { consumer: `live-tailer:${this.prefix}`, batchSize: TAIL_BATCH },
    );
    let held = false;
    let leaseCheckedAt = 0;
    while (!this.stopped) {
      try {
        if (Date.now() - leaseCheckedAt >= LEASE_CHECK_MS) {
          const was: boolean = held;
          held = await lease.acquireOrRenew(held);
          leaseCheckedAt = Date.now();
          if (held !== was) {
            tailer.reset();
            this.logger.log(held ? 'tailing the event store (lease taken)' : 'lease lost: stopped tailing');
          }
        }
        const read = held ? await tailer.pollOnce() : 0;
        if (read < TAIL_BATCH) await this.pause(held ? TAIL_INTERVAL_MS : LEASE_CHECK_MS);
      } catch (error) {
        held = false;
        tailer.reset();
        this.logger.warn(`tailer: ${error instanceof Error ? error.message : String(error)}`);
        await this.pause(LEASE_CHECK_MS);
      }
    }
    if (held) await lease.release().catch(() => undefined);
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
