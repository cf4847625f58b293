// The simulated instant the learner started an exercise (after its setup), which the fault timeline and the
// objective samples count from. startExercise returns the sandbox at that instant and the page keeps it per
// sandbox in sessionStorage; elsewhere (another tab, a later visit) it is found in the history: an exercise
// sandbox's stream opens with its whole preparation written as one batch under one correlation (create or reset),
// whose last event is at the learner's start. (The API has no field for it yet.)

const key = (sandboxId: string) => `podlab.learnerStart.${sandboxId}`;

export function rememberLearnerStart(sandboxId: string, now: string): void {
  try {
    sessionStorage.setItem(key(sandboxId), now);
  } catch {
    // Storage disabled: the history says it again next time.
  }
}

export function learnerStart(sandboxId: string): string | undefined {
  try {
    return sessionStorage.getItem(key(sandboxId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export interface OpeningEvent {
  at: string;
  correlation?: string | null;
}

/**
 * The `at` of the last event of the opening batch (the leading run of events sharing the first one's correlation),
 * once the run is known to have ended: a later event differs, or the history has no more events. Undefined while
 * more pages may continue the run, or when the first event has no correlation.
 */
export function startFromOpening(events: readonly OpeningEvent[], complete: boolean): string | undefined {
  const first = events[0];
  if (!first?.correlation) return undefined;
  let last = first;
  for (const event of events) {
    if (event.correlation !== first.correlation) return last.at;
    last = event;
  }
  return complete ? last.at : undefined;
}
