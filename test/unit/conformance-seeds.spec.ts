// The conformance transcripts (test/conformance, run with seed 1 by libs/kubectl's conformance.spec.ts) must not
// depend on a random choice the placeholders do not cover: pod suffixes, pull times, scheduler tie-breaks, the
// ranking's UID tie-breaks and node iteration orders all change with the seed, so every scenario has to match
// its expected transcript under other seeds too.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { matchTranscript, runScript } from '@podlab/kubectl';

const DIR = join(__dirname, '../conformance');
const SCENARIOS = readdirSync(DIR)
  .filter((f) => f.endsWith('.session'))
  .sort();
const SEEDS = [2, 3];

describe('conformance scenarios under other seeds', () => {
  it('has scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThan(0);
  });

  it.each(SCENARIOS.flatMap((file) => SEEDS.map((seed) => [file, seed] as const)))(
    '%s with seed %d',
    (file, seed) => {
      const script = readFileSync(join(DIR, file), 'utf8');
      const expected = readFileSync(join(DIR, file.replace(/\.session$/, '.expected')), 'utf8');
      const result = runScript(script, { seed });
      if (!result.ok) throw new Error(result.error);
      const match = matchTranscript(expected, result.transcript);
      if (!match.ok)
        throw new Error(`line ${match.line}\nexpected: ${match.expected}\nactual:   ${match.actual}`);
    },
  );
});
