import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { PostgresHealthIndicator } from './postgres-health.indicator';
import { RedisHealthIndicator } from './redis-health.indicator';

/** The one list of dependencies the API reports on, shared by `GET /health` and the `health` query. */
@Injectable()
export class HealthService {
  // Explicit tokens: injection does not rest on emitted design-type metadata, and type-only imports stay lint-clean.
  constructor(
    @Inject(HealthCheckService) private readonly terminus: HealthCheckService,
    @Inject(PostgresHealthIndicator) private readonly postgres: PostgresHealthIndicator,
    @Inject(RedisHealthIndicator) private readonly redis: RedisHealthIndicator,
  ) {}

  /** Resolves when every dependency is up; throws 503 (carrying the same report) otherwise. */
  check(): Promise<HealthCheckResult> {
    return this.terminus.check([() => this.postgres.check(), () => this.redis.check()]);
  }

  /** The report whatever the outcome, for callers that show it rather than fail on it. */
  async report(): Promise<HealthCheckResult> {
    try {
      return await this.check();
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }
}
