// The worker's composition of the sandbox use cases, framework-free (the Nest module wraps it; integration tests
// build it directly): the event store on a `pg` pool, sandbox metadata through Prisma, wake-ups through a BullMQ
// producer of the `reconcile` queue. One SandboxService per process: it holds the cache of folded clusters.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { PostgresEventStore, type PostgresEventStoreOptions } from '@podlab/event-store';
import { PrismaClient } from '@podlab/prisma-client';
import { SandboxService, type SandboxServiceOptions } from '@podlab/sandbox';
import { BullReconcileQueue, PrismaSandboxRepository, RECONCILE_QUEUE } from '@podlab/sandbox-persistence';

export interface SandboxRuntimeOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly poolMax: number;
  readonly service?: Partial<SandboxServiceOptions>;
  /** Told when a stored snapshot fails its checksum (ignored; the fold starts from an older one). */
  readonly onCorruptSnapshot?: PostgresEventStoreOptions['onCorruptSnapshot'];
}

export class SandboxRuntime {
  readonly pool: pg.Pool;
  readonly prisma: PrismaClient;
  readonly queue: Queue;
  readonly reconcileQueue: BullReconcileQueue;
  readonly service: SandboxService;
  private readonly connection: Redis;

  constructor(options: SandboxRuntimeOptions) {
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax,
      application_name: 'podlab-worker',
    });
    this.prisma = new PrismaClient({
      adapter: new PrismaPg({
        connectionString: options.databaseUrl,
        max: 2,
        application_name: 'podlab-worker',
      }),
    });
    this.connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: null,
      connectionName: 'podlab-worker-producer',
    });
    this.queue = new Queue(RECONCILE_QUEUE, { connection: this.connection, prefix: options.queuePrefix });
    this.reconcileQueue = new BullReconcileQueue(this.queue);
    this.service = new SandboxService(
      {
        events: new PostgresEventStore(
          this.pool,
          options.onCorruptSnapshot ? { onCorruptSnapshot: options.onCorruptSnapshot } : {},
        ),
        sandboxes: new PrismaSandboxRepository(this.prisma, this.pool),
        clock: { now: () => Date.now() },
        queue: this.reconcileQueue,
        newId: randomUUID,
      },
      options.service,
    );
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
    await this.prisma.$disconnect().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
