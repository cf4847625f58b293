// Accounts for the cohort screens (instructor, members, roster rows): one query per request.
import type { CohortAccounts, CohortUser } from '@podlab/learning';
import type { PrismaClient } from '../prisma/prisma-client';

export class PrismaCohortAccounts implements CohortAccounts {
  constructor(private readonly prisma: PrismaClient) {}

  async byIds(ids: readonly string[]): Promise<CohortUser[]> {
    if (!ids.length) return [];
    return this.prisma.user.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, email: true, role: true, createdAt: true },
    });
  }
}
