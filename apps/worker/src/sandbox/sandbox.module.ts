import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type AppConfig } from '@podlab/config';
import { APP_CONFIG } from '../config/app-config.module';
import { SandboxRuntime } from './sandbox-runtime';

/** Closes the runtime's pools after the reconcile worker has finished its active jobs. */
@Injectable()
export class SandboxRuntimeLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SandboxRuntime) private readonly runtime: SandboxRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}

@Module({
  providers: [
    {
      provide: SandboxRuntime,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new SandboxRuntime({
          databaseUrl: config.DATABASE_URL,
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
          poolMax: Math.max(4, config.WORKER_CONCURRENCY + 2),
          onCorruptSnapshot: (snapshot) =>
            new Logger('EventStore').warn(
              snapshot,
              'snapshot failed its checksum: ignored, folding from events',
            ),
        }),
    },
    SandboxRuntimeLifecycle,
  ],
  exports: [SandboxRuntime],
})
export class SandboxModule {}
