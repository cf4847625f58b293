import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { type AppConfig } from '@podlab/config';
import { APP_CONFIG } from '../config/app-config.module';

/** Pings Redis; commands fail at once while disconnected instead of queueing behind a reconnect. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
  ) {
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      connectionName: 'podlab-api-health',
    });
    // ioredis reconnects by itself; the error is reported by the next ping, not thrown from an event.
    this.redis.on('error', () => undefined);
  }

  check(key = 'redis') {
    return this.indicators
      .check(key)
      .attempt(async () => {
        if (this.redis.status === 'wait') await this.redis.connect();
        await this.redis.ping();
      })
      .withTimeout(3_000);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
