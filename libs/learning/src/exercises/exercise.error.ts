// The exercise use cases' domain errors: a discriminated union with stable codes, mapped to GraphQL codes in one
// exhaustive switch (apps/api/src/exercises/exercise-errors.ts). Sandbox errors pass through as SandboxError.

export type ExerciseErrorDetails =
  | { readonly code: 'EXERCISE_NOT_FOUND'; readonly exerciseId: string }
  /** The sandbox was not started with startExercise (free practice): there is nothing to grade it against. */
  | { readonly code: 'NOT_AN_EXERCISE_SANDBOX'; readonly sandboxId: string }
  | { readonly code: 'TASK_NOT_FOUND'; readonly exerciseId: string; readonly taskId: string }
  /** Every hint available now was already given (triggered ones may still appear later). */
  | { readonly code: 'NO_HINT_LEFT'; readonly sandboxId: string; readonly taskId: string | null };

export type ExerciseErrorCode = ExerciseErrorDetails['code'];

export class ExerciseError extends Error {
  override readonly name = 'ExerciseError';

  constructor(readonly details: ExerciseErrorDetails) {
    super(messageOf(details));
  }

  get code(): ExerciseErrorCode {
    return this.details.code;
  }
}

export function isExerciseError(error: unknown): error is ExerciseError {
  return error instanceof ExerciseError;
}

function messageOf(details: ExerciseErrorDetails): string {
  switch (details.code) {
    case 'EXERCISE_NOT_FOUND':
      return `There is no exercise "${details.exerciseId}".`;
    case 'NOT_AN_EXERCISE_SANDBOX':
      return `Sandbox ${details.sandboxId} was not started from an exercise (use startExercise).`;
    case 'TASK_NOT_FOUND':
      return `Exercise "${details.exerciseId}" has no task "${details.taskId}".`;
    case 'NO_HINT_LEFT':
      return details.taskId
        ? `No more hints for task "${details.taskId}" right now.`
        : 'No more hints right now.';
  }
}
