// `podlab shell` through a real pseudo-terminal (tmux): the prompt, a kubectl command, a directive, history
// (arrow up re-runs the previous command), a heredoc, and exit. Also `podlab run FILE` end to end.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const SESSION = `podlab-shell-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', SESSION);
}

async function waitFor(text: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = screen();
    if (current.includes(text)) return current;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${current}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Needs tmux (`apt-get install tmux`).
describe('podlab shell in a pseudo-terminal', () => {
  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
  });

  it('runs kubectl, directives, history and heredocs', async () => {
    tmux(
      'new-session',
      '-d',
      '-s',
      SESSION,
      '-x',
      '160',
      '-y',
      '50',
      '-c',
      ROOT,
      'npx tsx --tsconfig apps/cli/tsconfig.json apps/cli/src/main.ts shell; sleep 5',
    );
    await waitFor('podlab$ ');
    expect(screen()).toContain('Podlab shell: kubectl against a simulated Kubernetes');

    tmux('send-keys', '-t', SESSION, 'kubectl create deployment web --image=nginx:1.25', 'Enter');
    await waitFor('deployment.apps/web created');

    tmux('send-keys', '-t', SESSION, '@ advance 5s', 'Enter');
    await waitFor('[t=5s]');

    // History: two steps back is the create command; running it again hits AlreadyExists.
    tmux('send-keys', '-t', SESSION, 'Up', 'Up', 'Enter');
    await waitFor('Error from server (AlreadyExists): deployments.apps "web" already exists');

    tmux('send-keys', '-t', SESSION, 'kubectl apply -f - <<EOF', 'Enter');
    for (const line of ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: dev', 'EOF'])
      tmux('send-keys', '-t', SESSION, line, 'Enter');
    await waitFor('namespace/dev created');

    tmux('send-keys', '-t', SESSION, 'kubectl frobnicate', 'Enter');
    await waitFor(`Run 'kubectl --help' for usage.`);

    tmux('send-keys', '-t', SESSION, 'exit', 'Enter');
    await waitFor('podlab$ exit');
  }, 30_000);
});

describe('podlab run', () => {
  it('prints the transcript of a session script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlab-run-'));
    const file = join(dir, 'session.txt');
    writeFileSync(
      file,
      '# hello\n$ kubectl create namespace dev\n@ advance 2m\n$ kubectl create namespace dev\n',
    );
    const result = spawnSync(
      'npx',
      ['tsx', '--tsconfig', 'apps/cli/tsconfig.json', 'apps/cli/src/main.ts', 'run', file],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '$ kubectl create namespace dev\nnamespace/dev created\n@ advance 2m\n[t=2m0s]\n$ kubectl create namespace dev\nError from server (AlreadyExists): namespaces "dev" already exists\n[exit 1]\n',
    );
  });
});
