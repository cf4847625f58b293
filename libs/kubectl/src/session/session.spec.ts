import { parseScript } from './session-script';
import { Session, formatElapsed, parseFault, runScript, splitPipeline } from './session';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;

describe('session scripts', () => {
  it('parses commands, heredocs (quoted or not), directives, comments and blank lines', () => {
    const parsed = parseScript(
      `# a comment\n\n$ kubectl apply -f - <<'EOF'\nkind: X\nEOF\n@ advance 5s\n$ kubectl get pods\n`,
    );
    expect(parsed).toEqual({
      ok: true,
      steps: [
        {
          kind: 'command',
          lineNo: 3,
          text: "$ kubectl apply -f - <<'EOF'",
          command: 'kubectl apply -f -',
          stdin: 'kind: X\n',
        },
        { kind: 'directive', lineNo: 6, text: '@ advance 5s', name: 'advance', args: ['5s'] },
        { kind: 'command', lineNo: 7, text: '$ kubectl get pods', command: 'kubectl get pods' },
      ],
    });
    expect(parseScript('$ cat <<EOF\nno end\n')).toEqual({
      ok: false,
      error: 'line 1: here-document delimited by "EOF" is not closed',
    });
    expect(parseScript('kubectl get pods\n').ok).toBe(false);
  });

  it('prints each step as written, stdout, stderr and [exit N]; directives print the new simulated time', () => {
    const script = `@ cluster nodes=2 seed=7
$ cat > web.yaml <<EOF
${WEB}EOF
$ kubectl apply -f web.yaml
$ kubectl scale deploy web --replicas=3
@ advance 1m30s
$ kubectl get deploy nope
@ settle 5s
@ fault node-down worker-9
`;
    const result = runScript(script);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines = result.transcript.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '@ cluster nodes=2 seed=7',
      '[t=0s]',
      '$ cat > web.yaml <<EOF',
      '$ kubectl apply -f web.yaml',
      'deployment.apps/web created',
    ]);
    expect(result.transcript).toContain(
      '$ kubectl scale deploy web --replicas=3\ndeployment.apps/web scaled\n',
    );
    expect(result.transcript).toContain('@ advance 1m30s\n[t=1m30s]\n');
    expect(result.transcript).toContain(
      '$ kubectl get deploy nope\nError from server (NotFound): deployments.apps "nope" not found\n[exit 1]\n',
    );
    expect(result.transcript).toContain(
      '@ fault node-down worker-9\n@ fault: nodes "worker-9" not found\n[exit 1]\n',
    );
  });

  it('is deterministic: same script, same transcript', () => {
    const script = `$ kubectl apply -f - <<EOF\n${WEB}EOF\n@ settle\n$ kubectl get pods\n@ advance 30s\n$ kubectl get deploy\n`;
    const a = runScript(script);
    const b = runScript(script);
    expect(a).toEqual(b);
  });

  it('rejects @ cluster after the first step and unknown directives', () => {
    const result = runScript('$ kubectl get pods\n@ cluster nodes=1\n@ nap 5s\n');
    expect(result.ok && result.transcript).toContain(
      '@ cluster nodes=1\n@ cluster must be the first step of a session\n[exit 1]\n',
    );
    expect(result.ok && result.transcript).toContain(
      '@ nap 5s\nunknown directive "@ nap" (expected cluster, advance, settle or fault)\n[exit 1]\n',
    );
  });

  it('pipes cat into kubectl, and a missing tool is "command not found"', () => {
    const result = runScript(
      `$ cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\nEOF\n$ kubectl get ns dev -o name | grep dev\n`,
    );
    expect(result).toEqual({
      ok: true,
      transcript:
        '$ cat <<EOF | kubectl apply -f -\nnamespace/dev created\n$ kubectl get ns dev -o name | grep dev\npodlab: grep: command not found\n[exit 127]\n',
    });
    expect(splitPipeline(`a 'x|y' "p|q" | b`)).toEqual([`a 'x|y' "p|q" `, ' b']);
  });

  it('reports a simulator bug as an internal error and goes on', () => {
    let armed = false;
    const livelock = {
      name: 'livelock',
      actor: { type: 'controller' as const, name: 'livelock' },
      // Writes a note on every round once armed: the runtime gives up after its round limit.
      reconcile: () =>
        armed
          ? [
              {
                op: 'note' as const,
                reason: 'Loop',
                notes: [
                  {
                    type: 'Normal' as const,
                    reason: 'Loop',
                    message: 'again',
                    involvedObject: { kind: 'Namespace', name: 'default' },
                    source: { component: 'livelock' },
                  },
                ],
              },
            ]
          : [],
    };
    const session = new Session({ reconcilers: [livelock] });
    expect(session.command('kubectl create namespace dev')).toMatchObject({ exitCode: 0 });
    armed = true;
    const out = session.command('kubectl create namespace prod');
    expect(out.exitCode).toBe(70);
    expect(out.stderr).toMatch(/^podlab: internal error in the simulator: reconcilers did not settle/);
    armed = false;
    expect(session.command('kubectl create namespace qa')).toMatchObject({
      stdout: 'namespace/qa created\n',
    });
  });

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [5000, '5s'],
    [90_000, '1m30s'],
    [3_605_000, '1h0m5s'],
    [1500, '1.5s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });

  it('parses faults', () => {
    expect(parseFault(['pod-kill', 'dev/web-1'])).toEqual({
      kind: 'pod-kill',
      namespace: 'dev',
      pod: 'web-1',
    });
    expect(parseFault(['node-add', 'worker-4', 'labels=disk=ssd', 'taints=a=b:NoExecute', 'cpu=2'])).toEqual({
      kind: 'node-add',
      node: 'worker-4',
      labels: { disk: 'ssd' },
      taints: [{ key: 'a', value: 'b', effect: 'NoExecute' }],
      cpu: '2',
    });
    expect(parseFault(['container-crash', 'web-1', 'exitCode=2'])).toEqual({
      kind: 'container-crash',
      namespace: 'default',
      pod: 'web-1',
      exitCode: 2,
    });
    expect(parseFault(['meteor', 'x'])).toMatch(/^unknown fault kind "meteor"/);
  });
});
