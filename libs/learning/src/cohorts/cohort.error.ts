// The cohort use cases' domain errors: a discriminated union with stable codes, mapped to GraphQL codes in one
// exhaustive switch (apps/api/src/cohorts/cohort-errors.ts).

export type CohortErrorDetails =
  /** Missing, or not visible to the caller (a cohort's existence is not revealed to strangers). */
  | { readonly code: 'COHORT_NOT_FOUND'; readonly cohortId: string }
  | { readonly code: 'JOIN_CODE_NOT_FOUND' }
  /** The caller sees the cohort (a member) but only its instructor (or an admin) may do this. */
  | { readonly code: 'NOT_COHORT_INSTRUCTOR'; readonly cohortId: string }
  | { readonly code: 'INSTRUCTOR_ROLE_REQUIRED' }
  | { readonly code: 'EXERCISE_NOT_FOUND'; readonly exerciseId: string }
  | { readonly code: 'INVALID_ARGUMENT'; readonly field: string; readonly reason: string }
  | { readonly code: 'JOIN_CODE_EXHAUSTED'; readonly attempts: number };

export type CohortErrorCode = CohortErrorDetails['code'];

export class CohortError extends Error {
  override readonly name = 'CohortError';

  constructor(readonly details: CohortErrorDetails) {
    super(messageOf(details));
  }

  get code(): CohortErrorCode {
    return this.details.code;
  }
}

export function isCohortError(error: unknown): error is CohortError {
  return error instanceof CohortError;
}

function messageOf(details: CohortErrorDetails): string {
  switch (details.code) {
    case 'COHORT_NOT_FOUND':
      return 'Cohort not found.';
    case 'JOIN_CODE_NOT_FOUND':
      return 'No cohort has this join code: check it with your instructor (codes look like ABCD-2345).';
    case 'NOT_COHORT_INSTRUCTOR':
      return "Only the cohort's instructor may do this.";
    case 'INSTRUCTOR_ROLE_REQUIRED':
      return 'Only instructors and admins create cohorts.';
    case 'EXERCISE_NOT_FOUND':
      return `There is no exercise "${details.exerciseId}".`;
    case 'INVALID_ARGUMENT':
      return `${details.field}: ${details.reason}`;
    case 'JOIN_CODE_EXHAUSTED':
      return `Could not draw an unused join code in ${details.attempts} attempts; try again.`;
  }
}
