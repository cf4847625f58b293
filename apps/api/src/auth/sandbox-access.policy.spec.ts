import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors/api-error';
import { type AuthUser, type Role } from './auth.types';
import { type CohortMembership, NoCohorts, SandboxAccessPolicy } from './sandbox-access.policy';

const someone = (role: Role): AuthUser => ({ id: randomUUID(), role });
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof ApiError ? error.code : error),
  );

describe('SandboxAccessPolicy', () => {
  const learner = someone('LEARNER');
  const own = { ownerId: learner.id };

  it('lets the owner read and write, and nobody else write', async () => {
    const policy = new SandboxAccessPolicy(new NoCohorts());
    await expect(policy.canRead(learner, own)).resolves.toBe(true);
    await expect(policy.canWrite(learner, own)).resolves.toBe(true);
    for (const role of ['LEARNER', 'INSTRUCTOR', 'ADMIN'] as const) {
      await expect(policy.canWrite(someone(role), own)).resolves.toBe(false);
    }
  });

  it('hides foreign sandboxes from learners and (without cohorts) instructors; admins read', async () => {
    const policy = new SandboxAccessPolicy(new NoCohorts());
    await expect(policy.canRead(someone('LEARNER'), own)).resolves.toBe(false);
    await expect(policy.canRead(someone('INSTRUCTOR'), own)).resolves.toBe(false);
    await expect(policy.canRead(someone('ADMIN'), own)).resolves.toBe(true);
  });

  it('lets instructors read the sandboxes of learners in their cohorts', async () => {
    const instructor = someone('INSTRUCTOR');
    const cohorts: CohortMembership = {
      instructorTeaches: async (instructorId, learnerId) =>
        instructorId === instructor.id && learnerId === learner.id,
    };
    const policy = new SandboxAccessPolicy(cohorts);
    await expect(policy.canRead(instructor, own)).resolves.toBe(true);
    await expect(policy.canRead(someone('INSTRUCTOR'), own)).resolves.toBe(false);
    expect(await code(policy.assertWritable(instructor, own))).toBe('FORBIDDEN');
  });

  it('reports missing and foreign sandboxes alike as NOT_FOUND', async () => {
    const policy = new SandboxAccessPolicy(new NoCohorts());
    expect(await code(policy.assertReadable(learner, null))).toBe('NOT_FOUND');
    expect(await code(policy.assertReadable(someone('LEARNER'), own))).toBe('NOT_FOUND');
    expect(await code(policy.assertWritable(someone('LEARNER'), own))).toBe('NOT_FOUND');
    await expect(policy.assertWritable(learner, own)).resolves.toBe(own);
  });
});
