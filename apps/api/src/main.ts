import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@podlab/config';
import { AppModule } from './app.module';
import { registerHttpHardening } from './hardening/http-hardening';
import { SandboxQueryCache } from './sandbox-query-cache/sandbox-query-cache';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, schemaFile: true }),
    // Bodies over the limit are refused while reading, with PAYLOAD_TOO_LARGE (413), before any parsing.
    new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES }),
    { bufferLogs: true },
  );
  // Before init: the rate limiter hooks every /graphql route registered after it.
  await registerHttpHardening(app, config);
  // After the rate limiter (it counts every request), before Mercurius' route is added at init.
  app.get(SandboxQueryCache).register(app.getHttpAdapter().getInstance());
  const logger = app.get(Logger);
  app.useLogger(logger);
  // SIGTERM/SIGINT close the HTTP server (in-flight requests finish), then pools and clients; exit 0 flushes pino.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(config.PORT, config.HOST);
  logger.log(
    `api listening on http://${config.HOST}:${config.PORT} (GraphQL at /graphql, health at /health)`,
  );
}

bootstrap().catch((error: unknown) => {
  console.error('api failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
