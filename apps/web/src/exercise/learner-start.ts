// The simulated instant the learner started an exercise (after its setup), which the fault timeline counts from.
// startExercise returns the sandbox at that instant; the page keeps it per sandbox in sessionStorage so a reload
// keeps the timeline. (The API has no field for it yet: see the report of the exercise screen.)

const key = (sandboxId: string) => `podlab.learnerStart.${sandboxId}`;

export function rememberLearnerStart(sandboxId: string, now: string): void {
  try {
    sessionStorage.setItem(key(sandboxId), now);
  } catch {
    // Storage disabled: the screen falls back to the sandbox's time when it opened.
  }
}

export function learnerStart(sandboxId: string): string | undefined {
  try {
    return sessionStorage.getItem(key(sandboxId)) ?? undefined;
  } catch {
    return undefined;
  }
}
