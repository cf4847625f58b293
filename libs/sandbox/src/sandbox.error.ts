// The sandbox use cases' domain errors: a discriminated union with stable codes. The GraphQL layer maps them in one
// exhaustive switch over `details.code` (see docs/sandboxes.md); anything else is an internal error.

export type SandboxErrorDetails =
  | { readonly code: 'SANDBOX_NOT_FOUND'; readonly sandboxId: string }
  | { readonly code: 'SANDBOX_DELETED'; readonly sandboxId: string }
  | { readonly code: 'SANDBOX_DEGRADED'; readonly sandboxId: string; readonly reason: string }
  | { readonly code: 'CLOCK_IS_LIVE'; readonly sandboxId: string }
  | {
      readonly code: 'VERSION_CONFLICT_RETRIES_EXHAUSTED';
      readonly sandboxId: string;
      readonly attempts: number;
    }
  | {
      readonly code: 'QUOTA_EXCEEDED';
      readonly sandboxId: string;
      readonly limit: number;
      readonly objects: number;
    }
  | { readonly code: 'MANIFEST_TOO_LARGE'; readonly limitBytes: number; readonly bytes: number }
  | { readonly code: 'COMMAND_TOO_LONG'; readonly limitBytes: number; readonly bytes: number }
  | {
      readonly code: 'VERSION_OUT_OF_RANGE';
      readonly sandboxId: string;
      readonly version: number;
      readonly head: number;
    }
  | { readonly code: 'FAULT_REJECTED'; readonly sandboxId: string; readonly reason: string }
  | { readonly code: 'INVALID_ARGUMENT'; readonly field: string; readonly reason: string };

export type SandboxErrorCode = SandboxErrorDetails['code'];

export class SandboxError extends Error {
  override readonly name = 'SandboxError';

  constructor(readonly details: SandboxErrorDetails) {
    super(messageOf(details));
  }

  get code(): SandboxErrorCode {
    return this.details.code;
  }
}

export function isSandboxError(error: unknown): error is SandboxError {
  return error instanceof SandboxError;
}

/** A sentence for the learner: says what happened and, where it helps, what to do. */
function messageOf(details: SandboxErrorDetails): string {
  switch (details.code) {
    case 'SANDBOX_NOT_FOUND':
      return `sandbox ${details.sandboxId} does not exist`;
    case 'SANDBOX_DELETED':
      return `sandbox ${details.sandboxId} was deleted; its history can still be replayed`;
    case 'SANDBOX_DEGRADED':
      return `sandbox ${details.sandboxId} stopped after its cluster failed repeatedly (${details.reason}): reset it (resetSandbox) to start again, or fork it from an earlier version (forkSandbox); its history can still be replayed`;
    case 'CLOCK_IS_LIVE':
      return `sandbox ${details.sandboxId} follows the wall clock (LIVE); only STEPPED sandboxes can be advanced`;
    case 'VERSION_CONFLICT_RETRIES_EXHAUSTED':
      return `sandbox ${details.sandboxId} is changing too fast: gave up after ${details.attempts} attempts, try again`;
    case 'QUOTA_EXCEEDED':
      return `sandbox ${details.sandboxId} would hold ${details.objects} objects, more than its quota of ${details.limit}; delete some first`;
    case 'MANIFEST_TOO_LARGE':
      return `the input is ${details.bytes} bytes, more than the limit of ${details.limitBytes} bytes`;
    case 'COMMAND_TOO_LONG':
      return `the command line is ${details.bytes} bytes, more than the limit of ${details.limitBytes} bytes`;
    case 'VERSION_OUT_OF_RANGE':
      return `sandbox ${details.sandboxId} has versions 1 to ${details.head}; ${details.version} is not one of them`;
    case 'FAULT_REJECTED':
      return `fault rejected: ${details.reason}`;
    case 'INVALID_ARGUMENT':
      return `invalid ${details.field}: ${details.reason}`;
  }
}

/**
 * The simulated cluster itself failed (a fold or a reconciler threw: a poison event, a controller bug), as opposed
 * to the infrastructure (database, network). Only this makes the worker mark a sandbox degraded after its retries;
 * an outage must not degrade healthy sandboxes. Not a domain error: the API reports it as internal.
 */
export class ClusterComputationError extends Error {
  override readonly name = 'ClusterComputationError';

  constructor(
    readonly streamId: string,
    readonly failure: unknown,
  ) {
    super(`${streamId}: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
}

/** Runs pure cluster code, tagging what it throws as a ClusterComputationError. */
export function computing<T>(streamId: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ClusterComputationError) throw error;
    throw new ClusterComputationError(streamId, error);
  }
}
