import { Field, Float, GraphQLISODateTime, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum HealthStatus {
  OK = 'ok',
  DEGRADED = 'degraded',
  ERROR = 'error',
  SHUTTING_DOWN = 'shutting_down',
}
registerEnumType(HealthStatus, { name: 'HealthStatus', description: 'Overall status of the API.' });

export enum DependencyStatus {
  UP = 'up',
  DEGRADED = 'degraded',
  DOWN = 'down',
}
registerEnumType(DependencyStatus, { name: 'DependencyStatus' });

@ObjectType({ description: 'One backing service the API needs (Postgres, Redis).' })
export class DependencyHealth {
  @Field()
  name!: string;

  @Field(() => DependencyStatus)
  status!: DependencyStatus;

  @Field(() => Float, { nullable: true, description: 'How long the ping took, in milliseconds.' })
  responseTimeMs!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the dependency is not up.' })
  message!: string | null;
}

@ObjectType()
export class Health {
  @Field(() => HealthStatus)
  status!: HealthStatus;

  @Field(() => [DependencyHealth])
  dependencies!: DependencyHealth[];

  @Field(() => GraphQLISODateTime)
  checkedAt!: Date;
}
