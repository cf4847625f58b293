// The ports the cohort use cases talk to. Adapters live in apps/api/src/cohorts (Prisma) and in this folder's
// in-memory twin (unit tests); this library stays free of frameworks and I/O.
import type { AttemptRecord, Exercise, LearnerCommand } from '@podlab/exercises';

export type CohortRole = 'LEARNER' | 'INSTRUCTOR' | 'ADMIN';

/** The caller, as proven by the access token. */
export interface CohortActor {
  readonly id: string;
  readonly role: CohortRole;
}

/** An account as the cohort screens show it. */
export interface CohortUser {
  readonly id: string;
  readonly email: string;
  readonly role: CohortRole;
  readonly createdAt: Date;
}

export interface CohortRecord {
  readonly id: string;
  readonly name: string;
  /** Canonical form `ABCD-EFGH` (see join-code.ts). */
  readonly joinCode: string;
  readonly instructorId: string;
  readonly createdAt: Date;
}

export interface MemberRecord {
  readonly cohortId: string;
  readonly userId: string;
  readonly joinedAt: Date;
}

export interface AssignmentRecord {
  readonly id: string;
  readonly cohortId: string;
  readonly exerciseId: string;
  readonly dueAt: Date | null;
  readonly assignedAt: Date;
}

export interface CohortRepository {
  /** Inserts the cohort; 'join-code-taken' when the unique join code collides (the caller draws another). */
  insert(cohort: CohortRecord): Promise<'inserted' | 'join-code-taken'>;
  get(id: string): Promise<CohortRecord | null>;
  getByJoinCode(joinCode: string): Promise<CohortRecord | null>;
  /** Cohorts the user teaches, oldest first. */
  listTaughtBy(instructorId: string): Promise<CohortRecord[]>;
  /** Cohorts the user joined, in the order they joined them. */
  listJoinedBy(userId: string): Promise<CohortRecord[]>;
  /** Adds the member unless present (idempotent); returns the membership as stored (the first join wins). */
  addMember(member: MemberRecord): Promise<MemberRecord>;
  getMember(cohortId: string, userId: string): Promise<MemberRecord | null>;
  /** Members in joining order (then by user id). */
  members(cohortId: string): Promise<MemberRecord[]>;
  /** Inserts the assignment, or changes the due date of the cohort's existing assignment of that exercise. */
  upsertAssignment(assignment: AssignmentRecord): Promise<AssignmentRecord>;
  /** Assignments in the order they were first made. */
  assignments(cohortId: string): Promise<AssignmentRecord[]>;
  /** Is `instructorId` the instructor of some cohort `learnerId` is a member of? (The sandbox access check.) */
  instructorTeaches(instructorId: string, learnerId: string): Promise<boolean>;
}

/** Accounts by id (missing ids are left out). */
export interface CohortAccounts {
  byIds(ids: readonly string[]): Promise<CohortUser[]>;
}

/** The exercise files (the exercises side's catalog). */
export interface CohortExerciseCatalog {
  get(exerciseId: string): Exercise | undefined;
}

/** The learners' attempts (ExerciseAttempt rows), as the pure report reads them. */
export interface CohortAttempts {
  attemptsOf(query: {
    readonly learnerIds: readonly string[];
    readonly exerciseIds: readonly string[];
  }): Promise<AttemptRecord[]>;
}

/**
 * The learner's commands recorded in sandboxes' current streams, each up to a version, oldest first; one call for
 * the whole report (a sandbox missing from the answer has none).
 */
export interface CohortCommandHistory {
  learnerCommands(
    requests: readonly { readonly sandboxId: string; readonly toVersion: number }[],
  ): Promise<ReadonlyMap<string, readonly LearnerCommand[]>>;
}

/** Wall time in ms since the epoch. */
export interface CohortClock {
  now(): number;
}

/**
 * Draws join-code symbols: each call returns an index in [0, size). Production draws from a CSPRNG; tests pass a
 * seeded sequence, so codes are reproducible.
 */
export type JoinCodeRandom = (size: number) => number;

/** Makes ids for new cohorts and assignments (crypto.randomUUID in production). */
export type CohortIdGenerator = () => string;

export interface CohortPorts {
  readonly cohorts: CohortRepository;
  readonly accounts: CohortAccounts;
  readonly catalog: CohortExerciseCatalog;
  readonly attempts: CohortAttempts;
  readonly commands: CohortCommandHistory;
  readonly clock: CohortClock;
  readonly random: JoinCodeRandom;
  readonly newId: CohortIdGenerator;
}
