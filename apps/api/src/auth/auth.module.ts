import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AppConfig } from '@podlab/config';
import { APP_CONFIG } from '../config/app-config.module';
import { PrismaCohortRepository } from '../cohorts/prisma-cohort.repository';
import { PrismaClient } from '../prisma/prisma-client';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { PrismaAccountStore } from './prisma-account.store';
import { SandboxAccessPolicy } from './sandbox-access.policy';
import { TokenService } from './token.service';

/** Accounts, tokens, the global guard and the sandbox access policy (exported for the sandbox resolvers). */
@Module({
  providers: [
    {
      provide: TokenService,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new TokenService(config.JWT_SECRET, undefined, config.ACCESS_TOKEN_TTL_SECONDS),
    },
    {
      provide: AuthService,
      inject: [PrismaClient, TokenService],
      useFactory: (prisma: PrismaClient, tokens: TokenService) =>
        new AuthService(new PrismaAccountStore(prisma), new PasswordHasher(), tokens),
    },
    {
      // Instructors read the sandboxes of their cohorts' members (the cohort tables answer; see cohorts/).
      provide: SandboxAccessPolicy,
      inject: [PrismaClient],
      useFactory: (prisma: PrismaClient) => new SandboxAccessPolicy(new PrismaCohortRepository(prisma)),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    AuthResolver,
  ],
  exports: [TokenService, SandboxAccessPolicy],
})
export class AuthModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  /** The first admin comes from configuration (ADMIN_EMAIL / ADMIN_PASSWORD), created when missing. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    const outcome = await this.auth.ensureAdmin(email, password);
    if (outcome === 'created') this.logger.log(`created the admin account ${email}`);
  }
}
