// The simulated instant the learner started an exercise (after its setup), which the fault timeline and the
// objective samples count from. The API says it: `Sandbox.exerciseStartedAt` (the grader's own start, computed
// from the exercise and the stream's first event). Free practice has none: the time the screen opened stands in.

export interface LearnerStart {
  /** RFC 3339 simulated instant the clock label counts from. */
  at: string;
  /** True when it is the exercise's start (the API's), false when the opening time stands in. */
  known: boolean;
}

export function learnerStartOf(sandbox: {
  readonly exerciseStartedAt?: string | null;
  readonly now: string;
}): LearnerStart {
  return sandbox.exerciseStartedAt
    ? { at: sandbox.exerciseStartedAt, known: true }
    : { at: sandbox.now, known: false };
}
