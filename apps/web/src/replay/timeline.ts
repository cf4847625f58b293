// Replay index math, pure: positions are stream versions 1…head; the learner's commands are marks on the way.

export interface TimelineEvent {
  version: number;
  type: string;
  at: string;
  actor: string;
  reason: string;
  command?: { line: string; stdout: string; stderr: string; exitCode: number; stdin?: string | null } | null;
}

export interface CommandEntry {
  version: number;
  at: string;
  line: string;
  stdin: string | null;
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Timeline {
  /** The first and last versions (0 when the history is empty). */
  first: number;
  head: number;
  /** The learner's commands in order (a command's version is the state right after it). */
  commands: CommandEntry[];
  /** Events by version. */
  byVersion: ReadonlyMap<number, TimelineEvent>;
}

export function buildTimeline(events: readonly TimelineEvent[]): Timeline {
  const sorted = [...events].sort((a, b) => a.version - b.version);
  const commands: CommandEntry[] = [];
  for (const e of sorted) {
    if (e.type !== 'CommandExecuted' || !e.command) continue;
    commands.push({
      version: e.version,
      at: e.at,
      line: e.command.line,
      stdin: e.command.stdin ?? null,
      stdout: e.command.stdout,
      stderr: e.command.stderr,
      exitCode: e.command.exitCode,
    });
  }
  return {
    first: sorted[0]?.version ?? 0,
    head: sorted.at(-1)?.version ?? 0,
    commands,
    byVersion: new Map(sorted.map((e) => [e.version, e])),
  };
}

/** A position inside the timeline (a version the history holds, whole, between first and head). */
export function clampVersion(timeline: Timeline, version: number): number {
  if (timeline.head === 0) return 0;
  if (!Number.isFinite(version)) return timeline.head;
  return Math.min(timeline.head, Math.max(timeline.first, Math.round(version)));
}

/** How many commands had run at this position (commands at or before it). */
export function commandsRunAt(timeline: Timeline, version: number): number {
  let lo = 0;
  let hi = timeline.commands.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((timeline.commands[mid] as CommandEntry).version <= version) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The version of the next command after this position, or null. */
export function nextCommandVersion(timeline: Timeline, version: number): number | null {
  return timeline.commands[commandsRunAt(timeline, version)]?.version ?? null;
}

/** The version of the last command strictly before this position, or null. */
export function previousCommandVersion(timeline: Timeline, version: number): number | null {
  const index = commandsRunAt(timeline, version - 1) - 1;
  return index >= 0 ? (timeline.commands[index] as CommandEntry).version : null;
}

/** Playback: the next position, `speed` versions on, or null at the head (playback stops). */
export function playbackStep(timeline: Timeline, version: number, speed = 1): number | null {
  if (version >= timeline.head) return null;
  return clampVersion(timeline, version + Math.max(1, Math.floor(speed)));
}
