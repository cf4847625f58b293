// The placeholder forms the conformance transcripts (test/conformance/*.expected) rely on, checked against the
// matcher they are compared with: each form accepts what it stands for and rejects what it must not hide.
import { matchTranscript } from '@podlab/kubectl';

const ok = (expected: string, actual: string) =>
  expect(matchTranscript(expected, actual)).toEqual({ ok: true });
const fails = (expected: string, actual: string, line: number) =>
  expect(matchTranscript(expected, actual)).toMatchObject({ ok: false, line });

describe('conformance placeholders', () => {
  it.each([
    ['[t=<*>]', '[t=2.26s]'],
    ['[t=<*>]', '[t=1h0m5s]'],
    [
      'Back-off restarting failed container app in pod crash_default(<*>',
      'Back-off restarting failed container app in pod crash_default(4505b612-d3ff-4e53-9a64-c56d77e330d9)',
    ],
    [
      '<age>   Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-<A> from 0 to 4',
      '2s          Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-68bf9f694d from 0 to 4',
    ],
    [
      'fluentd-?????   1/1     Running   0          <age>   10.244.1.2   worker-1',
      'fluentd-2zp7t   1/1     Running   0          7m40s   10.244.1.2   worker-1',
    ],
    ['web-<A>   1          4         5', 'web-68bf9f694d   1          4         5'],
    [
      '{"app":"nginx","controller-revision-hash":"web-<A>"}',
      '{"app":"nginx","controller-revision-hash":"web-77465bbd6f"}',
    ],
  ])('%s matches %s', (expected, actual) => ok(`${expected}\n`, `${actual}\n`));

  it.each([
    ['a suffix with a vowel', 'web-<A>-?????', 'web-68bf9f694d-aeiou'],
    ['a hash with a character outside 4-9bcdf', 'web-<A>', 'web-68bf9f694d0'],
    [
      'a different number in a table cell',
      'web-<A>   3         3         3       <age>',
      'web-68bf9f694d   3         3         2       5s',
    ],
    [
      'another restart age (the back-off timing is compared literally)',
      'crash   0/1     CrashLoopBackOff   1 (10s ago)   <age>',
      'crash   0/1     CrashLoopBackOff   1 (9s ago)   20s',
    ],
    ['a single space where columns are expected', 'NAME   READY', 'NAME READY'],
    ['text before a <*>', 'preemption: <*>', 'premption: 0/3 nodes'],
  ])('rejects %s', (_why, expected, actual) => fails(`${expected}\n`, `${actual}\n`, 1));

  it('keeps a hash bound for the whole transcript: the new ReplicaSet cannot reuse the old letter', () => {
    const expected = '$ kubectl get rs\nweb-<A>   3\nweb-<B>   2\n$ kubectl rollout history\n1  web-<A>\n';
    ok(
      expected,
      '$ kubectl get rs\nweb-68bf9f694d   3\nweb-865f4cf4d9   2\n$ kubectl rollout history\n1  web-68bf9f694d\n',
    );
    fails(
      expected,
      '$ kubectl get rs\nweb-68bf9f694d   3\nweb-865f4cf4d9   2\n$ kubectl rollout history\n1  web-865f4cf4d9\n',
      5,
    );
  });

  it('fails on a missing or an extra line', () => {
    fails('a\nb\n', 'a\n', 2);
    fails('a\n', 'a\nNo resources found in default namespace.\n', 2);
  });
});
