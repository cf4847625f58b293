// The adapters behind the sandbox use cases in the api process: the Postgres event store on a pg pool of its own
// (hot path), sandbox metadata through the shared Prisma client, and the BullMQ `reconcile` queue (doorbells for
// the worker). One SandboxService per process: it holds the cache of folded clusters.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { type AppConfig } from '@podlab/config';
import { PostgresEventStore } from '@podlab/event-store';
import { ExerciseCatalog, exercisePreparer } from '@podlab/learning';
import { SandboxService } from '@podlab/sandbox';
import { BullReconcileQueue, PrismaSandboxRepository, RECONCILE_QUEUE } from '@podlab/sandbox-persistence';
import { APP_CONFIG } from '../config/app-config.module';
import { PrismaClient } from '../prisma/prisma-client';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** Owns the pg pool and the queue's Redis connection; both open lazily and close at shutdown. */
@Injectable()
export class SandboxConnections implements OnApplicationShutdown {
  readonly pool: Pool;
  private queueInstance: Queue | undefined;
  private queueConnection: Redis | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 10,
      application_name: 'podlab-api-events',
    });
    // A dropped idle connection (Postgres restarted) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Created on first use, so an app that never enqueues (the schema emitter) never connects to Redis. */
  get queue(): Queue {
    if (!this.queueInstance) {
      this.queueConnection = new Redis(this.config.REDIS_URL, {
        maxRetriesPerRequest: null,
        connectionName: 'podlab-api-producer',
      });
      this.queueConnection.on('error', () => undefined);
      this.queueInstance = new Queue(RECONCILE_QUEUE, {
        connection: this.queueConnection,
        prefix: this.config.QUEUE_PREFIX,
      });
    }
    return this.queueInstance;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queueInstance?.close().catch(() => undefined);
    await this.queueConnection?.quit().catch(() => this.queueConnection?.disconnect());
    await this.pool.end().catch(() => undefined);
  }
}

/** How long a request waits for Redis to take a wake-up before it answers anyway. */
const DOORBELL_WAIT_MS = 1_000;
const doorbellLog = new Logger('ReconcileQueue');

/**
 * Rings the worker, waiting at most DOORBELL_WAIT_MS: with Redis down (the producer queues commands until it
 * reconnects) or failing, the request goes on and the enqueue completes, or not, in the background.
 */
async function doorbell(sandboxId: string, ring: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const rung = ring().then(
    () => true,
    (error: unknown) => {
      doorbellLog.warn({ sandboxId, err: { message: (error as Error).message } }, 'wake-up not enqueued');
      return true;
    },
  );
  const waited = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DOORBELL_WAIT_MS);
    timer.unref();
  });
  const inTime = await Promise.race([rung, waited]);
  clearTimeout(timer);
  if (!inTime) doorbellLog.warn({ sandboxId }, 'Redis did not take the wake-up in time: left to the resync');
}

export const sandboxProviders: Provider[] = [
  SandboxConnections,
  {
    provide: EVENT_STORE,
    inject: [SandboxConnections],
    useFactory: (connections: SandboxConnections) =>
      new PostgresEventStore(connections.pool, {
        onCorruptSnapshot: (snapshot) =>
          new Logger('EventStore').warn(
            snapshot,
            'snapshot failed its checksum: ignored, folding from events',
          ),
      }),
  },
  {
    provide: SandboxService,
    inject: [EVENT_STORE, PrismaClient, SandboxConnections, ExerciseCatalog],
    useFactory: (
      events: PostgresEventStore,
      prisma: PrismaClient,
      connections: SandboxConnections,
      catalog: ExerciseCatalog,
    ) =>
      new SandboxService({
        events,
        sandboxes: new PrismaSandboxRepository(prisma, connections.pool),
        clock: { now: () => Date.now() },
        // The queue is resolved per call: the first enqueue opens its connection. A doorbell, never a reason to
        // fail or hold a request: by the time it rings, the sandbox's row says when it is due (next_timer_at), so
        // the worker's resync wakes it even if this enqueue is lost or waits for Redis.
        queue: {
          requestReconcile: (id) =>
            doorbell(id, () => new BullReconcileQueue(connections.queue).requestReconcile(id)),
          requestReconcileAt: (id, at) =>
            doorbell(id, () => new BullReconcileQueue(connections.queue).requestReconcileAt(id, at)),
        },
        newId: randomUUID,
        // resetSandbox of an exercise sandbox starts over from the exercise's setup and timeline.
        prepare: exercisePreparer(catalog),
      }),
  },
];
