// The one place where sandbox domain errors become GraphQL errors: an exhaustive switch over the domain codes, each
// to one of the API's stable `extensions.code` values (errors/api-error.ts) with the domain code as
// `extensions.reason`, and a message meant for the learner. A missing sandbox reads exactly like a foreign one
// (the access policy's NOT_FOUND), so ids cannot be probed.
import { ClusterComputationError, type SandboxError, isSandboxError } from '@podlab/sandbox';
import { ApiError, notFound } from '../errors/api-error';

export function toGraphQLError(error: SandboxError): ApiError {
  const d = error.details;
  switch (d.code) {
    case 'SANDBOX_NOT_FOUND':
      return notFound('Sandbox');
    case 'SANDBOX_DELETED':
    case 'SANDBOX_DEGRADED':
      return new ApiError('CONFLICT', error.message, { reason: d.code });
    case 'CLOCK_IS_LIVE':
      return new ApiError('BAD_USER_INPUT', error.message, { reason: d.code });
    case 'VERSION_CONFLICT_RETRIES_EXHAUSTED':
      return new ApiError('CONFLICT', error.message, { reason: d.code, attempts: d.attempts });
    case 'QUOTA_EXCEEDED':
      return new ApiError('QUOTA_EXCEEDED', error.message, {
        reason: d.code,
        limit: d.limit,
        objects: d.objects,
      });
    case 'MANIFEST_TOO_LARGE':
    case 'COMMAND_TOO_LONG':
      return new ApiError('PAYLOAD_TOO_LARGE', error.message, {
        reason: d.code,
        limitBytes: d.limitBytes,
        bytes: d.bytes,
      });
    case 'VERSION_OUT_OF_RANGE':
      return new ApiError('BAD_USER_INPUT', error.message, {
        reason: d.code,
        version: d.version,
        head: d.head,
      });
    case 'FAULT_REJECTED':
      return new ApiError('BAD_USER_INPUT', error.message, { reason: d.code });
    case 'INVALID_ARGUMENT':
      return new ApiError('BAD_USER_INPUT', error.message, { reason: d.code, field: d.field });
    default:
      return assertNever(d);
  }
}

function assertNever(value: never): never {
  throw new Error(`unmapped sandbox error ${JSON.stringify(value)}`);
}

/**
 * A stream the fold cannot compute (an event this version does not understand, or a bug in the cluster code): the
 * learner cannot use the sandbox's current state, but can start over, go back to a version before, and read its
 * history, which is what the answer says; the failure itself goes to the log for the operators (`report`).
 */
export function unreadableSandbox(error: ClusterComputationError): ApiError {
  return new ApiError(
    'CONFLICT',
    "This sandbox's state cannot be computed: an event in its history cannot be applied. Reset it (resetSandbox), or fork it (forkSandbox) from a version before that event; its history (sandboxHistory) stays readable.",
    { reason: 'SANDBOX_UNREADABLE' },
    error,
  );
}

/** Runs a use case and maps its domain errors; anything else propagates (INTERNAL, logged, no stack out). */
export async function mapDomainErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isSandboxError(error)) throw toGraphQLError(error);
    if (error instanceof ClusterComputationError) throw unreadableSandbox(error);
    throw error;
  }
}

export function badInput(field: string, message: string): ApiError {
  return new ApiError('BAD_USER_INPUT', message, { field });
}
