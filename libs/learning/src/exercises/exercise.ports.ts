// The ports of the exercise use cases. Adapters: apps/api/src/exercises (Prisma) and this folder's in-memory twin
// (unit tests). The sandboxes themselves go through @podlab/sandbox's SandboxService.
import type { GradeReport } from '@podlab/exercises';

/** One startExercise (an ExerciseAttempt row). */
export interface Attempt {
  readonly id: string;
  readonly userId: string;
  readonly exerciseId: string;
  readonly sandboxId: string;
  readonly startedAt: Date;
  /** Bumped by requestHint and submitExercise (the sandbox's own activity is `sandboxActivityAt`). */
  readonly lastActivityAt: Date;
  /** The sandbox's last command or clock move (read with the attempt; null when the sandbox row is gone). */
  readonly sandboxActivityAt: Date | null;
  readonly submittedAt: Date | null;
  /** The submitted report's score, rounded to a whole point. */
  readonly score: number | null;
  readonly maxPoints: number;
  readonly passed: boolean;
  /** The submitted report (libs/exercises' GradeReport, with the sandbox it grades). */
  readonly report: StoredReport | null;
  readonly hintsUsed: number;
  /** Keys (`<task>#<index>`) of the hints given, in order. */
  readonly hintKeys: readonly string[];
}

export type StoredReport = GradeReport & { readonly sandboxId: string };

export type NewAttempt = Pick<
  Attempt,
  'id' | 'userId' | 'exerciseId' | 'sandboxId' | 'startedAt' | 'maxPoints'
>;

export interface AttemptRepository {
  insert(attempt: NewAttempt): Promise<Attempt>;
  bySandbox(sandboxId: string): Promise<Attempt | null>;
  /** The user's attempts (of one exercise, if given), oldest first. */
  listByUser(userId: string, exerciseId?: string): Promise<Attempt[]>;
  /** Records a submission: replaces the attempt's report, score and passed; sets submittedAt and lastActivityAt. */
  recordSubmission(
    attemptId: string,
    submission: {
      readonly submittedAt: Date;
      readonly score: number;
      readonly passed: boolean;
      readonly report: StoredReport;
    },
  ): Promise<Attempt>;
  /** Adds the hint's key (once) and counts it; bumps lastActivityAt. */
  recordHint(attemptId: string, key: string, at: Date): Promise<Attempt>;
}

/** Wall time in ms since the epoch. */
export interface LearningClock {
  now(): number;
}
