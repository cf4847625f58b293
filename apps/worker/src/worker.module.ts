import { type DynamicModule, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig, pinoOptions } from '@podlab/config';
import { AppConfigModule } from './config/app-config.module';
import { ReconcileModule } from './reconcile/reconcile.module';

@Module({})
export class WorkerModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: pinoOptions(config) }),
        ReconcileModule,
      ],
    };
  }

  onApplicationShutdown(signal?: string): void {
    if (signal) this.logger.log('worker stopped');
  }
}
