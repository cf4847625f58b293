import { startFromOpening } from './learner-start';

const e = (at: string, correlation: string | null) => ({ at, correlation });

describe('startFromOpening', () => {
  const opening = [
    e('2026-01-01T00:00:00.000Z', 'create:s1'),
    e('2026-01-01T00:00:05.000Z', 'create:s1'),
    e('2026-01-01T00:01:00.000Z', 'create:s1'),
  ];

  it('is the last event of the opening batch once a different correlation follows', () => {
    expect(startFromOpening([...opening, e('2026-01-01T00:03:00.000Z', 'command:k1')], false)).toBe(
      '2026-01-01T00:01:00.000Z',
    );
  });

  it('waits for more pages while the batch may continue, unless the history ends there', () => {
    expect(startFromOpening(opening, false)).toBeUndefined();
    expect(startFromOpening(opening, true)).toBe('2026-01-01T00:01:00.000Z');
  });

  it('knows nothing without events or without a correlation', () => {
    expect(startFromOpening([], true)).toBeUndefined();
    expect(startFromOpening([e('2026-01-01T00:00:00.000Z', null)], true)).toBeUndefined();
  });
});
