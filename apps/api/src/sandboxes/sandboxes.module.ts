import { Module } from '@nestjs/common';
import { SandboxService } from '@podlab/sandbox';
import { AuthModule } from '../auth/auth.module';
import { ExerciseCatalogModule } from '../exercises/exercise-catalog.module';
import { SandboxAccess } from './sandbox-access';
import { SandboxHeads } from './sandbox-heads';
import { EVENT_STORE, SandboxConnections, sandboxProviders } from './sandbox-infrastructure';
import { SandboxesResolver } from './sandboxes.resolver';

/** Sandboxes over GraphQL: create, commands, clock, faults, reset, delete, fork, reads, replay and history. */
@Module({
  imports: [AuthModule, ExerciseCatalogModule],
  providers: [...sandboxProviders, SandboxAccess, SandboxHeads, SandboxesResolver],
  exports: [SandboxService, SandboxAccess, SandboxHeads, EVENT_STORE, SandboxConnections],
})
export class SandboxesModule {}
