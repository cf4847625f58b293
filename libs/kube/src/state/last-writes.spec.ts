import fc from 'fast-check';
import { LastWrites } from './last-writes';

describe('LastWrites', () => {
  const uid = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
  const entries = fc.array(fc.tuple(uid, fc.nat(1000)), { maxLength: 8 });

  it('restored lazily, reads and lists exactly what a Map fed the same entries and writes would', () => {
    fc.assert(
      fc.property(
        entries,
        entries,
        fc.array(fc.tuple(uid, fc.nat(1000), fc.boolean()), { maxLength: 12 }),
        (before, restored, steps) => {
          const lazy = new LastWrites();
          const eager = new Map<string, number>();
          for (const [key, version] of before) {
            lazy.set(key, version);
            eager.set(key, version);
          }
          let decodes = 0;
          lazy.restore({
            get value() {
              decodes++;
              return restored;
            },
          });
          eager.clear();
          for (const [key, version] of restored) eager.set(key, version);
          // Writes, some followed by a read (which indexes the restored entries in the middle of the writes).
          // Nothing decodes the restored entries before the first read.
          let readYet = false;
          for (const [key, version, read] of steps) {
            lazy.set(key, version);
            eager.set(key, version);
            if (read) {
              expect(lazy.get(key)).toBe(eager.get(key));
              readYet = true;
            }
            expect(decodes).toBe(readYet ? 1 : 0);
          }
          for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'z']) expect(lazy.get(key)).toBe(eager.get(key));
          expect([...lazy.entries()]).toEqual([...eager.entries()]);
          expect(decodes).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never changes the restored array', () => {
    const restored: [string, number][] = [['a', 1]];
    const lastWrites = new LastWrites();
    const part = { value: restored };
    lastWrites.restore(part);
    expect(lastWrites.untouchedPart()).toBe(part);
    lastWrites.set('b', 2);
    expect(lastWrites.untouchedPart()).toBeUndefined();
    lastWrites.set('a', 3);
    expect([...lastWrites.entries()]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(restored).toEqual([['a', 1]]);
  });
});
