// The one place where cohort domain errors become GraphQL errors: an exhaustive switch over the domain codes, each
// to one of the API's stable `extensions.code` values with the domain code as `extensions.reason`. A cohort the
// caller may not see reads exactly like a missing one (NOT_FOUND), so cohort ids cannot be probed.
import { type CohortError, isCohortError } from '@podlab/learning';
import { ApiError } from '../errors/api-error';

export function toGraphQLError(error: CohortError): ApiError {
  const d = error.details;
  switch (d.code) {
    case 'COHORT_NOT_FOUND':
      return new ApiError('NOT_FOUND', error.message, { reason: d.code });
    case 'JOIN_CODE_NOT_FOUND':
      return new ApiError('NOT_FOUND', error.message, { reason: d.code });
    case 'NOT_COHORT_INSTRUCTOR':
    case 'INSTRUCTOR_ROLE_REQUIRED':
      return new ApiError('FORBIDDEN', error.message, { reason: d.code });
    case 'EXERCISE_NOT_FOUND':
      return new ApiError('BAD_USER_INPUT', error.message, {
        reason: d.code,
        fields: [{ field: 'exerciseId', messages: [error.message] }],
      });
    case 'INVALID_ARGUMENT':
      return new ApiError('BAD_USER_INPUT', error.message, {
        reason: d.code,
        fields: [{ field: d.field, messages: [error.message] }],
      });
    case 'JOIN_CODE_EXHAUSTED':
      return new ApiError('CONFLICT', error.message, { reason: d.code });
    default:
      return assertNever(d);
  }
}

function assertNever(value: never): never {
  throw new Error(`unmapped cohort error ${JSON.stringify(value)}`);
}

/** Runs a use case and maps its domain errors; anything else propagates (INTERNAL, logged, no stack out). */
export async function mapCohortErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isCohortError(error)) throw toGraphQLError(error);
    throw error;
  }
}
