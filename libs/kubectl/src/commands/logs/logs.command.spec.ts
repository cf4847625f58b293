import { Cluster, SECOND } from '@podlab/kube';
import { mustCreate, readContext, runSpec } from '../../testing/read-context.fixture';
import { logsCommand } from './logs.command';

const loop = ['sh', '-c', 'while true; do echo tick; sleep 5; done'];

function given() {
  const cluster = Cluster.create({ seed: 1 });
  mustCreate(cluster, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ticker' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'ticker' } },
      template: {
        metadata: { labels: { app: 'ticker' } },
        spec: {
          containers: [
            { name: 'main', image: 'busybox:1.36', command: loop },
            {
              name: 'side',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'while true; do echo side; sleep 10; done'],
            },
          ],
        },
      },
    },
  });
  cluster.reconcile();
  cluster.settle(60 * SECOND);
  cluster.advance(30 * SECOND);
  const ctx = readContext(cluster);
  const logs = (...words: string[]) => runSpec(logsCommand, ctx, words);
  const pods = cluster.view().objects.list('Pod', 'default');
  return { cluster, logs, pods };
}

describe('kubectl logs', () => {
  it('deploy/x: picks a pod, says how many there were, defaults the container', () => {
    const { logs } = given();
    const out = logs('deploy/ticker');
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(
      /^Found 2 pods, using pod\/ticker-\w+-\w+\nDefaulted container "main" out of: main, side\n$/,
    );
    expect(out.stdout).toMatch(/^(tick\n)+$/);
  });

  it('POD -c CONTAINER, --tail, --timestamps', () => {
    const { logs, pods } = given();
    const name = pods[0]?.metadata.name ?? '';
    expect(logs(name, '-c', 'side').stdout).toMatch(/^(side\n)+$/);
    expect(logs(name, '-c', 'main', '--tail=2').stdout).toBe('tick\ntick\n');
    expect(logs(name, '-c', 'main', '--tail=1', '--timestamps').stdout).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick\n$/,
    );
  });

  it('errors: missing pod, missing container, no argument, --previous without a previous run', () => {
    const { logs, pods } = given();
    expect(logs('nope')).toEqual({
      stdout: '',
      stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
      exitCode: 1,
    });
    const name = pods[0]?.metadata.name ?? '';
    expect(logs(name, '-c', 'x').stderr).toBe(`error: container x is not valid for pod ${name}\n`);
    expect(logs().stderr).toContain("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.");
    expect(logs(name, '-c', 'main', '-p').stderr).toBe(
      `Error from server (BadRequest): previous terminated container "main" in pod "${name}" not found\n`,
    );
  });

  it('-l prints each matching pod, the last 10 lines by default', () => {
    const { logs } = given();
    const out = logs('-l', 'app=ticker', '-c', 'main');
    expect(out.stdout.split('\n').filter(Boolean).length).toBeLessThanOrEqual(20);
    expect(out.stdout).toMatch(/^(tick\n)+$/);
  });

  it('-f in a stepped sandbox prints what exists and returns', () => {
    const { logs, pods } = given();
    const name = pods[0]?.metadata.name ?? '';
    expect(logs(name, '-c', 'main', '-f').stdout).toBe(logs(name, '-c', 'main').stdout);
  });
});
