// Writes the code-first GraphQL schema (`npm run schema:write`), or checks the committed one has not drifted
// (`npm run schema:check`). Boots the real AppModule without listening: Postgres and Redis are never contacted.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { parseConfig } from '@podlab/config';
import { AppModule } from './app.module';

const COMMITTED = 'apps/api/schema.graphql';

async function emit(schemaFile: string): Promise<void> {
  // Production mode (no GraphiQL); a throw-away secret satisfies the config, no token is ever signed here.
  const config = parseConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    JWT_SECRET: randomBytes(32).toString('hex'),
  });
  const app = await NestFactory.create(AppModule.forRoot({ config, schemaFile }), new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.close();
}

async function main(): Promise<number> {
  const [arg] = process.argv.slice(2);
  if (arg !== '--check') {
    const target = resolve(arg ?? COMMITTED);
    await emit(target);
    console.log(`wrote ${target}`);
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'podlab-schema-'));
  try {
    const fresh = join(dir, 'schema.graphql');
    await emit(fresh);
    const committed = resolve(COMMITTED);
    if (readFileSync(fresh, 'utf8') === readFileSync(committed, 'utf8')) {
      console.log(`${COMMITTED} is up to date`);
      return 0;
    }
    spawnSync('diff', ['-u', committed, fresh], { stdio: 'inherit' });
    console.error(
      `${COMMITTED} has drifted from the resolvers: run 'npm run schema:write' and commit the result.`,
    );
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('schema generation failed:', error);
    process.exit(1);
  },
);
