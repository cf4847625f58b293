// `podlab` command line: `run FILE` prints a session script's transcript; `shell` is an interactive kubectl
// prompt against an in-memory sandbox (no server, no database). See docs/kubectl.md.
import { readFileSync } from 'node:fs';
import { runScript } from '@podlab/kubectl';
import { runShell } from './shell';

const USAGE = `Usage:
  podlab run FILE                     print the transcript of a session script
  podlab shell [--live] [--seed N] [--nodes N] [--no-control-plane]
                                      interactive kubectl against an in-memory simulated cluster
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'run') {
    const file = rest[0];
    if (!file || rest.length !== 1) {
      process.stderr.write(USAGE);
      return 2;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      process.stderr.write(`podlab: cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const result = runScript(text);
    if (!result.ok) {
      process.stderr.write(`podlab: ${file}: ${result.error}\n`);
      return 2;
    }
    process.stdout.write(result.transcript);
    return 0;
  }
  if (command === 'shell') {
    const options = { live: false, seed: 1, workers: 3, controlPlane: true };
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!;
      if (arg === '--live') options.live = true;
      else if (arg === '--no-control-plane') options.controlPlane = false;
      else if (arg === '--seed' || arg === '--nodes') {
        const value = Number(rest[++i]);
        if (!Number.isInteger(value) || value < 0) {
          process.stderr.write(`podlab: ${arg} needs a non-negative integer\n`);
          return 2;
        }
        if (arg === '--seed') options.seed = value;
        else options.workers = value;
      } else {
        process.stderr.write(USAGE);
        return 2;
      }
    }
    runShell(options);
    return -1;
  }
  process.stderr.write(USAGE);
  return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

const code = main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
