import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ExerciseCatalog, ExerciseService } from '@podlab/learning';
import { SandboxService } from '@podlab/sandbox';
import { AuthModule } from '../auth/auth.module';
import { PrismaClient } from '../prisma/prisma-client';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { ExerciseCatalogModule } from './exercise-catalog.module';
import { ExercisesResolver } from './exercises.resolver';
import { PrismaAttemptRepository } from './prisma-attempt.repository';
import { SandboxExerciseResolver } from './sandbox-exercise.resolver';

/** Exercises over GraphQL: catalog, progress, start, grade, submit, hints. The catalog is read once at start-up. */
@Module({
  imports: [AuthModule, SandboxesModule, ExerciseCatalogModule],
  providers: [
    {
      provide: ExerciseService,
      inject: [ExerciseCatalog, PrismaClient, SandboxService],
      useFactory: (catalog: ExerciseCatalog, prisma: PrismaClient, sandboxes: SandboxService) =>
        new ExerciseService({
          catalog,
          attempts: new PrismaAttemptRepository(prisma),
          sandboxes,
          clock: { now: () => Date.now() },
          newId: randomUUID,
        }),
    },
    ExercisesResolver,
    SandboxExerciseResolver,
  ],
  exports: [ExerciseCatalogModule, ExerciseService],
})
export class ExercisesModule {}
