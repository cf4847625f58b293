import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type AppConfig } from '@podlab/config';

/** Injection token of the validated configuration (`@Inject(APP_CONFIG) config: AppConfig`). */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
