import type { HistoryEvent } from '@podlab/sandbox';
import type { SandboxEventMessage } from '../live/sandbox-event.message';
import type { CommandRecord, SandboxEvent } from './sandbox.models';

const iso = (ms: number): string => new Date(ms).toISOString();

export function historyToGql(sandboxId: string, generation: number, event: HistoryEvent): SandboxEvent {
  return {
    sandboxId,
    generation,
    version: event.version,
    type: event.type,
    at: iso(event.at),
    actor: event.actorName,
    reason: event.reason,
    cause: event.cause,
    correlation: event.correlation,
    command: event.command,
    data: event.event.data,
  };
}

export function messageToGql(message: SandboxEventMessage): SandboxEvent {
  return {
    sandboxId: message.sandboxId,
    generation: message.generation,
    version: message.version,
    type: message.type,
    at: iso(message.at),
    actor: message.actor,
    reason: message.reason,
    cause: message.cause,
    correlation: message.correlation,
    command: message.type === 'CommandExecuted' ? commandOf(message.data) : null,
    data: message.data,
  };
}

function commandOf(data: unknown): CommandRecord | null {
  const d = (data ?? {}) as Record<string, unknown>;
  if (typeof d['line'] !== 'string') return null;
  return {
    line: d['line'],
    stdin: typeof d['stdin'] === 'string' ? d['stdin'] : null,
    stdout: typeof d['stdout'] === 'string' ? d['stdout'] : '',
    stderr: typeof d['stderr'] === 'string' ? d['stderr'] : '',
    exitCode: typeof d['exitCode'] === 'number' ? d['exitCode'] : 0,
  };
}
