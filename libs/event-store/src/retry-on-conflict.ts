import { WrongExpectedVersionError } from './wrong-expected-version.error';

export interface RetryOnConflictOptions {
  /** Attempts in all, the first included (default 10). */
  readonly maxAttempts?: number;
  /** Called with every conflict before the next attempt (for metrics and tests). */
  readonly onConflict?: (error: WrongExpectedVersionError, attempt: number) => void;
}

/**
 * Runs `attempt` (read, decide, append with the version read) again while it fails with a version conflict.
 * Optimistic concurrency needs nothing more: each retry re-reads, so it decides on fresh state. Other errors and
 * the last conflict are rethrown.
 */
export async function retryOnConflict<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOnConflictOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 10;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attemptNumber >= maxAttempts) throw error;
      options.onConflict?.(error, attemptNumber);
    }
  }
}
