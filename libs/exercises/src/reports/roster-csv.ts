// The roster grid as CSV (RFC 4180: CRLF records, fields with commas, quotes or line breaks quoted, quotes doubled),
// written by csv-stringify rather than by hand. One record per (learner, exercise) cell, in grid order, so a
// spreadsheet can filter or pivot it. Cells starting with = + - @ are prefixed with a quote (formula injection:
// learners choose their own email, exercise authors their titles).
import { stringify } from 'csv-stringify/sync';
import type { ReportExercise, RosterRow } from './cohort-report';

export const ROSTER_CSV_COLUMNS = [
  'learner_id',
  'learner_email',
  'exercise_id',
  'exercise_title',
  'status',
  'score',
  'max_points',
  'attempts',
  'time_spent_seconds',
  'submitted_at',
  'due_at',
  'late',
  'last_sandbox_id',
] as const;

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

export function rosterCsv<L extends { readonly id: string; readonly email: string }>(
  exercises: readonly ReportExercise[],
  rows: readonly RosterRow<L>[],
): string {
  const titles = new Map(exercises.map((e) => [e.id, e.title]));
  const records = rows.flatMap(({ learner, cells }) =>
    cells.map((cell) => [
      learner.id,
      learner.email,
      cell.exerciseId,
      titles.get(cell.exerciseId) ?? '',
      cell.status,
      cell.score === null ? '' : String(cell.score),
      String(cell.maxPoints),
      String(cell.attempts),
      String(Math.round(cell.timeSpentMs / 1000)),
      iso(cell.submittedAt),
      iso(cell.dueAt),
      cell.late ? 'true' : 'false',
      cell.lastSandboxId ?? '',
    ]),
  );
  return stringify([[...ROSTER_CSV_COLUMNS], ...records], {
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}
