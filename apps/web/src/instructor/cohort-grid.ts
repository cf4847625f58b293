// The roster × exercise grid as a view model: one row per learner, one cell per column exercise, in column order,
// whatever order the API lists a row's cells in (a missing cell reads as not started). Unit-tested.
import { type CohortReportQuery, type ProgressStatus } from '../api/gql/graphql';

type Report = CohortReportQuery['cohortReport'];
type Cell = Report['rows'][number]['cells'][number];

export interface GridCell {
  exerciseId: string;
  status: ProgressStatus;
  score: number | null;
  maxPoints: number;
  attempts: number;
  timeSpentMs: number;
  lastSandboxId: string | null;
  late: boolean;
}

export interface GridRow {
  learnerId: string;
  email: string;
  cells: GridCell[];
}

export interface GridColumn {
  exerciseId: string;
  title: string;
  maxPoints: number;
  passed: number;
}

export interface Grid {
  columns: GridColumn[];
  rows: GridRow[];
}

export function buildGrid(report: Pick<Report, 'exercises' | 'rows'>): Grid {
  const rows = [...report.rows]
    .sort((a, b) => a.learner.email.localeCompare(b.learner.email))
    .map((row) => {
      const byExercise = new Map<string, Cell>(row.cells.map((cell) => [cell.exerciseId, cell]));
      return {
        learnerId: row.learner.id,
        email: row.learner.email,
        cells: report.exercises.map((exercise): GridCell => {
          const cell = byExercise.get(exercise.id);
          return {
            exerciseId: exercise.id,
            status: cell?.status ?? 'NOT_STARTED',
            score: cell?.score ?? null,
            maxPoints: cell?.maxPoints ?? exercise.maxPoints,
            attempts: cell?.attempts ?? 0,
            timeSpentMs: cell?.timeSpentMs ?? 0,
            lastSandboxId: cell?.lastSandboxId ?? null,
            late: cell?.late ?? false,
          };
        }),
      };
    });
  const columns = report.exercises.map((exercise, index) => ({
    exerciseId: exercise.id,
    title: exercise.title,
    maxPoints: exercise.maxPoints,
    passed: rows.filter((row) => row.cells[index]?.status === 'PASSED').length,
  }));
  return { columns, rows };
}

/** A file name for the CSV download: the cohort's name, reduced to safe characters. */
export function csvFileName(cohortName: string): string {
  const slug = cohortName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'cohort'}-report.csv`;
}
