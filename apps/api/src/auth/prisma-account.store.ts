import { Prisma, type PrismaClient } from '../prisma/prisma-client';
import { type AccountStore } from './account.store';
import { type Account, type AccountWithPassword } from './auth.types';

const UNIQUE_VIOLATION = 'P2002';

const accountFields = { id: true, email: true, role: true, createdAt: true } as const;

export class PrismaAccountStore implements AccountStore {
  constructor(private readonly prisma: PrismaClient) {}

  findByEmail(email: string): Promise<AccountWithPassword | null> {
    return this.prisma.user.findUnique({
      where: { email },
      select: { ...accountFields, passwordHash: true },
    });
  }

  findById(id: string): Promise<Account | null> {
    return this.prisma.user.findUnique({ where: { id }, select: accountFields });
  }

  async create(input: {
    email: string;
    passwordHash: string;
    role: Account['role'];
  }): Promise<Account | null> {
    try {
      return await this.prisma.user.create({ data: input, select: accountFields });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION)
        return null;
      throw error;
    }
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.prisma.user.update({ where: { id }, data: { passwordHash } });
  }

  async saveRefreshToken(input: {
    id: string;
    userId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.prisma.refreshToken.create({ data: input });
  }

  async consumeRefreshToken({
    id,
    tokenHash,
    now,
  }: {
    id: string;
    tokenHash: string;
    now: Date;
  }): Promise<'consumed' | 'reused' | 'unknown'> {
    const { count } = await this.prisma.refreshToken.updateMany({
      where: { id, tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count === 1) return 'consumed';
    const known = await this.prisma.refreshToken.findFirst({
      where: { id, tokenHash },
      select: { usedAt: true, revokedAt: true },
    });
    if (known && (known.usedAt !== null || known.revokedAt !== null)) return 'reused';
    return 'unknown';
  }

  async revokeRefreshFamily(familyId: string, now: Date): Promise<void> {
    await this.prisma.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: now },
    });
  }
}
