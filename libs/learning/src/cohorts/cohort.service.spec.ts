// The cohort use cases over the in-memory repository: who may create, join, assign, read and report, what each
// sees, idempotent joins, reproducible join codes, and the report assembled from attempts and command histories.
import { type AttemptRecord, type Exercise, type LearnerCommand, parseExercise } from '@podlab/exercises';
import { CohortError } from './cohort.error';
import type { CohortActor, CohortPorts, CohortUser } from './cohort.ports';
import { CohortService } from './cohort.service';
import { InMemoryCohortRepository } from './in-memory-cohort.repository';
import { drawJoinCode, normalizeJoinCode, seededJoinCodeRandom } from './join-code';

const EXERCISE = `---
id: scale
title: Scale
summary: Scale web to three.
difficulty: beginner
minutes: 2
tasks:
  - id: t
    title: T
    instructions: Scale web to three replicas.
    checks:
      - { id: replicas, type: field, kind: Deployment, name: web, path: spec.replicas, equals: 3, points: 2, description: three replicas }
      - { id: used-scale, type: commandUsed, command: { words: [scale] }, points: 1, description: used scale }
solution: |
  $ kubectl create deployment web --image=nginx --replicas=3
negatives:
  - name: none
    script: |
      $ kubectl get pods
    fails: [replicas, used-scale]
---
Body.
`;

function loadExercise(): Exercise {
  const parsed = parseExercise('exercises/scale/exercise.md', EXERCISE);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.exercise;
}

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const user = (id: string, role: CohortUser['role'] = 'LEARNER'): CohortUser => ({
  id,
  email: `${id}@example.test`,
  role,
  createdAt: new Date(T0),
});
const actor = (u: CohortUser): CohortActor => ({ id: u.id, role: u.role });

const teacher = user('teacher', 'INSTRUCTOR');
const otherTeacher = user('other-teacher', 'INSTRUCTOR');
const admin = user('admin', 'ADMIN');
const ada = user('ada');
const bob = user('bob');
const eve = user('eve');

function setup(seed = 7) {
  const cohorts = new InMemoryCohortRepository();
  const exercise = loadExercise();
  let now = T0;
  let ids = 0;
  const attempts: AttemptRecord[] = [];
  const commands = new Map<string, LearnerCommand[]>();
  const asked: [string, number][] = [];
  const accounts = [teacher, otherTeacher, admin, ada, bob, eve];
  const ports: CohortPorts = {
    cohorts,
    accounts: { byIds: async (list) => accounts.filter((a) => list.includes(a.id)) },
    catalog: { get: (id) => (id === exercise.id ? exercise : undefined) },
    attempts: {
      attemptsOf: async ({ learnerIds, exerciseIds }) =>
        attempts.filter((a) => learnerIds.includes(a.learnerId) && exerciseIds.includes(a.exerciseId)),
    },
    commands: {
      learnerCommands: async (requests) =>
        new Map(
          requests.map(({ sandboxId, toVersion }) => {
            asked.push([sandboxId, toVersion]);
            return [sandboxId, (commands.get(sandboxId) ?? []).filter((c) => c.version <= toVersion)];
          }),
        ),
    },
    clock: { now: () => now },
    random: seededJoinCodeRandom(seed),
    newId: () => `id-${++ids}`,
  };
  return {
    service: new CohortService(ports),
    cohorts,
    attempts,
    commands,
    asked,
    tick: (ms: number) => (now += ms),
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof CohortError ? error.code : error),
  );

