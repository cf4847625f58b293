import {
  buildTimeline,
  clampVersion,
  commandsRunAt,
  nextCommandVersion,
  playbackStep,
  previousCommandVersion,
  type TimelineEvent,
} from './timeline';

const event = (version: number, line?: string): TimelineEvent => ({
  version,
  type: line ? 'CommandExecuted' : 'ObjectUpdated',
  at: `2026-01-01T00:00:${String(version).padStart(2, '0')}.000Z`,
  actor: line ? 'user:1' : 'controller:x',
  reason: line ? 'CommandExecuted' : 'r',
  command: line ? { line, stdout: `${line} out`, stderr: '', exitCode: 0 } : null,
});

// Versions 1…20; commands at 5, 12 and 20; delivered out of order.
const events = [
  event(12, 'b'),
  ...[1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19].map((v) => event(v)),
  event(5, 'a'),
  event(20, 'c'),
];
const timeline = buildTimeline(events);

describe('replay timeline', () => {
  it('orders the commands with their output', () => {
    expect([timeline.first, timeline.head]).toEqual([1, 20]);
    expect(timeline.commands.map((c) => [c.version, c.line, c.stdout])).toEqual([
      [5, 'a', 'a out'],
      [12, 'b', 'b out'],
      [20, 'c', 'c out'],
    ]);
    expect(timeline.byVersion.get(7)?.reason).toBe('r');
  });

  it('counts the commands run at a position', () => {
    expect([0, 4, 5, 11, 12, 19, 20].map((v) => commandsRunAt(timeline, v))).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it('jumps between commands', () => {
    expect([1, 5, 6, 12, 20].map((v) => nextCommandVersion(timeline, v))).toEqual([5, 12, 12, 20, null]);
    expect([1, 5, 6, 12, 13, 20].map((v) => previousCommandVersion(timeline, v))).toEqual([
      null,
      null,
      5,
      5,
      12,
      12,
    ]);
  });

  it('clamps positions and plays to the head', () => {
    expect([-3, 0, 1.4, 7, 99, Number.NaN].map((v) => clampVersion(timeline, v))).toEqual([
      1, 1, 1, 7, 20, 20,
    ]);
    expect([playbackStep(timeline, 1), playbackStep(timeline, 18, 5), playbackStep(timeline, 20)]).toEqual([
      2,
      20,
      null,
    ]);
    expect(clampVersion(buildTimeline([]), 5)).toBe(0);
  });
});
