import { ClusterComputationError, SandboxError, type SandboxErrorDetails } from '@podlab/sandbox';
import { ApiError, isApiErrorCode } from '../errors/api-error';
import { mapDomainErrors, toGraphQLError } from './sandbox-errors';

const id = '00000000-0000-4000-8000-000000000001';
const every: SandboxErrorDetails[] = [
  { code: 'SANDBOX_NOT_FOUND', sandboxId: id },
  { code: 'SANDBOX_DELETED', sandboxId: id },
  { code: 'CLOCK_IS_LIVE', sandboxId: id },
  { code: 'VERSION_CONFLICT_RETRIES_EXHAUSTED', sandboxId: id, attempts: 8 },
  { code: 'QUOTA_EXCEEDED', sandboxId: id, limit: 10, objects: 11 },
  { code: 'MANIFEST_TOO_LARGE', limitBytes: 10, bytes: 11 },
  { code: 'COMMAND_TOO_LONG', limitBytes: 10, bytes: 11 },
  { code: 'VERSION_OUT_OF_RANGE', sandboxId: id, version: 9, head: 3 },
  { code: 'FAULT_REJECTED', sandboxId: id, reason: 'no such node' },
  { code: 'INVALID_ARGUMENT', field: 'seed', reason: 'expected a whole number' },
];

describe('sandbox domain errors → GraphQL errors', () => {
  it.each(every.map((d) => [d.code, d] as const))('maps %s to a stable API code', (_code, details) => {
    const error = toGraphQLError(new SandboxError(details));
    expect(isApiErrorCode(error.extensions['code'])).toBe(true);
    if (details.code !== 'SANDBOX_NOT_FOUND') expect(error.extensions['reason']).toBe(details.code);
  });

  it('reports a missing sandbox exactly like a foreign one (no id, no reason)', () => {
    const error = toGraphQLError(new SandboxError({ code: 'SANDBOX_NOT_FOUND', sandboxId: id }));
    expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(error.message).not.toContain(id);
  });

  it('answers a stream the fold cannot compute with CONFLICT / SANDBOX_UNREADABLE and what to do', async () => {
    const failure = new ClusterComputationError('sandbox-x', new Error('unknown event type PoisonedForTest'));
    const error = await mapDomainErrors(() => Promise.reject(failure)).catch((e: unknown) => e as ApiError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'SANDBOX_UNREADABLE' });
    expect(error.message).toMatch(/resetSandbox.*forkSandbox.*sandboxHistory/);
    // The failure is for the log (the formatter logs `report`), not for the learner.
    expect(error.message).not.toContain('PoisonedForTest');
    expect(error.report).toBe(failure);
  });

  it('lets other errors through unchanged (reported as INTERNAL by the formatter)', async () => {
    const boom = new Error('database down');
    await expect(mapDomainErrors(() => Promise.reject(boom))).rejects.toBe(boom);
  });
});
