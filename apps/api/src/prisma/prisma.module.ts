import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type AppConfig } from '@podlab/config';
import { APP_CONFIG } from '../config/app-config.module';
import { createPrismaClient, PrismaClient } from './prisma-client';

/** One Prisma client per process (`@Inject(PrismaClient)`); it connects on first use and closes at shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: PrismaClient,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createPrismaClient(config.DATABASE_URL),
    },
  ],
  exports: [PrismaClient],
})
export class PrismaModule implements OnApplicationShutdown {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
