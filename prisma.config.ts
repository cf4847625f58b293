// Prisma CLI configuration: the WebAssembly schema engine on adapter-pg (no native binaries to download), with the
// adapter workarounds of prisma/cli-adapter.ts. Used by `npm run db:migrate`, `db:generate` and `db:check-drift`.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { cliAdapterFactory } from './prisma/cli-adapter';

// The schema's `env("DATABASE_URL")` must resolve even for `prisma generate`, which never connects: without it the
// CLI cannot read the generator block and falls back to downloading a native query engine.
const databaseUrl = (process.env['DATABASE_URL'] ||= 'postgresql://postgres@127.0.0.1:5432/podlab');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => cliAdapterFactory(databaseUrl),
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
});
