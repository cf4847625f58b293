import { randomUUID } from 'node:crypto';
import { InMemoryCohortRepository } from '@podlab/learning';
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

  it('over real cohort memberships: only the instructor of a cohort the owner is in reads; nobody but the owner writes', async () => {
    const cohorts = new InMemoryCohortRepository();
    const [teacher, otherTeacher] = [someone('INSTRUCTOR'), someone('INSTRUCTOR')];
    const [classmate, eve] = [someone('LEARNER'), someone('LEARNER')];
    const cohort = (instructorId: string, joinCode: string) => ({
      id: randomUUID(),
      name: 'C',
      joinCode,
      instructorId,
      createdAt: new Date(0),
    });
    const mine = cohort(teacher.id, 'AAAA-AAAA');
    const theirs = cohort(otherTeacher.id, 'BBBB-BBBB');
    await cohorts.insert(mine);
    await cohorts.insert(theirs);
    for (const member of [learner, classmate])
      await cohorts.addMember({ cohortId: mine.id, userId: member.id, joinedAt: new Date(0) });
    await cohorts.addMember({ cohortId: theirs.id, userId: eve.id, joinedAt: new Date(0) });
    const policy = new SandboxAccessPolicy(cohorts);

    await expect(policy.assertReadable(teacher, own)).resolves.toBe(own);
    expect(await code(policy.assertWritable(teacher, own))).toBe('FORBIDDEN');
    // The instructor of ANOTHER cohort, and a classmate, are strangers to this sandbox.
    expect(await code(policy.assertReadable(otherTeacher, own))).toBe('NOT_FOUND');
    expect(await code(policy.assertWritable(otherTeacher, own))).toBe('NOT_FOUND');
    expect(await code(policy.assertReadable(classmate, own))).toBe('NOT_FOUND');
    await expect(policy.canRead(otherTeacher, { ownerId: eve.id })).resolves.toBe(true);
    await expect(policy.canRead(teacher, { ownerId: eve.id })).resolves.toBe(false);
    // Joining the other cohort too makes the learner readable by both instructors.
    await cohorts.addMember({ cohortId: theirs.id, userId: learner.id, joinedAt: new Date(0) });
    await expect(policy.canRead(otherTeacher, own)).resolves.toBe(true);
  });

  it('reports missing and foreign sandboxes alike as NOT_FOUND', async () => {
    const policy = new SandboxAccessPolicy(new NoCohorts());
    expect(await code(policy.assertReadable(learner, null))).toBe('NOT_FOUND');
    expect(await code(policy.assertReadable(someone('LEARNER'), own))).toBe('NOT_FOUND');
    expect(await code(policy.assertWritable(someone('LEARNER'), own))).toBe('NOT_FOUND');
    await expect(policy.assertWritable(learner, own)).resolves.toBe(own);
  });
});
