import { availability, faultTimeline, percent } from './challenge-model';

const faults = [
  { atMs: 240_000, kind: 'image-broken', description: 'the registry breaks podlab/shop:2.0' },
  { atMs: 120_000, kind: 'node-down', description: 'worker-2 stops reporting' },
  { atMs: 300_000, kind: 'node-up', description: 'worker-2 comes back' },
];

describe('faultTimeline', () => {
  it('orders faults and marks fired / next / later', () => {
    const t = faultTimeline(faults, 150_000);
    expect(t.items.map((i) => [i.kind, i.state, i.inMs])).toEqual([
      ['node-down', 'fired', -30_000],
      ['image-broken', 'next', 90_000],
      ['node-up', 'later', 150_000],
    ]);
    expect(t.spanMs).toBe(360_000);
    expect(t.nowPosition).toBeCloseTo(150 / 360);
    expect(t.items[0]!.position).toBeCloseTo(120 / 360);
  });

  it('a fault at the current instant has fired; the bar grows with the elapsed time', () => {
    expect(faultTimeline(faults, 120_000).items[0]!.state).toBe('fired');
    const late = faultTimeline(faults, 900_000);
    expect(late.items.every((i) => i.state === 'fired')).toBe(true);
    expect(late.spanMs).toBe(900_000);
    expect(late.nowPosition).toBe(1);
  });

  it('uses the challenge window when it is longer', () => {
    expect(faultTimeline(faults, 0, 600_000).spanMs).toBe(600_000);
    expect(faultTimeline([], 0).items).toEqual([]);
  });
});

describe('availability', () => {
  it('is unknown before any sample', () => {
    expect(availability([], 10_000)).toEqual({
      shareSoFar: undefined,
      holdingNow: undefined,
      heldMs: 0,
      observedMs: 0,
    });
  });

  it('holds 100% until the objective breaks, then drops with the time it stays broken', () => {
    const samples = [
      { atMs: 0, held: true },
      { atMs: 120_000, held: false },
    ];
    expect(availability(samples.slice(0, 1), 120_000).shareSoFar).toBe(1);
    const after = availability(samples, 150_000);
    expect(after).toEqual({ shareSoFar: 0.8, holdingNow: false, heldMs: 120_000, observedMs: 150_000 });
    expect(availability([...samples, { atMs: 180_000, held: true }], 240_000).shareSoFar).toBe(0.75);
  });

  it('accepts unsorted samples and a last sample past the elapsed time', () => {
    const a = availability(
      [
        { atMs: 60_000, held: false },
        { atMs: 0, held: true },
      ],
      30_000,
    );
    expect(a.shareSoFar).toBe(1);
    expect(a.holdingNow).toBe(false);
  });
});

describe('percent', () => {
  it('floors to a tenth of a percent', () => {
    expect(percent(1)).toBe('100%');
    expect(percent(0.9999)).toBe('99.9%');
    expect(percent(0.8)).toBe('80%');
    expect(percent(undefined)).toBe('–');
  });
});
