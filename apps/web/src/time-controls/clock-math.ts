// Time arithmetic of the time controls (pure): Go-style durations for advanceClock, play speeds, and how much
// simulated time one play tick moves.

export const PLAY_SPEEDS = [1, 5, 20] as const;
export type PlaySpeed = (typeof PLAY_SPEEDS)[number];

/** The step sizes offered next to the Step button. */
export const STEP_SIZES_MS = [1_000, 10_000, 30_000, 60_000, 300_000] as const;

/** Wall time between two play ticks. */
export const PLAY_TICK_MS = 1_000;
/** One tick never moves more than this much wall time's worth (a sleeping tab must not jump minutes). */
export const MAX_TICK_WALL_MS = 3_000;

/** A duration as advanceClock reads it (Go's time.ParseDuration): `500ms`, `30s`, `2m`, `1h30m`, `1m0.5s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return '0s';
  if (total < 1_000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  const seconds = millis / 1_000;
  let out = '';
  if (hours) out += `${hours}h`;
  if (minutes) out += `${minutes}m`;
  if (seconds) out += `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}s`;
  return out;
}

/** A short human label: `10s`, `1m`, `5m`, `1h 2m`. */
export function formatClock(ms: number): string {
  const negative = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1_000);
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  const text = h
    ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
    : `${m}:${String(s).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Simulated milliseconds to advance for a play tick at `speed` after `wallMs` of wall time (capped). */
export function simulatedForTick(speed: PlaySpeed, wallMs: number): number {
  const wall = Math.min(Math.max(0, wallMs), MAX_TICK_WALL_MS);
  return Math.round(wall * speed);
}

/** Milliseconds between two RFC 3339 instants (b − a); NaN when either does not parse. */
export function instantDiff(a: string, b: string): number {
  return Date.parse(b) - Date.parse(a);
}
