import fc from 'fast-check';
import { quoteWord, tokenize } from './command-line';

describe('tokenize (property)', () => {
  it('gives back any list of words quoted with quoteWord and joined by spaces', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { maxLength: 8 }), (words) => {
        const line = words.map(quoteWord).join(' ');
        expect(tokenize(line)).toEqual({ ok: true, words });
      }),
      { numRuns: 500 },
    );
  });
});
