// The attempt adapter against real Postgres ($TEST_DATABASE_URL, migrated by the test command): attempts with their
// sandbox's activity, submissions (a later one replaces the report), hints counted once even when requested
// concurrently, and one attempt per sandbox.
import { randomUUID } from 'node:crypto';
import type { StoredReport } from '@podlab/learning';
import { createPrismaClient, type PrismaClient } from '../prisma/prisma-client';
import { PrismaAttemptRepository } from './prisma-attempt.repository';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';

const report = (score: number, passed: boolean): StoredReport => ({
  exercise: 'pods-why-not-bare',
  sandboxId: 'x',
  gradedVersion: 42,
  score,
  maxScore: 6,
  passed,
  checks: [
    {
      id: 'two-ready',
      task: 'deployment',
      description: 'Two Ready Pods',
      passed,
      points: passed ? 2 : 0,
      maxPoints: 2,
      message: 'm',
      evidence: [40, 41],
    },
  ],
});

describe('PrismaAttemptRepository on Postgres', () => {
  let prisma: PrismaClient;
  let repo: PrismaAttemptRepository;
  const users: string[] = [];

  async function learnerWithSandbox(activity: Date): Promise<{ userId: string; sandboxId: string }> {
    const user = await prisma.user.create({
      data: { email: `attempt-${randomUUID()}@example.test`, passwordHash: 'x' },
    });
    users.push(user.id);
    const sandbox = await prisma.sandbox.create({
      data: {
        id: randomUUID(),
        ownerId: user.id,
        title: 'A bare Pod does not come back',
        exerciseId: 'pods-why-not-bare',
        clockMode: 'STEPPED',
        seed: 1,
        workers: 3,
        controlPlane: true,
        lastActivityAt: activity,
      },
    });
    return { userId: user.id, sandboxId: sandbox.id };
  }

  beforeAll(() => {
    prisma = createPrismaClient(DATABASE_URL);
    repo = new PrismaAttemptRepository(prisma);
  });

  afterAll(async () => {
    await prisma.exerciseAttempt.deleteMany({ where: { userId: { in: users } } });
    await prisma.sandbox.deleteMany({ where: { ownerId: { in: users } } });
    await prisma.user.deleteMany({ where: { id: { in: users } } });
    await prisma.$disconnect();
  });

  it('stores an attempt, reads it with its sandbox activity, and refuses a second attempt of the sandbox', async () => {
    const startedAt = new Date('2026-11-22T08:00:00.000Z');
    const { userId, sandboxId } = await learnerWithSandbox(new Date('2026-11-22T08:07:00.000Z'));
    const id = randomUUID();
    const inserted = await repo.insert({
      id,
      userId,
      exerciseId: 'pods-why-not-bare',
      sandboxId,
      startedAt,
      maxPoints: 6,
    });
    expect(inserted).toMatchObject({
      id,
      startedAt,
      lastActivityAt: startedAt,
      sandboxActivityAt: new Date('2026-11-22T08:07:00.000Z'),
      submittedAt: null,
      score: null,
      passed: false,
      report: null,
      hintsUsed: 0,
      hintKeys: [],
    });
    expect(await repo.bySandbox(sandboxId)).toEqual(inserted);
    await expect(
      repo.insert({
        id: randomUUID(),
        userId,
        exerciseId: 'pods-why-not-bare',
        sandboxId,
        startedAt,
        maxPoints: 6,
      }),
    ).rejects.toThrow();
    expect(await repo.listByUser(userId)).toEqual([inserted]);
    expect(await repo.listByUser(userId, 'other')).toEqual([]);
  });

  it('records submissions (the latest replaces the report) and counts each hint once, even concurrently', async () => {
    const { userId, sandboxId } = await learnerWithSandbox(new Date());
    const attempt = await repo.insert({
      id: randomUUID(),
      userId,
      exerciseId: 'pods-why-not-bare',
      sandboxId,
      startedAt: new Date('2026-11-22T08:00:00.000Z'),
      maxPoints: 6,
    });
    await repo.recordSubmission(attempt.id, {
      submittedAt: new Date('2026-11-22T08:10:00.000Z'),
      score: 4,
      passed: false,
      report: report(4, false),
    });
    const second = await repo.recordSubmission(attempt.id, {
      submittedAt: new Date('2026-11-22T08:12:00.000Z'),
      score: 6,
      passed: true,
      report: report(6, true),
    });
    expect(second).toMatchObject({
      score: 6,
      passed: true,
      submittedAt: new Date('2026-11-22T08:12:00.000Z'),
    });
    expect(second.report).toEqual(report(6, true));

    const at = new Date('2026-11-22T08:13:00.000Z');
    await Promise.all([1, 2, 3].map(() => repo.recordHint(attempt.id, 'deployment#1', at)));
    const after = await repo.recordHint(attempt.id, 'delete-bare#0', at);
    expect(after).toMatchObject({
      hintsUsed: 2,
      hintKeys: ['deployment#1', 'delete-bare#0'],
      lastActivityAt: at,
    });
  });
});
