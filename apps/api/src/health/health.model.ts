import { Field, Float, GraphQLISODateTime, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum HealthStatus {
  OK = 'ok',
  DEGRADED = 'degraded',
  ERROR = 'error',
  SHUTTING_DOWN = 'shutting_down',
}
registerEnumType(HealthStatus, {
  name: 'HealthStatus',
  description: 'Overall status of the API.',
  valuesMap: {
    OK: { description: 'Every dependency is up.' },
    DEGRADED: { description: 'A dependency answers slowly or partly.' },
    ERROR: { description: 'A dependency is down.' },
    SHUTTING_DOWN: { description: 'The API is stopping.' },
  },
});

export enum DependencyStatus {
  UP = 'up',
  DEGRADED = 'degraded',
  DOWN = 'down',
}
registerEnumType(DependencyStatus, {
  name: 'DependencyStatus',
  description: 'Whether one backing service answers.',
  valuesMap: {
    UP: { description: 'It answered the ping.' },
    DEGRADED: { description: 'It answered, but not fully.' },
    DOWN: { description: 'It did not answer in time.' },
  },
});

@ObjectType({ description: 'One backing service the API needs (Postgres, Redis).' })
export class DependencyHealth {
  @Field({ description: 'The service: postgres or redis.' })
  name!: string;

  @Field(() => DependencyStatus, { description: 'Whether it answered the ping.' })
  status!: DependencyStatus;

  @Field(() => Float, { nullable: true, description: 'How long the ping took, in milliseconds.' })
  responseTimeMs!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the dependency is not up.' })
  message!: string | null;
}

@ObjectType({ description: 'How the API and its backing services are doing.' })
export class Health {
  @Field(() => HealthStatus, { description: 'Overall status.' })
  status!: HealthStatus;

  @Field(() => [DependencyHealth], { description: 'One entry per backing service.' })
  dependencies!: DependencyHealth[];

  @Field(() => GraphQLISODateTime, { description: 'When the check ran.' })
  checkedAt!: Date;
}
