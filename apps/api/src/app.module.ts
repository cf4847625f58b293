import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Logger,
  Module,
  type OnApplicationShutdown,
  RequestMethod,
} from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig, pinoOptions } from '@podlab/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule } from './config/app-config.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { ExercisesModule } from './exercises/exercises.module';
import { ApiErrorFilter } from './errors/api-error.filter';
import { graphqlHardening } from './hardening/graphql-hardening';
import { createValidationPipe } from './errors/validation.pipe';
import { HealthModule } from './health/health.module';
import { LiveModule } from './live/live.module';
import { PrismaModule } from './prisma/prisma.module';
import { SandboxQueryCacheModule } from './sandbox-query-cache/sandbox-query-cache.module';
import { SandboxesModule } from './sandboxes/sandboxes.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Where code-first GraphQL writes the schema: a path, or `true` to keep it in memory. */
  schemaFile: string | true;
}

@Module({})
export class AppModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  static forRoot({ config, schemaFile }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // nestjs-pino's default route pattern ('{/*splat}') matches no request under Nest 12's Fastify adapter.
          forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
          pinoHttp: {
            ...pinoOptions(config),
            // A request's log lines name it (id, method, url, client address) and nothing it carries: its headers
            // hold bearer tokens. Serialising four fields instead of every header is also most of what logging
            // cost per request (pino serialises a request's bindings once per request, whatever the level).
            serializers: { req: requestLogFields },
            // Health probes arrive every few seconds; logging each would drown the useful lines.
            autoLogging: {
              ignore: (req) => ('originalUrl' in req ? req.originalUrl : req.url) === '/health',
            },
          },
        }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: schemaFile,
          sortSchema: true,
          ...graphqlHardening(config),
          // A query document seen once is compiled by graphql-jit from its second request on (Mercurius already
          // caches the parsed and validated document): the sandbox page's query costs less CPU per request (M7).
          jit: 1,
          // The WebSocket side of /graphql (graphql-ws) is live/live-socket.gateway.ts, not Mercurius'.
        }),
        PrismaModule,
        AuthModule,
        HealthModule,
        SandboxesModule,
        SandboxQueryCacheModule,
        ExercisesModule,
        CohortsModule,
        LiveModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }

  beforeApplicationShutdown(signal?: string): void {
    if (signal) this.logger.log(`received ${signal}: finishing in-flight requests, then closing connections`);
  }

  onApplicationShutdown(signal?: string): void {
    if (signal) this.logger.log('api stopped');
  }
}

/** What a request contributes to its log lines (pino-http hands the pino-std-serializers view of it). */
function requestLogFields(req: {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
}): object {
  return { id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress };
}
