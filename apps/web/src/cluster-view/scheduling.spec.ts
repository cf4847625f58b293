import { CatchUpWatch, FrameBatcher, LatestOnly } from './scheduling';

describe('FrameBatcher', () => {
  it('hands every item of a frame over in one batch, in order', () => {
    const frames: (() => void)[] = [];
    const batches: number[][] = [];
    const batcher = new FrameBatcher<number>(
      (batch) => batches.push(batch),
      (run) => frames.push(run),
      () => undefined,
    );
    for (let i = 1; i <= 300; i++) batcher.push(i);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    batcher.push(301);
    batcher.push(302);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(batches.map((b) => b.length)).toEqual([300, 2]);
    expect(batches.flat()).toEqual(Array.from({ length: 302 }, (_, i) => i + 1));
  });

  it('drops pending items on clear', () => {
    const frames: (() => void)[] = [];
    const cancelled: number[] = [];
    const batches: string[][] = [];
    const batcher = new FrameBatcher<string>(
      (batch) => batches.push(batch),
      (run) => frames.push(run),
      (handle) => cancelled.push(handle),
    );
    batcher.push('a');
    batcher.clear();
    expect(cancelled).toEqual([1]);
    batcher.push('b');
    frames.at(-1)!();
    expect(batches).toEqual([['b']]);
  });
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestOnly', () => {
  it('loads the first key, then only the newest key wanted meanwhile', async () => {
    const loads: { key: number; done: ReturnType<typeof deferred<string>> }[] = [];
    const results: [number, string][] = [];
    const latest = new LatestOnly<number, string>(
      (key) => {
        const done = deferred<string>();
        loads.push({ key, done });
        return done.promise;
      },
      (key, value) => results.push([key, value]),
    );
    latest.want(1);
    for (let v = 2; v <= 100; v++) latest.want(v);
    expect(loads.map((l) => l.key)).toEqual([1]);
    loads[0]!.done.resolve('state 1');
    await new Promise((r) => setTimeout(r, 0));
    // 1 is no longer wanted: its answer is dropped and 100 is loaded.
    expect(loads.map((l) => l.key)).toEqual([1, 100]);
    loads[1]!.done.resolve('state 100');
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toEqual([[100, 'state 100']]);
    latest.want(7);
    loads[2]!.done.resolve('state 7');
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toEqual([
      [100, 'state 100'],
      [7, 'state 7'],
    ]);
  });

  it('drops the answer of a load cancelled while it runs', async () => {
    const done = deferred<string>();
    const results: string[] = [];
    let idle = 0;
    const latest = new LatestOnly<number, string>(
      () => done.promise,
      (_key, value) => results.push(value),
      () => idle++,
    );
    latest.want(1);
    latest.cancel();
    done.resolve('stale');
    await new Promise((r) => setTimeout(r, 0));
    expect([results, idle]).toEqual([[], 1]);
  });

  it('reports nothing after dispose', async () => {
    const done = deferred<string>();
    const results: string[] = [];
    const latest = new LatestOnly<number, string>(
      () => done.promise,
      (_key, value) => results.push(value),
    );
    latest.want(1);
    latest.dispose();
    done.resolve('late');
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toEqual([]);
  });
});

describe('CatchUpWatch', () => {
  function watch(shown: { version: number }) {
    const timers: (() => void)[] = [];
    const behind: number[] = [];
    const w = new CatchUpWatch(
      3000,
      () => shown.version,
      () => behind.push(shown.version),
      (run) => {
        timers.push(run);
        return timers.length as unknown as ReturnType<typeof setTimeout>;
      },
      () => timers.splice(0),
    );
    return { w, timers, behind };
  }

  it('reloads once when the view is still behind a known version after the grace period (a stalled feed)', () => {
    const shown = { version: 19 };
    const { w, timers, behind } = watch(shown);
    w.expect(25);
    w.expect(70); // a later answer extends the target, not the wait
    expect(timers).toHaveLength(1);
    shown.version = 25;
    timers.shift()!();
    expect(behind).toEqual([25]);
    // Still behind after the reload (a reset's new generation counts from 1): no loop until a new version is known.
    expect(timers).toHaveLength(0);
  });

  it('does nothing when the feed delivered in time, or for versions already shown', () => {
    const shown = { version: 19 };
    const { w, timers, behind } = watch(shown);
    w.expect(19);
    expect(timers).toHaveLength(0);
    w.expect(30);
    shown.version = 31;
    timers.shift()!();
    expect(behind).toEqual([]);
    w.expect(40);
    w.clear();
    expect(timers).toHaveLength(0);
    expect(behind).toEqual([]);
  });
});
