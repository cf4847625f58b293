// ExerciseAttempt rows through Prisma (low-rate CRUD): @podlab/learning's AttemptRepository. Each read joins the
// sandbox's lastActivityAt, which is what an open attempt's time spent runs to.
import type { Attempt, AttemptRepository, NewAttempt, StoredReport } from '@podlab/learning';
import type { Prisma, PrismaClient } from '@podlab/prisma-client';

const WITH_SANDBOX = { sandbox: { select: { lastActivityAt: true } } } as const;
type Row = Prisma.ExerciseAttemptGetPayload<{ include: typeof WITH_SANDBOX }>;

export class PrismaAttemptRepository implements AttemptRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(attempt: NewAttempt): Promise<Attempt> {
    const row = await this.prisma.exerciseAttempt.create({
      data: { ...attempt, lastActivityAt: attempt.startedAt },
      include: WITH_SANDBOX,
    });
    return toAttempt(row);
  }

  async bySandbox(sandboxId: string): Promise<Attempt | null> {
    const row = await this.prisma.exerciseAttempt.findUnique({ where: { sandboxId }, include: WITH_SANDBOX });
    return row ? toAttempt(row) : null;
  }

  async listByUser(userId: string, exerciseId?: string): Promise<Attempt[]> {
    const rows = await this.prisma.exerciseAttempt.findMany({
      where: { userId, ...(exerciseId !== undefined ? { exerciseId } : {}) },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      include: WITH_SANDBOX,
    });
    return rows.map(toAttempt);
  }

  async recordSubmission(
    attemptId: string,
    submission: { submittedAt: Date; score: number; passed: boolean; report: StoredReport },
  ): Promise<Attempt> {
    const row = await this.prisma.exerciseAttempt.update({
      where: { id: attemptId },
      data: {
        submittedAt: submission.submittedAt,
        lastActivityAt: submission.submittedAt,
        score: submission.score,
        passed: submission.passed,
        report: submission.report as unknown as Prisma.InputJsonValue,
      },
      include: WITH_SANDBOX,
    });
    return toAttempt(row);
  }

  async recordHint(attemptId: string, key: string, at: Date): Promise<Attempt> {
    // One statement, so two concurrent requests never count one hint twice.
    await this.prisma.$executeRaw`
      UPDATE exercise_attempts
         SET hint_keys = CASE WHEN ${key} = ANY(hint_keys) THEN hint_keys ELSE array_append(hint_keys, ${key}) END,
             hints_used = CASE WHEN ${key} = ANY(hint_keys) THEN hints_used ELSE hints_used + 1 END,
             last_activity_at = GREATEST(last_activity_at, ${at})
       WHERE id = ${attemptId}::uuid`;
    const row = await this.prisma.exerciseAttempt.findUniqueOrThrow({
      where: { id: attemptId },
      include: WITH_SANDBOX,
    });
    return toAttempt(row);
  }
}

function toAttempt(row: Row): Attempt {
  return {
    id: row.id,
    userId: row.userId,
    exerciseId: row.exerciseId,
    sandboxId: row.sandboxId,
    startedAt: row.startedAt,
    lastActivityAt: row.lastActivityAt,
    sandboxActivityAt: row.sandbox?.lastActivityAt ?? null,
    submittedAt: row.submittedAt,
    score: row.score,
    maxPoints: row.maxPoints,
    passed: row.passed,
    report: (row.report as unknown as StoredReport | null) ?? null,
    hintsUsed: row.hintsUsed,
    hintKeys: row.hintKeys ?? [],
  };
}
