// The single authorization policy for sandboxes: resolvers ask it, never decide themselves. A sandbox the caller
// may not read is reported as NOT_FOUND (its existence is not revealed); one it may read but not change, FORBIDDEN.
import { forbidden, notFound } from '../errors/api-error';
import { type AuthUser } from './auth.types';

/**
 * Which learners an instructor teaches: the members of the cohorts they own (PrismaCohortRepository in
 * apps/api/src/cohorts). NoCohorts (always false) remains for tests and tools without cohorts.
 */
export interface CohortMembership {
  instructorTeaches(instructorId: string, learnerId: string): Promise<boolean>;
}

export class NoCohorts implements CohortMembership {
  async instructorTeaches(): Promise<boolean> {
    return false;
  }
}

/** The one fact the policy needs about a sandbox. */
export interface OwnedSandbox {
  readonly ownerId: string;
}

export class SandboxAccessPolicy {
  constructor(private readonly cohorts: CohortMembership) {}

  /** Owner; admins; instructors for sandboxes of learners in their cohorts. */
  async canRead(user: AuthUser, sandbox: OwnedSandbox): Promise<boolean> {
    if (sandbox.ownerId === user.id) return true;
    if (user.role === 'ADMIN') return true;
    if (user.role === 'INSTRUCTOR') return this.cohorts.instructorTeaches(user.id, sandbox.ownerId);
    return false;
  }

  /** Only the owner changes a sandbox (instructors and admins observe; they do not type into a learner's cluster). */
  async canWrite(user: AuthUser, sandbox: OwnedSandbox): Promise<boolean> {
    return sandbox.ownerId === user.id;
  }

  /** Returns the sandbox when readable; NOT_FOUND when missing or foreign. */
  async assertReadable<T extends OwnedSandbox>(user: AuthUser, sandbox: T | null | undefined): Promise<T> {
    if (!sandbox || !(await this.canRead(user, sandbox))) throw notFound('Sandbox');
    return sandbox;
  }

  /** Returns the sandbox when writable; NOT_FOUND when not even readable, FORBIDDEN when read-only. */
  async assertWritable<T extends OwnedSandbox>(user: AuthUser, sandbox: T | null | undefined): Promise<T> {
    const readable = await this.assertReadable(user, sandbox);
    if (!(await this.canWrite(user, readable)))
      throw forbidden('You may read this sandbox but not change it.');
    return readable;
  }
}
