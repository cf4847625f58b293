// Use-case results → GraphQL objects (plain data; no logic beyond renaming).
import type { Exercise } from '@podlab/exercises';
import {
  faultTimeline,
  kindOf,
  maxPointsOf,
  type Attempt,
  type ExerciseProgress,
  type GradeReportView,
  type SubmissionView,
} from '@podlab/learning';
import {
  ExerciseGql,
  ExerciseKindGql,
  ExerciseProgressGql,
  GradeReportGql,
  ProgressStatusGql,
  SubmissionGql,
} from './exercise.models';

export function toExerciseGql(exercise: Exercise, attempts?: Promise<Attempt[]>): ExerciseGql {
  const gql = new ExerciseGql();
  Object.assign(gql, {
    id: exercise.id,
    kind: kindOf(exercise) === 'CHALLENGE' ? ExerciseKindGql.CHALLENGE : ExerciseKindGql.EXERCISE,
    title: exercise.title,
    summary: exercise.summary,
    difficulty: exercise.difficulty,
    minutes: exercise.minutes,
    concepts: [...exercise.concepts],
    body: exercise.body,
    tasks: exercise.tasks.map((task) => ({
      id: task.id,
      title: task.title,
      instructions: task.instructions,
      checks: task.checks.map((check) => ({ id: check.id, title: check.description, points: check.points })),
    })),
    maxPoints: maxPointsOf(exercise),
    challenge: exercise.challenge
      ? {
          faults: faultTimeline(exercise),
          objective: {
            description: exercise.challenge.objective.description,
            points: exercise.challenge.objective.points,
          },
        }
      : null,
    exercise,
  });
  if (attempts) gql.attempts = attempts;
  return gql;
}

export function toProgressGql(progress: ExerciseProgress): ExerciseProgressGql {
  return Object.assign(new ExerciseProgressGql(), {
    ...progress,
    status: ProgressStatusGql[progress.status],
  });
}

export function toReportGql(report: GradeReportView): GradeReportGql {
  return Object.assign(new GradeReportGql(), {
    ...report,
    checks: report.checks.map((check) => ({ ...check, evidence: [...check.evidence] })),
    objective: report.objective
      ? { ...report.objective, samples: report.objective.samples.map((s) => ({ ...s })) }
      : null,
  });
}

export function toSubmissionGql(submission: SubmissionView): SubmissionGql {
  return Object.assign(new SubmissionGql(), { ...submission, report: toReportGql(submission.report) });
}
