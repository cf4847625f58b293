// What the challenge panel shows (pure): the fault timeline relative to the learner's simulated time, and the
// availability gauge from gradeSandbox's objective (the held/not-held samples and the window share).

export interface FaultInfo {
  atMs: number;
  kind: string;
  description: string;
}

export interface ObjectiveSample {
  atMs: number;
  held: boolean;
}

export type FaultState = 'fired' | 'next' | 'later';

export interface TimelineItem extends FaultInfo {
  state: FaultState;
  /** atMs − elapsed: negative once it fired. */
  inMs: number;
  /** Position on the timeline bar, 0…1. */
  position: number;
}

export interface Timeline {
  items: TimelineItem[];
  /** The span the bar shows: to the last fault plus a margin, at least the elapsed time. */
  spanMs: number;
  /** The learner's "now" on the bar, 0…1. */
  nowPosition: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Faults in time order, each fired / next / later at `elapsedMs` after the learner's start. */
export function faultTimeline(faults: readonly FaultInfo[], elapsedMs: number, windowMs?: number): Timeline {
  const sorted = [...faults].sort((a, b) => a.atMs - b.atMs);
  const last = sorted[sorted.length - 1]?.atMs ?? 0;
  const spanMs = Math.max(windowMs ?? 0, Math.round(last * 1.2), last + 60_000, elapsedMs, 1);
  let nextSeen = false;
  const items = sorted.map((fault) => {
    let state: FaultState = 'later';
    if (fault.atMs <= elapsedMs) state = 'fired';
    else if (!nextSeen) {
      state = 'next';
      nextSeen = true;
    }
    return { ...fault, state, inMs: fault.atMs - elapsedMs, position: clamp01(fault.atMs / spanMs) };
  });
  return { items, spanMs, nowPosition: clamp01(elapsedMs / spanMs) };
}

export interface Availability {
  /** Share of the observed time (first sample … elapsed) during which the objective held; undefined before any sample. */
  shareSoFar: number | undefined;
  /** Whether it holds at the latest sample. */
  holdingNow: boolean | undefined;
  heldMs: number;
  observedMs: number;
}

/**
 * Folds the samples as a step function: each sample's value holds until the next sample, the last one until
 * `elapsedMs`. Time before the first sample is not observed.
 */
export function availability(samples: readonly ObjectiveSample[], elapsedMs: number): Availability {
  const sorted = [...samples].sort((a, b) => a.atMs - b.atMs);
  const first = sorted[0];
  if (!first) return { shareSoFar: undefined, holdingNow: undefined, heldMs: 0, observedMs: 0 };
  const end = Math.max(elapsedMs, sorted[sorted.length - 1]!.atMs);
  let heldMs = 0;
  sorted.forEach((sample, i) => {
    const until = sorted[i + 1]?.atMs ?? end;
    if (sample.held) heldMs += Math.max(0, until - sample.atMs);
  });
  const observedMs = end - first.atMs;
  return {
    shareSoFar: observedMs > 0 ? heldMs / observedMs : sorted[sorted.length - 1]!.held ? 1 : 0,
    holdingNow: sorted[sorted.length - 1]!.held,
    heldMs,
    observedMs,
  };
}

/** `97%` style label of a 0…1 share (floor, so a drop from 100% shows as soon as it happens). */
export function percent(share: number | undefined): string {
  if (share === undefined || Number.isNaN(share)) return '–';
  if (share >= 1) return '100%';
  return `${Math.floor(share * 1000) / 10}%`;
}
