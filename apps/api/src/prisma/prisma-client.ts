// The generated Prisma client on adapter-pg (no native query engine), for low-rate CRUD: accounts now, sandbox
// metadata and cohorts later. Hot paths (the event store) stay on `pg` with hand-written SQL.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@podlab/prisma-client';

export { PrismaClient };
export { Prisma } from '@podlab/prisma-client';

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 5, application_name: 'podlab-api' }),
  });
}
