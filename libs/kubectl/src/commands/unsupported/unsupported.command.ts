// kubectl commands that need something the simulated cluster does not have (a container runtime to exec or
// attach into, an editor, a network to forward, a metrics server). They exist so that learners get an honest
// answer instead of "unknown command"; `top` answers exactly as kubectl does without metrics-server.
import type { CommandSpec } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';

function unsupported(path: string[], short: string, message: string, aliases: string[] = []): CommandSpec {
  return {
    path,
    aliases,
    short,
    usage: `kubectl ${path.join(' ')} [options]`,
    flags: [
      { name: 'container', short: 'c', type: 'string', description: 'Container name.' },
      { name: 'stdin', short: 'i', type: 'bool', default: false, description: 'Pass stdin to the container' },
      { name: 'tty', short: 't', type: 'bool', default: false, description: 'Stdin is a TTY' },
      { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on.' },
      { name: 'all-namespaces', short: 'A', type: 'bool', default: false, description: 'All namespaces.' },
      { name: 'filename', short: 'f', type: 'stringArray', description: 'Filename.' },
    ],
    run: () => ({ stdout: '', stderr: clientError(message), exitCode: 1 }),
  };
}

const NO_RUNTIME = 'the simulated cluster has no container runtime: exec, attach and cp are not available';

export const UNSUPPORTED_COMMANDS: CommandSpec[] = [
  unsupported(['attach'], 'Attach to a running container', NO_RUNTIME),
  unsupported(['cp'], 'Copy files and directories to and from containers', NO_RUNTIME),
  unsupported(
    ['edit'],
    'Edit a resource on the server',
    'the sandbox has no editor: use kubectl apply, patch, set, scale or label',
  ),
  unsupported(['exec'], 'Execute a command in a container', NO_RUNTIME),
  unsupported(
    ['port-forward'],
    'Forward one or more local ports to a pod',
    'the simulated cluster has no network to forward',
  ),
  unsupported(
    ['proxy'],
    'Run a proxy to the Kubernetes API server',
    'the simulated cluster has no network to proxy',
  ),
  unsupported(['top', 'node'], 'Display resource (CPU/memory) usage of nodes', 'Metrics API not available', [
    'nodes',
    'no',
  ]),
  unsupported(['top', 'pod'], 'Display resource (CPU/memory) usage of pods', 'Metrics API not available', [
    'pods',
    'po',
  ]),
];
