// The cohort use cases: create (instructors), join (anyone, idempotent), assign (the cohort's instructor), read
// (instructor, admin or member, each seeing what they may) and the instructor's report (the pure roster, failing
// checks and CSV of @podlab/exercises over attempts and command histories read through ports).
import {
  type AttemptRecord,
  type Exercise,
  type FailingCheck,
  type LearnerCommand,
  type ReportExercise,
  type RosterRow,
  failingChecks,
  reportExercise,
  rosterCsv,
  rosterGrid,
} from '@podlab/exercises';
import { CohortError } from './cohort.error';
import type {
  AssignmentRecord,
  CohortActor,
  CohortPorts,
  CohortRecord,
  CohortUser,
  MemberRecord,
} from './cohort.ports';
import { drawJoinCode, normalizeJoinCode } from './join-code';

export const MAX_COHORT_NAME = 120;
const JOIN_CODE_ATTEMPTS = 8;

/** How the caller relates to a cohort; decides what they see. */
export type CohortViewer = 'INSTRUCTOR' | 'ADMIN' | 'MEMBER';

export interface CohortMemberView {
  readonly user: CohortUser;
  readonly joinedAt: Date;
}

export interface AssignmentView extends AssignmentRecord {
  readonly exercise: Exercise;
}

export interface CohortView {
  readonly cohort: CohortRecord;
  readonly viewer: CohortViewer;
  readonly instructor: CohortUser;
  /** The instructor's (and admins') only: null for members. */
  readonly joinCode: string | null;
  /** Everyone for the instructor and admins; a member sees only themselves. */
  readonly members: readonly CohortMemberView[];
  /** Assignments whose exercise is still in the catalog, in assignment order. */
  readonly assignments: readonly AssignmentView[];
}

export interface CohortReport {
  readonly cohort: CohortView;
  /** The grid's columns: the assigned exercises, in assignment order. */
  readonly exercises: readonly AssignmentView[];
  readonly rows: readonly RosterRow<CohortUser>[];
  readonly failingChecks: readonly FailingCheck[];
  readonly csv: string;
}

export class CohortService {
  constructor(private readonly ports: CohortPorts) {}

  async createCohort(input: { readonly actor: CohortActor; readonly name: string }): Promise<CohortView> {
    const { actor } = input;
    if (actor.role !== 'INSTRUCTOR' && actor.role !== 'ADMIN')
      throw new CohortError({ code: 'INSTRUCTOR_ROLE_REQUIRED' });
    const name = input.name.trim();
    if (!name || name.length > MAX_COHORT_NAME)
      throw invalid('name', `expected 1 to ${MAX_COHORT_NAME} characters`);
    for (let attempt = 0; attempt < JOIN_CODE_ATTEMPTS; attempt++) {
      const cohort: CohortRecord = {
        id: this.ports.newId(),
        name,
        joinCode: drawJoinCode(this.ports.random),
        instructorId: actor.id,
        createdAt: new Date(this.ports.clock.now()),
      };
      if ((await this.ports.cohorts.insert(cohort)) === 'inserted') return this.view(cohort, actor);
    }
    throw new CohortError({ code: 'JOIN_CODE_EXHAUSTED', attempts: JOIN_CODE_ATTEMPTS });
  }

  /** Joins the cohort of a join code. Joining again changes nothing; the instructor joining is a no-op. */
  async joinCohort(input: { readonly actor: CohortActor; readonly joinCode: string }): Promise<CohortView> {
    const code = normalizeJoinCode(input.joinCode);
    const cohort = code ? await this.ports.cohorts.getByJoinCode(code) : null;
    if (!cohort) throw new CohortError({ code: 'JOIN_CODE_NOT_FOUND' });
    if (cohort.instructorId !== input.actor.id)
      await this.ports.cohorts.addMember({
        cohortId: cohort.id,
        userId: input.actor.id,
        joinedAt: new Date(this.ports.clock.now()),
      });
    return this.view(cohort, input.actor);
  }

  /** Assigns an exercise (again: changes its due date). The cohort's instructor or an admin only. */
  async assignExercise(input: {
    readonly actor: CohortActor;
    readonly cohortId: string;
    readonly exerciseId: string;
    readonly dueAt?: Date | null;
  }): Promise<AssignmentView> {
    const cohort = await this.asTeacher(input.actor, input.cohortId);
    const exercise = this.ports.catalog.get(input.exerciseId);
    if (!exercise) throw new CohortError({ code: 'EXERCISE_NOT_FOUND', exerciseId: input.exerciseId });
    const dueAt = input.dueAt ?? null;
    if (dueAt !== null && !Number.isFinite(dueAt.getTime()))
      throw invalid('dueAt', 'expected a date and time');
    const stored = await this.ports.cohorts.upsertAssignment({
      id: this.ports.newId(),
      cohortId: cohort.id,
      exerciseId: exercise.id,
      dueAt,
      assignedAt: new Date(this.ports.clock.now()),
    });
    return { ...stored, exercise };
  }

  /** The cohort as the caller may see it; COHORT_NOT_FOUND for strangers (existence is not revealed). */
  async cohort(input: { readonly actor: CohortActor; readonly cohortId: string }): Promise<CohortView> {
    const cohort = await this.ports.cohorts.get(input.cohortId);
    if (!cohort) throw new CohortError({ code: 'COHORT_NOT_FOUND', cohortId: input.cohortId });
    return this.view(cohort, input.actor);
  }

