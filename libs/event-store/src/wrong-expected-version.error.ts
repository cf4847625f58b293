/** The stream was not at the version the caller decided on: re-read, decide again, and retry. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  readonly code = 'WRONG_EXPECTED_VERSION';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    /** The stream's version when the conflict was detected (it may have moved on since). */
    readonly actualVersion: number,
  ) {
    super(`stream "${streamId}" is at version ${actualVersion}, expected ${expectedVersion}`);
  }
}

export function isWrongExpectedVersionError(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError;
}
