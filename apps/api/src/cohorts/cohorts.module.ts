import { randomInt, randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { CohortService, ExerciseCatalog } from '@podlab/learning';
import { ExercisesModule } from '../exercises/exercises.module';
import { PrismaClient } from '../prisma/prisma-client';
import { CohortsResolver } from './cohorts.resolver';
import { EventCommandHistory } from './event-command-history';
import { PrismaCohortAccounts } from './prisma-cohort-accounts';
import { PrismaCohortAttempts } from './prisma-cohort-attempts';
import { PrismaCohortRepository } from './prisma-cohort.repository';

/** Cohorts over GraphQL: create, join, assign, read and the instructor's report. */
@Module({
  imports: [ExercisesModule],
  providers: [
    {
      provide: CohortService,
      inject: [ExerciseCatalog, PrismaClient],
      useFactory: (catalog: ExerciseCatalog, prisma: PrismaClient) =>
        new CohortService({
          cohorts: new PrismaCohortRepository(prisma),
          accounts: new PrismaCohortAccounts(prisma),
          catalog,
          attempts: new PrismaCohortAttempts(prisma),
          commands: new EventCommandHistory(prisma),
          clock: { now: () => Date.now() },
          // Join codes are secrets of a sort (whoever has one joins): drawn from the CSPRNG.
          random: (size) => randomInt(size),
          newId: randomUUID,
        }),
    },
    CohortsResolver,
  ],
})
export class CohortsModule {}
