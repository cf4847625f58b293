// Simulated time is ms since the Unix epoch; the API stores RFC 3339 timestamps with second precision.

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

// Callers format the same instant over and over (every pod and event of a reconcile round): remember the last.
let lastSecond = NaN;
let lastText = '';

export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}

export function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const durationPart = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Parses Go-style durations used by directives and flags: `500ms`, `5s`, `2m`, `1h30m`. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') return trimmed === '0' ? 0 : undefined;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(durationPart)) {
    if (match.index !== consumed) return undefined;
    const amount = Number(match[1]);
    const unit = match[2];
    total += amount * (unit === 'ms' ? 1 : unit === 's' ? SECOND : unit === 'm' ? MINUTE : HOUR);
    consumed += match[0].length;
  }
  return consumed === trimmed.length ? Math.round(total) : undefined;
}
