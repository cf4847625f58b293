import { Cluster, SECOND } from '@podlab/kube';
import { mustCreate, readContext, runSpec } from '../../testing/read-context.fixture';
import { eventsCommand } from './events.command';

describe('kubectl events', () => {
  it('lists events sorted by time with Kind/name objects, filters with --for and --types', () => {
    const cluster = Cluster.create({ seed: 1 });
    mustCreate(cluster, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    });
    cluster.reconcile();
    cluster.settle(30 * SECOND);
    const ctx = readContext(cluster);
    const out = runSpec(eventsCommand, ctx, []);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(out.stdout).toMatch(
      /\n\S+ +Normal +Scheduled +Pod\/web +Successfully assigned default\/web to worker-\d\n/,
    );
    expect(runSpec(eventsCommand, ctx, ['--for', 'pod/web', '--types=Warning'])).toEqual({
      stdout: '',
      stderr: 'No events found in default namespace.\n',
      exitCode: 0,
    });
    expect(runSpec(eventsCommand, ctx, ['-A']).stdout.split('\n')[0]).toMatch(/^NAMESPACE +LAST SEEN/);
    const yaml = runSpec(eventsCommand, ctx, ['-o', 'yaml']).stdout;
    expect(yaml.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n')).toBe(true);
    expect(yaml.endsWith('kind: EventList\nmetadata: {}\n')).toBe(true);
  });
});
