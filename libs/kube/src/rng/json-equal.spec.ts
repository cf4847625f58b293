import fc from 'fast-check';
import { canonicalJson, jsonEqual } from './template-hash';

// JSON-like values as the cluster holds them, plus what canonicalJson treats specially: undefined members and
// array slots, non-finite numbers, -0.
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom(
      null,
      undefined,
      true,
      false,
      0,
      -0,
      1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '',
      'a',
      '0',
    ),
    fc.integer({ min: -3, max: 3 }),
    fc.string({ maxLength: 3 }),
  ),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'constructor', 'toString'), tie('node'), { maxKeys: 4 }),
  ),
})).node;

/** A copy with every object's keys in reverse order (same canonical JSON). */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, reordered(x)]),
  );
}

describe('jsonEqual', () => {
  it('agrees with comparing canonical JSON, on arbitrary pairs', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('holds for a value and its reordered copy, and is symmetric', () => {
    fc.assert(
      fc.property(value, (a) => {
        expect(jsonEqual(a, reordered(a))).toBe(true);
        expect(jsonEqual(reordered(a), a)).toBe(true);
      }),
    );
  });

  it('tells apart what canonical JSON tells apart', () => {
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual({}, { a: null })).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(Number.NaN, null)).toBe(true);
    expect(jsonEqual({ constructor: 1 }, {})).toBe(false);
    expect(jsonEqual({}, { constructor: 1 })).toBe(false);
  });
});
