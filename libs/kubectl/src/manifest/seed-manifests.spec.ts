// Every manifest of the seed tutorials applies unchanged (issue 4): created, then unchanged on a second apply,
// in a cluster running the default controllers. StatefulSets with volumeClaimTemplates are the exception kubectl
// has too: that list has no merge key, the live copy carries the server's defaults, so the client-side patch
// always replaces it and kubectl says `configured` (the object itself does not change).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../session/session';

const DIR = join(__dirname, '../../../../test/fixtures/seeds');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('seed manifests', () => {
  it('finds the twelve manifests of the seeds', () => {
    expect(FILES).toHaveLength(12);
  });

  it.each(FILES)('%s applies, then is unchanged', (file) => {
    const session = new Session();
    const text = readFileSync(join(DIR, file), 'utf8');
    const first = session.command('kubectl apply -f -', text);
    expect(first).toEqual({
      stdout: expect.stringMatching(/^[a-z.]+\/[a-z0-9-]+ created\n$/),
      stderr: '',
      exitCode: 0,
    });
    session.cluster.settle(60_000);
    const second = session.command('kubectl apply -f -', text);
    const again = text.includes('volumeClaimTemplates') ? 'configured' : 'unchanged';
    const before = session.cluster.view().objects.list('StatefulSet')[0]?.metadata.generation;
    expect(second).toEqual({ stdout: first.stdout.replace('created', again), stderr: '', exitCode: 0 });
    expect(session.cluster.view().objects.list('StatefulSet')[0]?.metadata.generation).toBe(before);
  });
});
