import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { DependencyStatus, Health, HealthStatus, type DependencyHealth } from './health.model';
import { HealthService } from './health.service';

@Resolver(() => Health)
export class HealthResolver {
  constructor(@Inject(HealthService) private readonly healthService: HealthService) {}

  @Public()
  @Query(() => Health, { description: 'Whether the API can reach Postgres and Redis.' })
  async health(): Promise<Health> {
    return toHealth(await this.healthService.report(), new Date());
  }
}

function toHealth(result: HealthCheckResult, checkedAt: Date): Health {
  const dependencies: DependencyHealth[] = Object.entries(result.details).map(([name, detail]) => ({
    name,
    status: toDependencyStatus(detail.status),
    responseTimeMs: typeof detail['responseTime'] === 'number' ? detail['responseTime'] : null,
    message: typeof detail['message'] === 'string' ? detail['message'] : null,
  }));
  return { status: toHealthStatus(result.status), dependencies, checkedAt };
}

function toHealthStatus(status: HealthCheckResult['status']): HealthStatus {
  switch (status) {
    case 'ok':
      return HealthStatus.OK;
    case 'degraded':
      return HealthStatus.DEGRADED;
    case 'error':
      return HealthStatus.ERROR;
    case 'shutting_down':
      return HealthStatus.SHUTTING_DOWN;
  }
}

function toDependencyStatus(status: string): DependencyStatus {
  if (status === 'up') return DependencyStatus.UP;
  if (status === 'degraded') return DependencyStatus.DEGRADED;
  return DependencyStatus.DOWN;
}