  /** Cohorts the caller teaches (oldest first), then those they joined (in joining order). */
  async myCohorts(actor: CohortActor): Promise<CohortView[]> {
    const [taught, joined] = await Promise.all([
      this.ports.cohorts.listTaughtBy(actor.id),
      this.ports.cohorts.listJoinedBy(actor.id),
    ]);
    const seen = new Set<string>();
    const all = [...taught, ...joined].filter((c) => !seen.has(c.id) && seen.add(c.id));
    return Promise.all(all.map((cohort) => this.view(cohort, actor)));
  }

  /** The roster × exercise grid, the most-failed checks and the CSV: the cohort's instructor or an admin. */
  async cohortReport(input: {
    readonly actor: CohortActor;
    readonly cohortId: string;
  }): Promise<CohortReport> {
    const cohort = await this.asTeacher(input.actor, input.cohortId);
    const view = await this.view(cohort, input.actor);
    const columns: ReportExercise[] = view.assignments.map((a) =>
      reportExercise(a.exercise, a.dueAt?.getTime() ?? null),
    );
    const learners = view.members.map((m) => m.user);
    const attempts = await this.ports.attempts.attemptsOf({
      learnerIds: learners.map((l) => l.id),
      exerciseIds: columns.map((c) => c.id),
    });
    const rows = rosterGrid(columns, learners, attempts, this.ports.clock.now());
    const commands = await this.commandsOfFailing(attempts);
    return {
      cohort: view,
      exercises: view.assignments,
      rows,
      failingChecks: failingChecks(columns, attempts, (id) => commands.get(id) ?? []),
      csv: rosterCsv(columns, rows),
    };
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** The cohort when the actor teaches it (or is an admin); members get NOT_COHORT_INSTRUCTOR, others not found. */
  private async asTeacher(actor: CohortActor, cohortId: string): Promise<CohortRecord> {
    const cohort = await this.ports.cohorts.get(cohortId);
    if (!cohort) throw new CohortError({ code: 'COHORT_NOT_FOUND', cohortId });
    if (cohort.instructorId === actor.id || actor.role === 'ADMIN') return cohort;
    if (await this.ports.cohorts.getMember(cohortId, actor.id))
      throw new CohortError({ code: 'NOT_COHORT_INSTRUCTOR', cohortId });
    throw new CohortError({ code: 'COHORT_NOT_FOUND', cohortId });
  }

  private async view(cohort: CohortRecord, actor: CohortActor): Promise<CohortView> {
    const viewer: CohortViewer | undefined =
      cohort.instructorId === actor.id ? 'INSTRUCTOR' : actor.role === 'ADMIN' ? 'ADMIN' : undefined;
    let members: MemberRecord[];
    if (viewer) members = await this.ports.cohorts.members(cohort.id);
    else {
      const self = await this.ports.cohorts.getMember(cohort.id, actor.id);
      if (!self) throw new CohortError({ code: 'COHORT_NOT_FOUND', cohortId: cohort.id });
      members = [self];
    }
    const [accounts, assignments] = await Promise.all([
      this.ports.accounts.byIds([cohort.instructorId, ...members.map((m) => m.userId)]),
      this.ports.cohorts.assignments(cohort.id),
    ]);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const instructor = byId.get(cohort.instructorId);
    if (!instructor) throw new Error(`cohort ${cohort.id}: instructor ${cohort.instructorId} has no account`);
    return {
      cohort,
      viewer: viewer ?? 'MEMBER',
      instructor,
      joinCode: viewer ? cohort.joinCode : null,
      members: members.flatMap((m) => {
        const user = byId.get(m.userId);
        return user ? [{ user, joinedAt: m.joinedAt }] : [];
      }),
      assignments: assignments.flatMap((a) => {
        const exercise = this.ports.catalog.get(a.exerciseId);
        return exercise ? [{ ...a, exercise }] : [];
      }),
    };
  }

  /**
   * The learner commands of each learner's latest submission that fails some check, up to its graded version
   * (failingChecks reads no other sandbox), in one call.
   */
  private async commandsOfFailing(
    attempts: readonly AttemptRecord[],
  ): Promise<ReadonlyMap<string, readonly LearnerCommand[]>> {
    const latest = new Map<string, AttemptRecord>();
    for (const a of attempts) {
      if (a.submittedAt === null || !a.report) continue;
      const key = `${a.learnerId}\u0000${a.exerciseId}`;
      const current = latest.get(key);
      if (!current || a.submittedAt > (current.submittedAt ?? -Infinity)) latest.set(key, a);
    }
    const wanted = [...latest.values()].filter((a) => a.report!.checks.some((c) => !c.passed));
    if (!wanted.length) return new Map();
    return this.ports.commands.learnerCommands(
      wanted.map((a) => ({ sandboxId: a.sandboxId, toVersion: a.report!.gradedVersion })),
    );
  }
}

function invalid(field: string, reason: string): CohortError {
  return new CohortError({ code: 'INVALID_ARGUMENT', field, reason });
}
