import { instantDiff } from '../time-controls/clock-math';
import { learnerStartOf } from './learner-start';

describe('learnerStartOf', () => {
  it("is the API's exercise start, not the screen's opening, when the sandbox has one", () => {
    const start = learnerStartOf({
      exerciseStartedAt: '2026-01-01T00:10:00.000Z',
      now: '2026-01-01T00:13:30.000Z',
    });
    expect(start).toEqual({ at: '2026-01-01T00:10:00.000Z', known: true });
    // The clock label counts from it: 3m30s into the exercise, not 0.
    expect(instantDiff(start.at, '2026-01-01T00:13:30.000Z')).toBe(210_000);
  });

  it('stands in the time the screen opened for free practice (no exercise start)', () => {
    expect(learnerStartOf({ exerciseStartedAt: null, now: '2026-01-01T00:13:30.000Z' })).toEqual({
      at: '2026-01-01T00:13:30.000Z',
      known: false,
    });
    expect(learnerStartOf({ now: '2026-01-01T00:00:00.000Z' }).known).toBe(false);
  });
});
