// Plain presentation helpers shared by the catalog and the instructor grid (unit-tested).
import { type ProgressStatus } from '../api/gql/graphql';

export const STATUS_LABEL: Record<ProgressStatus, string> = {
  NOT_STARTED: 'Not started',
  IN_PROGRESS: 'In progress',
  SUBMITTED: 'Submitted',
  PASSED: 'Passed',
};

/** "0 min", "7 min", "1 h 05 min": time spent, rounded down to the minute. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "7/10 points", or "–/10 points" before any graded submission. */
export function formatScore(score: number | null | undefined, maxPoints: number): string {
  return `${score ?? '–'}/${maxPoints} points`;
}

export interface CatalogSummary {
  total: number;
  passed: number;
  started: number;
}

/** How far the learner is through the catalog. */
export function summarise(progress: readonly { status: ProgressStatus }[]): CatalogSummary {
  return {
    total: progress.length,
    passed: progress.filter((p) => p.status === 'PASSED').length,
    started: progress.filter((p) => p.status !== 'NOT_STARTED').length,
  };
}
