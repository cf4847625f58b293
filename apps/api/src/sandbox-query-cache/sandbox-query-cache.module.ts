import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { SandboxQueryCache } from './sandbox-query-cache';

/** Repeated `sandbox` queries answered from kept bytes while the sandbox has not changed (sandbox-query-cache.ts). */
@Module({
  imports: [AuthModule, SandboxesModule],
  providers: [SandboxQueryCache],
  exports: [SandboxQueryCache],
})
export class SandboxQueryCacheModule {}