describe('join codes', () => {
  it('are 8 unambiguous symbols shown as ABCD-EFGH, reproducible from a seed', () => {
    const a = drawJoinCode(seededJoinCodeRandom(1));
    expect(a).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/);
    expect(drawJoinCode(seededJoinCodeRandom(1))).toBe(a);
    expect(drawJoinCode(seededJoinCodeRandom(2))).not.toBe(a);
  });

  it.each([
    ['abcd-efgh', 'ABCD-EFGH'],
    [' ab cd ef gh ', 'ABCD-EFGH'],
    ['ABCDEFGH', 'ABCD-EFGH'],
    ['ABCD-EFG0', null],
    ['ABCD-EFG', null],
    ['', null],
  ])('reads %j as %j', (typed, canonical) => {
    expect(normalizeJoinCode(typed)).toBe(canonical);
  });
});

describe('CohortService', () => {
  it('lets instructors and admins create cohorts, not learners, and checks the name', async () => {
    const { service } = setup();
    expect(await codeOf(service.createCohort({ actor: actor(ada), name: 'Mine' }))).toBe(
      'INSTRUCTOR_ROLE_REQUIRED',
    );
    expect(await codeOf(service.createCohort({ actor: actor(teacher), name: '   ' }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await codeOf(service.createCohort({ actor: actor(teacher), name: 'x'.repeat(121) }))).toBe(
      'INVALID_ARGUMENT',
    );
    const created = await service.createCohort({ actor: actor(teacher), name: '  Autumn 2026 ' });
    expect(created).toMatchObject({
      viewer: 'INSTRUCTOR',
      instructor: teacher,
      members: [],
      assignments: [],
      cohort: { name: 'Autumn 2026', instructorId: 'teacher', createdAt: new Date(T0) },
    });
    expect(created.joinCode).toBe(drawJoinCode(seededJoinCodeRandom(7)));
    expect((await service.createCohort({ actor: actor(admin), name: 'Admin' })).viewer).toBe('INSTRUCTOR');
  });

  it('draws another join code when the first is taken', async () => {
    const { service, cohorts } = setup(3);
    const taken = drawJoinCode(seededJoinCodeRandom(3));
    await cohorts.insert({
      id: 'old',
      name: 'Old',
      joinCode: taken,
      instructorId: 'other-teacher',
      createdAt: new Date(T0),
    });
    const created = await service.createCohort({ actor: actor(teacher), name: 'New' });
    expect(created.joinCode).not.toBe(taken);
    expect(created.joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  it('joins with the code however it is typed, idempotently, and shows a member only themselves', async () => {
    const { service, tick } = setup();
    const { cohort, joinCode } = await service.createCohort({ actor: actor(teacher), name: 'C' });
    tick(1000);
    const first = await service.joinCohort({ actor: actor(ada), joinCode: joinCode!.toLowerCase() });
    expect(first).toMatchObject({ viewer: 'MEMBER', joinCode: null });
    expect(first.members).toEqual([{ user: ada, joinedAt: new Date(T0 + 1000) }]);
    tick(1000);
    await service.joinCohort({ actor: actor(bob), joinCode: joinCode!.replace('-', ' ') });
    tick(1000);
    const again = await service.joinCohort({ actor: actor(ada), joinCode: joinCode! });
    expect(again.members).toEqual([{ user: ada, joinedAt: new Date(T0 + 1000) }]);
    // The instructor joining their own cohort does not become a learner of it.
    await service.joinCohort({ actor: actor(teacher), joinCode: joinCode! });
    const full = await service.cohort({ actor: actor(teacher), cohortId: cohort.id });
    expect(full.joinCode).toBe(joinCode);
    expect(full.members.map((m) => m.user.id)).toEqual(['ada', 'bob']);
    expect(await codeOf(service.joinCohort({ actor: actor(eve), joinCode: 'ZZZZ-ZZZZ' }))).toBe(
      'JOIN_CODE_NOT_FOUND',
    );
    expect(await codeOf(service.joinCohort({ actor: actor(eve), joinCode: 'not a code' }))).toBe(
      'JOIN_CODE_NOT_FOUND',
    );
  });

  it('hides a cohort from strangers (another instructor included) and shows admins everything', async () => {
    const { service } = setup();
    const { cohort, joinCode } = await service.createCohort({ actor: actor(teacher), name: 'C' });
    await service.joinCohort({ actor: actor(ada), joinCode: joinCode! });
    for (const stranger of [eve, otherTeacher])
      expect(await codeOf(service.cohort({ actor: actor(stranger), cohortId: cohort.id }))).toBe(
        'COHORT_NOT_FOUND',
      );
    expect(await codeOf(service.cohort({ actor: actor(eve), cohortId: 'missing' }))).toBe('COHORT_NOT_FOUND');
    const seenByAdmin = await service.cohort({ actor: actor(admin), cohortId: cohort.id });
    expect(seenByAdmin).toMatchObject({ viewer: 'ADMIN', joinCode });
    expect(seenByAdmin.members.map((m) => m.user.id)).toEqual(['ada']);
  });

  it('lists the cohorts one teaches, then those one joined', async () => {
    const { service, tick } = setup();
    const a = await service.createCohort({ actor: actor(teacher), name: 'A' });
    tick(1);
    const b = await service.createCohort({ actor: actor(otherTeacher), name: 'B' });
    await service.joinCohort({ actor: actor(teacher), joinCode: b.joinCode! });
    await service.joinCohort({ actor: actor(ada), joinCode: b.joinCode! });
    expect((await service.myCohorts(actor(teacher))).map((v) => [v.cohort.name, v.viewer])).toEqual([
      ['A', 'INSTRUCTOR'],
      ['B', 'MEMBER'],
    ]);
    expect((await service.myCohorts(actor(ada))).map((v) => v.cohort.id)).toEqual([b.cohort.id]);
    expect(await service.myCohorts(actor(eve))).toEqual([]);
    expect(a.cohort.id).not.toBe(b.cohort.id);
  });

  it('assigns existing exercises, by the cohort instructor only; assigning again moves the due date', async () => {
    const { service, tick } = setup();
    const { cohort, joinCode } = await service.createCohort({ actor: actor(teacher), name: 'C' });
    await service.joinCohort({ actor: actor(ada), joinCode: joinCode! });
    const assign = (who: CohortUser, exerciseId = 'scale', dueAt: Date | null = null) =>
      service.assignExercise({ actor: actor(who), cohortId: cohort.id, exerciseId, dueAt });
    expect(await codeOf(assign(ada))).toBe('NOT_COHORT_INSTRUCTOR');
    expect(await codeOf(assign(otherTeacher))).toBe('COHORT_NOT_FOUND');
    expect(await codeOf(assign(teacher, 'no-such-exercise'))).toBe('EXERCISE_NOT_FOUND');
    expect(await codeOf(assign(teacher, 'scale', new Date(Number.NaN)))).toBe('INVALID_ARGUMENT');
    const first = await assign(teacher);
    expect(first).toMatchObject({ exerciseId: 'scale', dueAt: null, assignedAt: new Date(T0) });
    expect(first.exercise.title).toBe('Scale');
    tick(5000);
    const due = new Date(T0 + 86_400_000);
    const again = await assign(teacher, 'scale', due);
    expect(again).toMatchObject({ id: first.id, dueAt: due, assignedAt: new Date(T0) });
    const seen = await service.cohort({ actor: actor(ada), cohortId: cohort.id });
    expect(seen.assignments.map((a) => [a.exerciseId, a.dueAt])).toEqual([['scale', due]]);
    expect((await assign(admin)).id).toBe(first.id);
  });

  it('reports the grid, the failing checks with their commands, and the CSV to the instructor only', async () => {
    const { service, attempts, commands, asked, tick } = setup();
    const { cohort, joinCode } = await service.createCohort({ actor: actor(teacher), name: 'C' });
    await service.joinCohort({ actor: actor(ada), joinCode: joinCode! });
    tick(1);
    await service.joinCohort({ actor: actor(bob), joinCode: joinCode! });
    await service.assignExercise({
      actor: actor(teacher),
      cohortId: cohort.id,
      exerciseId: 'scale',
      dueAt: new Date(T0 + 3_600_000),
    });
    const checks = (replicas: boolean) => ({
      gradedVersion: 10,
      checks: [
        { id: 'replicas', passed: replicas, evidence: [] },
        { id: 'used-scale', passed: true, evidence: [8] },
      ],
    });
    attempts.push(
      {
        learnerId: 'ada',
        exerciseId: 'scale',
        sandboxId: 'sbx-ada',
        startedAt: T0,
        lastActivityAt: T0 + 600_000,
        submittedAt: T0 + 600_000,
        score: 3,
        passed: true,
        report: checks(true),
      },
      {
        learnerId: 'bob',
        exerciseId: 'scale',
        sandboxId: 'sbx-bob',
        startedAt: T0,
        lastActivityAt: T0 + 300_000,
        submittedAt: T0 + 300_000,
        score: 1,
        passed: false,
        report: checks(false),
      },
      // A stranger's attempt never shows up.
      {
        learnerId: 'eve',
        exerciseId: 'scale',
        sandboxId: 'sbx-eve',
        startedAt: T0,
        lastActivityAt: T0,
        submittedAt: T0,
        score: 0,
        passed: false,
        report: checks(false),
      },
    );
    commands.set('sbx-bob', [
      { version: 4, line: 'kubectl create deployment web --image=nginx' },
      { version: 8, line: 'kubectl scale deployment web --replicas=2' },
      { version: 12, line: 'kubectl get pods' },
    ]);
    expect(await codeOf(service.cohortReport({ actor: actor(ada), cohortId: cohort.id }))).toBe(
      'NOT_COHORT_INSTRUCTOR',
    );
    expect(await codeOf(service.cohortReport({ actor: actor(otherTeacher), cohortId: cohort.id }))).toBe(
      'COHORT_NOT_FOUND',
    );
    const report = await service.cohortReport({ actor: actor(teacher), cohortId: cohort.id });
    expect(report.exercises.map((e) => e.exerciseId)).toEqual(['scale']);
    expect(
      report.rows.map((r) => [r.learner.id, r.cells.map((c) => [c.status, c.score, c.maxPoints, c.late])]),
    ).toEqual([
      ['ada', [['PASSED', 3, 3, false]]],
      ['bob', [['SUBMITTED', 1, 3, false]]],
    ]);
    expect(report.failingChecks).toEqual([
      {
        exerciseId: 'scale',
        checkId: 'replicas',
        title: 'three replicas',
        failures: 1,
        learners: 1,
        precedingCommands: [
          { command: 'kubectl create deployment web --image', count: 1 },
          { command: 'kubectl scale deployment web --replicas', count: 1 },
        ],
      },
    ]);
    // Only bob's failing submission is read, up to its graded version.
    expect(asked).toEqual([['sbx-bob', 10]]);
    const lines = report.csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^ada,ada@example\.test,scale,Scale,PASSED,3,3,1,600,/);
    expect(lines[2]).toMatch(/^bob,bob@example\.test,scale,Scale,SUBMITTED,1,3,1,300,/);
    // An admin may read it too.
    expect((await service.cohortReport({ actor: actor(admin), cohortId: cohort.id })).rows).toHaveLength(2);
  });

  it('answers the sandbox access question: does this instructor teach this learner?', async () => {
    const { service, cohorts } = setup();
    const { joinCode } = await service.createCohort({ actor: actor(teacher), name: 'C' });
    await service.joinCohort({ actor: actor(ada), joinCode: joinCode! });
    expect(await cohorts.instructorTeaches('teacher', 'ada')).toBe(true);
    expect(await cohorts.instructorTeaches('teacher', 'eve')).toBe(false);
    expect(await cohorts.instructorTeaches('other-teacher', 'ada')).toBe(false);
  });
});
