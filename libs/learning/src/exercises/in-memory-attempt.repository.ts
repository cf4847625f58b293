// The Prisma attempt repository's twin for unit tests (apps/api/src/exercises has the real one).
import type { Attempt, AttemptRepository, NewAttempt, StoredReport } from './exercise.ports';

export class InMemoryAttemptRepository implements AttemptRepository {
  private readonly rows = new Map<string, Attempt>();
  /** The sandbox's activity, as the real adapter reads it from the sandbox row (tests set it). */
  readonly sandboxActivity = new Map<string, Date>();

  async insert(attempt: NewAttempt): Promise<Attempt> {
    if ([...this.rows.values()].some((row) => row.sandboxId === attempt.sandboxId))
      throw new Error(`an attempt of sandbox ${attempt.sandboxId} already exists`);
    const row: Attempt = {
      ...attempt,
      lastActivityAt: attempt.startedAt,
      sandboxActivityAt: null,
      submittedAt: null,
      score: null,
      passed: false,
      report: null,
      hintsUsed: 0,
      hintKeys: [],
    };
    this.rows.set(row.id, row);
    return this.read(row);
  }

  async bySandbox(sandboxId: string): Promise<Attempt | null> {
    const row = [...this.rows.values()].find((r) => r.sandboxId === sandboxId);
    return row ? this.read(row) : null;
  }

  async listByUser(userId: string, exerciseId?: string): Promise<Attempt[]> {
    return [...this.rows.values()]
      .filter((r) => r.userId === userId && (exerciseId === undefined || r.exerciseId === exerciseId))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
      .map((r) => this.read(r));
  }

  async recordSubmission(
    attemptId: string,
    submission: { submittedAt: Date; score: number; passed: boolean; report: StoredReport },
  ): Promise<Attempt> {
    return this.patch(attemptId, (row) => ({
      ...row,
      ...submission,
      report: structuredClone(submission.report),
      lastActivityAt: submission.submittedAt,
    }));
  }

  async recordHint(attemptId: string, key: string, at: Date): Promise<Attempt> {
    return this.patch(attemptId, (row) => ({
      ...row,
      hintKeys: row.hintKeys.includes(key) ? row.hintKeys : [...row.hintKeys, key],
      hintsUsed: row.hintKeys.includes(key) ? row.hintsUsed : row.hintsUsed + 1,
      lastActivityAt: at,
    }));
  }

  private patch(id: string, change: (row: Attempt) => Attempt): Attempt {
    const row = this.rows.get(id);
    if (!row) throw new Error(`attempt ${id} not found`);
    const next = change(row);
    this.rows.set(id, next);
    return this.read(next);
  }

  private read(row: Attempt): Attempt {
    return { ...row, sandboxActivityAt: this.sandboxActivity.get(row.sandboxId) ?? null };
  }
}
