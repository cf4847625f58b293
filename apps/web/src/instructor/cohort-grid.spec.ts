import { formatDuration, formatScore, summarise } from '../catalog/progress';
import { buildGrid, csvFileName } from './cohort-grid';

const learner = (id: string, email: string) => ({ id, email });

describe('buildGrid', () => {
  it('orders cells by the report columns, fills missing cells as not started, counts passes per column', () => {
    const grid = buildGrid({
      exercises: [
        { id: 'a', title: 'A', maxPoints: 10 },
        { id: 'b', title: 'B', maxPoints: 6 },
      ],
      rows: [
        {
          learner: learner('2', 'zoe@example.com'),
          cells: [
            {
              exerciseId: 'b',
              status: 'PASSED',
              score: 6,
              maxPoints: 6,
              attempts: 2,
              timeSpentMs: 600_000,
              lastSandboxId: 'sb-z',
              submittedAt: '2026-11-22T08:00:00Z',
              late: true,
            },
          ],
        },
        {
          learner: learner('1', 'ada@example.com'),
          cells: [
            {
              exerciseId: 'a',
              status: 'IN_PROGRESS',
              score: null,
              maxPoints: 10,
              attempts: 1,
              timeSpentMs: 120_000,
              lastSandboxId: 'sb-a',
              submittedAt: null,
              late: false,
            },
            {
              exerciseId: 'b',
              status: 'PASSED',
              score: 6,
              maxPoints: 6,
              attempts: 1,
              timeSpentMs: 60_000,
              lastSandboxId: 'sb-b',
              submittedAt: null,
              late: false,
            },
          ],
        },
      ],
    });
    expect(grid.rows.map((r) => r.email)).toEqual(['ada@example.com', 'zoe@example.com']);
    expect(grid.rows[1]?.cells.map((c) => [c.exerciseId, c.status, c.lastSandboxId, c.late])).toEqual([
      ['a', 'NOT_STARTED', null, false],
      ['b', 'PASSED', 'sb-z', true],
    ]);
    expect(grid.rows[1]?.cells[0]?.maxPoints).toBe(10);
    expect(grid.columns.map((c) => [c.exerciseId, c.passed])).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
  });
});

describe('formatting', () => {
  it('formats time spent, scores and catalog progress', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(7 * 60_000 + 59_000)).toBe('7 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
    expect(formatScore(null, 10)).toBe('–/10 points');
    expect(formatScore(7, 10)).toBe('7/10 points');
    expect(summarise([{ status: 'PASSED' }, { status: 'IN_PROGRESS' }, { status: 'NOT_STARTED' }])).toEqual({
      total: 3,
      passed: 1,
      started: 2,
    });
    expect(csvFileName('Spring 2027: Group B!')).toBe('spring-2027-group-b-report.csv');
    expect(csvFileName('***')).toBe('cohort-report.csv');
  });
});
