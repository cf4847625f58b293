// The one place where exercise domain errors become GraphQL errors (an exhaustive switch), plus the sandbox ones
// through the sandboxes module's mapper.
import { type ExerciseError, isExerciseError } from '@podlab/learning';
import { isSandboxError } from '@podlab/sandbox';
import { ApiError } from '../errors/api-error';
import { toGraphQLError as sandboxError } from '../sandboxes/sandbox-errors';

export function toGraphQLError(error: ExerciseError): ApiError {
  const d = error.details;
  switch (d.code) {
    case 'EXERCISE_NOT_FOUND':
      return new ApiError('NOT_FOUND', error.message, { reason: d.code, exerciseId: d.exerciseId });
    case 'NOT_AN_EXERCISE_SANDBOX':
      return new ApiError('BAD_USER_INPUT', error.message, { reason: d.code, field: 'sandboxId' });
    case 'TASK_NOT_FOUND':
      return new ApiError('BAD_USER_INPUT', error.message, { reason: d.code, field: 'taskId' });
    case 'NO_HINT_LEFT':
      return new ApiError('NOT_FOUND', error.message, { reason: d.code });
    default:
      return assertNever(d);
  }
}

function assertNever(value: never): never {
  throw new Error(`unmapped exercise error ${JSON.stringify(value)}`);
}

/** Runs a use case and maps its domain errors; anything else propagates (INTERNAL, logged, no stack out). */
export async function mapExerciseErrors<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isExerciseError(error)) throw toGraphQLError(error);
    if (isSandboxError(error)) throw sandboxError(error);
    throw error;
  }
}
