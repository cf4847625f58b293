import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Pool } from 'pg';
import { type AppConfig } from '@podlab/config';
import { APP_CONFIG } from '../config/app-config.module';

/** Pings Postgres with `SELECT 1` over a small pool of its own, so a busy app pool cannot hide an outage. */
@Injectable()
export class PostgresHealthIndicator implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
  ) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 2,
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      query_timeout: 2_000,
      application_name: 'podlab-api-health',
    });
    // An idle client losing its connection (Postgres restarted) must not crash the process; the next ping reports it.
    this.pool.on('error', () => undefined);
  }

  check(key = 'postgres') {
    return this.indicators
      .check(key)
      .attempt(async () => {
        await this.pool.query('SELECT 1');
      })
      .withTimeout(3_000);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
