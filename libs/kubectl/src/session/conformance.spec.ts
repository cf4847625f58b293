// The example scenarios of spec section C as session scripts (test/conformance/*.session) with their expected
// transcripts (*.expected, placeholders for what depends on random choices: see transcript-match.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScript } from './session';
import { matchTranscript } from './transcript-match';

const DIR = join(__dirname, '../../../../test/conformance');
const SCENARIOS = readdirSync(DIR)
  .filter((f) => f.endsWith('.session'))
  .sort();

describe('conformance scenarios (spec section C)', () => {
  it('has scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThan(0);
  });

  it.each(SCENARIOS)('%s', (file) => {
    const script = readFileSync(join(DIR, file), 'utf8');
    const expected = readFileSync(join(DIR, file.replace(/\.session$/, '.expected')), 'utf8');
    const result = runScript(script);
    if (!result.ok) throw new Error(result.error);
    const match = matchTranscript(expected, result.transcript);
    if (!match.ok)
      throw new Error(
        `line ${match.line}\nexpected: ${match.expected}\nactual:   ${match.actual}\n\nfull transcript:\n${result.transcript}`,
      );
  });
});
