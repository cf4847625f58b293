// The learners' attempts (exercise_attempts rows, owned by the exercises side) as the cohort report reads them.
// An attempt's activity is the later of its own (grade, hint, submit) and its sandbox's (commands, clock moves).
// The stored report is libs/exercises' GradeReport; an older GraphQL-shaped one (gradedAtVersion, checkId) is read
// too, and anything else counts as a submission without checks.
import type { AttemptRecord, GradedChecks } from '@podlab/exercises';
import type { CohortAttempts } from '@podlab/learning';
import type { PrismaClient } from '../prisma/prisma-client';

export class PrismaCohortAttempts implements CohortAttempts {
  constructor(private readonly prisma: PrismaClient) {}

  async attemptsOf(query: {
    readonly learnerIds: readonly string[];
    readonly exerciseIds: readonly string[];
  }): Promise<AttemptRecord[]> {
    if (!query.learnerIds.length || !query.exerciseIds.length) return [];
    const rows = await this.prisma.exerciseAttempt.findMany({
      where: { userId: { in: [...query.learnerIds] }, exerciseId: { in: [...query.exerciseIds] } },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      select: {
        userId: true,
        exerciseId: true,
        sandboxId: true,
        startedAt: true,
        lastActivityAt: true,
        submittedAt: true,
        score: true,
        passed: true,
        report: true,
        sandbox: { select: { lastActivityAt: true } },
      },
    });
    return rows.map((row) => ({
      learnerId: row.userId,
      exerciseId: row.exerciseId,
      sandboxId: row.sandboxId,
      startedAt: row.startedAt.getTime(),
      lastActivityAt: Math.max(row.lastActivityAt.getTime(), row.sandbox.lastActivityAt.getTime()),
      submittedAt: row.submittedAt?.getTime() ?? null,
      score: row.score,
      passed: row.passed,
      report: row.submittedAt ? gradedChecksOf(row.report) : null,
    }));
  }
}

/** The checks of a stored report, whichever shape it was stored in; null when it has none. */
export function gradedChecksOf(json: unknown): GradedChecks | null {
  if (!json || typeof json !== 'object') return null;
  const report = json as Record<string, unknown>;
  const version = report['gradedVersion'] ?? report['gradedAtVersion'];
  if (typeof version !== 'number' || !Array.isArray(report['checks'])) return null;
  const checks = (report['checks'] as unknown[]).flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const check = item as Record<string, unknown>;
    const id = check['id'] ?? check['checkId'];
    if (typeof id !== 'string' || typeof check['passed'] !== 'boolean') return [];
    const evidence = Array.isArray(check['evidence'])
      ? (check['evidence'] as unknown[]).filter((v): v is number => typeof v === 'number')
      : [];
    return [{ id, passed: check['passed'], evidence }];
  });
  return { gradedVersion: version, checks };
}
