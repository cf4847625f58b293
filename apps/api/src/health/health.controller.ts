import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

/** Liveness/readiness for orchestrators and `npm start`: open to anonymous callers. */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  /** 200 with the report when Postgres and Redis answer, 503 with the same report when one does not. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check();
  }
}
