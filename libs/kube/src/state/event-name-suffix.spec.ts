import fc from 'fast-check';
import { eventNameSuffix } from './evolve';

describe('eventNameSuffix', () => {
  it('is the hex of at * 1e6 + serial, as the BigInt arithmetic it replaces', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 43 - 1 }),
        fc.integer({ min: 0, max: 2 ** 50 }),
        (at, serial) => {
          expect(eventNameSuffix(at, serial)).toBe((BigInt(at) * 1000000n + BigInt(serial)).toString(16));
        },
      ),
    );
  });

  it.each([
    [0, 0, '0'],
    [0, 4294967296, '100000000'],
    [1735689600000, 64 * 41054 + 3, (1735689600000n * 1000000n + 2627459n).toString(16)],
  ])('at %d serial %d → %s', (at, serial, hex) => {
    expect(eventNameSuffix(at, serial)).toBe(hex);
  });
});
