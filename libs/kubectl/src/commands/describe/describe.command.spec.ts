import { Cluster } from '@podlab/kube';
import { mustCreate, readContext, runSpec } from '../../testing/read-context.fixture';
import { describeCommand } from './describe.command';

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: name.split('-')[0] } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
});

function given() {
  const cluster = Cluster.create({ seed: 1 });
  for (const name of ['web-a', 'web-b', 'db-0']) mustCreate(cluster, pod(name));
  const ctx = readContext(cluster);
  return (...words: string[]) => runSpec(describeCommand, ctx, words);
}

describe('kubectl describe', () => {
  it('separates several objects with two blank lines', () => {
    const describe = given();
    const out = describe('pods', '-l', 'app=web').stdout;
    expect(out.split('\n\n\nName:')).toHaveLength(2);
    expect(out.startsWith('Name:             web-a\n')).toBe(true);
  });

  it('TYPE NAME falls back to name prefixes, each description followed by a newline', () => {
    const describe = given();
    const out = describe('pods', 'web').stdout;
    expect(out.match(/^Name: +web-[ab]$/gm)).toEqual(['Name:             web-a', 'Name:             web-b']);
    expect(out).toMatch(/\nEvents: +<none>\n\n$/);
    expect(out).toMatch(/\nEvents: +<none>\n\nName:/);
  });

  it('NotFound when neither the name nor a prefix matches; No resources found for an empty list', () => {
    const describe = given();
    expect(describe('pods', 'nope')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect(describe('deployments')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
    expect(describe('pod/web')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "web" not found\n',
      exitCode: 1,
    });
  });

  it('--show-events=false leaves the Events section out', () => {
    const describe = given();
    expect(describe('pod', 'db-0', '--show-events=false').stdout).not.toContain('Events:');
  });
});
