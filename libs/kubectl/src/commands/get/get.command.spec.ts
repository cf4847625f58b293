import { Cluster } from '@podlab/kube';
import { mustCreate, readContext, runSpec } from '../../testing/read-context.fixture';
import { getCommand } from './get.command';

const pod = (name: string, labels: Record<string, string>, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
});

function given() {
  const cluster = Cluster.create({ seed: 1 });
  mustCreate(cluster, pod('web-1', { app: 'web', tier: 'front' }));
  mustCreate(cluster, pod('web-2', { app: 'web', tier: 'back' }));
  mustCreate(cluster, pod('db-0', { app: 'db' }));
  mustCreate(cluster, pod('other', { app: 'web' }, 'kube-system'));
  const ctx = readContext(cluster);
  const get = (line: string) => runSpec(getCommand, ctx, line.split(' ').filter(Boolean));
  const getWords = (words: string[]) => runSpec(getCommand, ctx, words);
  const names = (line: string) => get(`${line} -o name`).stdout.trim().split('\n').filter(Boolean);
  return { cluster, get, getWords, names };
}

describe('kubectl get', () => {
  it('lists pods of the namespace in name order with a header', () => {
    const { get } = given();
    const out = get('pods');
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('NAME    READY   STATUS   RESTARTS   AGE');
    expect(
      out.stdout
        .split('\n')
        .slice(1, 4)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['db-0', 'web-1', 'web-2']);
  });

  it.each([
    ['-l app=web', ['pod/web-1', 'pod/web-2']],
    ['-l app!=web', ['pod/db-0']],
    ['-l tier', ['pod/web-1', 'pod/web-2']],
    ['-l !tier', ['pod/db-0']],
    ['-l tier!=front', ['pod/db-0', 'pod/web-2']],
    ['-l app=web,tier=back', ['pod/web-2']],
    ['--selector=tier in (front,back)', ['pod/web-1', 'pod/web-2']],
    ['--selector=tier notin (front)', ['pod/db-0', 'pod/web-2']],
    ['--field-selector metadata.name=db-0', ['pod/db-0']],
    ['--field-selector status.phase!=Running', ['pod/db-0', 'pod/web-1', 'pod/web-2']],
    ['-A -l app=web', ['pod/web-1', 'pod/web-2', 'pod/other']],
    ['-n kube-system', ['pod/other']],
  ])('selects with %s', (flags, expected) => {
    const { getWords } = given();
    const words = flags.startsWith('--selector=') ? [flags] : flags.split(' ');
    expect(
      getWords(['pods', ...words, '-o', 'name'])
        .stdout.trim()
        .split('\n'),
    ).toEqual(expected);
  });

  it('prints found objects and NotFound for the missing ones, exit 1', () => {
    const { get } = given();
    const out = get('pods web-1 nope');
    expect(out.stdout.split('\n')[1]?.startsWith('web-1')).toBe(true);
    expect(out.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(out.exitCode).toBe(1);
  });

  it('says No resources found on stderr for an empty namespace or cluster-scoped kind', () => {
    const { get } = given();
    expect(get('deployments')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
    expect(get('pods -n kube-public')).toEqual({
      stdout: '',
      stderr: 'No resources found in kube-public namespace.\n',
      exitCode: 0,
    });
    expect(get('deploy -A').stderr).toBe('No resources found\n');
    expect(get('pv').stderr).toBe('No resources found\n');
  });

  it('rejects an unknown resource type with kubectl text', () => {
    const { get } = given();
    expect(get('deploymnet')).toEqual({
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "deploymnet"\n',
      exitCode: 1,
    });
  });

  it('asks for a resource type when none is given', () => {
    const { get } = given();
    const out = get('');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('error: Required resource not specified.\n');
  });

  it('all: the kinds of the category in kubectl order, with kind prefixes', () => {
    const { get } = given();
    const out = get('all');
    expect(out.stdout).toMatch(/^NAME {8}READY/);
    expect(out.stdout).toContain('pod/db-0 ');
    expect(out.stdout).toContain(
      '\n\nNAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nservice/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n',
    );
  });

  it('prefixes kinds when the results span several kinds, even an empty listed one', () => {
    const { get } = given();
    expect(get('deploy,po').stdout.split('\n')[1]?.startsWith('pod/db-0 ')).toBe(true);
    const out = get('pod/web-1 deploy/nope');
    expect(out.stdout.split('\n')[1]?.startsWith('web-1 ')).toBe(true);
    expect(out.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('kind/name forms and several kinds', () => {
    const { names } = given();
    expect(names('pod/web-1 svc/kubernetes')).toEqual(['pod/web-1', 'service/kubernetes']);
    expect(names('po,svc')).toEqual(['pod/db-0', 'pod/web-1', 'pod/web-2', 'service/kubernetes']);
  });

  it('one named object prints bare with -o yaml, a list otherwise', () => {
    const { get } = given();
    expect(get('pod web-1 -o yaml').stdout.startsWith('apiVersion: v1\nkind: Pod\n')).toBe(true);
    expect(get('pods -o yaml').stdout.startsWith('apiVersion: v1\nitems:\n')).toBe(true);
    expect(get('pod nope -o yaml')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
  });

  it('jsonpath over the list', () => {
    const { get } = given();
    expect(get('pods -o jsonpath={.items[*].metadata.name}').stdout).toBe('db-0 web-1 web-2');
  });

  it('rejects unsupported field selectors with the API server text', () => {
    const { get } = given();
    expect(get('pods --field-selector spec.foo=bar').stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n',
    );
  });

  it('a bad label selector fails each listed kind with the server text', () => {
    const { getWords } = given();
    expect(getWords(['pods,svc', '-l', 'app in web'])).toEqual({
      stdout: '',
      stderr:
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in web", field selector "": unable to parse requirement: found \'web\' expected: \'(\'\n' +
        'Error from server (BadRequest): Unable to find "/v1, Resource=services" that match label selector "app in web", field selector "": unable to parse requirement: found \'web\' expected: \'(\'\n',
      exitCode: 1,
    });
  });

  it('-f: the objects a manifest names, NotFound for the missing ones', () => {
    const cluster = Cluster.create({ seed: 1 });
    mustCreate(cluster, pod('web-1', { app: 'web' }));
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: gone\n';
    const ctx = {
      ...readContext(cluster),
      files: { read: (p: string) => (p === 'pods.yaml' ? manifest : undefined), list: () => ['pods.yaml'] },
    };
    const out = runSpec(getCommand, ctx, ['-f', 'pods.yaml', '-o', 'name']);
    expect(out).toEqual({
      stdout: 'pod/web-1\n',
      stderr: 'Error from server (NotFound): pods "gone" not found\n',
      exitCode: 1,
    });
  });

  it('--sort-by and -L', () => {
    const { get } = given();
    expect(get('pods --sort-by=.metadata.labels.tier -o name').stdout).toBe(
      'pod/db-0\npod/web-2\npod/web-1\n',
    );
    expect(get('pods -L tier').stdout.split('\n')[0]).toBe('NAME    READY   STATUS   RESTARTS   AGE   TIER');
  });

  it('-w in a stepped sandbox prints the current table and returns', () => {
    const { get } = given();
    expect(get('pods -w').stdout).toBe(get('pods').stdout);
  });

  it('-w takes a single resource type', () => {
    const { get } = given();
    expect(get('deploy,pods -w')).toEqual({
      stdout: '',
      stderr: 'error: you may only specify a single resource type\n',
      exitCode: 1,
    });
  });

  it('names across all namespaces are refused', () => {
    const { get } = given();
    expect(get('pods web-1 -A').stderr).toBe(
      'error: a resource cannot be retrieved by name across all namespaces\n',
    );
  });
});
