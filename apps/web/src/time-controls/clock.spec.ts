import { formatClock, formatDuration, instantDiff, MAX_TICK_WALL_MS, simulatedForTick } from './clock-math';
import { ClockPlayer, type ClockPlayerState } from './clock-player';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1_000, '1s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [120_000, '2m'],
    [5_400_000, '1h30m'],
    [3_600_500, '1h0.5s'],
    [20_250, '20.25s'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatClock and instantDiff', () => {
  it('prints m:ss or h:mm:ss', () => {
    expect(formatClock(65_000)).toBe('1:05');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(formatClock(-30_000)).toBe('-0:30');
  });
  it('subtracts RFC 3339 instants', () => {
    expect(instantDiff('2026-01-01T00:00:00.000Z', '2026-01-01T00:02:30.500Z')).toBe(150_500);
  });
});

describe('simulatedForTick', () => {
  it('scales wall time by the speed and caps a long gap', () => {
    expect(simulatedForTick(1, 1_000)).toBe(1_000);
    expect(simulatedForTick(5, 1_000)).toBe(5_000);
    expect(simulatedForTick(20, 1_200)).toBe(24_000);
    expect(simulatedForTick(20, 60_000)).toBe(20 * MAX_TICK_WALL_MS);
    expect(simulatedForTick(5, -10)).toBe(0);
  });
});

describe('ClockPlayer', () => {
  function setup(fail = false) {
    let wall = 0;
    const timers: { fn: () => void; at: number; id: number }[] = [];
    let nextId = 1;
    const advances: string[] = [];
    const states: ClockPlayerState[] = [];
    const pending: { resolve(): void; reject(e: Error): void }[] = [];
    const player = new ClockPlayer({
      advance: (duration) => {
        advances.push(duration);
        return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
      },
      now: () => wall,
      schedule: (fn, ms) => {
        const id = nextId++;
        timers.push({ fn, at: wall + ms, id });
        return id;
      },
      cancel: (id) => timers.splice(timers.findIndex((t) => t.id === id) >>> 0, 1),
      onChange: (s) => states.push(s),
    });
    /** Moves wall time on and fires due timers. */
    const elapse = async (ms: number) => {
      wall += ms;
      for (const t of timers.filter((t) => t.at <= wall)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
      await Promise.resolve();
    };
    const answer = async () => {
      const p = pending.shift()!;
      if (fail) p.reject(new Error('SANDBOX_LIVE: the sandbox is not stepped'));
      else p.resolve();
      await new Promise((r) => setTimeout(r, 0));
    };
    return { player, advances, states, timers, elapse, answer };
  }

  it('advances speed × wall time per tick, one request at a time', async () => {
    const t = setup();
    t.player.play(5);
    await t.elapse(1_000);
    expect(t.advances).toEqual(['5s']);
    await t.elapse(2_500); // the answer is late: no second request meanwhile
    expect(t.advances).toEqual(['5s']);
    await t.answer();
    // The next tick catches up the wall time since the previous tick (3.5 s, capped at 3 s): play keeps pace.
    await t.elapse(1_000);
    expect(t.advances).toEqual(['5s', '15s']);
    await t.answer();
    t.player.play(20); // a new speed applies from the next tick
    await t.elapse(1_000);
    expect(t.advances).toEqual(['5s', '15s', '20s']);
  });

  it('pause stops the ticks', async () => {
    const t = setup();
    t.player.play(1);
    await t.elapse(1_000);
    await t.answer();
    t.player.pause();
    await t.elapse(5_000);
    expect(t.advances).toEqual(['1s']);
    expect(t.player.current).toEqual({ status: 'paused' });
    expect(t.timers).toEqual([]);
  });

  it('pauses with the error when an advance fails', async () => {
    const t = setup(true);
    t.player.play(20);
    await t.elapse(1_000);
    await t.answer();
    expect(t.player.current).toEqual({
      status: 'paused',
      error: 'SANDBOX_LIVE: the sandbox is not stepped',
    });
    await t.elapse(5_000);
    expect(t.advances).toEqual(['20s']);
  });
});
